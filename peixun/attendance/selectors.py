"""Reads for the attendance pages: counts per session, the roll-call sheet and what a check-in code offers."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.core.i18n import pick
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session

from . import services
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
        )
        for pk, official_id, name_zh, pinyin, name_en, unit_en, unit_zh in rows
    ]


def checked_in_count(session: Session) -> int:
    """How many of the course's confirmed officials are in the room: checked in, or marked present or late."""
    return Attendance.objects.filter(
        session=session, status__in=CREDITED_STATUSES, enrolment__status=EnrolmentStatus.CONFIRMED
    ).count()


@dataclass(frozen=True)
class CheckInOffer:
    session: Session
    enrolment: Enrolment


def checkin_offer(user, token: str, at: float | None = None) -> CheckInOffer:
    """The session a scanned code would check ``user`` into; writes nothing.

    Refuses (``services.CheckInRefused``) for the reasons ``services.check_in`` would, in the same
    order, so the official reads why before pressing the button rather than after.
    """
    session_id = services.read_token(token, at)
    session = Session.objects.select_related("course__academy").filter(pk=session_id).first()
    if session is None:
        raise services.CheckInRefused(_("This check-in code is for a session that no longer exists."))
    official = getattr(user, "official", None) if user.is_authenticated else None
    if official is None:
        raise services.CheckInRefused(_("Only officials check in. Log in with your own official's account."))
    enrolment = services.confirmed_enrolments(session).filter(official=official).first()
    if enrolment is None:
        raise services.CheckInRefused(
            _("You are not a confirmed participant of “%(course)s”, so you cannot check in to its sessions.")
            % {"course": session.course}
        )
    if timezone.localdate() != session.date:
        raise services.CheckInRefused(
            _("Check-in is open only on the day of the session (%(date)s).") % {"date": session.date.isoformat()}
        )
    if Attendance.objects.filter(session=session, official=official, status__in=CREDITED_STATUSES).exists():
        raise services.CheckInRefused(_("You are already checked in to this session."))
    return CheckInOffer(session=session, enrolment=enrolment)
