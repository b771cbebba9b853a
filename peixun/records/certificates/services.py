"""Certificates of completion: who has earned one, issuing and revoking them, and reading them back.

Eligibility
-----------
An official confirmed on a course (or already marked completed) has earned a certificate when the
class hours credited to them for that course reach ``PEIXUN_CERTIFICATE_MIN_SHARE`` of the class hours
timetabled for it. Credits are the ledger's entries for the course, reversals included, so a credit
taken back no longer counts. The database computes it all in one query.

Issuing
-------
Certificates are handed out at the closing ceremony, so they can be issued from the course's last
day on, never before. Issuing does not change the enrolment's status: the certificate itself is the
record of completion, and the enrolment stays confirmed so the roster, the seat count, the
official's access to the course and later attendance corrections keep working.

Codes
-----
A code is 12 random characters of Crockford's base 32 (60 bits: not guessable, not enumerable),
stored without separators and shown as ``PX-7K3M-Q9TD-2WFA``. :func:`normalise_code` accepts what a
person types: lower case, spaces or no dashes, the ``PX`` prefix or not, and O, I and L for 0, 1, 1.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import (
    BooleanField,
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Round
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.attendance.services import credit_ended_sessions
from peixun.core import clock
from peixun.core.audit import record_event
from peixun.core.enums import Role
from peixun.core.models import User
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session
from peixun.people.models import Official
from peixun.records.models import Certificate, LedgerEntry

#: Enrolments that may earn a certificate.
CERTIFIABLE_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.COMPLETED)

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O or U
CODE_LENGTH = 12
CODE_PREFIX = "PX"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = str.maketrans("", "", " -_.\u2010\u2011\u2012\u2013\u2014\u2212\u00a0")

HOURS = DecimalField(max_digits=9, decimal_places=2)


# Codes ----------------------------------------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def display_code(code: str) -> str:
    """The stored code as people read it: ``PX-7K3M-Q9TD-2WFA``."""
    return "-".join([CODE_PREFIX, *(code[i : i + 4] for i in range(0, len(code), 4))])


def normalise_code(text: str) -> str:
    """The stored form of a code as a person typed it, or "" if it cannot be one."""
    code = (text or "").upper().translate(_SEPARATORS)
    if len(code) == CODE_LENGTH + len(CODE_PREFIX) and code.startswith(CODE_PREFIX):
        code = code[len(CODE_PREFIX) :]
    code = code.translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code


# Reads ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceShare:
    """One official on a course: the class hours credited to them and whether that earns a certificate."""

    enrolment_id: int
    official_id: int
    name_zh: str
    name_pinyin: str
    hours: Decimal
    course_hours: Decimal
    eligible: bool
    certificate_id: int | None
    certificate_code: str | None

    @property
    def share(self) -> Decimal:
        """The share of the course's class hours attended, 0 to 1 (more only if hours were removed)."""
        if not self.course_hours:
            return Decimal("0")
        return (self.hours / self.course_hours).quantize(Decimal("0.001"))

    @property
    def percent(self) -> Decimal:
        return (self.share * 100).quantize(Decimal("0.1"))

    @property
    def has_certificate(self) -> bool:
        return self.certificate_id is not None

    @property
    def display_code(self) -> str:
        return display_code(self.certificate_code) if self.certificate_code else ""


def _hundredths(expression):
    # Whole hundredths of an hour: SQLite computes decimals as floating point, where 24.0 / 30.0 may
    # land a hair under 0.8; in integers the edge case is exact on every database.
    return Cast(Round(ExpressionWrapper(expression * Value(100), output_field=HOURS)), IntegerField())


def _shares(course: Course) -> QuerySet:
    credited = (
        LedgerEntry.objects.filter(course=course, official=OuterRef("official_id"))
        .order_by()
        .values("official")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    course_hours = (
        Session.objects.filter(course=course)
        .order_by()
        .values("course")
        .annotate(total=Sum("class_hours"))
        .values("total")
    )
    valid = Certificate.objects.filter(course=course, official=OuterRef("official_id"), revoked_at__isnull=True)
    numerator, denominator = Decimal(settings.PEIXUN_CERTIFICATE_MIN_SHARE).as_integer_ratio()
    zero = Value(Decimal("0"), output_field=HOURS)
    return (
        Enrolment.objects.filter(course=course, status__in=CERTIFIABLE_STATUSES)
        .annotate(
            hours=Coalesce(Subquery(credited, output_field=HOURS), zero),
            course_hours=Coalesce(Subquery(course_hours, output_field=HOURS), zero),
            certificate_id=Subquery(valid.values("pk")[:1]),
            certificate_code=Subquery(valid.values("code")[:1]),
        )
        .alias(
            hours_scaled=_hundredths(F("hours")) * Value(denominator),
            course_scaled=_hundredths(F("course_hours")) * Value(numerator),
        )
        .annotate(
            eligible=Case(
                When(Q(course_hours__gt=0, hours_scaled__gte=F("course_scaled")), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("official__search_key", "pk")
    )


_SHARE_FIELDS = (
    "pk",
    "official_id",
    "official__name_zh",
    "official__name_pinyin",
    "hours",
    "course_hours",
    "eligible",
    "certificate_id",
    "certificate_code",
)


def _rows(queryset) -> list[AttendanceShare]:
    return [AttendanceShare(*values) for values in queryset.values_list(*_SHARE_FIELDS)]


def attendance_shares(course: Course) -> list[AttendanceShare]:
    """Every official who may earn a certificate of the course, with their hours and share: one query."""
    return _rows(_shares(course))


def eligible_officials(course: Course) -> list[AttendanceShare]:
    """The officials who have earned a certificate of the course (with one or not yet): one query."""
    return _rows(_shares(course).filter(eligible=True))


def visible_certificates(user) -> QuerySet[Certificate]:
    """The certificates a user may see: staff all, coordinators their academy's, a unit's contact the
    unit's officials', an official their own."""
    certificates = Certificate.objects.select_related("course__academy", "official")
    if not user.is_authenticated or not user.is_active:
        return certificates.none()
    if user.is_programme_staff:
        return certificates
    if user.role == Role.COORDINATOR:
        return certificates.filter(course__academy_id=user.academy_id)
    if user.role == Role.UNIT_CONTACT:
        return certificates.filter(official__sending_unit_id=user.sending_unit_id)
    if user.role == Role.OFFICIAL:
        return certificates.filter(official__user=user)
    return certificates.none()


def find_for_verification(text: str) -> Certificate | None:
    """The certificate a typed code names, if any, with what the public page shows.

    Malformed codes run the same single indexed query as well-formed ones, so the time taken says
    nothing more than the answer does.
    """
    code = normalise_code(text) or "-"
    return (
        Certificate.objects.filter(code=code)
        .select_related("official", "course")
        .only(
            "code",
            "revoked_at",
            "official__name_zh",
            "official__name_pinyin",
            "course__title_en",
            "course__title_zh",
            "course__start",
            "course__end",
        )
        .first()
    )


# Writes ---------------------------------------------------------------------------------------


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
