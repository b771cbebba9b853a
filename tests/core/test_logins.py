"""Logins: repeated failures lock one username out from one address (django-axes), in the reader's
language; staff unlock it; passwords are hashed with Argon2, and older hashes are upgraded on login."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import make_password
from django.test import Client
from django.urls import reverse

import peixun.settings as production
from peixun.core.enums import Role
from peixun.core.models import AuditEvent, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HOME = "10.0.0.1"
ELSEWHERE = "10.0.0.2"
LIMIT = 5


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def log_in(client, username, password, *, address=HOME, url="/login/", **headers):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address, **headers)


def fail(client, username, times, *, address=HOME, url="/login/", **headers):
    responses = [log_in(client, username, "wrong password", address=address, url=url, **headers) for _ in range(times)]
    return responses[-1]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode().replace("&#x27;", "'").replace("&quot;", '"'))


def test_a_wrong_password_below_the_limit_shows_the_login_form_again():
    UserFactory(username="chen", role=Role.OFFICIAL)
    response = fail(Client(), "chen", LIMIT - 1)
    assert response.status_code == 200
    assert "Please enter a correct username and password" in text(response)
    assert log_in(Client(), "chen", PASSWORD).status_code == 302


def test_the_limit_of_failures_locks_that_username_from_that_address_even_with_the_right_password():
    UserFactory(username="chen", role=Role.OFFICIAL)
    response = fail(Client(), "chen", LIMIT)
    assert response.status_code == 429
    page = text(response)
    assert "Login paused" in page
    assert "The password for “chen” was wrong 5 times from this address" in page
    assert "You can try again in 15 minutes, at " in page
    assert "Programme staff can unlock your login sooner" in page
    assert int(response["Retry-After"]) == 15 * 60

    right = log_in(Client(), "chen", PASSWORD)
    assert right.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_a_lockout_stops_only_that_username_from_that_address():
    UserFactory(username="chen", role=Role.OFFICIAL)
    UserFactory(username="li", role=Role.OFFICIAL)
    fail(Client(), "chen", LIMIT)

    elsewhere = Client()
    assert log_in(elsewhere, "chen", PASSWORD, address=ELSEWHERE).status_code == 302
    assert elsewhere.get("/").wsgi_request.user.username == "chen"
    assert log_in(Client(), "li", PASSWORD, address=HOME).status_code == 302


def test_the_lockout_page_is_in_chinese_for_a_chinese_browser_and_says_it_again_in_english():
    UserFactory(username="chen", role=Role.OFFICIAL)
    response = fail(Client(), "chen", LIMIT, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 429
    page = text(response)
    first, second = page.index("登录已暂停"), page.index("Login paused")
    assert first < second
    assert "“chen”的密码在此地址输错了 5 次" in page
    assert "15 分钟后" in page
    assert "培训项目工作人员可以提前为您解锁" in page


def test_the_lockout_page_follows_the_language_chosen_on_the_login_page():
    UserFactory(username="chen", role=Role.OFFICIAL)
    client = Client()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/login/"})
    page = text(fail(client, "chen", LIMIT))
    assert page.index("登录已暂停") < page.index("Login paused")


def test_the_admin_login_is_locked_out_too():
    UserFactory(username="boss", role=Role.STAFF)
    response = fail(Client(), "boss", LIMIT, url="/admin/login/?next=/admin/")
    assert response.status_code == 429
    assert "Login paused" in text(response)
    assert log_in(Client(), "boss", PASSWORD, url="/admin/login/?next=/admin/").status_code == 429
    assert log_in(Client(), "boss", PASSWORD, url="/admin/login/?next=/admin/", address=ELSEWHERE).status_code == 302


def test_staff_unlock_a_login_from_the_user_admin_and_the_user_logs_in_again():
    chen = UserFactory(username="chen", role=Role.OFFICIAL)
    staff = UserFactory(username="boss", role=Role.STAFF, is_superuser=True)
    fail(Client(), "chen", LIMIT)

    admin = Client()
    admin.force_login(staff)
    changelist = reverse("admin:core_user_changelist")
    listing = admin.get(changelist)
    assert listing.status_code == 200
    locked = {user.username: user.is_login_locked for user in listing.context["cl"].result_list}
    assert locked == {"chen": True, "boss": False}

    response = admin.post(changelist, {"action": "unlock_logins", "_selected_action": [chen.pk]}, follow=True)
    assert "1 login unlocked: they can log in again now." in text(response)
    assert AccessAttempt.objects.filter(username="chen").count() == 0
    event = AuditEvent.objects.get(action="login.unlocked")
    assert (event.actor, event.object_id) == (staff, str(chen.pk))

    assert log_in(Client(), "chen", PASSWORD).status_code == 302


def test_deleting_the_access_attempt_in_the_axes_admin_unlocks_too():
    UserFactory(username="chen", role=Role.OFFICIAL)
    staff = UserFactory(username="boss", role=Role.STAFF, is_superuser=True)
    fail(Client(), "chen", LIMIT)
    attempt = AccessAttempt.objects.get(username="chen")

    admin = Client()
    admin.force_login(staff)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert log_in(Client(), "chen", PASSWORD).status_code == 302


def test_a_successful_login_clears_the_failures_before_it():
    UserFactory(username="chen", role=Role.OFFICIAL)
    fail(Client(), "chen", LIMIT - 1)
    assert log_in(Client(), "chen", PASSWORD).status_code == 302
    assert fail(Client(), "chen", LIMIT - 1).status_code == 200


def test_production_hashes_passwords_with_argon2_first():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


def test_a_login_upgrades_an_older_password_hash_to_argon2(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    chen = UserFactory(username="chen", role=Role.OFFICIAL)
    User.objects.filter(pk=chen.pk).update(password=make_password(PASSWORD, hasher="pbkdf2_sha256"))
    assert log_in(Client(), "chen", PASSWORD).status_code == 302
    chen.refresh_from_db()
    assert chen.password.startswith("argon2$argon2id$")
    assert log_in(Client(), "chen", PASSWORD).status_code == 302
