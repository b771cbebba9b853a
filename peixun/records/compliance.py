"""Compliance with the training rules, computed by the database.

For any queryset of officials, :func:`with_compliance` adds, per active rule, the class hours done in
the current period, the hours planned (sessions of courses the official is confirmed for, not yet
credited) and the hours required. Each figure is a correlated subquery over the ledger's
``(official, date, hours)`` index, so one official and a whole sending unit are answered by the same
query. :func:`results` classifies each rule from its three figures.

Periods
-------
* A **yearly** rule counts the calendar year of ``as_of``. In the year service began the requirement
  is prorated by the months served, counting the month service began (if the rule says so); before
  service began nothing is required.
* A **service** rule counts windows of ``years`` years from the day service began: a window starting
  on 15 July 2019 runs to 14 July 2024. A window that would start on a day the month lacks (29 February
  in a common year) starts on the 1st of the next month. Officials with no start of service have no
  window, so the rule does not apply to them.

Status of a rule
----------------
* **met**: done reaches the requirement (the smaller of its days and its hours: either satisfies);
* **on track**: the planned courses will make up the rest; or, before the final stretch, done is on
  pace for the share of the period that has passed;
* **short**: not met nor covered by planned courses, and the period is in its final stretch: its last
  ``PEIXUN_COMPLIANCE_FINAL_DAYS`` days (yearly rules) or its last month (windows);
* **at risk**: behind pace with time left.

An official's status is the worst of their rules'.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, ExtractDay, ExtractMonth, ExtractYear

from peixun.attendance.enums import CREDITED_STATUSES
from peixun.attendance.models import Attendance
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Session

from .enums import STATUS_ORDER, ComplianceStatus, RulePeriod
from .models import ComplianceRule, LedgerEntry, hours_to_days

HOURS = DecimalField(max_digits=9, decimal_places=2)
ZERO = Value(Decimal("0"), output_field=HOURS)


# Calendar arithmetic shared by SQL and Python ---------------------------------------------------


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months; a day the target month lacks becomes the 1st of the month after."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if day.day > calendar.monthrange(year, month)[1]:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return datetime.date(year, month, 1)
    return datetime.date(year, month, day.day)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from ``start`` to ``end``: the same count the SQL expression makes."""
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


def _int(expression):
    # PostgreSQL's EXTRACT returns numeric; integer arithmetic (and integer division) needs integers.
    return Cast(expression, IntegerField())


def _sql_months_between(start, end):
    """SQL for :func:`months_between`; ``start`` and ``end`` are expressions or references."""
    return ExpressionWrapper(
        (_int(ExtractYear(end)) - _int(ExtractYear(start))) * 12
        + _int(ExtractMonth(end))
        - _int(ExtractMonth(start))
        - Case(When(condition=Q(_day_before(end, start)), then=1), default=0),
        output_field=IntegerField(),
    )


class _LessThan(Func):
    template = "(%(expressions)s)"
    arg_joiner = " < "
    output_field = BooleanField()
    conditional = True


def _day_before(end, start):
    return _LessThan(_int(ExtractDay(end)), _int(ExtractDay(start)))


# Periods --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def year_period(as_of: datetime.date) -> Period:
    return Period(datetime.date(as_of.year, 1, 1), datetime.date(as_of.year, 12, 31))


def service_window(rule: ComplianceRule, service_began: datetime.date | None, as_of: datetime.date) -> Period | None:
    """The window of service that contains ``as_of``, or None before service began or without a start."""
    if service_began is None or as_of < service_began:
        return None
    length = 12 * rule.years
    index = months_between(service_began, as_of) // length
    start = add_months(service_began, index * length)
    end = add_months(service_began, (index + 1) * length) - datetime.timedelta(days=1)
    return Period(start, end)


def period_for(rule: ComplianceRule, service_began: datetime.date | None, as_of: datetime.date) -> Period | None:
    if rule.period == RulePeriod.YEAR:
        return year_period(as_of)
    return service_window(rule, service_began, as_of)


def required_hours(rule: ComplianceRule, service_began: datetime.date | None, as_of: datetime.date) -> Decimal | None:
    """Python twin of the SQL requirement, for one official (documents and explanations)."""
    if rule.period == RulePeriod.SERVICE:
        return None if service_window(rule, service_began, as_of) is None else rule.threshold_hours
    if service_began is not None and service_began.year > as_of.year:
        return None
    if rule.prorate_first_year and service_began is not None and service_began.year == as_of.year:
        return (rule.threshold_hours * (13 - service_began.month) / 12).quantize(Decimal("0.01"))
    return rule.threshold_hours


# The query ------------------------------------------------------------------------------------


def active_rules() -> list[ComplianceRule]:
    return list(ComplianceRule.objects.filter(active=True))


def _sum(queryset, field: str):
    return Coalesce(Subquery(queryset.order_by().values(total=Func(F(field), function="SUM"))[:1]), ZERO)


def _in_window(rule: ComplianceRule, as_of: datetime.date) -> Q:
    """Rows (ledger entries or sessions) dated in the outer official's current window of service."""
    began = OuterRef("service_began")
    return Q(date__gte=began) & Q(
        _SameWindow(_sql_months_between(began, F("date")), _sql_months_between(began, Value(as_of)), 12 * rule.years)
    )


class _SameWindow(Func):
    """Whether two month counts fall in the same window of ``length`` months (integer division)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, months_a, months_b, length: int):
        super().__init__(months_a, months_b)
        self.length = int(length)

    def as_sql(self, compiler, connection, **extra):
        (a, a_params), (b, b_params) = (compiler.compile(e) for e in self.source_expressions)
        return f"(({a}) / {self.length} = ({b}) / {self.length})", (*a_params, *b_params)


def _done(rule: ComplianceRule, as_of: datetime.date):
    entries = LedgerEntry.objects.filter(official=OuterRef("pk"), date__lte=as_of)
    if rule.period == RulePeriod.YEAR:
        period = year_period(as_of)
        entries = entries.filter(date__gte=period.start)
    else:
        entries = entries.filter(_in_window(rule, as_of))
    return _sum(entries, "hours")


def _planned(rule: ComplianceRule, as_of: datetime.date):
    credited = Attendance.objects.filter(
        session=OuterRef("pk"), official=OuterRef(OuterRef("pk")), status__in=CREDITED_STATUSES
    )
    sessions = Session.objects.filter(
        course__enrolments__official=OuterRef("pk"),
        course__enrolments__status=EnrolmentStatus.CONFIRMED,
        date__gte=as_of,
        class_hours__gt=0,
    ).filter(~Exists(credited))
    if rule.period == RulePeriod.YEAR:
        sessions = sessions.filter(date__lte=year_period(as_of).end)
    else:
        sessions = sessions.filter(_in_window(rule, as_of))
    return _sum(sessions, "class_hours")


def _required(rule: ComplianceRule, as_of: datetime.date):
    full = Value(rule.threshold_hours, output_field=HOURS)
    if rule.period == RulePeriod.SERVICE:
        return Case(
            When(Q(service_began__isnull=True) | Q(service_began__gt=as_of), then=Value(None, output_field=HOURS)),
            default=full,
            output_field=HOURS,
        )
    not_yet = Q(service_began__gt=datetime.date(as_of.year, 12, 31))
    whens = [When(not_yet, then=Value(None, output_field=HOURS))]
    if rule.prorate_first_year:
        first_year = Q(service_began__year=as_of.year)
        prorated = ExpressionWrapper(
            full * (Value(13) - _int(ExtractMonth("service_began"))) / Value(12), output_field=HOURS
        )
        whens.append(When(first_year, then=prorated))
    return Case(*whens, default=full, output_field=HOURS)


def prefix(rule: ComplianceRule) -> str:
    return f"rule{rule.pk}"


def with_compliance(officials: QuerySet, *, as_of: datetime.date, rules: list[ComplianceRule] | None = None):
    """``officials`` annotated, per rule, with ``rule<pk>_done``, ``_planned`` and ``_required`` (class hours).

    The status is classified from these three figures by :func:`results`; in SQL it would repeat each
    subquery once per comparison.
    """
    rules = active_rules() if rules is None else rules
    for rule in rules:
        p = prefix(rule)
        officials = officials.annotate(
            **{
                f"{p}_done": _done(rule, as_of),
                f"{p}_planned": _planned(rule, as_of),
                f"{p}_required": _required(rule, as_of),
            }
        )
    return officials


# Reading the annotations ----------------------------------------------------------------------


@dataclass(frozen=True)
class RuleResult:
    """One rule for one official, in class hours and training days."""

    rule: ComplianceRule
    period: Period | None
    done: Decimal
    planned: Decimal
    required: Decimal | None
    status: str | None

    @property
    def applies(self) -> bool:
        return self.required is not None

    @property
    def shortfall(self) -> Decimal:
        return max(Decimal("0"), (self.required or 0) - self.done)

    @property
    def projected(self) -> Decimal:
        return self.done + self.planned

    @property
    def done_days(self) -> Decimal:
        return hours_to_days(self.done)

    @property
    def required_days(self) -> Decimal:
        return hours_to_days(self.required)

    @property
    def shortfall_days(self) -> Decimal:
        return hours_to_days(self.shortfall)

    @property
    def projected_days(self) -> Decimal:
        return hours_to_days(self.projected)

    @property
    def status_label(self) -> str:
        return ComplianceStatus(self.status).label if self.status else ""


def classify(
    rule: ComplianceRule, period: Period | None, done: Decimal, planned: Decimal, required, as_of: datetime.date
) -> str | None:
    """The status of one rule from its figures (see the module's docstring)."""
    if required is None or period is None:
        return None
    if done >= required:
        return ComplianceStatus.MET
    if done + planned >= required:
        return ComplianceStatus.ON_TRACK
    if rule.period == RulePeriod.YEAR:
        final = (period.end - as_of).days < settings.PEIXUN_COMPLIANCE_FINAL_DAYS
    else:
        final = add_months(period.end + datetime.timedelta(days=1), -1) <= as_of
    if final or as_of > period.end:
        return ComplianceStatus.SHORT
    elapsed = Decimal((as_of - period.start).days + 1) / Decimal((period.end - period.start).days + 1)
    return ComplianceStatus.ON_TRACK if done >= required * elapsed else ComplianceStatus.AT_RISK


def worst(statuses) -> str | None:
    present = [s for s in statuses if s]
    return max(present, key=STATUS_ORDER.index) if present else None


def results(official, rules: list[ComplianceRule], as_of: datetime.date) -> list[RuleResult]:
    """The rule results of an official annotated by :func:`with_compliance`."""
    found = []
    for rule in rules:
        p = prefix(rule)
        period = period_for(rule, official.service_began, as_of)
        done, planned = getattr(official, f"{p}_done"), getattr(official, f"{p}_planned")
        required = getattr(official, f"{p}_required")
        found.append(
            RuleResult(
                rule=rule,
                period=period,
                done=done,
                planned=planned,
                required=required,
                status=classify(rule, period, done, planned, required, as_of),
            )
        )
    return found


@dataclass(frozen=True)
class OfficialCompliance:
    official: object
    rules: list[RuleResult]

    @property
    def status(self) -> str | None:
        return worst(r.status for r in self.rules)

    @property
    def status_label(self) -> str:
        return ComplianceStatus(self.status).label if self.status else ""


def compliance_of(officials: QuerySet, *, as_of: datetime.date, rules: list[ComplianceRule] | None = None):
    """Each official of the queryset with their rule results: one query, whatever the number of officials."""
    rules = active_rules() if rules is None else rules
    return [
        OfficialCompliance(official, results(official, rules, as_of))
        for official in with_compliance(officials, as_of=as_of, rules=rules)
    ]


# The national picture -------------------------------------------------------------------------


@dataclass(frozen=True)
class YearSummary:
    year: int
    officials_trained: int
    hours: Decimal
    reached_yearly: int  # officials whose net class hours that year reach the yearly rule's full requirement


def national_summary(years: list[int], *, officials: QuerySet | None = None) -> list[YearSummary]:
    """Per calendar year: officials with training, their class hours, and how many reached the yearly rule.

    One grouped query per year over the ledger's ``(date, official, hours)`` index. First-year
    proration is not applied here: "reached" means the full yearly requirement.
    """
    rule = ComplianceRule.objects.filter(active=True, period=RulePeriod.YEAR).first()
    threshold = rule.threshold_hours if rule else None
    found = []
    for year in years:
        entries = LedgerEntry.objects.filter(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))
        if officials is not None:
            entries = entries.filter(official__in=officials)
        per_official = entries.order_by().values("official").annotate(total=Sum("hours")).filter(total__gt=0)
        totals = per_official.aggregate(
            officials_trained=Count("official"),
            hours=Coalesce(Sum("total"), ZERO),
            reached=Count("official", filter=Q(total__gte=threshold)) if threshold is not None else Value(0),
        )
        found.append(YearSummary(year, totals["officials_trained"], totals["hours"], totals["reached"]))
    return found
