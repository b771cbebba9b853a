"""A coordinator moves a session by hand; its lecturer is told on their start page, in their language,
and by e-mail, and dismisses the notice (with JavaScript, and without)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from peixun.core.enums import Role
from peixun.courses import services
from peixun.courses.enums import EnrolmentStatus
from peixun.curriculum.enums import PartOfDay
from peixun.notifications.models import Notice
from tests.factories import (
    MONDAY,
    PASSWORD,
    CourseFactory,
    EnrolmentFactory,
    LecturerFactory,
    OfficialFactory,
    UserFactory,
)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TUESDAY = MONDAY + datetime.timedelta(days=1)


@pytest.fixture
def moved_world():
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    zhou = LecturerFactory(
        name="Zhou Li",
        name_zh="周立",
        user=UserFactory(username="zhou", role=Role.LECTURER, language="zh-hans", email="zhou@example.org"),
    )
    other = LecturerFactory(user=UserFactory(username="other", role=Role.LECTURER, email="other@example.org"))
    official = OfficialFactory(
        name_zh="王伟", user=UserFactory(username="wang", role=Role.OFFICIAL, language="en", email="wang@example.cn")
    )
    EnrolmentFactory(course=course, official=official, status=EnrolmentStatus.CONFIRMED)
    session = services.create_session(
        actor=coordinator,
        course=course,
        date=MONDAY,
        part_of_day=PartOfDay.MORNING,
        format="lecture",
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=Decimal("3"),
        lecturers=[zhou],
    )
    services.create_session(
        actor=coordinator,
        course=course,
        date=MONDAY,
        part_of_day=PartOfDay.AFTERNOON,
        format="lecture",
        title_en="Green buildings",
        title_zh="绿色建筑",
        class_hours=Decimal("3"),
        lecturers=[other],
    )
    return course, session


def test_a_lecturer_reads_of_their_moved_session_in_chinese_and_dismisses_it(chromium, live_server, moved_world):
    course, session = moved_world
    context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport={"width": 1366, "height": 768})
    context.set_default_timeout(10_000)
    page = context.new_page()

    log_in(page, "coord", PASSWORD)
    page.goto(f"/courses/{course.pk}/sessions/{session.pk}/")
    page.fill("#id_date", TUESDAY.isoformat())
    page.select_option("#id_part_of_day", str(PartOfDay.AFTERNOON))
    page.click("form button[type=submit].primary")
    page.wait_for_url(f"**/courses/{course.pk}/timetable/")
    # The coordinator made the change and is not told of it.
    page.goto("/")
    assert page.locator("[data-testid=notices]").count() == 0
    context.clear_cookies()

    # One mail each to the lecturer and the confirmed official, each in their own language first.
    assert sorted(message.to[0] for message in mail.outbox) == ["wang@example.cn", "zhou@example.org"]
    to_zhou = next(message for message in mail.outbox if message.to == ["zhou@example.org"])
    assert to_zhou.subject == (
        "“能源总体规划”调整到2027年3月2日 星期二 · 下午 / “Energy master planning” moves to Tue 2 Mar 2027 · Afternoon"
    )
    assert to_zhou.body.startswith("周立，您好：")

    log_in(page, "zhou", PASSWORD)
    page.goto("/")
    notices = page.locator("[data-testid=notices]")
    assert notices.locator("h2").inner_text() == "与您有关的变动"
    headline = notices.locator(".notice-headline").inner_text()
    assert headline == "“能源总体规划”调整到2027年3月2日 星期二 · 下午"
    assert notices.locator(".notice-lines").first.inner_text() == (
        "“能源总体规划”（能源智慧城市）由2027年3月1日 星期一 · 上午调整到2027年3月2日 星期二 · 下午。"
    )
    # The other language below, one click away.
    assert notices.locator(".notice-other summary").inner_text() == (
        "“Energy master planning” moves to Tue 2 Mar 2027 · Afternoon"
    )
    page.screenshot(path="/tmp/notices-zh-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path="/tmp/notices-zh-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 768})

    # The headline leads to the course's timetable, which shows the session in its new place.
    notices.locator(".notice-headline a").click()
    page.wait_for_url(f"**/courses/{course.pk}/timetable/")
    page.go_back()

    # Dismissed with htmx: the section goes without a page load, and stays gone after one.
    page.evaluate("window.__still_here = true")
    page.locator("[data-testid=notices] button", has_text="知道了").click()
    page.wait_for_selector("[data-testid=notices]", state="detached")
    assert page.evaluate("window.__still_here") is True
    page.reload()
    assert page.locator("[data-testid=notices]").count() == 0
    assert Notice.objects.get(user__username="zhou").dismissed_at is not None
    context.close()


def test_an_official_dismisses_a_notice_without_javascript(chromium, live_server, moved_world):
    course, session = moved_world
    services.update_session(actor=UserFactory(role=Role.STAFF), session=session, date=TUESDAY)
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = context.new_page()

    log_in(page, "wang", PASSWORD)
    page.goto("/")
    notices = page.locator("[data-testid=notices]")
    assert notices.locator(".notice-headline").inner_text() == (
        "“Energy master planning” moves to Tue 2 Mar 2027 · Morning"
    )
    page.screenshot(path="/tmp/notices-en-1366.png", full_page=True)

    notices.locator("button", has_text="Dismiss").click()
    page.wait_for_load_state()
    assert page.url.rstrip("/") == live_server.url
    assert page.locator("[data-testid=notices]").count() == 0
    page.reload()
    assert page.locator("[data-testid=notices]").count() == 0
    context.close()
