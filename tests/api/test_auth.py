"""API tokens: hashed storage, Bearer authentication, refusals in the error shape and both languages, scope,
last use, throttling per token, the audit naming the token, and the management command."""

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from peixun.api.models import ApiToken, TokenScope
from peixun.api.services import mark_token_used, revoke_api_token
from peixun.api.throttling import TokenRateThrottle
from peixun.core.audit import record_event, through_api_token
from peixun.core.history import readable_changes
from peixun.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_only_the_hash_and_a_short_prefix_are_stored(world):
    secret = world.tokens["staff"]
    token = ApiToken.objects.get(user=world.users["staff"])
    assert secret.startswith("pxn_") and len(secret) >= 40
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    stored = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values_list().get()]
    assert not any(secret in value for value in stored)


def test_a_token_reads_as_its_user_and_its_use_is_remembered(world):
    token = ApiToken.objects.get(user=world.users["nominator"])
    assert token.last_used_at is None
    response = world.client("nominator").get("/api/v1/courses/")
    assert [row["id"] for row in response.json()["results"]] == [world.open_course.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_last_use_is_written_at_most_once_a_minute(world):
    token = ApiToken.objects.get(user=world.users["staff"])
    first = timezone.now()
    mark_token_used(token=token, now=first)
    mark_token_used(token=token, now=first + datetime.timedelta(seconds=59))
    token.refresh_from_db()
    assert token.last_used_at == first
    mark_token_used(token=token, now=first + datetime.timedelta(seconds=61))
    token.refresh_from_db()
    assert token.last_used_at == first + datetime.timedelta(seconds=61)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "This API token is unknown or has been revoked."),
        ("zh-CN,zh;q=0.9", "此 API 令牌不存在或已被撤销。"),
        ("zh-Hans", "此 API 令牌不存在或已被撤销。"),
    ],
)
def test_an_unknown_token_is_refused_in_the_callers_language(world, language, message):
    client = Client(HTTP_AUTHORIZATION="Bearer pxn_nosuchtoken", HTTP_ACCEPT_LANGUAGE=language)
    response = client.get("/api/v1/courses/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "authentication_failed", "message": message, "fields": {}}}


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "This API token is unknown or has been revoked."), ("zh-hans", "此 API 令牌不存在或已被撤销。")],
)
def test_a_revoked_token_is_refused_in_both_languages(world, language, message):
    staff = world.users["staff"]
    revoke_api_token(actor=staff, token=ApiToken.objects.get(user=staff))
    response = world.client("staff", HTTP_ACCEPT_LANGUAGE=language).get("/api/v1/academies/")
    assert response.status_code == 401
    assert response.json()["error"] == {"code": "authentication_failed", "message": message, "fields": {}}


def test_missing_credentials_are_refused_in_chinese_too(world):
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/api/v1/topics/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response.json()["error"]["message"] == "身份认证信息未提供。"


def test_a_malformed_authorization_header_is_refused(world):
    response = Client(HTTP_AUTHORIZATION="Bearer two words").get("/api/v1/topics/")
    assert response.status_code == 401
    assert "Authorization: Bearer" in response.json()["error"]["message"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_read_token_is_refused_every_write_with_the_reason(world, method):
    client = world.client("staff")
    response = getattr(client, method)("/api/v1/courses/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "permission_denied",
        "message": (
            "This API token may only read. Make a token that may read and write on your profile page "
            "to change anything."
        ),
        "fields": {},
    }


def test_a_read_token_is_refused_writes_in_chinese(world):
    client = world.client("staff", HTTP_ACCEPT_LANGUAGE="zh-hans")
    response = client.post("/api/v1/courses/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("此 API 令牌只能读取")


def test_a_write_token_passes_the_scope_check(world):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {world.write_token('staff')}")
    response = client.post("/api/v1/courses/", {}, content_type="application/json")
    assert response.status_code == 405  # no write endpoint yet: refused by the method, not by the scope
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_the_session_authenticates_peixuns_own_pages_and_writes_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["coordinator"])
    assert [row["id"] for row in client.get("/api/v1/courses/").json()["results"]] == [
        world.draft_course.pk,
        world.open_course.pk,
    ]
    response = client.post("/api/v1/courses/", {}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]["message"]


def test_an_unknown_api_address_is_a_json_404(world):
    response = world.client("staff").get("/api/v1/nothing-here/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_throttling_counts_each_token_apart(world, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "rate", "2/minute", raising=False)
    staff, other = world.client("staff"), world.client("coordinator")
    assert [staff.get("/api/v1/topics/").status_code for _ in range(2)] == [200, 200]
    refused = staff.get("/api/v1/topics/")
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert other.get("/api/v1/topics/").status_code == 200


def test_audit_rows_written_during_a_token_request_name_the_token(world):
    course = world.open_course
    with through_api_token("Unit personnel system"):
        event = record_event(actor=world.users["staff"], action="course.changed", instance=course, changes={})
    outside = record_event(actor=world.users["staff"], action="course.changed", instance=course, changes={})
    assert event.changes == {"api_token": [None, "Unit personnel system"]}
    assert outside.changes == {}
    assert [(c.label, c.new) for c in readable_changes(event)] == [("API token", "Unit personnel system")]


def test_making_and_revoking_a_token_is_audited(world):
    staff = world.users["staff"]
    token = ApiToken.objects.get(user=staff)
    made = AuditEvent.objects.get(action="api_token.created", object_id=str(token.pk))
    assert made.actor == staff
    assert made.changes["name"] == [None, "staff reader"] and made.changes["scope"] == [None, "read"]
    revoke_api_token(actor=staff, token=token)
    revoked = AuditEvent.objects.get(action="api_token.revoked", object_id=str(token.pk))
    assert revoked.actor == staff


def test_someone_else_cannot_revoke_a_token(world):
    from django.core.exceptions import PermissionDenied

    token = ApiToken.objects.get(user=world.users["staff"])
    with pytest.raises(PermissionDenied):
        revoke_api_token(actor=world.users["coordinator"], token=token)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_command_prints_a_working_token(world):
    out = StringIO()
    call_command("create_api_token", "nominator", "--write", "--name", "Unit HR", stdout=out)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get(name="Unit HR")
    assert token.scope == TokenScope.READ_WRITE and token.user == world.users["nominator"]
    response = Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/courses/")
    assert [row["id"] for row in response.json()["results"]] == [world.open_course.pk]
    out = StringIO()
    call_command("create_api_token", "nominator", stdout=out)
    assert ApiToken.objects.get(prefix=out.getvalue().strip()[:12]).scope == TokenScope.READ


def test_the_command_names_an_unknown_user(world):
    with pytest.raises(CommandError, match="nobody"):
        call_command("create_api_token", "nobody", stdout=StringIO())


def test_a_write_made_during_a_token_request_is_audited_with_the_tokens_name(world):
    """The mixin every endpoint shares names the token on the audit rows its request writes, and only there."""
    from rest_framework.response import Response
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    from peixun.api.base import PeixunApiMixin

    class Touch(PeixunApiMixin, APIView):
        def post(self, request):
            event = record_event(actor=request.user, action="course.changed", instance=world.open_course)
            return Response({"id": event.pk})

    secret = world.write_token("coordinator")
    request = APIRequestFactory().post("/", {}, format="json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = Touch.as_view()(request)
    event = AuditEvent.objects.get(pk=response.data["id"])
    assert event.actor == world.users["coordinator"]
    assert event.changes == {"api_token": [None, "coordinator writer"]}
    after = record_event(actor=None, action="course.changed", instance=world.open_course)
    assert after.changes == {}
