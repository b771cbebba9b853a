"""The course's attendance page, the classroom screen and its code, in both languages."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from peixun.attendance import services
from peixun.attendance.services import Mark
from peixun.core import clock
from tests.factories import SessionFactory

from .conftest import confirmed

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, klass):
    client.force_login(klass.users["coordinator"])
    return client


def counts_of(page: str, session) -> dict[str, str]:
    row = page.split(f'<tr data-session="{session.pk}"', 1)[1].split("</tr>", 1)[0]
    return dict(re.findall(r'data-status="(\w+)">(.*?)</li>', row))


def test_course_page_counts_each_mark_and_who_is_not_marked(coordinator, klass):
    li, zhang, liu = confirmed(klass.course, 3)
    services.record_roll_call(
        actor=klass.users["coordinator"],
        session=klass.session,
        marks={klass.enrolment.pk: Mark("present"), li.pk: Mark("late"), zhang.pk: Mark("excused", "Sick")},
    )
    page = coordinator.get(reverse("attendance:course", args=[klass.course.pk])).content.decode()
    assert counts_of(page, klass.session) == {
        "present": "1 present",
        "late": "1 late",
        "absent": "0 absent",
        "excused": "1 excused",
        "unmarked": "1 not marked",
    }
    assert counts_of(page, klass.today)["unmarked"] == "4 not marked"
    assert reverse("attendance:roll_call", args=[klass.course.pk, klass.session.pk]) in page
    # The check-in screen is offered for today's session only.
    assert reverse("attendance:checkin_screen", args=[klass.course.pk, klass.today.pk]) in page
    assert reverse("attendance:checkin_screen", args=[klass.course.pk, klass.session.pk]) not in page


def test_course_page_queries_do_not_grow_with_the_class_or_the_sessions(coordinator, klass):
    url = reverse("attendance:course", args=[klass.course.pk])
    with CaptureQueriesContext(connection) as one:
        response = coordinator.get(url)
    assert response.status_code == 200 and klass.course.title_en in response.content.decode()
    enrolments = confirmed(klass.course, 39)
    for day in range(1, 6):
        session = SessionFactory(course=klass.course, date=klass.course.start.replace(day=day + 1))
        services.record_roll_call(
            actor=klass.users["coordinator"], session=session, marks={e.pk: Mark("present") for e in enrolments}
        )
    with CaptureQueriesContext(connection) as many:
        response = coordinator.get(url)
    assert response.status_code == 200 and klass.course.title_en in response.content.decode()
    assert len(one) == len(many), [q["sql"] for q in many.captured_queries]


def test_screen_shows_a_qr_code_of_the_absolute_check_in_link(coordinator, klass):
    response = coordinator.get(reverse("attendance:checkin_screen", args=[klass.course.pk, klass.today.pk]))
    page = response.content.decode()
    link = re.search(r'data-url="(http://testserver/attendance/checkin/([^/"]+)/)"', page)
    assert link, page
    assert services.read_token(link[2]) == klass.today.pk
    assert '<svg viewBox="0 0' in page and 'class="qr"' in page
    assert "0 of 1 checked in" in page
    assert "Site visit: district heating" in page and "现场考察：区域供热" in page
    assert 'src="/static/peixun/checkin.js"' in page


def test_screen_before_check_in_opens_says_when_it_opens_and_shows_no_code(coordinator, klass):
    page = coordinator.get(reverse("attendance:checkin_screen", args=[klass.course.pk, klass.session.pk]))
    page = page.content.decode()
    opens = clock.when(klass.session.starts_at - datetime.timedelta(minutes=30))
    assert 'data-testid="checkin-not-open"' in page
    assert f"Check-in opens at {opens}, 30 minutes before the session begins." in page
    assert "<svg" not in page and "data-reload-in" not in page  # opens in 2027: no reload planned


def test_screen_after_the_session_ended_says_check_in_closed(coordinator, klass):
    page = coordinator.get(reverse("attendance:checkin_screen", args=[klass.course.pk, klass.ended.pk]))
    page = page.content.decode()
    assert 'data-testid="checkin-closed"' in page
    assert f"Check-in closed at {clock.when(klass.ended.ends_at)}, when the session ended." in page
    assert "<svg" not in page


def test_screen_while_open_shows_the_code_and_reloads_when_check_in_closes(coordinator, klass):
    page = coordinator.get(reverse("attendance:checkin_screen", args=[klass.course.pk, klass.today.pk]))
    page = page.content.decode()
    assert 'data-testid="checkin-code"' in page and "<svg" in page
    reload_in = int(page.split('data-reload-in="', 1)[1].split('"', 1)[0])
    assert 2 * 3600 - 60 < reload_in <= 2 * 3600 + 1  # the session ends in two hours


def test_code_endpoint_says_closed_outside_the_window(coordinator, klass):
    for session in (klass.session, klass.ended):
        response = coordinator.get(reverse("attendance:checkin_code", args=[klass.course.pk, session.pk]))
        assert response.json() == {"open": False}


def test_code_endpoint_gives_the_current_code_and_the_count(coordinator, klass):
    url = reverse("attendance:checkin_code", args=[klass.course.pk, klass.today.pk])
    services.check_in(user=klass.users["official"], token=services.checkin_token(klass.today))
    response = coordinator.get(url)
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    prefix = "http://testserver/attendance/checkin/"
    assert data["url"].startswith(prefix)
    assert services.read_token(data["url"].removeprefix(prefix).strip("/")) == klass.today.pk
    assert data["svg"].startswith("<svg ")
    assert (data["checked_in"], data["expected"], data["count_text"]) == (1, 1, "1 of 1 checked in")
    assert data["period"] == 30 and 0 < data["expires_in"] <= 30


def test_roll_call_reads_in_chinese(coordinator, klass):
    user = klass.users["coordinator"]
    user.language = "zh-hans"
    user.save()
    page = coordinator.get(reverse("attendance:roll_call", args=[klass.course.pk, klass.session.pk])).content.decode()
    assert '<html lang="zh-Hans">' in page
    for chinese in ("点名", "出席", "迟到", "缺席", "请假", "全部出席", "保存点名"):
        assert chinese in page, chinese
    assert "All present" not in page and "Save roll call" not in page


def test_check_in_confirmation_reads_in_chinese(client, klass):
    user = klass.users["official"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    client.post(reverse("attendance:checkin", args=[services.checkin_token(klass.today)]))
    page = client.get(reverse("attendance:checked_in", args=[klass.today.pk])).content.decode()
    assert "现场考察：区域供热" in page
    assert "您已在“现场考察：区域供热”签到。" in page
    with translation.override("zh-hans"):
        ends = clock.when(klass.today.ends_at)
    assert f"将在课节结束时（{ends}）向您的培训记录计入3学时。" in page
