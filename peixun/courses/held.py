"""Sessions already held: history that building a timetable, accepting one and editing by hand leave alone.

A session is held once it has begun (by its clock times at its academy), or once anything was
recorded against it: class hours credited to an official's record, a roll call, a self check-in,
feedback. Those records keep the session's date, so moving it would leave them on the old one.
This is the one definition; the timetable adapter, ``apply_timetables`` and the session services
all ask it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.academies.models import Academy
from peixun.attendance.enums import AttendanceMethod
from peixun.attendance.models import Attendance
from peixun.core import clock
from peixun.curriculum.enums import PartOfDay
from peixun.feedback.models import Evaluation
from peixun.records.models import LedgerEntry

from .enums import HeldReason
from .models import CourseModule, Session


def held_sessions(
    course_ids: Iterable[int], now: datetime.datetime | None = None, *, session_ids: Iterable[int] | None = None
) -> dict[int, HeldReason]:
    """Session id → why it is held, for the held sessions of these courses (of ``session_ids`` among
    them, when given), as of ``now``. One query, whatever the number of sessions."""
    now = now or timezone.now()
    sessions = Session.objects.filter(course_id__in=list(course_ids))
    if session_ids is not None:
        sessions = sessions.filter(pk__in=list(session_ids))
    records = {
        HeldReason.CREDITED: LedgerEntry.objects.filter(session_id=OuterRef("pk")),
        HeldReason.ROLL_CALL: Attendance.objects.filter(session_id=OuterRef("pk"), method=AttendanceMethod.ROLL_CALL),
        HeldReason.CHECKED_IN: Attendance.objects.filter(session_id=OuterRef("pk"), method=AttendanceMethod.CHECK_IN),
        HeldReason.FEEDBACK: Evaluation.objects.filter(session_id=OuterRef("pk")),
    }
    sessions = sessions.select_related("course__academy").annotate(
        **{f"has_{reason.value}": Exists(query) for reason, query in records.items()}
    )
    held: dict[int, HeldReason] = {}
    for session in sessions:
        reason = next((r for r in records if getattr(session, f"has_{r.value}")), None)
        if reason is None and session.starts_at <= now:
            reason = HeldReason.STARTED
        if reason is not None:
            held[session.pk] = reason
    return held


def held_reason(session: Session, now: datetime.datetime | None = None) -> HeldReason | None:
    """Why ``session`` is held, or None while it is still to come and nothing is recorded against it."""
    return held_sessions([session.course_id], now, session_ids=[session.pk]).get(session.pk)


def part_begins(academy: Academy, day: datetime.date, part: int) -> datetime.datetime:
    return datetime.datetime.combine(day, academy.part_times(part)[0], tzinfo=academy.zone)


def first_slot_to_come(academy: Academy, now: datetime.datetime | None = None) -> tuple[datetime.date, int]:
    """The first (date, part of day) at ``academy`` that has not begun: nothing still to place goes earlier."""
    now = now or timezone.now()
    today = timezone.localtime(now, academy.zone).date()
    for part in PartOfDay.values:
        if part_begins(academy, today, part) > now:
            return today, part
    return today + datetime.timedelta(days=1), PartOfDay.MORNING


def begun_first_day(module: CourseModule, held_dates: Iterable[datetime.date]) -> datetime.date | None:
    """The first day a module with held sessions keeps: its own, where its days still hold every one of
    them that falls on a course day. None when nothing of it was held, or when its days no longer fit
    what was held (then the rest of it is placed freely around that history)."""
    held_dates = set(held_dates)
    if not held_dates or module.first_day is None:
        return None
    dates = module.dates()
    if len(dates) < module.days or any(d not in dates for d in held_dates if module.course.is_course_day(d)):
        return None
    return module.first_day


def _slot_text(day: datetime.date, part: int) -> str:
    return f"{clock.day(day)}, {str(PartOfDay(part).label).lower()}"


def stays_message(session: Session, reason: HeldReason) -> str:
    """“Opening lecture” stays on 1 March 2027, morning: it has a roll call."""
    return _("“%(session)s” stays on %(when)s: %(reason)s.") % {
        "session": session,
        "when": _slot_text(session.date, session.part_of_day),
        "reason": reason.label,
    }


def begun_message(title: str, day: datetime.date, part: int) -> str:
    return _("“%(session)s” cannot go to %(when)s: that part of the day has already begun.") % {
        "session": title,
        "when": _slot_text(day, part),
    }
