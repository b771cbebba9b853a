"""Sessions placed around the real clock, for tests that go through pages and the browser (which read
the time themselves; services take ``now`` instead).

A session that begins an hour from now may fall after midnight when the tests run late in the evening.
So the course's academy is moved to a time zone where it is around midday now, and the session is
placed there: whatever the hour the tests run, it begins and ends on one day at its academy.
"""

from __future__ import annotations

import datetime
import zoneinfo

from django.utils import timezone

from peixun.courses.models import Course, Session
from tests.factories import SessionFactory

#: No two of these are more than three hours apart, so it is between 10:30 and 13:30 in one of them.
ZONES = [
    "Pacific/Honolulu",
    "America/Los_Angeles",
    "America/New_York",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Moscow",
    "Asia/Kolkata",
    "Asia/Shanghai",
    "Australia/Sydney",
    "Pacific/Auckland",
]


def midday_zone(now: datetime.datetime) -> zoneinfo.ZoneInfo:
    """The zone of :data:`ZONES` where the local time at ``now`` is closest to noon."""

    def from_noon(name: str) -> float:
        local = now.astimezone(zoneinfo.ZoneInfo(name))
        return abs(local.hour * 60 + local.minute - 12 * 60)

    return zoneinfo.ZoneInfo(min(ZONES, key=from_noon))


def session_around_now(
    course: Course,
    *,
    begins_in: datetime.timedelta,
    lasts: datetime.timedelta = datetime.timedelta(hours=3),
    now: datetime.datetime | None = None,
    **fields,
) -> Session:
    """A session of ``course`` beginning ``begins_in`` from now (negative: that long ago) and lasting
    ``lasts``, at its academy, which is moved to a time zone where it is around midday now."""
    now = now or timezone.now()
    zone = midday_zone(now)
    academy = course.academy
    academy.time_zone = str(zone)
    academy.save(update_fields=["time_zone"])
    begins = (now + begins_in).astimezone(zone).replace(microsecond=0)
    ends = begins + lasts
    assert begins.date() == ends.date(), "keep a session around now within a few hours of it"
    return SessionFactory(course=course, date=begins.date(), start_time=begins.time(), end_time=ends.time(), **fields)
