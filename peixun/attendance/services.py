"""Taking attendance: roll call by a coordinator, self check-in by QR code, and the credits they give.

Self check-in is open from shortly before a session begins until it ends (``windows.py``). A mark
present (or late) records that the official is there; the session's class hours are credited to their
training record once the session has ended, by :func:`credit_ended_sessions`, which runs

* when a roll call is saved (a roll call taken after the end credits at once),
* when an official's training record is read, for that official,
* and periodically (``manage.py credit_ended_sessions``), so that records, reports and certificates
  are up to date without anyone opening a page.

Each mark is credited at most once: crediting locks the mark and sets its ``credited_at``, so two runs
at the same moment never credit it twice. Changing a credited mark to absent or excused reverses the
credit (the ledger is append-only). Every change is audited.
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

from peixun.api import webhooks
from peixun.api.models import WebhookEvent
from peixun.core.audit import record_event
from peixun.core.models import User
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment, Session
from peixun.records import services as records

from .enums import CREDITED_STATUSES, AttendanceMethod, AttendanceStatus
from .models import Attendance
from .windows import checkin_refusal, has_ended


@dataclass(frozen=True)
class Mark:
    """What the coordinator marked for one official."""

    status: str
    reason: str = ""


def _apply(
    *, actor: User | None, session: Session, enrolment: Enrolment, mark: Mark, method: str, now
) -> Attendance | None:
    """Create or change one official's attendance and keep the ledger in step. None if nothing changed.

    A mark present or late is credited later, once the session has ended (:func:`credit_ended_sessions`);
    a credited mark changed to absent or excused has its credit reversed at once."""
    reason = (mark.reason or "").strip()[:300]
    attendance = (
        Attendance.objects.select_for_update().filter(session=session, official_id=enrolment.official_id).first()
    )
    before = None if attendance is None else (attendance.status, attendance.reason)
    if before == (mark.status, reason):
        return None
    if attendance is None:
        attendance = Attendance(session=session, enrolment=enrolment, official_id=enrolment.official_id)
    attendance.status, attendance.reason, attendance.method = mark.status, reason, method
    attendance.recorded_by, attendance.recorded_at = actor if actor and actor.pk else None, now
    if attendance.credited_at is not None and mark.status not in CREDITED_STATUSES:
        credit = records.current_session_credit(enrolment.official_id, session.pk)
        if credit is not None:
            records.reverse_entry(
                actor=actor,
                entry=credit,
                reason=_("Attendance changed to “%(status)s”.") % {"status": attendance.get_status_display()},
            )
        attendance.credited_at = None
    attendance.save()
    record_event(
        actor=actor,
        action=f"attendance.{method}",
        instance=attendance,
        course=session.course,
        changes={"status": [before and before[0], mark.status], "reason": [before and before[1], reason]},
    )
    webhooks.emit(WebhookEvent.ATTENDANCE_RECORDED, lambda: webhooks.attendance_data(attendance))
    return attendance


def credit_ended_sessions(
    *,
    now: datetime.datetime | None = None,
    actor: User | None = None,
    session: Session | None = None,
    official=None,
    course=None,
) -> int:
    """Credit the class hours of every mark present or late whose session has ended by ``now`` and that
    is not credited yet; returns how many were credited. Only one ``session``, ``official`` or
    ``course``, if given.

    Safe to run at any time and as often as wanted, also several at once: each mark is locked, checked
    again and credited once (its ``credited_at`` says so). Sessions without class hours (dinners) are
    never credited; a session that has not ended is left for a later run."""
    now = now or timezone.now()
    # No academy's clock is more than a day ahead of UTC: nothing dated later can have ended.
    latest = (now.astimezone(datetime.UTC) + datetime.timedelta(days=1)).date()
    due = Attendance.objects.filter(
        status__in=CREDITED_STATUSES,
        credited_at__isnull=True,
        session__class_hours__gt=0,
        session__date__lte=latest,
    )
    if session is not None:
        due = due.filter(session=session)
    if official is not None:
        due = due.filter(official=official)
    if course is not None:
        due = due.filter(session__course=course)
    candidates = due.select_related("session__course__academy").order_by("pk")
    ended = {attendance.pk: attendance.session for attendance in candidates if has_ended(attendance.session, now)}
    if not ended:
        return 0
    credited = 0
    with transaction.atomic():
        # Locked in the order of their ids, so that two runs never wait on each other in a circle; a
        # mark another run credited (or someone changed to absent) meanwhile no longer matches: skipped.
        locked = Attendance.objects.filter(pk__in=list(ended), status__in=CREDITED_STATUSES, credited_at__isnull=True)
        for attendance in locked.select_for_update().order_by("pk"):
            attendance.session = ended[attendance.pk]
            records.credit_session(actor=actor, attendance=attendance)
            attendance.credited_at = now
            attendance.save(update_fields=["credited_at"])
            credited += 1
    return credited


def confirmed_enrolments(session: Session):
    return Enrolment.objects.filter(course_id=session.course_id, status=EnrolmentStatus.CONFIRMED)


@transaction.atomic
def record_roll_call(
    *, actor: User, session: Session, marks: dict[int, Mark], now: datetime.datetime | None = None
) -> int:
    """Record the marks of a roll call (by enrolment id) all at once; returns how many changed.

    Every mark is checked first; one bad mark refuses the whole roll call, so nothing is half-written.
    Taken after the session ended (by ``now``), it credits those present or late at once; taken
    earlier, it records who is there and the credit comes when the session ends.
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
    now = now or timezone.now()
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
    credit_ended_sessions(now=now, actor=actor, session=session)
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


class CheckInNotOpen(CheckInRefused):
    """Check-in to the session has not opened yet, or has closed: the reason says when."""


def _moment(at: float | None) -> datetime.datetime:
    return timezone.now() if at is None else datetime.datetime.fromtimestamp(at, tz=datetime.UTC)


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
    ``at`` is when the code was scanned (now if None): the code must be current then, and check-in open.
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
    refusal = checkin_refusal(session, _moment(at))
    if refusal:
        raise CheckInNotOpen(refusal)
    if Attendance.objects.filter(session=session, official=official, status__in=CREDITED_STATUSES).exists():
        raise CheckInRefused(_("You are already checked in to this session."))
    return CheckInTarget(session=session, enrolment=enrolment)


@transaction.atomic
def check_in(*, user: User, token: str, at: float | None = None) -> Attendance:
    """An official checks themself in with the code on the classroom screen: once, only into their course,
    and only while check-in is open. The class hours are credited when the session ends."""
    target = checkin_target(user=user, token=token, at=at)
    now = timezone.now()
    try:
        with transaction.atomic():
            attendance = _apply(
                actor=user,
                session=target.session,
                enrolment=target.enrolment,
                mark=Mark(AttendanceStatus.PRESENT),
                method=AttendanceMethod.CHECK_IN,
                now=now,
            )
    except IntegrityError:
        attendance = None  # two scans at the same moment: the other one checked the official in
    if attendance is None:
        raise CheckInRefused(_("You are already checked in to this session."))
    # Scanned in time by someone who had to log in first, the session may have ended since.
    credit_ended_sessions(now=now, actor=user, session=target.session, official=attendance.official_id)
    attendance.refresh_from_db(fields=["credited_at"])
    return attendance
