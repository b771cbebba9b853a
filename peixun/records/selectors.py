"""Reads of training records and compliance, scoped to what a user may see.

Whose training record a user may read (see ``rules_ledger``):

* programme staff: everyone's;
* an official: their own;
* a sending unit's contact: the unit's officials;
* an academy coordinator: officials with a current or completed enrolment on one of the academy's
  courses (a withdrawn or declined nomination gives them no further reason to read the record).

Compliance reports cover the same officials, except that officials read only their own record.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, QuerySet, Subquery, Sum
from django.utils import timezone

from peixun.core.enums import Role
from peixun.core.i18n import pick
from peixun.courses.enums import ACTIVE_STATUSES, EnrolmentStatus
from peixun.courses.models import Enrolment, Session
from peixun.courses.selectors import visible_courses
from peixun.people.models import Jurisdiction, Official

from . import compliance
from .enums import STATUS_ORDER, ComplianceStatus
from .models import ComplianceRule, LedgerEntry

#: Enrolments that let an academy's coordinators read the official's training record.
RECORD_STATUSES = (*ACTIVE_STATUSES, EnrolmentStatus.COMPLETED)


def enrolled_at(academy_id: int) -> Exists:
    """Officials with a current or completed enrolment on one of the academy's courses."""
    return Exists(
        Enrolment.objects.filter(official=OuterRef("pk"), course__academy_id=academy_id, status__in=RECORD_STATUSES)
    )


def record_officials(user) -> QuerySet[Official]:
    """The officials whose training record the user may read."""
    officials = Official.objects.select_related("jurisdiction", "sending_unit")
    if not user.is_authenticated or not user.is_active:
        return officials.none()
    if user.is_programme_staff:
        return officials
    if user.role == Role.OFFICIAL:
        return officials.filter(user=user)
    if user.role == Role.UNIT_CONTACT and user.sending_unit_id:
        return officials.filter(sending_unit_id=user.sending_unit_id)
    if user.role == Role.COORDINATOR and user.academy_id:
        return officials.filter(enrolled_at(user.academy_id))
    return officials.none()


def report_officials(user) -> QuerySet[Official]:
    """The officials a user's compliance reports cover (officials read their own record instead)."""
    if user.is_authenticated and user.role == Role.OFFICIAL and not user.is_programme_staff:
        return Official.objects.none()
    return record_officials(user)


# One official's record ---------------------------------------------------------------------------


def ledger_of(official: Official) -> QuerySet[LedgerEntry]:
    """The official's entries, newest first, each with what it reverses and what reversed it."""
    return (
        LedgerEntry.objects.filter(official=official).select_related("reverses", "reversed_by").order_by("-date", "-id")
    )


def upcoming_enrolments(user, official: Official, today: datetime.date) -> QuerySet[Enrolment]:
    """Courses the official is on that have not ended, with the class hours still to come."""
    hours_to_come = (
        Session.objects.filter(course=OuterRef("course"), date__gte=today, class_hours__gt=0)
        .order_by()
        .values("course")
        .annotate(total=Sum("class_hours"))
        .values("total")
    )
    return (
        Enrolment.objects.filter(
            official=official,
            status__in=ACTIVE_STATUSES,
            course__end__gte=today,
            course__in=visible_courses(user).values("pk"),
        )
        .select_related("course__academy")
        .annotate(hours_to_come=Subquery(hours_to_come))
        .order_by("course__start", "course_id")
    )


def compliance_for(official: Official, as_of: datetime.date, rules: list[ComplianceRule] | None = None):
    """The official's :class:`~peixun.records.compliance.OfficialCompliance` on ``as_of`` (one query)."""
    rules = compliance.active_rules() if rules is None else rules
    return compliance.compliance_of(Official.objects.filter(pk=official.pk), as_of=as_of, rules=rules)[0]


# Compliance reports ------------------------------------------------------------------------------


def as_of_for_year(year: int, today: datetime.date | None = None) -> datetime.date:
    """The day a report of ``year`` is computed on: today for the current year, 31 December for past ones."""
    today = today or timezone.localdate()
    return today if year >= today.year else datetime.date(year, 12, 31)


def jurisdiction_and_below(jurisdiction_id: int) -> list[int]:
    """The jurisdiction and every jurisdiction inside it, at any depth (one query for the whole tree)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Jurisdiction.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, stack = [], [jurisdiction_id]
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.append(pk)
        stack.extend(children.get(pk, []))
    return found


@dataclass
class ReportRow:
    """One official in a compliance report."""

    official: Official
    rules: list
    status: str | None
    academies: list = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return ComplianceStatus(self.status).label if self.status else ""


@dataclass
class Group:
    """A line of the summary: the officials of one academy, unit or jurisdiction, counted by status."""

    key: object
    label: str
    counts: dict = field(default_factory=lambda: {status: 0 for status in STATUS_ORDER})
    not_applicable: int = 0
    total: int = 0

    def add(self, status: str | None) -> None:
        self.total += 1
        if status is None:
            self.not_applicable += 1
        else:
            self.counts[status] += 1

    @property
    def applicable(self) -> int:
        return self.total - self.not_applicable

    @property
    def met(self) -> int:
        return self.counts[STATUS_ORDER[0]]

    @property
    def met_share(self) -> float | None:
        """Share of the officials a rule applies to who have met every rule, in per cent."""
        return 100 * self.met / self.applicable if self.applicable else None

    @property
    def ordered_counts(self) -> list[int]:
        return [self.counts[status] for status in STATUS_ORDER]


GROUP_BY = ("unit", "academy", "jurisdiction")


def report_rows(officials: QuerySet[Official], *, as_of: datetime.date, rules, with_academies: bool) -> list[ReportRow]:
    """Every official of the (already scoped and filtered) queryset with their rule results: one query,
    and one more for the academies they are enrolled at when the report groups by academy."""
    rows = [
        ReportRow(official=found.official, rules=found.rules, status=found.status)
        for found in compliance.compliance_of(officials, as_of=as_of, rules=rules)
    ]
    if with_academies and rows:
        by_official: dict[int, list] = {}
        pairs = (
            Enrolment.objects.filter(official__in=officials.values("pk"), status__in=RECORD_STATUSES)
            .values_list("official_id", "course__academy_id", "course__academy__name_en", "course__academy__name_zh")
            .distinct()
            .order_by("course__academy__name_en")
        )
        for official_id, academy_id, name_en, name_zh in pairs:
            by_official.setdefault(official_id, []).append((academy_id, name_en, name_zh))
        for row in rows:
            row.academies = by_official.get(row.official.pk, [])
    return rows


def summarise(rows: list[ReportRow], group_by: str) -> tuple[list[Group], Group]:
    """The rows counted by status per group (an official at several academies counts at each), and in total."""
    groups: dict[object, Group] = {}
    total = Group(key=None, label="")

    def group(key, label) -> Group:
        if key not in groups:
            groups[key] = Group(key=key, label=label)
        return groups[key]

    for row in rows:
        total.add(row.status)
        official = row.official
        if group_by == "academy":
            targets = [group(pk, pick(en, zh)) for pk, en, zh in row.academies] or [group(None, "")]
        elif group_by == "jurisdiction":
            place = official.jurisdiction
            targets = [group(place.pk, place.name) if place else group(None, "")]
        else:
            targets = [group(official.sending_unit_id, official.sending_unit.name)]
        for target in targets:
            target.add(row.status)
    ordered = sorted(groups.values(), key=lambda g: (g.key is None, g.label))
    return ordered, total


def status_rank(status: str | None) -> int:
    """Worst first: short, at risk, on track, met, then officials no rule applies to."""
    return -STATUS_ORDER.index(status) if status else 1


def import_check(batch):
    """The latest check (a job, ``records.jobs``) of an uploaded sheet, or None."""
    from peixun.jobs.models import Job

    from .jobs import CHECK

    return Job.objects.filter(kind=CHECK, params__batch=batch.pk).order_by("-pk").first()


@dataclass
class CheckedRow:
    """A row as its check kept it, with its official read again (one query for the whole sheet)."""

    row_number: int
    values: dict
    messages: list
    official: object
    date: datetime.date | None
    title: str
    provider: str
    credited_hours: object

    @property
    def ok(self) -> bool:
        return not self.messages


def checked_rows(job) -> list[CheckedRow]:
    from decimal import Decimal

    from peixun.people.models import Official

    stored = job.result.get("rows", [])
    ids = {row["official"] for row in stored if row["official"]}
    officials = Official.objects.select_related("sending_unit").in_bulk(ids) if ids else {}
    return [
        CheckedRow(
            row_number=row["row_number"],
            values=row["values"],
            messages=row["messages"],
            official=officials.get(row["official"]),
            date=datetime.date.fromisoformat(row["date"]) if row["date"] else None,
            title=row["title"],
            provider=row["provider"],
            credited_hours=Decimal(row["credited_hours"]) if row["credited_hours"] else None,
        )
        for row in stored
    ]
