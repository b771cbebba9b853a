"""Reads of certificates: who has earned one of a course, which certificates a user may see, and the
certificate a typed code names.

Eligibility
-----------
An official confirmed on a course (or already marked completed) has earned a certificate when the
class hours credited to them for that course reach ``PEIXUN_CERTIFICATE_MIN_SHARE`` of the class hours
timetabled for it. Credits are the ledger's entries for the course, reversals included, so a credit
taken back no longer counts. The database computes it all in one query.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
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

from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session
from peixun.records.models import Certificate, LedgerEntry

from .codes import display_code, normalise_code

#: Enrolments that may earn a certificate.
CERTIFIABLE_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.COMPLETED)

HOURS = DecimalField(max_digits=9, decimal_places=2)


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
