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
import math
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateField,
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
from django.db.models.functions import Cast, Coalesce, ExtractMonth, Round

from peixun.attendance.enums import CREDITED_STATUSES
from peixun.attendance.models import Attendance
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment, Session

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


class _WindowEdge(Func):
    """SQL for the first day of the outer official's window of service that contains ``as_of`` (``after=False``)
    or for the last day of that window (``after=True``): :func:`service_window`'s arithmetic, one expression.

    The window's index is the whole months from the start of service to ``as_of`` divided by the window's
    length (``months_between`` in integer division); its first day is service began moved by as many whole
    months as the earlier windows take, and a day the month lacks moves to the 1st of the month after
    (:func:`add_months`). A date range lets the ledger's ``(official, date, hours)`` index find the window's
    entries directly.
    """

    output_field = DateField()

    def __init__(self, began, as_of: datetime.date, length: int, *, after: bool = False):
        super().__init__(began)
        self.as_of, self.length, self.after = as_of, int(length), after

    def _parts(self, compiler, connection):
        began, params = compiler.compile(self.source_expressions[0])
        if params:  # the SQL repeats it: a column (the start of service), never a parameter
            raise ValueError("_WindowEdge needs a column, not an expression with parameters")
        return began, (), self.as_of.year * 12 + self.as_of.month, self.as_of.day, self.length

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        b, params, months, day, length = self._parts(compiler, connection)
        elapsed = (
            f"({months} - date_part('year', {b})::int * 12 - date_part('month', {b})::int"
            f" - ({day} < date_part('day', {b}))::int)"
        )
        shift = f"({elapsed} / {length} * {length}{f' + {length}' if self.after else ''})"
        # date + interval keeps to the month's last day; one day on from that is the 1st of the month after.
        moved = f"({b} + make_interval(months => {shift}))::date"
        sql = f"(CASE WHEN date_part('day', {moved}) < date_part('day', {b}) THEN {moved} + 1 ELSE {moved} END)"
        return (f"({sql} - 1)" if self.after else sql), params

    def as_sqlite(self, compiler, connection, **extra):
        b, params, months, day, length = self._parts(compiler, connection)

        def part(unit: str, value: str) -> str:
            return f"CAST(strftime('%%{unit}', {value}) AS INTEGER)"

        elapsed = f"({months} - {part('Y', b)} * 12 - {part('m', b)} - ({day} < {part('d', b)}))"
        shift = f"({elapsed} / {length} * {length}{f' + {length}' if self.after else ''})"
        # SQLite carries a day the month lacks into the next month; its 1st is where the window starts.
        moved = f"date({b}, {shift} || ' months')"
        sql = f"(CASE WHEN {part('d', moved)} <> {part('d', b)} THEN date({moved}, 'start of month') ELSE {moved} END)"
        return (f"date({sql}, '-1 day')" if self.after else sql), params


def _done(rule: ComplianceRule, as_of: datetime.date):
    entries = LedgerEntry.objects.filter(official=OuterRef("pk"), date__lte=as_of)
    if rule.period == RulePeriod.YEAR:
        entries = entries.filter(date__gte=year_period(as_of).start)
    else:
        began = OuterRef("service_began")
        entries = entries.filter(Q(date__gte=began) & Q(date__gte=_WindowEdge(began, as_of, 12 * rule.years)))
    return _sum(entries, "hours")


def _planned(rule: ComplianceRule, as_of: datetime.date):
    # Sessions of the courses the official is confirmed for (an IN list of course ids: no join through
    # the course), not yet credited to them by attendance. One they are checked in to counts as planned
    # until its class hours are credited, when it ends.
    confirmed = Enrolment.objects.filter(official=OuterRef(OuterRef("pk")), status=EnrolmentStatus.CONFIRMED)
    credited = Attendance.objects.filter(
        session=OuterRef("pk"),
        official=OuterRef(OuterRef("pk")),
        status__in=CREDITED_STATUSES,
        credited_at__isnull=False,
    )
    sessions = Session.objects.filter(
        course__in=confirmed.values("course_id"), date__gte=as_of, class_hours__gt=0
    ).filter(~Exists(credited))
    if rule.period == RulePeriod.YEAR:
        sessions = sessions.filter(date__lte=year_period(as_of).end)
    else:
        began = OuterRef("service_began")
        last = _WindowEdge(began, as_of, 12 * rule.years, after=True)
        sessions = sessions.filter(Q(date__gte=began) & Q(date__lte=last))
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


_ANNOTATIONS: dict[tuple, tuple] = {}


def _figures(rule: ComplianceRule, as_of: datetime.date) -> tuple:
    """The done, planned and required expressions of one rule on one day, built once and reused.

    Building them is most of the Python time of a small query. They are templates (every ``annotate``
    resolves its own copy), so they are kept per day and per everything of the rule they depend on.
    """
    key = (as_of, rule.period, rule.years, rule.threshold_hours, rule.prorate_first_year)
    found = _ANNOTATIONS.get(key)
    if found is None:
        if len(_ANNOTATIONS) >= 64:
            _ANNOTATIONS.clear()
        found = _ANNOTATIONS[key] = (_done(rule, as_of), _planned(rule, as_of), _required(rule, as_of))
    return found


def with_compliance(officials: QuerySet, *, as_of: datetime.date, rules: list[ComplianceRule] | None = None):
    """``officials`` annotated, per rule, with ``rule<pk>_done``, ``_planned`` and ``_required`` (class hours).

    The status is classified from these three figures by :func:`results`; in SQL it would repeat each
    subquery once per comparison.
    """
    rules = active_rules() if rules is None else rules
    annotations = {}
    for rule in rules:
        p = prefix(rule)
        done, planned, required = _figures(rule, as_of)
        annotations.update({f"{p}_done": done, f"{p}_planned": planned, f"{p}_required": required})
    return officials.annotate(**annotations) if annotations else officials


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

    One query for all the years: each official's net class hours per year are summed side by side in
    one pass over the ledger's ``(official, date, hours)`` index, whose order groups each official's
    entries without sorting or hashing a million officials once per year; the years are then counted
    from those sums. The sums are in integer hundredths of a class hour (hours have two decimals):
    PostgreSQL adds integers much faster than numerics and passes them between parallel workers
    without copying. First-year proration is not applied here: "reached" means the full yearly
    requirement.
    """
    if not years:
        return []
    rule = ComplianceRule.objects.filter(active=True, period=RulePeriod.YEAR).first()
    # An official's net hundredths reach the rule's hours when they reach them rounded up.
    reach = math.ceil(rule.threshold_hours * 100) if rule else None
    entries = LedgerEntry.objects.filter(
        date__gte=datetime.date(min(years), 1, 1), date__lte=datetime.date(max(years), 12, 31)
    )
    if officials is not None:
        entries = entries.filter(official__in=officials)
    hundredths = Cast(Round(F("hours") * 100), IntegerField())
    per_official = (
        entries.order_by()
        .values("official")
        .annotate(
            **{
                f"net{year}": Sum(
                    hundredths, filter=Q(date__gte=datetime.date(year, 1, 1), date__lte=datetime.date(year, 12, 31))
                )
                for year in years
            }
        )
    )
    counts = {}
    for year in years:
        trained = Q(**{f"net{year}__gt": 0})
        counts[f"trained{year}"] = Count("official", filter=trained)
        counts[f"hundredths{year}"] = Sum(f"net{year}", filter=trained)
        counts[f"reached{year}"] = (
            Count("official", filter=Q(**{f"net{year}__gte": reach})) if reach is not None else Value(0)
        )
    totals = per_official.aggregate(**counts)
    return [
        YearSummary(
            year,
            totals[f"trained{year}"],
            Decimal(totals[f"hundredths{year}"] or 0).scaleb(-2),
            totals[f"reached{year}"],
        )
        for year in years
    ]
