"""The timetable's goals in plain words with presets for coordinators; the numbers for staff only."""

import pytest
from django.urls import reverse

from peixun.core.enums import Role
from peixun.timetables import goals
from tests.factories import CourseFactory, UserFactory

pytestmark = pytest.mark.django_db

GOAL_KEYS = ["trips", "order", "hours", "dinners", "weekdays", "placed", "spread", "compact", "venue"]


@pytest.fixture
def course():
    return CourseFactory(title_en="Energy Smart Cities")


@pytest.fixture
def coordinator(course):
    return UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy)


@pytest.fixture
def staff():
    return UserFactory(username="staff", role=Role.STAFF)


def build_page(client, user, course) -> str:
    client.force_login(user)
    return client.get(reverse("timetabling:course_build", args=[course.pk])).content.decode()


def test_levels_are_multiples_of_the_usual_weights_and_presets_are_recognised():
    assert goals.levels_of({}) == dict.fromkeys(GOAL_KEYS, "normal")
    assert goals.preset_of({}) == "balanced"
    trips = goals.stored_weights(goals.preset_levels("trips"), None)
    assert trips == {"lecturer_trips": 60, "lecturer_days": 9, "preferred_slot": 2}
    assert goals.preset_of(trips) == "trips"
    placed = goals.stored_weights(goals.preset_levels("placed"), None)
    assert placed["preferred_slot"] == 15 and placed["lecturer_trips"] == 7
    assert goals.preset_of(placed) == "placed"


def test_numbers_set_by_staff_read_as_theirs_and_are_kept_until_a_level_is_chosen():
    stored = {"lecturer_trips": 50}
    assert goals.levels_of(stored)["trips"] == goals.CUSTOM
    assert goals.preset_of(stored) is None
    levels = dict.fromkeys(GOAL_KEYS, "normal") | {"trips": goals.CUSTOM, "dinners": "off"}
    assert goals.stored_weights(levels, stored) == {"lecturer_trips": 50, "dinner_spread": 0}


def test_a_coordinator_sees_the_goals_in_plain_words_and_no_weights_or_command_line(client, coordinator, course):
    page = build_page(client, coordinator, course)

    for words in (
        "Keep visiting lecturers&#x27; trips short",
        "Workshops after their lectures",
        "Spread the dinners",
        "Leave sessions where people put them",
        "Fewest trips for visiting lecturers",
        "Keep what people placed",
    ):
        assert words in page
    assert 'name="goal_trips"' in page
    assert "weight_" not in page and "python -m" not in page and "problem.json" not in page
    assert 'data-testid="advanced"' not in page


def test_staff_also_get_the_advanced_section_with_the_weights_and_the_export(client, staff, course):
    page = build_page(client, staff, course)

    advanced = page.split('data-testid="advanced"')[1].split("</details>")[0]
    assert 'name="weight_lecturer_trips"' in advanced and 'value="20"' in advanced
    assert "python -m peixun.scheduling solve" in advanced
    assert reverse("timetabling:course_problem", args=[course.pk]) in advanced


def test_only_staff_may_set_weights_as_numbers_or_export_the_problem(client, coordinator, staff, course):
    client.force_login(coordinator)
    url = reverse("timetabling:course_build", args=[course.pk])
    assert client.post(url, {"save_weights": "1", "weight_lecturer_trips": "999"}).status_code == 403
    assert client.get(reverse("timetabling:course_problem", args=[course.pk])).status_code == 403
    client.force_login(staff)
    assert client.get(reverse("timetabling:course_problem", args=[course.pk])).status_code == 200


def test_a_coordinator_chooses_a_preset_and_sees_it_in_use(client, coordinator, course):
    client.force_login(coordinator)
    url = reverse("timetabling:course_build", args=[course.pk])

    response = client.post(url, {"preset": "trips"}, follow=True)

    course.refresh_from_db()
    assert course.timetable_weights == {"lecturer_trips": 60, "lecturer_days": 9, "preferred_slot": 2}
    page = response.content.decode()
    assert "The timetabling settings were saved." in page
    assert 'value="trips" class="primary" aria-pressed="true"' in page
    assert 'value="balanced" class="primary"' not in page
    assert client.post(url, {"preset": "fastest"}, follow=True).content.decode().count("Choose one of the presets") == 1


def test_a_goal_staff_set_by_number_shows_as_theirs_to_a_coordinator_and_keeps_its_numbers(client, coordinator, course):
    course.timetable_weights = {"lecturer_trips": 50}
    course.save()

    page = build_page(client, coordinator, course)
    assert "As programme staff set it" in page

    data = {f"goal_{key}": "normal" for key in GOAL_KEYS} | {"goal_trips": goals.CUSTOM, "goal_dinners": "high"}
    client.post(
        reverse("timetabling:course_build", args=[course.pk]),
        data | {"save_settings": "1", "max_class_hours_per_day": "6"},
    )
    course.refresh_from_db()
    assert course.timetable_weights == {"lecturer_trips": 50, "dinner_spread": 6}
