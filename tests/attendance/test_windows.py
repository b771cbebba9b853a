"""When check-in is open: from 30 minutes (PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE) before a session begins
until it ends, to the second; and a refusal that says when, in the reader's language and time zone."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from peixun.academies.models import Academy
from peixun.attendance import services, windows
from peixun.attendance.models import Attendance
from peixun.core import clock
from peixun.courses.models import Course, Session
from peixun.curriculum.enums import PartOfDay
from peixun.records.models import LedgerEntry
from tests.factories import SessionFactory

SECOND = datetime.timedelta(seconds=1)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
#: An afternoon session at the academy (14:00–17:00 in Shanghai): check-in opens at 13:30.
DAY = datetime.date(2027, 3, 1)
STARTS = datetime.datetime(2027, 3, 1, 14, 0, tzinfo=SHANGHAI)
ENDS = datetime.datetime(2027, 3, 1, 17, 0, tzinfo=SHANGHAI)
OPENS = datetime.datetime(2027, 3, 1, 13, 30, tzinfo=SHANGHAI)


@pytest.fixture
def afternoon(klass) -> Session:
    academy = klass.course.academy
    academy.time_zone = "Asia/Shanghai"
    academy.save()
    return SessionFactory(
        course=klass.course,
        date=DAY,
        part_of_day=PartOfDay.AFTERNOON,
        title_en="Site visit: district heating",
        title_zh="现场考察：区域供热",
        class_hours=Decimal("3.0"),
    )


def check_in_at(klass, session, at: datetime.datetime):
    """The official scans the code that the classroom screen shows at ``at``, at that moment."""
    moment = at.timestamp()
    return services.check_in(user=klass.users["official"], token=services.checkin_token(session, at=moment), at=moment)


# The edges, to the second --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("at", "accepted"),
    [
        (OPENS - SECOND, False),
        (OPENS, True),
        (STARTS, True),
        (ENDS - SECOND, True),
        (ENDS, False),
        (ENDS + SECOND, False),
    ],
    ids=[
        "a second before it opens",
        "as it opens",
        "as the session begins",
        "a second before the end",
        "at the end",
        "after the end",
    ],
)
def test_check_in_is_open_from_half_an_hour_before_the_start_until_the_end(klass, afternoon, at, accepted):
    assert windows.checkin_window(afternoon) == clock.Window(opens=OPENS, closes=ENDS)
    if accepted:
        attendance = check_in_at(klass, afternoon, at)
        assert (attendance.status, attendance.session) == ("present", afternoon)
    else:
        with pytest.raises(services.CheckInRefused):
            check_in_at(klass, afternoon, at)
        assert Attendance.objects.count() == 0


@pytest.mark.django_db
def test_the_refusal_says_when_check_in_opens_or_when_it_closed(klass, afternoon):
    with pytest.raises(services.CheckInRefused) as early:
        check_in_at(klass, afternoon, OPENS - SECOND)
    assert str(early.value) == "Check-in for “Site visit: district heating” opens at 1 March 2027, 13:30."
    with pytest.raises(services.CheckInRefused) as late:
        check_in_at(klass, afternoon, ENDS)
    assert str(late.value) == (
        "Check-in for “Site visit: district heating” closed at 1 March 2027, 17:00, when the session ended. "
        "If you attended it, ask the course coordinator to mark you present in the roll call."
    )


@pytest.mark.django_db
def test_the_refusal_reads_in_the_readers_language_and_time_zone(klass, afternoon):
    with translation.override("zh-hans"), timezone.override(zoneinfo.ZoneInfo("Europe/London")):
        assert windows.checkin_refusal(afternoon, OPENS - SECOND) == (
            "“现场考察：区域供热”的签到将于2027年3月1日 上午5:30 (伦敦)开放。"
        )


@pytest.mark.django_db
def test_an_official_scanning_too_early_reads_when_check_in_opens_in_their_language_and_zone(client, klass, afternoon):
    """The page: the official reads Chinese, in New York time; the academy is in Shanghai."""
    user = klass.users["official"]
    user.language, user.time_zone = "zh-hans", "America/New_York"
    user.save()
    client.force_login(user)
    response = client.get(reverse("attendance:checkin", args=[services.checkin_token(afternoon)]))
    assert response.status_code == 403
    # 13:30 in Shanghai is 00:30 in New York: Django writes midnight's hour as 12 (上午12:30).
    assert "“现场考察：区域供热”的签到将于2027年3月1日 上午12:30 (纽约)开放。" in response.content.decode()


@pytest.mark.django_db
def test_the_minutes_before_are_a_setting(klass, afternoon, settings):
    settings.PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE = 45
    assert windows.checkin_window(afternoon).opens == STARTS - datetime.timedelta(minutes=45)
    check_in_at(klass, afternoon, STARTS - datetime.timedelta(minutes=45))
    assert Attendance.objects.count() == 1


@pytest.mark.django_db
def test_a_session_with_its_own_times_opens_by_them(klass, afternoon):
    afternoon.start_time, afternoon.end_time = datetime.time(15, 15), datetime.time(16, 0)
    afternoon.save()
    opens = datetime.datetime(2027, 3, 1, 14, 45, tzinfo=SHANGHAI)
    with pytest.raises(services.CheckInRefused, match="opens at 1 March 2027, 14:45"):
        check_in_at(klass, afternoon, opens - SECOND)
    check_in_at(klass, afternoon, opens)


@pytest.mark.django_db
def test_checking_in_before_the_end_credits_nothing_until_the_end(klass, afternoon):
    check_in_at(klass, afternoon, STARTS)
    assert LedgerEntry.objects.count() == 0
    assert services.credit_ended_sessions(now=ENDS - SECOND) == 0
    assert LedgerEntry.objects.count() == 0
    assert services.credit_ended_sessions(now=ENDS) == 1
    assert list(LedgerEntry.objects.values_list("hours", flat=True)) == [Decimal("3.00")]


# The window for any session, anywhere ---------------------------------------------------------------

ZONES = ["Asia/Shanghai", "Asia/Urumqi", "America/New_York", "Europe/London", "Pacific/Auckland"]


def unsaved_session(zone: str, day: datetime.date, start: datetime.time, end: datetime.time) -> Session:
    academy = Academy(code="a", name_en="A", name_zh="甲", time_zone=zone)
    course = Course(academy=academy, title_en="C", title_zh="课", start=day, end=day)
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
    zone=st.sampled_from(ZONES),
    day=st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2030, 12, 31)),
    start_minute=st.integers(min_value=6 * 60, max_value=20 * 60),
    minutes=st.integers(min_value=30, max_value=240),
    before=st.integers(min_value=0, max_value=120),
    offset=st.integers(min_value=-4 * 3600, max_value=8 * 3600),
)
def test_check_in_is_refused_exactly_outside_its_window(zone, day, start_minute, minutes, before, offset):
    start = datetime.time(start_minute // 60, start_minute % 60)
    end_minute = min(start_minute + minutes, 23 * 60 + 59)
    session = unsaved_session(zone, day, start, datetime.time(end_minute // 60, end_minute % 60))
    begins = datetime.datetime.combine(day, start, tzinfo=zoneinfo.ZoneInfo(zone)).astimezone(datetime.UTC)
    ends = session.ends_at.astimezone(datetime.UTC)
    at = begins + datetime.timedelta(seconds=offset)
    with override_settings(PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE=before):
        refusal = windows.checkin_refusal(session, at)
    is_open = begins - datetime.timedelta(minutes=before) <= at < ends
    assert (refusal is None) == is_open
    if refusal is not None:
        assert ("opens at" in refusal) == (at < ends)
    assert windows.has_ended(session, at) == (at >= ends)
