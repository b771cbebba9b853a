"""A coordinator builds a timetable in the browser, reviews what moves, accepts it and sees it."""

import datetime
from decimal import Decimal

import pytest

from peixun.core.enums import Role
from peixun.courses import services
from tests.factories import MONDAY, PASSWORD, CourseFactory, LecturerFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_builds_reviews_and_accepts_a_timetable_then_reads_it_in_chinese(page):
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    visitor = LecturerFactory(name="Dr Ada Visitor", time_zone="Europe/London")
    for day, title in ((0, "Energy master planning"), (3, "Clean energy")):
        services.create_session(
            actor=coordinator,
            course=course,
            date=MONDAY + datetime.timedelta(days=day),
            part_of_day=1,
            format="lecture",
            title_en=title,
            title_zh="讲座",
            class_hours=Decimal("3"),
            lecturers=[visitor],
        )

    log_in(page, "coord", PASSWORD)
    page.goto(f"/courses/{course.pk}/timetable/")
    page.click("text=Build timetable")
    page.fill("#time_limit", "5")
    page.click("[data-testid=build]")
    page.wait_for_url("**/timetables/proposals/**")
    assert "The best timetable there is" in page.inner_text("[data-testid=outcome]")
    assert page.locator("[data-testid=moves] tbody tr").count() >= 1

    page.click("[data-testid=accept]")
    page.wait_for_url(f"**/courses/{course.pk}/timetable/")
    assert "The timetable was accepted" in page.inner_text(".messages")
    dates = set(course.sessions.values_list("date", flat=True))
    assert len(dates) == 1  # the visitor now teaches on one day: one trip from London

    page.click(".langswitch button")
    page.wait_for_selector("html[lang=zh-Hans]")
    assert "生成课程表" in page.inner_text("body")
    coordinator.refresh_from_db()
    assert coordinator.language == "zh-hans"


def test_while_a_build_runs_the_page_shows_what_the_server_says_of_it(page):
    """The progress line asks the server every second while the build's request is open, and stops
    when the answer comes (with the policy refusing code from strings, as in production)."""
    course = CourseFactory()
    UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy)
    held = []
    log_in(page, "coord", PASSWORD)
    page.goto(f"/timetables/courses/{course.pk}/build/")
    page.route(f"**/timetables/courses/{course.pk}/build/", lambda route: held.append(route))
    asked = []
    page.on("request", lambda request: "/progress/" in request.url and asked.append(request.url))

    page.click("[data-testid=build]")
    # The build's request is held: the server has not started it, and the line says so.
    page.locator("[data-testid=build-best]", has_text="Looking for a first timetable").wait_for()
    assert len(asked) >= 1
    assert page.is_disabled("[data-testid=build]")

    held[0].continue_()
    page.wait_for_url("**/timetables/proposals/**")
    polled = len(asked)
    page.wait_for_timeout(2500)
    assert len(asked) == polled  # the answer came: no more asking
