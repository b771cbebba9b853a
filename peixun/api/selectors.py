"""Reads of API tokens: a person's own, and the one a request presents."""

from __future__ import annotations

from django.db.models import QuerySet

from .keys import MARK, digest_of
from .models import ApiToken


def tokens_of(user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, revoked ones included (the profile page lists them all)."""
    if not user.is_authenticated:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=user)


def token_for_secret(secret: str) -> ApiToken | None:
    """The unrevoked token whose hash is that of ``secret``, with its active user; None for anything else."""
    if not secret.startswith(MARK) or len(secret) > 200:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
