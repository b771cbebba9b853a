"""Throttling per token: each API token (or session, or address without either) has its own count in the cache."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """``PEIXUN_API_RATE`` requests per token (settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"]).

    Keyed by the token's id rather than its user, so one person's nightly import cannot use up the quota of
    their other systems; counted in the default cache, shared by every app server when Redis is configured.
    """

    scope = "api"

    def get_cache_key(self, request, view) -> str:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"address-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
