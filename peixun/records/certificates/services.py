"""Every change to certificates goes through these functions: issuing them to the officials who have
earned one, and revoking one.

Issuing
-------
Certificates are handed out at the closing ceremony, so they can be issued from the course's last
day on, never before. Issuing does not change the enrolment's status: the certificate itself is the
record of completion, and the enrolment stays confirmed so the roster, the seat count, the
official's access to the course and later attendance corrections keep working.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.api import webhooks
from peixun.api.models import WebhookEvent
from peixun.attendance.services import credit_ended_sessions
from peixun.core import clock
from peixun.core.audit import record_event
from peixun.core.models import User
from peixun.courses.enums import CourseStatus
from peixun.courses.models import Course
from peixun.people.models import Official
from peixun.records.models import Certificate

from .codes import new_code
from .selectors import AttendanceShare, attendance_shares


def _check_can_issue(course: Course, today: datetime.date) -> None:
    if course.status == CourseStatus.CANCELLED:
        raise ValidationError(_("The course was cancelled; it gives no certificates."))
    if today < course.end:
        raise ValidationError(
            _(
                "Certificates can be issued from the course's last day (%(day)s) on, when every session "
                "has been attended."
            )
            % {"day": clock.day(course.end)}
        )


def _refusals(wanted: list[Official], shares: dict[int, AttendanceShare]) -> list[str]:
    minimum = (Decimal(settings.PEIXUN_CERTIFICATE_MIN_SHARE) * 100).normalize()
    errors = []
    for official in wanted:
        row = shares.get(official.pk)
        if row is None:
            errors.append(
                _("%(official)s is not a confirmed participant of this course.") % {"official": official.name_zh}
            )
        elif row.has_certificate:
            errors.append(
                _("%(official)s already has a certificate (%(code)s); revoke it first to issue a new one.")
                % {"official": official.name_zh, "code": row.display_code}
            )
        elif not row.eligible:
            errors.append(
                _(
                    "%(official)s attended %(hours)s of %(total)s class hours (%(percent)s%%); "
                    "a certificate needs %(minimum)s%%."
                )
                % {
                    "official": official.name_zh,
                    "hours": f"{row.hours.normalize():f}",
                    "total": f"{row.course_hours.normalize():f}",
                    "percent": f"{row.percent.normalize():f}",
                    "minimum": f"{minimum:f}",
                }
            )
    return errors


def _create(*, actor: User, course: Course, row: AttendanceShare, now: datetime.datetime) -> Certificate:
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Certificate.objects.create(
                    course=course,
                    official_id=row.official_id,
                    code=new_code(),
                    hours=row.hours,
                    issued_at=now,
                    issued_by=actor,
                )
        except IntegrityError:
            if Certificate.objects.filter(course=course, official_id=row.official_id, revoked_at__isnull=True).exists():
                raise ValidationError(
                    _("%(official)s was given a certificate at the same moment by someone else.")
                    % {"official": row.name_zh}
                ) from None
            # Two codes alike in 2^60: draw again.
    raise RuntimeError("Could not draw an unused certificate code.")


@transaction.atomic
def issue_certificates(
    *,
    actor: User,
    course: Course,
    officials: list[Official] | None = None,
    now: datetime.datetime | None = None,
) -> list[Certificate]:
    """Issue certificates to every eligible official of the course who has no valid one, or to the
    given officials only. Any given official who has not earned one refuses the whole request.
    ``now`` is the moment of issue (the demo hands out a past course's certificates at its close)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    now = now or timezone.now()
    _check_can_issue(course, timezone.localdate(now))
    credit_ended_sessions(now=now, course=course)  # the last sessions' credits, if not written yet
    shares = {row.official_id: row for row in attendance_shares(course)}
    if officials is None:
        chosen = [row for row in shares.values() if row.eligible and not row.has_certificate]
    else:
        errors = _refusals(list(officials), shares)
        if errors:
            raise ValidationError(errors)
        chosen = [shares[official.pk] for official in officials]
    issued = []
    for row in chosen:
        certificate = _create(actor=actor, course=course, row=row, now=now)
        record_event(
            actor=actor,
            action="certificate.issued",
            instance=certificate,
            course=course,
            changes={"official": [None, row.name_zh], "code": [None, certificate.code], "hours": [None, row.hours]},
        )
        webhooks.emit(WebhookEvent.CERTIFICATE_ISSUED, lambda c=certificate: webhooks.certificate_data(c))
        issued.append(certificate)
    return issued


@transaction.atomic
def revoke_certificate(
    *, actor: User, certificate: Certificate, reason: str, now: datetime.datetime | None = None
) -> Certificate:
    """Withdraw a certificate: verification says it is revoked from ``now`` on. A new one may be issued later."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is being revoked.")})
    certificate = Certificate.objects.select_for_update().select_related("official", "course").get(pk=certificate.pk)
    if certificate.is_revoked:
        raise ValidationError(_("This certificate was already revoked."))
    certificate.revoked_at = now or timezone.now()
    certificate.revoked_by = actor
    certificate.revoke_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
    record_event(
        actor=actor,
        action="certificate.revoked",
        instance=certificate,
        course=certificate.course,
        changes={"revoked_at": [None, certificate.revoked_at], "reason": [None, certificate.revoke_reason]},
    )
    return certificate
