"""Permission checks that say why they refuse.

Each permission is a django-rules predicate (see each app's ``rules.py``) paired with the reason a
person is shown when it fails. Views call :func:`require`; templates use ``{% has_perm %}``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

_REASONS: dict[str, object] = {}


def define(permission: str, predicate, reason) -> None:
    """Add a django-rules permission together with the reason shown when it is refused."""
    import rules

    rules.add_perm(permission, predicate)
    _REASONS[permission] = reason


def reason_for(permission: str):
    from django.utils.translation import gettext

    return _REASONS.get(permission) or gettext("You do not have permission to do this.")


def require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(reason_for(permission))


def get_scoped(queryset: QuerySet, reason, **lookup) -> Model:
    """Fetch one object from a queryset already scoped to the user.

    An object that exists but lies outside the user's scope is refused with ``reason``; one that
    does not exist at all is a plain 404.
    """
    try:
        return queryset.get(**lookup)
    except queryset.model.DoesNotExist:
        if queryset.model._default_manager.filter(**lookup).exists():
            raise PermissionDenied(reason) from None
        raise Http404 from None
