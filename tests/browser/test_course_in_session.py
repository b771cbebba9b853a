"""A coordinator rebuilds the timetable of a class in session: what was held stays, and says why."""

from decimal import Decimal

import pytest
from django.utils import timezone

from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.services import Mark, record_roll_call
from peixun.core.enums import Role
from peixun.courses import services
from peixun.courses.enums import EnrolmentStatus
from peixun.records.models import LedgerEntry
from tests.factories import (
    PASSWORD,
    EnrolmentFactory,
    UserFactory,
    course_day,
    course_in_session,
    lecturer_around_today,
)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lecture(actor, course, day, lecturer, title, part=1):
    return services.create_session(
        actor=actor,
        course=course,
        date=day,
        part_of_day=part,
        format="lecture",
        title_en=title,
        title_zh=f"{title}（讲座）",
        class_hours=Decimal("3"),
        lecturers=[lecturer],
    )


def test_rebuilding_a_course_in_session_keeps_what_was_held_where_it_was_and_says_why(page):
    course = course_in_session(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    visitor = lecturer_around_today(name="Dr Ada Visitor", time_zone="Europe/London")
    resident = lecturer_around_today(name="Prof. Wang Lei", time_zone="Asia/Shanghai")
    # The visitor taught once already (roll call taken, hours credited) and comes back for a day of
    # two lectures: bringing the three together would mean moving the one already held.
    held = lecture(coordinator, course, course_day(course, -4), visitor, "District energy")
    begun = lecture(coordinator, course, course_day(course, -2), resident, "Smart grids")
    for part, title in ((1, "Heat networks"), (2, "Cooling")):
        lecture(coordinator, course, course_day(course, 3), visitor, title, part)
    enrolment = EnrolmentFactory(course=course, status=EnrolmentStatus.CONFIRMED)
    record_roll_call(actor=coordinator, session=held, marks={enrolment.pk: Mark(AttendanceStatus.PRESENT)})
    history = {s.pk: (s.date, s.part_of_day) for s in (held, begun)}

    log_in(page, "coord", PASSWORD)
    page.goto(f"/courses/{course.pk}/timetable/")
    page.click("text=Build timetable")
    page.fill("#time_limit", "5")
    page.click("[data-testid=build]")
    page.wait_for_url("**/timetables/proposals/**")

    moves = page.locator("[data-testid=moves] tbody").all_inner_texts()
    assert not any("District energy" in text or "Smart grids" in text for text in moves)
    fixed = page.locator("[data-testid=held] tbody tr")
    assert fixed.count() == 2
    assert "District energy" in fixed.nth(0).inner_text()
    assert "Class hours for it are in officials' training records" in fixed.nth(0).inner_text()
    assert "Smart grids" in fixed.nth(1).inner_text() and "It has started" in fixed.nth(1).inner_text()
    assert page.locator(f"[data-held='{held.pk}']").inner_text().startswith("Fixed")

    page.click("[data-testid=accept]")
    page.wait_for_url(f"**/courses/{course.pk}/timetable/")
    assert "The timetable was accepted" in page.inner_text(".messages")
    for session in (held, begun):
        session.refresh_from_db()
        assert (session.date, session.part_of_day) == history[session.pk]
    assert list(LedgerEntry.objects.filter(session=held).values_list("date", flat=True)) == [held.date]
    today = timezone.localdate()
    assert all(s.date >= today for s in course.sessions.exclude(pk__in=history))

    # The proposal page again, in Chinese: still fixed, with the reason in the reader's language.
    page.goto(f"/courses/{course.pk}/timetable/")
    page.click(".langswitch button")
    page.wait_for_selector("html[lang=zh-Hans]")
    page.goto(f"/timetables/courses/{course.pk}/build/")
    page.click(".card a[href*='/timetables/proposals/']")
    assert "其学时已记入学员的培训记录" in page.inner_text("[data-testid=held]")
