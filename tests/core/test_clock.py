"""Dates, times and time zones as the reader writes them, and sessions' clock times."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from peixun.core import clock
from peixun.core.models import User
from peixun.courses import services
from peixun.curriculum.enums import PartOfDay
from tests.factories import AcademyFactory, CourseFactory, SessionFactory

MOMENT = datetime.datetime(2026, 12, 7, 6, 12, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "7 December 2026, 06:12"), ("zh-hans", "2026年12月7日 上午6:12")],
)
def test_a_moment_reads_in_the_readers_language(language, expected):
    with translation.override(language):
        assert clock.when(MOMENT) == expected


def test_a_moment_in_another_zone_is_converted_and_names_its_city():
    with translation.override("zh-hans"), timezone.override("America/New_York"):
        assert clock.when(MOMENT) == "2026年12月6日 下午5:12 (纽约)"
    with translation.override("en"), timezone.override("Europe/London"):
        assert clock.when(MOMENT) == "6 December 2026, 22:12 (London)"


@pytest.mark.parametrize(
    ("zone", "english", "chinese"),
    [
        ("America/New_York", "New York", "纽约"),
        ("Asia/Hong_Kong", "Hong Kong", "香港"),
        ("Europe/London", "London", "伦敦"),
    ],
)
def test_time_zones_are_named_as_cities_in_both_languages(zone, english, chinese):
    with translation.override("en"):
        assert clock.zone_city(zone) == english
    with translation.override("zh-hans"):
        assert clock.zone_city(zone) == chinese


def test_zone_choices_never_show_an_identifier_as_the_label():
    with translation.override("zh-hans"):
        choices = dict(clock.zone_choices())
    assert choices["America/New_York"].startswith("纽约")
    assert not [label for label in choices.values() if "_" in label]


def test_an_unknown_time_zone_is_refused_naming_it():
    with pytest.raises(ValidationError) as excinfo:
        clock.validate_time_zone("Mars/Olympus_Mons")
    assert "Mars/Olympus_Mons" in excinfo.value.messages[0]


@pytest.mark.django_db
def test_a_session_runs_at_its_academys_times_unless_it_has_its_own():
    academy = AcademyFactory(afternoon_start=datetime.time(13, 30), afternoon_end=datetime.time(16, 30))
    course = CourseFactory(academy=academy)
    usual = SessionFactory(course=course, part_of_day=PartOfDay.AFTERNOON)
    own = SessionFactory(
        course=course, part_of_day=PartOfDay.MORNING, start_time=datetime.time(8), end_time=datetime.time(11, 30)
    )
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    assert usual.starts_at == datetime.datetime.combine(course.start, datetime.time(13, 30), tzinfo=shanghai)
    assert usual.ends_at == datetime.datetime.combine(course.start, datetime.time(16, 30), tzinfo=shanghai)
    assert own.clock_times() == (datetime.time(8), datetime.time(11, 30))
    with translation.override("zh-hans"):
        assert clock.clock_range(*usual.clock_times()) == "下午1:30–下午4:30"


@pytest.mark.django_db
@pytest.mark.parametrize(("start", "end"), [(datetime.time(9), None), (None, datetime.time(9)), ((12, 0), (9, 0))])
def test_the_database_refuses_half_or_backward_session_times(start, end):
    start = datetime.time(*start) if isinstance(start, tuple) else start
    end = datetime.time(*end) if isinstance(end, tuple) else end
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionFactory(start_time=start, end_time=end)


@pytest.mark.django_db
def test_moving_a_session_to_another_part_of_the_day_drops_its_own_times():
    staff = User.objects.create_user("staff", role="staff", is_staff=True)
    course = CourseFactory()
    session = SessionFactory(course=course, start_time=datetime.time(8), end_time=datetime.time(11, 30))
    moved = services.update_session(actor=staff, session=session, part_of_day=PartOfDay.AFTERNOON)
    moved.refresh_from_db()
    assert (moved.start_time, moved.end_time) == (None, None)
    assert moved.clock_times() == course.academy.part_times(PartOfDay.AFTERNOON)
