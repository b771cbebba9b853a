"""Presentations through the API: each role sees the presentations its pages show it, with the workflow step
and the versions; the lecturer and staff upload a new version through the page's service, with its errors."""

import datetime
import os

import pytest
from django.test import Client

from peixun.api.models import TokenScope
from peixun.api.services import create_api_token
from peixun.core.audit import AuditEvent
from peixun.materials.models import MaterialVersion
from tests.factories import UserFactory
from tests.materials.conftest import MALFORMED, OTHER_DECK, ROLES, SMALL_DECK, advance, upload

pytestmark = pytest.mark.django_db

SEES = {"staff", "coordinator", "reviewer", "lecturer", "translator"}
UPLOADS = {"staff", "lecturer"}


def client_of(world, role: str, scope=TokenScope.READ) -> Client:
    user = world.users[role]
    secret = create_api_token(actor=user, user=user, name="Lecture system", scope=scope).secret
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def material(world):
    material = world.material(SMALL_DECK, title="Sponge cities")
    material.translator = world.users["translator"]
    material.save()
    return material


def files_under(root) -> list[str]:
    return sorted(os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_and_reads_the_presentations_its_pages_show(world, material, role):
    client = client_of(world, role)
    listed = client.get("/api/v1/presentations/").json()["results"]
    detail = client.get(f"/api/v1/presentations/{material.pk}/")
    if role in SEES:
        assert [row["id"] for row in listed] == [material.pk]
        assert listed[0]["state"] == "adaptation" and listed[0]["latest_version"] == 1
        body = detail.json()
        assert body["title_en"] == "Sponge cities"
        assert [v["number"] for v in body["versions"]] == [1]
        assert body["versions"][0]["filename"] == SMALL_DECK.name and body["versions"][0]["is_reference"] is False
    else:
        assert listed == []
        assert detail.status_code == 403
        assert detail.json()["error"]["message"].startswith("This presentation is shown only to programme staff")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_lecturer_and_staff_upload_a_new_version(world, material, role, _media):
    client = client_of(world, role, TokenScope.READ_WRITE)
    response = client.post(
        f"/api/v1/presentations/{material.pk}/versions/", {"file": upload(OTHER_DECK), "note": "New figures"}
    )
    if role in UPLOADS:
        assert response.status_code == 201, response.content
        assert response.json()["number"] == 2 and response.json()["note"] == "New figures"
        assert material.versions.count() == 2
        event = AuditEvent.objects.get(action="material.version_uploaded", changes__version=[None, 2])
        assert event.changes["api_token"] == [None, "Lecture system"]
    else:
        assert response.status_code == 403
        assert material.versions.count() == 1


def test_a_read_token_may_not_upload(world, material):
    response = client_of(world, "lecturer").post(
        f"/api/v1/presentations/{material.pk}/versions/", {"file": upload(OTHER_DECK)}
    )
    assert response.status_code == 403 and response.json()["error"]["message"].startswith("This API token may only")


@pytest.mark.parametrize("path", MALFORMED[:3], ids=lambda p: p.name)
def test_a_broken_file_is_refused_with_the_pages_reason_leaving_nothing(world, material, path, _media):
    before = files_under(_media)
    response = client_of(world, "lecturer", TokenScope.READ_WRITE).post(
        f"/api/v1/presentations/{material.pk}/versions/", {"file": upload(path)}
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["file"]
    assert MaterialVersion.objects.count() == 1 and files_under(_media) == before


def test_no_file_and_an_old_format_are_refused_in_the_callers_language(world, material):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_of(world, "lecturer", TokenScope.READ_WRITE)
    url = f"/api/v1/presentations/{material.pk}/versions/"
    missing = client.post(url, {"note": "forgot it"})
    assert missing.json()["error"]["fields"] == {"file": ["Choose the file to upload."]}
    old = client.post(
        url,
        {"file": SimpleUploadedFile("talk.ppt", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")},
        HTTP_ACCEPT_LANGUAGE="zh-Hans",
    )
    assert old.status_code == 400 and "旧格式" in old.json()["error"]["fields"]["file"][0]


def test_a_delivered_presentation_takes_no_new_version(world, material):
    world.session.date = datetime.date(2020, 1, 6)
    world.session.save()
    advance(world, material, "delivered")
    response = client_of(world, "staff", TokenScope.READ_WRITE).post(
        f"/api/v1/presentations/{material.pk}/versions/", {"file": upload(OTHER_DECK)}
    )
    assert response.status_code == 400
    assert "it takes no new versions" in response.json()["error"]["message"]


def test_no_such_presentation_and_no_credentials(world, material):
    assert client_of(world, "staff").get("/api/v1/presentations/99999/").status_code == 404
    assert Client().get("/api/v1/presentations/").status_code == 401
    partner = UserFactory(role="partner", partner=world.users["unit_contact"].sending_unit)
    token = create_api_token(actor=partner, user=partner, name="x").secret
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/presentations/").json()["results"] == []
