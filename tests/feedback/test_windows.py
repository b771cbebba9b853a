"""When feedback is open: from the moment a session begins, for PEIXUN_FEEDBACK_OPEN_DAYS days (14 by
default), to the second; the list shows only sessions begun and still open, and lists those about to
begin without taking answers; a refusal says when, in the reader's language and time zone."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from peixun.academies.models import Academy
from peixun.core import clock
from peixun.courses.models import Course, Session
from peixun.curriculum.enums import PartOfDay
from peixun.feedback import windows
from peixun.feedback.models import RATINGS, Evaluation
from peixun.feedback.selectors import sessions_for_official
from tests.factories import SessionFactory
from tests.timing import session_around_now

from .conftest import answer

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
STARTS = datetime.datetime(2027, 3, 1, 14, 0, tzinfo=SHANGHAI)
CLOSES = datetime.datetime(2027, 3, 15, 14, 0, tzinfo=SHANGHAI)  # 14 days later, at the same time of day


@pytest.fixture(autouse=True)
def _the_default_window(settings):
    settings.PEIXUN_FEEDBACK_OPEN_DAYS = 14


@pytest.fixture
def afternoon(world) -> Session:
    return SessionFactory(
        course=world.course,
        date=STARTS.date(),
        part_of_day=PartOfDay.AFTERNOON,
        title_en="Smart grids in Seoul",
        title_zh="首尔的智能电网",
        class_hours=Decimal("3"),
    )


@pytest.mark.parametrize(
    ("at", "accepted"),
    [
        (STARTS - SECOND, False),
        (STARTS, True),
        (STARTS + datetime.timedelta(days=7), True),
        (CLOSES - SECOND, True),
        (CLOSES, False),
        (CLOSES + datetime.timedelta(days=30), False),
    ],
    ids=["a second before it begins", "as it begins", "a week on", "a second before it closes", "14 days on", "later"],
)
def test_feedback_is_open_from_the_start_for_fourteen_days(world, afternoon, at, accepted):
    assert windows.feedback_window(afternoon) == clock.Window(opens=STARTS, closes=CLOSES)
    if accepted:
        evaluation = answer(world.official, afternoon, 4, now=at)
        assert evaluation.submitted_at == at
    else:
        with pytest.raises(PermissionDenied):
            answer(world.official, afternoon, 4, now=at)
        assert Evaluation.objects.count() == 0


def test_the_refusal_says_when_feedback_opens_or_when_it_closed(world, afternoon):
    with pytest.raises(PermissionDenied) as early:
        answer(world.official, afternoon, 4, now=STARTS - SECOND)
    assert str(early.value) == "“Smart grids in Seoul” has not begun yet: feedback on it opens at 1 March 2027, 14:00."
    with pytest.raises(PermissionDenied) as late:
        answer(world.official, afternoon, 4, now=CLOSES)
    assert str(late.value) == "Feedback on “Smart grids in Seoul” closed at 15 March 2027, 14:00."


def test_the_refusal_reads_in_the_readers_language_and_time_zone(afternoon):
    with translation.override("zh-hans"), timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        assert windows.feedback_refusal(afternoon, STARTS - SECOND) == (
            "“首尔的智能电网”尚未开始：评价将于2027年3月1日 上午6:00 (伦敦)开放。"
        )
        assert (
            windows.feedback_refusal(afternoon, CLOSES)
            == "“首尔的智能电网”的评价已于2027年3月15日 上午6:00 (伦敦)关闭。"
        )


def test_the_days_are_a_setting(world, afternoon, settings):
    settings.PEIXUN_FEEDBACK_OPEN_DAYS = 3
    with pytest.raises(PermissionDenied, match="closed at 4 March 2027, 14:00"):
        answer(world.official, afternoon, 4, now=STARTS + datetime.timedelta(days=3))
    answer(world.official, afternoon, 4, now=STARTS + datetime.timedelta(days=3) - SECOND)


def test_the_list_shows_sessions_begun_and_open_lists_those_about_to_begin_and_drops_closed_ones(world):
    now = timezone.now()
    begun = session_around_now(world.course, begins_in=-datetime.timedelta(hours=1), title_en="Begun", now=now)
    soon = session_around_now(world.course, begins_in=datetime.timedelta(hours=1), title_en="Soon", now=now)
    # A day either way for the academy's clock: one closes tomorrow or later, the other closed days ago.
    closing = SessionFactory(course=world.course, date=(now - datetime.timedelta(days=12)).date(), title_en="Closing")
    closed = SessionFactory(course=world.course, date=(now - datetime.timedelta(days=17)).date(), title_en="Closed")
    sessions = sessions_for_official(world.official, now)
    assert sessions.to_rate == [begun, closing]
    assert sessions.coming == [soon]
    assert closed not in sessions.to_rate and world.session not in sessions.to_rate  # three weeks ago
    assert world.future not in sessions.coming  # a week away: not yet listed


def test_the_list_of_an_official_reading_chinese_in_new_york_says_when_feedback_opens(client, world):
    user = world.users["official"]
    user.language, user.time_zone = "zh-hans", "America/New_York"
    user.save()
    soon = session_around_now(world.course, begins_in=datetime.timedelta(hours=2), title_zh="智能电网")
    client.force_login(user)
    page = client.get(reverse("feedback:mine")).content.decode()
    with translation.override("zh-hans"), timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        opens = clock.when(soon.starts_at)
    coming = page.split('data-testid="coming"', 1)[1].split("</section>", 1)[0]
    assert "智能电网" in coming and f"评价将于{opens}开放" in coming
    assert "(纽约)" in opens
    assert reverse("feedback:rate", args=[soon.pk]) not in page  # listed, but no way to answer


def test_a_form_for_a_session_not_begun_is_refused_and_takes_no_answer(client, world):
    soon = session_around_now(world.course, begins_in=datetime.timedelta(hours=2), title_en="Smart grids")
    client.force_login(world.users["official"])
    url = reverse("feedback:rate", args=[soon.pk])
    for response in (client.get(url), client.post(url, {name: "4" for name, _label in RATINGS})):
        assert response.status_code == 403
        assert "“Smart grids” has not begun yet: feedback on it opens at" in response.content.decode()
    assert Evaluation.objects.count() == 0


def test_a_follow_up_asked_for_is_due_fourteen_days_after_the_answer(world, afternoon):
    answer(world.official, afternoon, 5, follow_up=True, now=STARTS + datetime.timedelta(hours=4))
    assert world.official.follow_ups.get().due == datetime.date(2027, 3, 15)


# The window for any session, anywhere ---------------------------------------------------------------


def unsaved_session(zone: str, day: datetime.date, start: datetime.time) -> Session:
    academy = Academy(code="a", name_en="A", name_zh="甲", time_zone=zone)
    course = Course(academy=academy, title_en="C", title_zh="课", start=day, end=day)
    end = datetime.time(23, 59)
    return Session(
        course=course,
        date=day,
        part_of_day=PartOfDay.MORNING,
        start_time=start,
        end_time=end,
        title_en="S",
        title_zh="节",
        class_hours=Decimal("3"),
    )


@given(
    zone=st.sampled_from(["Asia/Shanghai", "America/New_York", "Europe/London", "Pacific/Auckland"]),
    day=st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2030, 12, 31)),
    minute=st.integers(min_value=6 * 60, max_value=21 * 60),
    days=st.integers(min_value=0, max_value=60),
    offset=st.integers(min_value=-3 * 86400, max_value=70 * 86400),
)
def test_feedback_is_refused_exactly_outside_its_window(zone, day, minute, days, offset):
    """Open from the moment the session begins until the same time of day at the academy, ``days`` later
    (summer time or not)."""
    local = zoneinfo.ZoneInfo(zone)
    session = unsaved_session(zone, day, datetime.time(minute // 60, minute % 60))
    begins = datetime.datetime.combine(day, session.start_time, tzinfo=local)
    closes = datetime.datetime.combine(day + datetime.timedelta(days=days), session.start_time, tzinfo=local)
    at = begins.astimezone(datetime.UTC) + datetime.timedelta(seconds=offset)
    with override_settings(PEIXUN_FEEDBACK_OPEN_DAYS=days):
        refusal = windows.feedback_refusal(session, at)
    is_open = begins.astimezone(datetime.UTC) <= at < closes.astimezone(datetime.UTC)
    assert (refusal is None) == is_open
    if refusal is not None:
        assert ("has not begun yet" in refusal) == (at < begins.astimezone(datetime.UTC))
