"""What a timetable should aim for: plain goals and presets for coordinators, the numbers for staff."""

import pytest

from peixun.core.enums import Role
from tests.factories import PASSWORD, CourseFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_sees_plain_goals_and_presets_while_staff_also_get_the_advanced_numbers(page):
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    UserFactory(username="staffer", role=Role.STAFF, language="en")
    build = f"/timetables/courses/{course.pk}/build/"

    log_in(page, "coord", PASSWORD)
    page.goto(build)
    goals = page.locator("[data-testid=goals]")
    text = goals.inner_text()
    for words in (
        "Keep visiting lecturers' trips short",
        "Workshops after their lectures",
        "Spread the dinners",
        "Balanced",
        "Fewest trips for visiting lecturers",
        "Keep what people placed",
    ):
        assert words in text
    assert page.locator("input[name^=weight_]").count() == 0
    assert "python -m" not in page.inner_text("body")
    assert page.locator("[data-testid=advanced]").count() == 0
    assert page.get_attribute("[data-testid=preset-balanced]", "aria-pressed") == "true"

    page.click("[data-testid=preset-trips]")
    page.wait_for_selector("[data-testid=preset-trips][aria-pressed=true]")
    assert "The timetabling settings were saved." in page.inner_text(".messages")
    assert page.locator("#id_goal_trips").input_value() == "high"
    page.select_option("#id_goal_dinners", "high")
    page.click("button[name=save_settings]")
    page.wait_for_selector(".messages")
    assert page.locator("#id_goal_dinners").input_value() == "high"
    assert page.locator("[data-testid^=preset-][aria-pressed=true]").count() == 0  # no preset is this mix
    page.click("text=Log out")

    log_in(page, "staffer", PASSWORD)
    page.goto(build)
    advanced = page.locator("[data-testid=advanced]")
    assert not page.locator("input[name=weight_lecturer_trips]").is_visible()  # folded away at first
    advanced.locator("summary").click()
    assert page.locator("input[name=weight_lecturer_trips]").input_value() == "60"
    assert page.locator("input[name=weight_dinner_spread]").input_value() == "6"
    assert "python -m peixun.scheduling solve" in advanced.inner_text()
    page.fill("input[name=weight_lecturer_trips]", "45")
    page.click("button[name=save_weights]")
    page.wait_for_selector(".messages")
    course.refresh_from_db()
    assert course.timetable_weights["lecturer_trips"] == 45
    assert page.locator("#id_goal_trips").input_value() == "custom"  # the coordinator reads it as staff's
