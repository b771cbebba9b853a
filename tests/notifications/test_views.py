"""Notices on the start page, and dismissing them: one's own only, with or without JavaScript."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from peixun.core.enums import Role
from peixun.curriculum.enums import PartOfDay
from peixun.notifications.enums import Kind
from peixun.notifications.models import Notice
from tests.factories import MONDAY, PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MOVED = {
    "kind": Kind.SESSION_MOVED,
    "course_en": "Green Cities",
    "course_zh": "绿色城市",
    "session_en": "Energy planning",
    "session_zh": "能源规划",
    "date": (MONDAY + datetime.timedelta(days=1)).isoformat(),
    "part": PartOfDay.AFTERNOON,
    "old_date": MONDAY.isoformat(),
    "old_part": PartOfDay.MORNING,
}


@pytest.fixture
def ada():
    return UserFactory(username="ada", role=Role.LECTURER, language="en")


@pytest.fixture
def wang():
    return UserFactory(username="wang", role=Role.OFFICIAL, language="zh-hans")


def logged_in(user) -> Client:
    client = Client()
    client.login(username=user.username, password=PASSWORD)
    return client


def notice(user, **extra):
    return Notice.objects.create(user=user, items=[MOVED], link="/courses/1/timetable/", **extra)


def test_the_start_page_shows_ones_own_open_notices_in_ones_language_with_the_other_below(ada, wang):
    own = notice(ada)
    notice(ada, dismissed_at=timezone.now())
    notice(wang)

    page = logged_in(ada).get("/").content.decode()

    assert page.count('class="notice"') == 1
    assert f'data-notice="{own.pk}"' in page
    assert "“Energy planning” moves to Tue 2 Mar 2027 · Afternoon" in page
    assert "“Energy planning” (Green Cities) moves from Mon 1 Mar 2027 · Morning to Tue 2 Mar 2027 · Afternoon." in page
    assert page.index("moves from Mon 1 Mar") < page.index("由2027年3月1日 星期一 · 上午调整到")
    assert f'action="/notices/{own.pk}/dismiss/"' in page


def test_a_chinese_reader_sees_chinese_first(wang):
    notice(wang)

    page = logged_in(wang).get("/").content.decode()

    assert page.index("“能源规划”调整到2027年3月2日 星期二 · 下午") < page.index("“Energy planning” moves to")
    assert "与您有关的变动" in page
    assert ">知道了<" in page


def test_no_notices_no_section(ada):
    assert 'data-testid="notices"' not in logged_in(ada).get("/").content.decode()


def test_dismissing_without_javascript_returns_to_the_page(ada):
    own = notice(ada)

    response = logged_in(ada).post(reverse("notifications:dismiss", args=[own.pk]), {"next": "/?tab=1"})

    assert response.status_code == 302
    assert response.url == "/?tab=1"
    own.refresh_from_db()
    assert own.dismissed_at is not None
    assert 'data-testid="notices"' not in logged_in(ada).get("/").content.decode()


def test_dismissing_never_sends_one_elsewhere(ada):
    own = notice(ada)

    response = logged_in(ada).post(reverse("notifications:dismiss", args=[own.pk]), {"next": "https://evil.example"})

    assert response.url == "/"


def test_dismissing_with_htmx_returns_the_notices_left(ada):
    first, second = notice(ada), notice(ada)
    client = logged_in(ada)

    response = client.post(reverse("notifications:dismiss", args=[first.pk]), headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'data-notice="{second.pk}"' in html
    assert f'data-notice="{first.pk}"' not in html

    last = client.post(reverse("notifications:dismiss", args=[second.pk]), headers={"HX-Request": "true"})
    assert last.content.decode().strip() == ""  # htmx swaps the whole section away


def test_dismissing_twice_keeps_the_first_time(ada):
    own = notice(ada)
    client = logged_in(ada)
    client.post(reverse("notifications:dismiss", args=[own.pk]))
    own.refresh_from_db()
    first = own.dismissed_at

    client.post(reverse("notifications:dismiss", args=[own.pk]))

    own.refresh_from_db()
    assert own.dismissed_at == first


def test_nobody_dismisses_anothers_notice(ada, wang):
    theirs = notice(wang)

    response = logged_in(ada).post(reverse("notifications:dismiss", args=[theirs.pk]))

    assert response.status_code == 403
    assert "This notice is addressed to someone else." in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.dismissed_at is None


def test_a_notice_that_does_not_exist_is_not_found(ada):
    assert logged_in(ada).post(reverse("notifications:dismiss", args=[999_999])).status_code == 404


def test_dismissing_needs_a_post_with_its_csrf_token_and_a_login(ada):
    own = notice(ada)
    url = reverse("notifications:dismiss", args=[own.pk])

    assert logged_in(ada).get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.login(username="ada", password=PASSWORD)
    assert strict.post(url).status_code == 403
    anonymous = Client().post(url)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith("/login/")
    own.refresh_from_db()
    assert own.dismissed_at is None
