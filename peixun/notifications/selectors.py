"""Notices, scoped to the person they are addressed to."""

from django.db.models import QuerySet

from .models import Notice

#: At most this many notices on the start page; the oldest wait until newer ones are dismissed.
SHOWN = 20


def visible_notices(user) -> QuerySet[Notice]:
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(user=user)


def open_notices(user) -> list[Notice]:
    """The notices a user has not dismissed, newest first."""
    return list(visible_notices(user).filter(dismissed_at__isnull=True).order_by("-created_at", "-id")[:SHOWN])
