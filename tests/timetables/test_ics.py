"""Calendar files, parsed back as a calendar app reads them."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy
from icalendar import Calendar

from peixun.core.i18n import in_both_languages
from peixun.courses import services
from peixun.courses.models import Enrolment
from peixun.timetables import feeds
from peixun.timetables.ics import PART_OF_DAY_TIMES, session_times
from peixun.timetables.models import FeedKind
from tests.factories import SessionFactory

from .conftest import confirm, teach

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def parse(response) -> Calendar:
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def by_uid(calendar: Calendar) -> dict:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def test_course_file_holds_one_event_per_session_at_the_academys_hours(client, world, full_day):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("timetables:course_ics", args=[world.course.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="timetable-20270301-energy-smart-cities.ics"'
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "Energy Smart Cities / 能源智慧城市"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = by_uid(calendar)
    day = world.course.start
    next_day = day + datetime.timedelta(days=1)
    expected = {
        f"session-{full_day['morning'].pk}@peixun": (at(day, 9), at(day, 12)),
        f"session-{full_day['afternoon'].pk}@peixun": (at(day, 14), at(day, 17)),
        f"session-{full_day['evening'].pk}@peixun": (at(day, 18, 30), at(day, 21)),
        # Lunches hold the afternoon's slot in the timetable but happen at midday.
        f"session-{full_day['lunch'].pk}@peixun": (at(next_day, 12), at(next_day, 13, 30)),
    }
    assert sorted(events) == sorted(expected)
    for uid, (start, end) in expected.items():
        event = events[uid]
        assert (event.start, event.end) == (start, end), uid
        assert event.start.tzinfo.key == "Asia/Shanghai"
        assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"


def test_an_event_says_what_where_and_who_in_both_languages(client, world):
    client.force_login(world.users["staff"])
    calendar = parse(client.get(reverse("timetables:course_ics", args=[world.course.pk])))
    (event,) = calendar.walk("VEVENT")
    venue = world.session.venue
    assert str(event["UID"]) == f"session-{world.session.pk}@peixun"
    assert str(event["SUMMARY"]) == "Energy master planning / 能源总体规划"
    assert str(event["LOCATION"]) == f"{venue.name_en} / {venue.name_zh}"
    description = str(event["DESCRIPTION"]).splitlines()
    assert description == [
        in_both_languages(_lazy("Lecture")),
        f"{in_both_languages(_lazy('Lecturers'))}: Ada Lovelace",
        f"{in_both_languages(_lazy('Course'))}: Energy Smart Cities / 能源智慧城市",
        f"{in_both_languages(_lazy('Academy'))}: NAMC / 市长研修学院",
        f"{in_both_languages(_lazy('Class hours'))}: 3",
    ]
    assert description[0] == "Lecture / 讲座"
    assert str(event["URL"]) == f"http://testserver{reverse('courses:timetable', args=[world.course.pk])}"


def test_the_times_of_the_parts_of_the_day_are_defined_once():
    day = datetime.date(2027, 3, 1)
    assert [session_times(day, part)[0].strftime("%H:%M") for part in (1, 2, 3)] == ["09:00", "14:00", "18:30"]
    assert [end.strftime("%H:%M") for _start, end in PART_OF_DAY_TIMES.values()] == ["12:00", "17:00", "21:00"]


def test_lecturer_feed_spans_every_course_they_teach(client, world):
    other = SessionFactory(
        course=world.other_course,
        date=world.other_course.start + datetime.timedelta(days=2),
        title_en="Green bonds",
        title_zh="绿色债券",
    )
    teach(other, world.lecturer)
    SessionFactory(course=world.other_course, title_en="Not theirs", title_zh="不是他的")
    feed = feeds.create_calendar_feed(actor=world.users["lecturer"], lecturer=world.lecturer)
    calendar = parse(client.get(reverse("timetables:feed", args=[feed.token])))
    assert str(calendar["X-WR-CALNAME"]) == in_both_languages(_lazy("Teaching: %(name)s"), name="Ada Lovelace")
    assert sorted(by_uid(calendar)) == sorted([f"session-{world.session.pk}@peixun", f"session-{other.pk}@peixun"])


def test_official_feed_holds_only_the_courses_they_are_confirmed_in(client, world):
    confirmed_session = world.session
    # Nominated, not confirmed, in the other course: its sessions stay out.
    services.nominate_official(actor=world.users["staff"], course=world.other_course, official=_in_other_unit(world))
    pending = Enrolment.objects.get(course=world.other_course, official=world.official)
    assert pending.status == "nominated"
    SessionFactory(course=world.other_course, title_en="Green bonds", title_zh="绿色债券")
    feed = feeds.create_calendar_feed(actor=world.users["official"], official=world.official)
    url = reverse("timetables:feed", args=[feed.token])

    assert list(by_uid(parse(client.get(url)))) == []  # nominated in both, confirmed in none yet
    confirm(world)
    assert list(by_uid(parse(client.get(url)))) == [f"session-{confirmed_session.pk}@peixun"]


def _in_other_unit(world):
    """Let the world's official be nominated into the other course too, through that course's unit."""
    unit = world.other_course.quotas.get().unit
    official = world.official
    official.sending_unit = unit
    official.save()
    return official


def test_official_feed_is_named_after_the_official(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["official"], official=world.official)
    assert feed.kind == FeedKind.OFFICIAL
    calendar = parse(client.get(reverse("timetables:feed", args=[feed.token])))
    name = str(calendar["X-WR-CALNAME"])
    names = (f"{world.official.name_pinyin} (王伟)", "王伟")
    assert name == in_both_languages(_lazy("Training: %(name)s"), name=names)


def test_cancelled_course_events_say_so(client, world):
    world.course.status = "cancelled"
    world.course.save()
    client.force_login(world.users["staff"])
    (event,) = parse(client.get(reverse("timetables:course_ics", args=[world.course.pk]))).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_an_empty_course_gives_a_valid_empty_calendar(client, world):
    world.session.delete()
    client.force_login(world.users["staff"])
    calendar = parse(client.get(reverse("timetables:course_ics", args=[world.course.pk])))
    assert list(calendar.walk("VEVENT")) == []
    assert str(calendar["VERSION"]) == "2.0"
