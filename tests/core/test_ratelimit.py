"""Rate limits: the fixed-window counter on the shared cache, and the 429 page that says when to retry."""

import re

import pytest
from django.test import Client

from peixun.core import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.PEIXUN_RATE_LIMITS = settings.PEIXUN_RATE_LIMITS | {"verify": (3, 60)}


def test_a_window_lets_its_count_through_then_refuses_until_it_ends():
    start = 6000.0  # a window of 60 seconds begins here
    assert [ratelimit.hit("verify", "a", now=start + i) for i in range(3)] == [None, None, None]
    assert ratelimit.hit("verify", "a", now=start + 20) == ratelimit.Exceeded(limit="verify", retry_after=40)
    assert ratelimit.hit("verify", "b", now=start + 20) is None  # another client counts apart
    assert ratelimit.hit("verify", "a", now=start + 60) is None  # the next window starts afresh


def test_the_public_certificate_check_refuses_a_fourth_request_a_minute_from_one_address():
    client = Client()
    codes = [client.get("/verify/PX-0000-0000-0000/", REMOTE_ADDR="10.0.0.9").status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]
    refused = client.get("/verify/PX-0000-0000-0000/", REMOTE_ADDR="10.0.0.9")
    retry = int(refused["Retry-After"])
    assert 1 <= retry <= 60
    page = re.sub(r"\s+", " ", refused.content.decode())
    assert "Too many requests came from you in a short time. Try again in" in page
    assert "您在短时间内发出的请求过多。" in page
    assert client.get("/verify/PX-0000-0000-0000/", REMOTE_ADDR="10.0.0.10").status_code == 404


def test_the_refusal_is_in_chinese_first_for_a_chinese_browser():
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    for _ in range(3):
        client.get("/verify/PX-0000-0000-0000/")
    page = client.get("/verify/PX-0000-0000-0000/").content.decode()
    assert page.index("请求过于频繁") < page.index("Too many requests")


def test_behind_a_proxy_the_address_is_the_one_the_proxy_saw(settings):
    settings.PEIXUN_PROXY_COUNT = 1
    client = Client()
    for _ in range(3):
        client.get("/verify/PX-0000-0000-0000/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="spoofed, 10.0.0.9")
    assert client.get("/verify/PX-0000-0000-0000/", HTTP_X_FORWARDED_FOR="10.0.0.9").status_code == 429
    # What the client claims left of the proxy's entry changes nothing; another real address is free.
    assert client.get("/verify/PX-0000-0000-0000/", HTTP_X_FORWARDED_FOR="x, 10.0.0.9").status_code == 429
    assert client.get("/verify/PX-0000-0000-0000/", HTTP_X_FORWARDED_FOR="10.0.0.10").status_code == 404
