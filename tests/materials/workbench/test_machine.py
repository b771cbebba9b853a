"""Machine suggestions in the workbench: offered to whoever translates when set up, labelled, never filled in."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from peixun.materials.models import Segment
from tests.docengine.machine_server import MachineServer
from tests.factories import PASSWORD

from .helpers import make_material

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()


def page(client, user, material, query=""):
    client.login(username=user.username, password=PASSWORD)
    return client.get(reverse("workbench:edit", args=[material.pk]) + query)


def test_nothing_is_offered_when_machine_translation_is_not_set_up(client, settings):
    settings.PEIXUN_MACHINE_TRANSLATION_URL = ""
    material = make_material()
    response = page(client, material.translator, material, "?machine=1")
    assert response.status_code == 200
    assert 'data-testid="machine"' not in response.text
    assert 'data-testid="machine-suggestion"' not in response.text


def test_the_translator_asks_and_sees_labelled_suggestions_that_fill_nothing(client, settings):
    material = make_material()
    with MachineServer() as server:
        settings.PEIXUN_MACHINE_TRANSLATION_URL = server.url
        offered = page(client, material.translator, material)
        assert 'data-testid="machine"' in offered.text
        assert 'data-testid="machine-suggestion"' not in offered.text
        assert not server.requests  # nothing is sent until the translator asks

        response = page(client, material.translator, material, "?page=1&machine=1")
    views = response.context["views"]
    assert response.text.count('data-testid="machine-suggestion"') == len(views) > 0
    assert all(view.machine for view in views)
    assert "Machine translation: check it before you use it" in response.text
    assert len(server.requests) == 1 and len(server.requests[0]["q"]) == len(views)  # one request for the page
    assert not Segment.objects.filter(version__material=material).exclude(target="").exists()
    assert 'data-testid="machine"' not in response.text  # the button is gone once they are shown


def test_a_reader_who_cannot_edit_is_offered_nothing(client, settings):
    material = make_material()
    with MachineServer() as server:
        settings.PEIXUN_MACHINE_TRANSLATION_URL = server.url
        response = page(client, material.lecturer.user, material, "?machine=1")
    assert response.status_code == 200
    assert 'data-testid="machine"' not in response.text
    assert 'data-testid="machine-suggestion"' not in response.text
    assert not server.requests


def test_a_failing_server_is_said_on_the_page_in_the_readers_language(client, settings):
    material = make_material()
    material.translator.language = "zh-hans"
    material.translator.save()
    with MachineServer(mode="fail") as server:
        settings.PEIXUN_MACHINE_TRANSLATION_URL = server.url
        response = page(client, material.translator, material, "?machine=1")
    assert response.status_code == 200
    assert "机器翻译服务器出错（500）" in response.text
    assert 'data-testid="machine-suggestion"' not in response.text
