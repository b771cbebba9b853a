"""/health/ for the load balancer, and the worker check without a broker."""

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_health_answers_without_a_login_and_names_what_it_checked(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-cache" in response["Cache-Control"]


def test_health_says_unavailable_when_the_cache_cannot_be_reached(client, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "cache": "failed"}}
    assert "127.0.0.1:1" not in response.content.decode()  # the log says why, not the page


def test_worker_health_without_a_broker_says_so(settings):
    settings.PEIXUN_BROKER_URL = ""

    with pytest.raises(CommandError, match="No broker configured"):
        call_command("worker_health")
