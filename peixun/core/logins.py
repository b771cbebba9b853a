"""Locked-out logins (django-axes): the page that says so, and staff lifting the lock."""

from __future__ import annotations

import datetime
import math

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone

from .audit import record_event
from .clients import client_address
from .models import User


def locked_until(*, username: str, address: str) -> datetime.datetime:
    """When logging in as ``username`` from ``address`` is allowed again: the cool-off after the last failure."""
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + get_cool_off()


def lockout_response(request, original_response=None, credentials=None):
    """The page a locked-out login gets (AXES_LOCKOUT_CALLABLE), in the reader's language.

    The language is the one the login page was read in (cookie or browser), never the account's own: a
    page in the account's language would tell a stranger which usernames exist.
    """
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = locked_until(username=username, address=client_address(request))
    minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
    context = {
        "username": username,
        "failure_limit": get_failure_limit(request, credentials),
        "until": until,
        "minutes": minutes,
    }
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


@transaction.atomic
def unlock_login(*, actor: User, user: User) -> int:
    """Lift every lockout of ``user``'s username, from every address; audited. Returns how many were lifted."""
    lifted = reset(username=user.username)
    if lifted:
        record_event(actor=actor, action="login.unlocked", instance=user, changes={"locked_out": [lifted, 0]})
    return lifted


def locked_out_usernames(usernames) -> set[str]:
    """Those of ``usernames`` with failures on record (a lockout, or the way to one), still within the cool-off."""
    since = timezone.now() - get_cool_off()
    return set(
        AccessAttempt.objects.filter(username__in=list(usernames), attempt_time__gte=since).values_list(
            "username", flat=True
        )
    )
