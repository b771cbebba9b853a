"""Timetables as iCalendar files (RFC 5545) that Outlook, Apple Calendar and Google Calendar read.

A calendar is read by people in both languages and cannot know which one they speak, so every text
in it is bilingual: "Energy master planning / 能源总体规划" (the helpers that write both are
:mod:`peixun.core.i18n`'s).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from peixun.core.i18n import bilingual, in_both_languages, person_in_both_languages
from peixun.courses.enums import CourseStatus
from peixun.curriculum.enums import PartOfDay, SessionFormat

#: Every academy is in China; timetables are kept in Beijing time whatever the lecturer's home zone.
ACADEMY_TIME_ZONE = ZoneInfo("Asia/Shanghai")

#: The clock times of the parts of the day. A timetable knows only "morning", "afternoon" and
#: "evening"; a calendar needs times, and these are the academies' usual teaching hours. Dinners are
#: timetabled in the evening slot, so they take the evening's times.
PART_OF_DAY_TIMES: dict[int, tuple[datetime.time, datetime.time]] = {
    PartOfDay.MORNING: (datetime.time(9, 0), datetime.time(12, 0)),
    PartOfDay.AFTERNOON: (datetime.time(14, 0), datetime.time(17, 0)),
    PartOfDay.EVENING: (datetime.time(18, 30), datetime.time(21, 0)),
}
#: Lunches hold the morning's or the afternoon's slot in the timetable, but they happen at midday.
LUNCH_TIMES = (datetime.time(12, 0), datetime.time(13, 30))

PRODUCT_ID = "-//Peixun//Timetables//EN"


def session_times(
    day: datetime.date, part_of_day: int, session_format: str = ""
) -> tuple[datetime.datetime, datetime.datetime]:
    start, end = LUNCH_TIMES if session_format == SessionFormat.LUNCH else PART_OF_DAY_TIMES[part_of_day]
    return (
        datetime.datetime.combine(day, start, tzinfo=ACADEMY_TIME_ZONE),
        datetime.datetime.combine(day, end, tzinfo=ACADEMY_TIME_ZONE),
    )


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False


def build_calendar(
    *, name: str, events: Iterable[CalendarEvent], stamp: datetime.datetime | None = None, description: str = ""
) -> bytes:
    """An iCalendar file holding ``events``, named ``name`` in the calendar app."""
    from icalendar import Calendar, Event

    stamp = stamp or datetime.datetime.now(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("x-wr-timezone", str(ACADEMY_TIME_ZONE))
    # Subscribed calendars ask again after this long (Apple and Outlook honour one or the other).
    calendar.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start)
        event.add("dtend", item.end)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_uid(session_pk: int) -> str:
    return f"session-{session_pk}@peixun"


def session_event(session, url: str = "") -> CalendarEvent:
    """One session as a calendar event. The session comes with its course, academy, venue, sponsor
    and lecturers loaded (see :func:`peixun.timetables.feeds.for_calendar`)."""
    course = session.course
    start, end = session_times(session.date, session.part_of_day, session.format)
    lines = [in_both_languages(SessionFormat(session.format).label)]
    lecturers = [person_in_both_languages(lecturer.name, lecturer.name_zh) for lecturer in session.lecturers.all()]
    if lecturers:
        lines.append(f"{in_both_languages(_('Lecturers'))}: {', '.join(lecturers)}")
    lines.append(f"{in_both_languages(_('Course'))}: {bilingual(course.title_en, course.title_zh)}")
    lines.append(f"{in_both_languages(_('Academy'))}: {bilingual(course.academy.name_en, course.academy.name_zh)}")
    lines.append(f"{in_both_languages(_('Class hours'))}: {session.class_hours.normalize():f}")
    if session.sponsor is not None:
        sponsor = (session.sponsor.name_en, session.sponsor.name_zh or session.sponsor.name_en)
        lines.append(in_both_languages(_("Hosted by %(sponsor)s"), sponsor=sponsor))
    if session.venue is not None and session.venue.address:
        lines.append(session.venue.address)
    return CalendarEvent(
        uid=session_uid(session.pk),
        start=start,
        end=end,
        summary=bilingual(session.title_en, session.title_zh),
        location=bilingual(session.venue.name_en, session.venue.name_zh) if session.venue is not None else "",
        description="\n".join(lines),
        url=url,
        cancelled=course.status == CourseStatus.CANCELLED,
    )


def sessions_calendar(
    *, name: str, sessions: Sequence, session_url=None, description: str = "", stamp: datetime.datetime | None = None
) -> bytes:
    """The iCalendar file of ``sessions``; ``session_url(session)`` gives each event's link, if any."""
    events = [session_event(session, url=session_url(session) if session_url else "") for session in sessions]
    return build_calendar(name=name, events=events, description=description, stamp=stamp)
