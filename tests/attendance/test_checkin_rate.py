"""Self check-in is rate-limited per login, and per address at a ceiling a whole classroom stays under."""

import pytest
from django.test import Client

from .test_checkin import checkin_url

pytestmark = pytest.mark.django_db


def test_an_official_who_opens_check_in_too_often_is_told_when_to_try_again(settings, klass):
    settings.PEIXUN_RATE_LIMITS = settings.PEIXUN_RATE_LIMITS | {"checkin_user": (3, 60)}
    client = Client()
    client.force_login(klass.users["official"])
    url = checkin_url(klass.today)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.post(url)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "Try again in" in refused.content.decode()
    assert not klass.today.attendance.exists()

    # The same address, another login: not counted against the first.
    other = Client()
    other.force_login(klass.users["staff"])
    assert other.get(url).status_code != 429


def test_one_address_is_refused_above_its_own_ceiling_whoever_asks(settings, klass):
    settings.PEIXUN_RATE_LIMITS = settings.PEIXUN_RATE_LIMITS | {"checkin_address": (2, 60)}
    url = checkin_url(klass.today)
    anonymous = [Client().get(url, REMOTE_ADDR="10.1.1.1").status_code for _ in range(3)]
    assert anonymous == [302, 302, 429]  # to the login page, twice, then refused
    assert Client().get(url, REMOTE_ADDR="10.1.1.2").status_code == 302
