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
