"""A coordinator's new course starts from what the academy has: its usual class size, and site visits
near the academy, so the first build succeeds."""

import datetime
from decimal import Decimal

import pytest

from peixun.academies.models import Venue
from peixun.core.enums import Role
from peixun.courses.models import Course
from peixun.curriculum.models import OutlineSession
from tests.factories import MONDAY, PASSWORD, AcademyFactory, ModuleFactory, UserFactory, VenueFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_new_course_takes_the_academys_class_size_and_builds_with_venues_near_it(page):
    academy = AcademyFactory(name_en="National Academy for Mayors", city_en="Beijing", usual_capacity=40)
    VenueFactory(academy=academy, kind=Venue.Kind.ROOM, name_en="Seminar Room 2", capacity=50)
    far = VenueFactory(name_en="Yangpu innovation park", city_en="Shanghai", capacity=80)
    near = VenueFactory(name_en="Tsinghua eco-building", city_en="Beijing", capacity=45, open_days=[0, 1, 2, 3, 4])
    template = ModuleFactory(title_en="Green buildings", title_zh="绿色建筑", days=2)
    for day, part, format, title in ((1, 1, "lecture", "Green building codes"), (2, 1, "site_visit", "A visit")):
        outline = OutlineSession.objects.create(
            module=template,
            day=day,
            part_of_day=part,
            format=format,
            title_en=title,
            title_zh="课",
            class_hours=Decimal("3"),
        )
        if format == "site_visit":
            outline.venues.set([far, near])
    UserFactory(username="coord", role=Role.COORDINATOR, academy=academy, language="en")

    log_in(page, "coord", PASSWORD)
    page.goto("/courses/new/")
    assert page.input_value("#id_capacity") == "40"
    page.fill("#id_title_en", "Green Buildings")
    page.fill("#id_title_zh", "绿色建筑")
    page.fill("#id_start", MONDAY.isoformat())
    page.fill("#id_end", (MONDAY + datetime.timedelta(days=13)).isoformat())
    page.check(f"input[name=modules][value='{template.pk}']")
    page.click("button[type=submit].primary")
    page.wait_for_url("**/courses/*/")
    course = Course.objects.get(title_en="Green Buildings")
    assert course.capacity == 40

    page.goto(f"/courses/{course.pk}/timetable/")
    page.click("text=Build timetable")
    page.click("[data-testid=build]")
    page.wait_for_url("**/timetables/proposals/**")
    page.click("[data-testid=accept]")
    page.wait_for_url(f"**/courses/{course.pk}/timetable/")
    visit = course.sessions.get(format="site_visit")
    assert visit.venue == near
    assert "Tsinghua eco-building" in page.inner_text("[data-testid=timetable]")

    page.goto(f"/courses/{course.pk}/sessions/{visit.pk}/")
    offered = page.locator("#id_venue option").all_inner_texts()
    assert "Tsinghua eco-building" in offered and "Seminar Room 2" in offered
    assert "Yangpu innovation park" not in offered
