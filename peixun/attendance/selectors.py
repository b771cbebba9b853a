"""Reads for the attendance pages: counts per session, the roll-call sheet and what a check-in code offers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from peixun.core.i18n import pick
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session

from .enums import CREDITED_STATUSES, AttendanceStatus
from .models import Attendance

MARK_ORDER = [
    AttendanceStatus.PRESENT,
    AttendanceStatus.LATE,
    AttendanceStatus.ABSENT,
    AttendanceStatus.EXCUSED,
]


def sessions_with_counts(course: Course) -> QuerySet[Session]:
    """The course's sessions in time order, each with how many were marked with each status
    (``n_present`` …) and how many of the officials confirmed now were marked at all (``n_marked``)."""
    counts = {
        f"n_{status}": Count("attendance", filter=Q(attendance__status=status)) for status in AttendanceStatus.values
    }
    marked = Count("attendance", filter=Q(attendance__enrolment__status=EnrolmentStatus.CONFIRMED))
    return course.sessions.order_by("date", "part_of_day", "id").annotate(**counts, n_marked=marked)


@dataclass(frozen=True)
class RollCallRow:
    """One confirmed official on the roll-call sheet, with the mark recorded so far (empty if none)."""

    enrolment_id: int
    name_zh: str
    name_pinyin: str
    name_en: str
    unit: str
    status: str
    reason: str
    official_id: int = 0
    unit_en: str = ""
    unit_zh: str = ""


def roll_call_sheet(session: Session) -> list[RollCallRow]:
    """Every confirmed official of the session's course, by name, with their mark so far.

    Two queries whatever the size of the class."""
    recorded = Attendance.objects.filter(session=session).values_list("official_id", "status", "reason")
    marks = {official_id: (status, reason) for official_id, status, reason in recorded}
    rows = (
        Enrolment.objects.filter(course_id=session.course_id, status=EnrolmentStatus.CONFIRMED)
        .order_by("official__search_key", "pk")
        .values_list(
            "pk",
            "official_id",
            "official__name_zh",
            "official__name_pinyin",
            "official__name_en",
            "unit__name_en",
            "unit__name_zh",
        )
    )
    return [
        RollCallRow(
            enrolment_id=pk,
            name_zh=name_zh,
            name_pinyin=pinyin,
            name_en=name_en,
            unit=pick(unit_en, unit_zh),
            status=marks.get(official_id, ("", ""))[0],
            reason=marks.get(official_id, ("", ""))[1],
            official_id=official_id,
            unit_en=unit_en,
            unit_zh=unit_zh,
        )
        for pk, official_id, name_zh, pinyin, name_en, unit_en, unit_zh in rows
    ]


def checked_in_count(session: Session) -> int:
    """How many of the course's confirmed officials are in the room: checked in, or marked present or late."""
    return Attendance.objects.filter(
        session=session, status__in=CREDITED_STATUSES, enrolment__status=EnrolmentStatus.CONFIRMED
    ).count()
