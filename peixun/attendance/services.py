"""Taking attendance: roll call by a coordinator, self check-in by QR code, and the credits they give.

Marking an official present (or late) credits the session's class hours to their training record;
changing the mark to absent or excused reverses that credit. Every change is audited.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.core.audit import record_event
from peixun.core.models import User
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment, Session
from peixun.records import services as records

from .enums import CREDITED_STATUSES, AttendanceMethod, AttendanceStatus
from .models import Attendance


@dataclass(frozen=True)
class Mark:
    """What the coordinator marked for one official."""

    status: str
    reason: str = ""


def _apply(
    *, actor: User | None, session: Session, enrolment: Enrolment, mark: Mark, method: str, now
) -> Attendance | None:
    """Create or change one official's attendance and keep the ledger in step. None if nothing changed."""
    reason = (mark.reason or "").strip()[:300]
    attendance = (
        Attendance.objects.select_for_update().filter(session=session, official_id=enrolment.official_id).first()
    )
    before = None if attendance is None else (attendance.status, attendance.reason)
    if before == (mark.status, reason):
        return None
    if attendance is None:
        attendance = Attendance(session=session, enrolment=enrolment, official_id=enrolment.official_id)
    was_credited = before is not None and before[0] in CREDITED_STATUSES
    attendance.status, attendance.reason, attendance.method = mark.status, reason, method
    attendance.recorded_by, attendance.recorded_at = actor if actor and actor.pk else None, now
    attendance.save()
    credited = mark.status in CREDITED_STATUSES
    if credited and not was_credited and session.class_hours > 0:  # dinners and lunches credit nothing
        records.credit_session(actor=actor, attendance=attendance)
    elif was_credited and not credited:
        credit = records.current_session_credit(enrolment.official_id, session.pk)
        if credit is not None:
            records.reverse_entry(
                actor=actor,
                entry=credit,
                reason=_("Attendance changed to “%(status)s”.") % {"status": attendance.get_status_display()},
            )
    record_event(
        actor=actor,
        action=f"attendance.{method}",
        instance=attendance,
        course=session.course,
        changes={"status": [before and before[0], mark.status], "reason": [before and before[1], reason]},
    )
    return attendance


def confirmed_enrolments(session: Session):
    return Enrolment.objects.filter(course_id=session.course_id, status=EnrolmentStatus.CONFIRMED)


@transaction.atomic
def record_roll_call(*, actor: User, session: Session, marks: dict[int, Mark]) -> int:
    """Record the marks of a roll call (by enrolment id) all at once; returns how many changed.

    Every mark is checked first; one bad mark refuses the whole roll call, so nothing is half-written.
    """
    enrolments = {e.pk: e for e in confirmed_enrolments(session).select_for_update()}
    errors = []
    for enrolment_id, mark in marks.items():
        if enrolment_id not in enrolments:
            errors.append(_("One of the officials marked is no longer a confirmed participant of this course."))
        elif mark.status not in AttendanceStatus.values:
            errors.append(_("“%(status)s” is not an attendance mark.") % {"status": mark.status})
        elif mark.status == AttendanceStatus.EXCUSED and not (mark.reason or "").strip():
            name = enrolments[enrolment_id].official
            errors.append(_("Give the reason %(official)s is excused.") % {"official": name})
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    changed = 0
    for enrolment_id, mark in marks.items():
        if _apply(
            actor=actor,
            session=session,
            enrolment=enrolments[enrolment_id],
            mark=mark,
            method=AttendanceMethod.ROLL_CALL,
            now=now,
        ):
            changed += 1
    return changed


# Self check-in --------------------------------------------------------------------------------


def _signature(session_id: int, step: int) -> str:
    message = f"peixun.checkin:{session_id}:{step}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:20]


def current_step(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // settings.PEIXUN_CHECKIN_PERIOD)


def checkin_token(session: Session, at: float | None = None) -> str:
    """The code the classroom screen shows now: the session, the 30-second step and a signature."""
    step = current_step(at)
    return f"{session.pk}-{step}-{_signature(session.pk, step)}"


class CheckInRefused(PermissionDenied):
    pass


def read_token(token: str, at: float | None = None) -> int:
    """The session id of a valid, current code; refuses forged, malformed and expired codes."""
    try:
        session_id, step, signature = token.split("-")
        session_id, step = int(session_id), int(step)
    except ValueError:
        raise CheckInRefused(_("This is not a Peixun check-in code.")) from None
    if not hmac.compare_digest(signature, _signature(session_id, step)):
        raise CheckInRefused(_("This check-in code is not genuine."))
    age = current_step(at) - step
    if age < 0 or age >= settings.PEIXUN_CHECKIN_PERIODS_ACCEPTED:
        raise CheckInRefused(
            _(
                "This check-in code has expired. Scan the code on the classroom screen again; "
                "it changes every %(s)s seconds."
            )
            % {"s": settings.PEIXUN_CHECKIN_PERIOD}
        )
    return session_id


@dataclass(frozen=True)
class CheckInTarget:
    session: Session
    enrolment: Enrolment


def checkin_target(*, user: User, token: str, at: float | None = None) -> CheckInTarget:
    """The session a scanned code checks ``user`` into, or the reason it does not; writes nothing.

    The check-in page calls it before showing its button, and :func:`check_in` again when pressed.
    ``at`` is when the code was scanned (now if None).
    """
    session_id = read_token(token, at)
    session = Session.objects.select_related("course__academy").filter(pk=session_id).first()
    if session is None:
        raise CheckInRefused(_("This check-in code is for a session that no longer exists."))
    official = getattr(user, "official", None) if user.is_authenticated else None
    if official is None:
        raise CheckInRefused(_("Only officials check in. Log in with your own official's account."))
    enrolment = confirmed_enrolments(session).filter(official=official).first()
    if enrolment is None:
        raise CheckInRefused(
            _("You are not a confirmed participant of “%(course)s”, so you cannot check in to its sessions.")
            % {"course": session.course}
        )
    scanned_on = timezone.localdate(
        timezone.now() if at is None else datetime.datetime.fromtimestamp(at, tz=datetime.UTC)
    )
    if scanned_on != session.date:
        raise CheckInRefused(
            _("Check-in is open only on the day of the session (%(date)s).") % {"date": session.date.isoformat()}
        )
    if Attendance.objects.filter(session=session, official=official, status__in=CREDITED_STATUSES).exists():
        raise CheckInRefused(_("You are already checked in to this session."))
    return CheckInTarget(session=session, enrolment=enrolment)


@transaction.atomic
def check_in(*, user: User, token: str, at: float | None = None) -> Attendance:
    """An official checks themself in with the code on the classroom screen: once, and only into their course."""
    target = checkin_target(user=user, token=token, at=at)
    try:
        with transaction.atomic():
            attendance = _apply(
                actor=user,
                session=target.session,
                enrolment=target.enrolment,
                mark=Mark(AttendanceStatus.PRESENT),
                method=AttendanceMethod.CHECK_IN,
                now=timezone.now(),
            )
    except IntegrityError:
        attendance = None  # two scans at the same moment: the other one checked the official in
    if attendance is None:
        raise CheckInRefused(_("You are already checked in to this session."))
    return attendance
