"""A request larger than PEIXUN_MAX_REQUEST_BYTES is refused from its Content-Length, before its body is read."""

import re

import pytest
from django.test import Client

from peixun.materials.services import MAX_UPLOAD_BYTES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an oversized request was read")

    readline = read


def post_declaring(client, size: int, **headers):
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/login/",
        "CONTENT_TYPE": "multipart/form-data; boundary=x",
        "CONTENT_LENGTH": str(size),
        "wsgi.input": Unreadable(),
        **headers,
    }
    return client.request(**environ)


def test_the_ceiling_lets_the_largest_upload_through_with_its_form():
    from django.conf import settings

    assert settings.PEIXUN_MAX_REQUEST_BYTES > MAX_UPLOAD_BYTES
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.PEIXUN_MAX_REQUEST_BYTES


def test_an_oversized_request_is_refused_with_413_in_both_languages_without_reading_it(settings):
    settings.PEIXUN_MAX_REQUEST_BYTES = 10 * MB
    response = post_declaring(Client(), 12 * MB)
    assert response.status_code == 413
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "What was sent is about 12 MB; Peixun accepts at most 10 MB in one request." in page
    assert "所发送的内容约 12 MB；培训系统每次请求最多接受 10 MB。" in page
    assert page.index("Too large") < page.index("内容过大")


def test_a_chinese_reader_reads_the_refusal_in_chinese_first(settings):
    settings.PEIXUN_MAX_REQUEST_BYTES = 10 * MB
    user = UserFactory(language="zh-hans")
    client = Client()
    client.force_login(user)
    page = post_declaring(client, 11 * MB).content.decode()
    assert page.index("内容过大") < page.index("Too large")


def test_a_request_under_the_ceiling_goes_through(settings):
    settings.PEIXUN_MAX_REQUEST_BYTES = 10 * MB
    response = Client().post("/login/", {"username": "nobody", "password": "x"})
    assert response.status_code == 200
