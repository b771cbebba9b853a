"""``/health/``: whether this app server can serve, for the load balancer (no login, no secrets)."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database cannot be reached")
        return False


def _cache() -> bool:
    try:
        cache.set("peixun:health", "ok", 10)
        return cache.get("peixun:health") == "ok"
    except Exception:
        logger.exception("Health check: the cache cannot be reached")
        return False


@never_cache
@require_GET
def health(request):
    """200 with ``{"status": "ok", ...}`` when the database and the cache answer, else 503 naming the
    part that does not (never why: the log says that)."""
    checks = {"database": _database(), "cache": _cache()}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": {k: "ok" if v else "failed" for k, v in checks.items()},
        },
        status=200 if healthy else 503,
    )
