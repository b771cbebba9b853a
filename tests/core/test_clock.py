"""Dates, times and time zones as the reader writes them, and sessions' clock times."""

import datetime
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

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


# Windows ----------------------------------------------------------------------------------------------

SECOND = datetime.timedelta(seconds=1)
OPENS = datetime.datetime(2026, 12, 7, 13, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
CLOSES = datetime.datetime(2026, 12, 7, 17, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def test_a_window_is_open_from_its_opening_moment_until_just_before_it_closes():
    window = clock.Window(opens=OPENS, closes=CLOSES)
    states = [
        (window.has_opened(at), window.is_open(at), window.has_closed(at))
        for at in (OPENS - SECOND, OPENS, CLOSES - SECOND, CLOSES, CLOSES + SECOND)
    ]
    assert states == [
        (False, False, False),
        (True, True, False),
        (True, True, False),
        (True, False, True),
        (True, False, True),
    ]


def test_a_window_compares_moments_not_wall_clocks():
    window = clock.Window(opens=OPENS, closes=CLOSES)
    in_london = OPENS.astimezone(zoneinfo.ZoneInfo("Europe/London"))  # 05:30 there, the same moment
    assert window.is_open(in_london)
    assert not window.is_open(in_london - SECOND)


def test_a_window_says_how_long_until_it_opens_or_closes():
    window = clock.Window(opens=OPENS, closes=CLOSES)
    assert window.seconds_until_change(OPENS - datetime.timedelta(minutes=5)) == 300
    assert window.seconds_until_change(OPENS) == 3.5 * 3600
    assert window.seconds_until_change(CLOSES) is None


def test_a_window_refuses_naive_moments():
    with pytest.raises(ValueError):
        clock.Window(opens=datetime.datetime(2026, 12, 7, 13, 30), closes=CLOSES)
    with pytest.raises(ValueError):
        clock.Window(opens=OPENS, closes=CLOSES).is_open(datetime.datetime(2026, 12, 7, 14, 0))


def test_a_window_across_the_end_of_summer_time_counts_real_hours():
    """New York falls back at 02:00 on 7 November 2027: 01:30 comes twice, an hour apart."""
    new_york = zoneinfo.ZoneInfo("America/New_York")
    first = datetime.datetime(2027, 11, 7, 1, 30, tzinfo=new_york)
    second = datetime.datetime(2027, 11, 7, 1, 30, fold=1, tzinfo=new_york)
    window = clock.Window(opens=first, closes=second)
    assert window.seconds_until_change(first) == 3600
    assert window.is_open(datetime.datetime(2027, 11, 7, 1, 45, tzinfo=new_york))
    assert window.has_closed(second)


@given(
    opens=st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    length=st.timedeltas(min_value=datetime.timedelta(0), max_value=datetime.timedelta(days=400)),
    offset=st.timedeltas(min_value=-datetime.timedelta(days=800), max_value=datetime.timedelta(days=800)),
    zone=st.sampled_from(["UTC", "Asia/Shanghai", "America/New_York", "Europe/London", "Pacific/Auckland"]),
)
def test_a_window_is_open_exactly_when_the_moment_lies_between_its_edges(opens, length, offset, zone):
    opens = opens.replace(tzinfo=datetime.UTC)
    window = clock.Window(opens=opens, closes=opens + length)
    at = (opens + offset).astimezone(zoneinfo.ZoneInfo(zone))
    assert window.is_open(at) == (datetime.timedelta(0) <= offset < length)
    assert window.has_opened(at) == (offset >= datetime.timedelta(0))
    assert window.has_closed(at) == (offset >= length)
    change = window.seconds_until_change(at)
    if window.has_closed(at):
        assert change is None
    else:
        edge = window.opens if not window.has_opened(at) else window.closes
        assert at.astimezone(datetime.UTC) + datetime.timedelta(seconds=change) == edge
