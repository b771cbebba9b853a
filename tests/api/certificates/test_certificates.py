"""Certificates through the API: each role lists exactly what the certificates pages show it, a certificate out
of scope is refused with the page's reason, and anyone may verify a code and learn what the public page says."""

import pytest
from django.test import Client, override_settings

from peixun.api.services import create_api_token
from peixun.core.enums import Role
from peixun.records.certificates.codes import display_code
from peixun.records.certificates.services import revoke_certificate
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SEES_IT = {"staff", "coordinator", "nominator", "official"}
ROLES = (
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "nominator",
    "other_nominator",
    "lecturer",
    "official",
    "other_official",
    "translator",
    "partner",
)


def client_of(world, role: str) -> Client:
    users = world.users
    users.setdefault("translator", UserFactory(username="translator", role=Role.TRANSLATOR))
    users.setdefault("partner", UserFactory(username="partner", role=Role.PARTNER, partner=OrganisationFactory()))
    user = users[role]
    secret = create_api_token(actor=user, user=user, name="Records system").secret
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_the_certificates_the_pages_show_it(world, role):
    response = client_of(world, role).get("/api/v1/certificates/")
    assert response.status_code == 200
    rows = response.json()["results"]
    if role in SEES_IT:
        (row,) = rows
        assert row["code"] == display_code(world.certificate.code)
        assert row["official"]["name_zh"] == "王伟"
        assert row["course"]["title_zh"] == "能源智慧城市" and row["course"]["academy"]["code"] == "namc"
        assert row["hours"] == "24.00" and row["revoked_at"] is None
    else:
        assert rows == []


@pytest.mark.parametrize("role", ROLES)
def test_a_certificate_out_of_scope_is_refused_with_the_pages_reason(world, role):
    response = client_of(world, role).get(f"/api/v1/certificates/{world.certificate.pk}/")
    if role in SEES_IT:
        assert response.status_code == 200 and response.json()["id"] == world.certificate.pk
    else:
        assert response.status_code == 403
        assert response.json()["error"]["message"].startswith("A certificate is shown only to the official")


def test_no_such_certificate_is_not_found_and_no_credentials_are_refused(world):
    assert client_of(world, "staff").get("/api/v1/certificates/999999/").status_code == 404
    assert Client().get("/api/v1/certificates/").status_code == 401


def test_filters_narrow_the_list(world):
    client = client_of(world, "staff")
    assert len(client.get(f"/api/v1/certificates/?course={world.course.pk}").json()["results"]) == 1
    assert client.get(f"/api/v1/certificates/?official={world.classmate.pk}").json()["results"] == []
    assert client.get("/api/v1/certificates/?revoked=true").json()["results"] == []
    assert client.get("/api/v1/certificates/?course=x").status_code == 400


def test_anyone_verifies_a_code_and_learns_what_the_public_page_says_nothing_more(world):
    code = display_code(world.certificate.code)
    response = Client().get(f"/api/v1/certificates/verify/{code}/")
    assert response.status_code == 200
    assert response.json() == {
        "state": "genuine",
        "code": code,
        "name_zh": "王伟",
        "name_pinyin": world.official.name_pinyin,
        "title_en": "Energy Smart Cities",
        "title_zh": "能源智慧城市",
        "start": world.course.start.isoformat(),
        "end": world.course.end.isoformat(),
    }
    assert response["Referrer-Policy"] == "no-referrer"
    typed = code.lower().replace("-", " ")
    assert Client().get(f"/api/v1/certificates/verify/{typed}/").json()["code"] == code


def test_an_unknown_or_revoked_code_says_so_in_the_callers_language(world):
    unknown = Client().get("/api/v1/certificates/verify/PX-AAAA-AAAA-AAAA/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert unknown.status_code == 404
    assert unknown.json()["error"] == {"code": "not_found", "message": "没有与此验证码对应的证书。", "fields": {}}
    revoke_certificate(actor=world.users["staff"], certificate=world.certificate, reason="Issued in error")
    revoked = Client().get(f"/api/v1/certificates/verify/{world.certificate.code}/")
    assert revoked.status_code == 410
    assert revoked.json()["error"]["code"] == "revoked"
    assert "name_zh" not in revoked.content.decode()


@override_settings(PEIXUN_RATE_LIMITS={"verify": (2, 60)})
def test_verifying_is_counted_per_address_like_the_page(world):
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        assert client.get("/api/v1/certificates/verify/PX-AAAA-AAAA-AAAA/").status_code == 404
    refused = client.get("/api/v1/certificates/verify/PX-AAAA-AAAA-AAAA/")
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) >= 1
