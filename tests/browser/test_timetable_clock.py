"""The timetable a person reads: clock times, lecturer, venue and today, on a desktop and a phone, in
both languages; time zones named as cities."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.curriculum.enums import PartOfDay, SessionFormat
from tests.factories import (
    PASSWORD,
    CourseFactory,
    EnrolmentFactory,
    LecturerFactory,
    OfficialFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def week():
    today = timezone.localdate()
    course = CourseFactory(
        title_en="Energy Smart Cities",
        title_zh="能源智慧城市",
        start=today - datetime.timedelta(days=2),
        day_off=(today + datetime.timedelta(days=3)).weekday(),
    )
    lecturer = LecturerFactory(name="Karen Whitfield", name_zh="卡伦·惠特菲尔德", time_zone="America/New_York")
    venue = VenueFactory(academy=course.academy, name_en="Main Lecture Hall", name_zh="主讲堂")
    session = SessionFactory(
        course=course,
        date=today,
        part_of_day=PartOfDay.AFTERNOON,
        format=SessionFormat.LECTURE,
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=Decimal("3.0"),
        venue=venue,
    )
    session.lecturers.add(lecturer, through_defaults={"date": session.date, "part_of_day": session.part_of_day})
    SessionFactory(
        course=course,
        date=today + datetime.timedelta(days=1),
        part_of_day=PartOfDay.MORNING,
        start_time=datetime.time(8, 30),
        end_time=datetime.time(11, 45),
        title_en="Smart transportation",
        title_zh="智慧交通",
    )
    official_user = UserFactory(username="official", role=Role.OFFICIAL, language="zh-hans")
    EnrolmentFactory(
        course=course, official=OfficialFactory(user=official_user), status=EnrolmentStatus.CONFIRMED
    )
    UserFactory(username="staffer", role=Role.STAFF, language="en")
    return course, lecturer


def open_as(chromium, live_server, username, viewport):
    context = chromium.new_context(base_url=live_server.url, viewport=viewport, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, username, PASSWORD)
    return context, page


def test_the_desktop_timetable_shows_times_lecturer_venue_and_today(chromium, live_server, week):
    course, lecturer = week
    context, page = open_as(chromium, live_server, "staffer", DESKTOP)
    page.goto(f"/courses/{course.pk}/timetable/")
    today = page.locator("table.timetable tr.today")
    assert today.count() == 1
    assert today.get_attribute("aria-current") == "date"
    assert "Today" in today.locator("th").inner_text()
    cell = today.locator(".session")
    text = cell.inner_text()
    assert "14:00–17:00" in text and "Karen Whitfield" in text and "Main Lecture Hall" in text
    assert "08:30–11:45" in page.locator("table.timetable").inner_text()  # a session's own times
    assert "09:00–12:00" in page.locator("table.timetable thead").inner_text()  # the academy's morning
    page.goto(f"/lecturers/{lecturer.pk}/")
    assert "New York" in page.inner_text("main") and "America/New_York" not in page.content()
    context.close()


def test_the_phone_timetable_in_chinese_shows_times_and_marks_today(chromium, live_server, week):
    course, lecturer = week
    context, page = open_as(chromium, live_server, "official", PHONE)
    page.goto(f"/courses/{course.pk}/timetable/")
    assert page.locator("table.timetable").is_hidden()
    today = page.locator(".agenda-day.today")
    assert today.count() == 1 and "今天" in today.locator("h3").inner_text()
    text = today.inner_text()
    assert "下午2:00–下午5:00" in text and "卡伦·惠特菲尔德" in text and "主讲堂" in text
    assert "上午8:30–上午11:45" in page.locator(".agenda").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
