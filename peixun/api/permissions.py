"""The API's permission classes: a read token may not write, and each resource names its page's rule."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from peixun.core.permissions import reason_for

from .models import ApiToken

READ_ONLY_TOKEN = _(
    "This API token may only read. Make a token that may read and write on your profile page to change anything."
)


class TokenScopePermission(BasePermission):
    """A token of scope ``read`` is refused every method but GET, HEAD and OPTIONS."""

    message = READ_ONLY_TOKEN

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.may_write


def rule(permission: str) -> type[BasePermission]:
    """A permission class asking the rules for ``permission`` (no object), refused with its reason."""

    class RulePermission(BasePermission):
        def has_permission(self, request, view) -> bool:
            if not request.user.has_perm(permission):
                raise PermissionDenied(reason_for(permission))
            return True

    RulePermission.__name__ = f"Rule_{permission.replace('.', '_')}"
    return RulePermission
