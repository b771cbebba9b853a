"""Who calls the API: a personal token in ``Authorization: Bearer <token>`` (Peixun's own pages use the
session, with DRF's CSRF check: ``rest_framework.authentication.SessionAuthentication`` in the settings)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from .selectors import token_for_secret
from .services import mark_token_used

UNKNOWN_TOKEN = _("This API token is unknown or has been revoked.")
MALFORMED = _("Send the token as “Authorization: Bearer <token>”, the token without spaces.")


class BearerTokenAuthentication(BaseAuthentication):
    """A token made on the profile page (or by ``manage.py create_api_token``), matched by its hash."""

    keyword = b"bearer"

    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword:
            return None
        if len(words) != 2:
            raise AuthenticationFailed(MALFORMED)
        try:
            secret = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(UNKNOWN_TOKEN) from None
        token = token_for_secret(secret)
        if token is None:
            raise AuthenticationFailed(UNKNOWN_TOKEN)
        mark_token_used(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials, naming the scheme to use.
        return 'Bearer realm="api"'
