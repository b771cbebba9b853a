"""Machine suggestions on the Django side: off by default, cached, glossary-aware, failures said in both languages."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from peixun.materials import machine
from peixun.materials.models import GlossaryTerm
from tests.docengine.machine_server import MachineServer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_off_unless_an_address_is_set(settings):
    settings.PEIXUN_MACHINE_TRANSLATION_URL = ""
    assert machine.provider() is None
    with translation.override("zh-hans"), pytest.raises(machine.MachineUnavailable) as raised:
        machine.suggestions(["green city"])
    assert raised.value.message == "本系统未设置机器翻译。"


def test_answers_are_cached_and_a_glossary_change_asks_again(settings):
    with MachineServer() as server:
        settings.PEIXUN_MACHINE_TRANSLATION_URL = server.url
        assert machine.suggestions(["green city", "energy"]) == ["绿色城市", "能源"]
        assert machine.suggestions(["green city"]) == ["绿色城市"]
        assert len(server.requests) == 1
        GlossaryTerm.objects.create(english="green city", chinese="绿色都市")
        assert machine.suggestions(["green city"]) == ["绿色都市"]
        assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("server", "english", "chinese"),
    [
        (MachineServer(api_key="k"), "refused the request (403)", "拒绝了请求（403）"),
        (MachineServer(mode="fail"), "failed (500)", "出错（500）"),
        (MachineServer(delay=2), "did not answer within 1 seconds", "1 秒内没有回应"),
    ],
)
def test_a_failure_is_said_in_the_readers_language(settings, server, english, chinese):
    settings.PEIXUN_MACHINE_TRANSLATION_SECONDS = 1
    with server:
        settings.PEIXUN_MACHINE_TRANSLATION_URL = server.url
        for language, expected in (("en", english), ("zh-hans", chinese)):
            cache.clear()
            with translation.override(language), pytest.raises(machine.MachineUnavailable) as raised:
                machine.suggestions(["green city"])
            assert expected in raised.value.message


def test_an_address_that_is_not_http_stops_the_start(settings):
    settings.PEIXUN_MACHINE_TRANSLATION_URL = "file:///etc/passwd"
    with pytest.raises(SystemCheckError, match="peixun.materials.E001"):
        call_command("check")
