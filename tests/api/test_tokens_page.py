"""The API tokens page: a token is made with a name and a scope, shown once, then only by its prefix; revoked
after a confirmation; nobody reaches another person's tokens."""

import pytest
from django.test import Client

from peixun.api.models import ApiToken, TokenScope
from peixun.core.models import AuditEvent
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db):
    user = UserFactory(username="hr", role="unit_contact", sending_unit=OrganisationFactory())
    client = Client()
    client.force_login(user)
    return user, client


def test_a_token_is_shown_once_then_only_by_its_prefix(person):
    user, client = person
    response = client.post("/account/api-tokens/", {"name": "  Unit  personnel system ", "scope": "read_write"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.scope) == ("Unit personnel system", TokenScope.READ_WRITE)
    html = response.content.decode()
    secret = html.split("data-token>")[1].split("<")[0]
    assert secret.startswith(token.prefix) and len(secret) > 40
    assert "it is shown this once" in html
    assert AuditEvent.objects.filter(action="api_token.created", actor=user, object_id=str(token.pk)).exists()

    again = client.get("/account/api-tokens/").content.decode()
    assert secret not in again
    assert f"{token.prefix}…" in again
    assert "Unit personnel system" in again and "Read and write" in again and "Never" in again
    # the secret shown works, as its owner
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/topics/").status_code == 200


def test_a_token_without_a_name_is_refused_on_the_form(person):
    user, client = person
    response = client.post("/account/api-tokens/", {"name": "   ", "scope": "read"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()


def test_the_page_is_in_chinese_for_a_chinese_reader(person):
    user, client = person
    user.language = "zh-hans"
    user.save()
    html = client.get("/account/api-tokens/").content.decode()
    assert "API 令牌" in html and "创建令牌" in html


def test_revoking_asks_first_then_refuses_the_token(person):
    user, client = person
    client.post("/account/api-tokens/", {"name": "Nightly import", "scope": "read"})
    token = ApiToken.objects.get(user=user)
    asked = client.get(f"/account/api-tokens/{token.pk}/revoke/")
    assert asked.status_code == 200
    assert "Revoke the token “Nightly import”?" in asked.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    done = client.post(f"/account/api-tokens/{token.pk}/revoke/", {"confirmed": "yes"})
    assert done.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get("/account/api-tokens/").content.decode()
    assert AuditEvent.objects.filter(action="api_token.revoked", actor=user).count() == 1


def test_nobody_reaches_another_persons_token(person):
    user, client = person
    other = UserFactory(username="other", role="staff")
    other_client = Client()
    other_client.force_login(other)
    other_client.post("/account/api-tokens/", {"name": "Staff script", "scope": "read"})
    token = ApiToken.objects.get(user=other)
    assert client.get(f"/account/api-tokens/{token.pk}/revoke/").status_code == 403
    assert client.post(f"/account/api-tokens/{token.pk}/revoke/", {"confirmed": "yes"}).status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "Staff script" not in client.get("/account/api-tokens/").content.decode()


def test_a_visitor_is_sent_to_log_in():
    response = Client().get("/account/api-tokens/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
