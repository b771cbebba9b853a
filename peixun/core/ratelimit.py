"""A fixed-window rate limit on the shared cache: at most N requests per client in each window of S seconds.

The cache is the one every app server shares (Redis when PEIXUN_CACHE_URL is set), so the count holds
across servers. Limits are named in settings.PEIXUN_RATE_LIMITS: ``name: (count, seconds)``.
"""

from __future__ import annotations

import functools
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .clients import client_address


@dataclass(frozen=True)
class Exceeded:
    limit: str
    retry_after: int  # seconds until the window ends


clock = time.time  # the limiter's clock; tests start it at the beginning of a window


def hit(limit: str, key: str, *, now: float | None = None) -> Exceeded | None:
    """Count one request of ``key`` against ``limit``; what was exceeded, or None when the request may go on."""
    count, seconds = settings.PEIXUN_RATE_LIMITS[limit]
    now = clock() if now is None else now
    window = int(now // seconds)
    cache_key = f"ratelimit:{limit}:{window}:{key}"
    # add() starts the window's count atomically; incr() is atomic on Redis and within one process on locmem.
    if cache.add(cache_key, 1, timeout=seconds + 1):
        used = 1
    else:
        try:
            used = cache.incr(cache_key)
        except ValueError:  # the window's key expired between add() and incr()
            cache.add(cache_key, 1, timeout=seconds + 1)
            used = 1
    if used <= count:
        return None
    return Exceeded(limit=limit, retry_after=max(1, math.ceil((window + 1) * seconds - now)))


def refusal(request, exceeded: Exceeded):
    """429 Too Many Requests, saying in the reader's language when to try again."""
    response = render(request, "429.html", {"retry_after": exceeded.retry_after}, status=429)
    response["Retry-After"] = str(exceeded.retry_after)
    return response


def rate_limited(*limits: str):
    """Decorate a view: each named limit is counted per client address, or per login for a name ending in ``_user``
    (an anonymous request is not counted against a per-login limit)."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            for limit in limits:
                if limit.endswith("_user"):
                    if not request.user.is_authenticated:
                        continue
                    key = f"user:{request.user.pk}"
                else:
                    key = f"address:{client_address(request)}"
                exceeded = hit(limit, key)
                if exceeded is not None:
                    return refusal(request, exceeded)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
