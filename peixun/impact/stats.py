"""The programme's impact in figures: who was trained, the people they lead, what they thought of it.

Every figure is computed in the database (``Count(distinct)``, ``Sum``, ``Avg`` over ``values()``),
with a fixed number of queries whatever the number of officials. The definitions, also written out
for readers in ``docs/impact.md``:

Held course
    A course whose last day is before today and whose status is not *cancelled*. The year of a
    course is the year of its last day; the year filters and the year breakdown use it.

Trained official
    An official with an enrolment *confirmed* or *completed* in a held course. Each official counts
    once overall, and once in each bucket of a breakdown (an official trained in two years counts in
    both years and once in the total; so the buckets may add up to more than the total).

Topic
    The topics of the course's modules (``CourseModule.topics``). Courses without topics are in no
    topic bucket.

Combined population led
    The jurisdictions of the trained officials, each counted once, leaving out every place that lies
    inside another of those places: a province and a city in it count as the province; two cities of
    a province that is not itself among the places count as both cities. Officials without a
    jurisdiction (SOE executives, central-government officers) add nothing. A place's ancestors are
    reached through ``parent``, ``parent__parent``, ... as many steps as there are jurisdiction
    levels below the top one (see :data:`ANCESTOR_LOOKUPS`), which reads the same on SQLite and
    PostgreSQL; a recursive CTE would be needed only if the levels could nest deeper than that.

Executives and companies
    Trained officials whose position category is *SOE executive*; their companies are the distinct
    sending units of those enrolments (the unit that sent them to the course, as it was then) whose
    kind is SOE or company.

Courses held and class hours delivered
    The held courses, and the sum of the class hours of their sessions (dinners and lunches credit
    none).

Feedback
    The averages of the five ratings (1-5) of the session evaluations of held courses, by the
    course's year and by course, counting only the answers released to readers without names
    (``peixun/feedback/release.py``).

A :class:`Scope` says which courses count: the academies (``None`` for all), an inclusive range of
years, and the day that counts as today. An empty scope (an invalid filter) counts nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from peixun.core.i18n import pick
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session
from peixun.feedback.models import RATINGS, Evaluation
from peixun.feedback.release import released_answers
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory
from peixun.people.models import Jurisdiction

#: Enrolment statuses of an official who took part in a course.
TRAINED_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.COMPLETED)
#: Kinds of sending unit that count as the companies SOE executives run.
COMPANY_KINDS = (OrganisationKind.SOE, OrganisationKind.COMPANY)
#: The lookups that reach a place's ancestors. Levels nest province > prefecture > county > district,
#: so a place has at most one ancestor per level above its own.
ANCESTOR_LOOKUPS = tuple("__".join(["parent"] * depth) for depth in range(1, len(JurisdictionLevel)))
#: The five rating fields of an evaluation, in the order of the feedback form.
RATING_FIELDS = tuple(name for name, _question in RATINGS)


@dataclass(frozen=True)
class Scope:
    """Which courses the figures cover."""

    today: datetime.date
    academy_ids: tuple[int, ...] | None = None
    year_from: int | None = None
    year_to: int | None = None
    empty: bool = False


def _held(scope: Scope, prefix: str = "") -> Q:
    """The held courses of the scope, as a condition on ``prefix`` (the path to a course)."""
    if scope.empty:
        return Q(**{f"{prefix}pk__in": []})
    condition = Q(**{f"{prefix}end__lt": scope.today}) & ~Q(**{f"{prefix}status": CourseStatus.CANCELLED})
    if scope.academy_ids is not None:
        condition &= Q(**{f"{prefix}academy_id__in": scope.academy_ids})
    if scope.year_from is not None:
        condition &= Q(**{f"{prefix}end__year__gte": scope.year_from})
    if scope.year_to is not None:
        condition &= Q(**{f"{prefix}end__year__lte": scope.year_to})
    return condition


def held_courses(scope: Scope) -> QuerySet[Course]:
    return Course.objects.filter(_held(scope))


def trained_enrolments(scope: Scope) -> QuerySet[Enrolment]:
    """The enrolments that make their officials count as trained."""
    return Enrolment.objects.filter(_held(scope, "course__"), status__in=TRAINED_STATUSES)


def counted_places(scope: Scope) -> QuerySet[Jurisdiction]:
    """The places whose population counts: those of trained officials, less those inside another."""
    led = (
        trained_enrolments(scope)
        .filter(official__jurisdiction__isnull=False)  # a NULL in NOT IN (...) would exclude every row
        .values("official__jurisdiction")
    )
    places = Jurisdiction.objects.filter(pk__in=led)
    for lookup in ANCESTOR_LOOKUPS:
        places = places.exclude(**{f"{lookup}__in": led})
    return places


# ---------------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Bucket:
    """One row of a breakdown."""

    key: object
    label_en: str
    label_zh: str
    officials: int = 0
    courses: int | None = None
    class_hours: Decimal | None = None
    places: int | None = None
    population: int | None = None

    @property
    def label(self) -> str:
        return pick(self.label_en, self.label_zh)


@dataclass(frozen=True)
class FeedbackRow:
    """The average ratings of a year's or a course's evaluations."""

    key: object
    label_en: str
    label_zh: str
    responses: int
    averages: tuple[float | None, ...]  # in the order of RATING_FIELDS
    detail: str = ""  # for a course: its academy and dates

    @property
    def label(self) -> str:
        return pick(self.label_en, self.label_zh)

    def average(self, rating: str) -> float | None:
        return self.averages[RATING_FIELDS.index(rating)]


@dataclass(frozen=True)
class Headline:
    officials_trained: int
    population_led: int
    executives_trained: int
    companies: int
    courses_held: int
    class_hours: Decimal
    #: The year the first held course began, or None when none was held.
    since: int | None


@dataclass(frozen=True)
class ImpactFigures:
    headline: Headline
    by_year: list[Bucket]
    by_academy: list[Bucket]
    by_topic: list[Bucket]
    by_position: list[Bucket]
    by_level: list[Bucket]
    feedback_by_year: list[FeedbackRow]
    feedback_by_course: list[FeedbackRow] = field(default_factory=list)


def _labels_in_both(label) -> tuple[str, str]:
    """A choice's label (or a lazy message) in English and in Chinese."""
    label = getattr(label, "label", label)
    with translation.override("en"):
        english = str(label)
    with translation.override("zh-hans"):
        chinese = str(label)
    return english, chinese


def _hours(value) -> Decimal:
    return Decimal(value or 0)


def _course_groups(scope: Scope) -> list[dict]:
    """Held courses and their class hours per academy and year: one query feeds the headline and two tables."""
    return list(
        held_courses(scope)
        .values("academy_id", "academy__name_en", "academy__name_zh", year=ExtractYear("end"))
        .annotate(courses=Count("pk", distinct=True), hours=Sum("sessions__class_hours"), first_day=Min("start"))
        .order_by()
    )


def _official_totals(scope: Scope) -> dict:
    executive = Q(official__position_category=PositionCategory.SOE_EXECUTIVE)
    return trained_enrolments(scope).aggregate(
        officials=Count("official", distinct=True),
        executives=Count("official", distinct=True, filter=executive),
        companies=Count("unit", distinct=True, filter=executive & Q(unit__kind__in=COMPANY_KINDS)),
    )


def _population_by_level(scope: Scope) -> dict[str, dict]:
    rows = counted_places(scope).values("level").annotate(places=Count("pk"), population=Sum("population")).order_by()
    return {row["level"]: row for row in rows}


def _headline(totals: dict, groups: list[dict], population: dict[str, dict]) -> Headline:
    first_days = [group["first_day"] for group in groups]
    return Headline(
        officials_trained=totals["officials"] or 0,
        population_led=sum(row["population"] or 0 for row in population.values()),
        executives_trained=totals["executives"] or 0,
        companies=totals["companies"] or 0,
        courses_held=sum(group["courses"] for group in groups),
        class_hours=sum((_hours(group["hours"]) for group in groups), Decimal(0)),
        since=min(first_days).year if first_days else None,
    )


def headline(scope: Scope) -> Headline:
    """The headline figures alone (three queries), as the public figures show them."""
    return _headline(_official_totals(scope), _course_groups(scope), _population_by_level(scope))


def _by_year(scope: Scope, groups: list[dict]) -> list[Bucket]:
    officials = dict(
        trained_enrolments(scope)
        .values(year=ExtractYear("course__end"))
        .annotate(n=Count("official", distinct=True))
        .values_list("year", "n")
        .order_by()
    )
    courses: dict[int, int] = {}
    hours: dict[int, Decimal] = {}
    for group in groups:
        courses[group["year"]] = courses.get(group["year"], 0) + group["courses"]
        hours[group["year"]] = hours.get(group["year"], Decimal(0)) + _hours(group["hours"])
    years = set(officials) | set(courses)
    if not years:
        return []
    # Every year from the first to the last, a year without courses included: a trend shows its gaps.
    return [
        Bucket(
            key=year,
            label_en=str(year),
            label_zh=f"{year}年",
            officials=officials.get(year, 0),
            courses=courses.get(year, 0),
            class_hours=hours.get(year, Decimal(0)),
        )
        for year in range(min(years), max(years) + 1)
    ]


def _by_academy(scope: Scope, groups: list[dict]) -> list[Bucket]:
    rows = (
        trained_enrolments(scope)
        .values("course__academy_id", "course__academy__name_en", "course__academy__name_zh")
        .annotate(n=Count("official", distinct=True))
        .order_by()
    )
    names: dict[int, tuple[str, str]] = {}
    officials: dict[int, int] = {}
    for row in rows:
        academy = row["course__academy_id"]
        names[academy] = (row["course__academy__name_en"], row["course__academy__name_zh"])
        officials[academy] = row["n"]
    courses: dict[int, int] = {}
    hours: dict[int, Decimal] = {}
    for group in groups:
        academy = group["academy_id"]
        names[academy] = (group["academy__name_en"], group["academy__name_zh"])
        courses[academy] = courses.get(academy, 0) + group["courses"]
        hours[academy] = hours.get(academy, Decimal(0)) + _hours(group["hours"])
    buckets = [
        Bucket(
            key=academy,
            label_en=name_en,
            label_zh=name_zh,
            officials=officials.get(academy, 0),
            courses=courses.get(academy, 0),
            class_hours=hours.get(academy, Decimal(0)),
        )
        for academy, (name_en, name_zh) in names.items()
    ]
    return sorted(buckets, key=lambda b: (-b.officials, -b.courses, b.label_en))


def _by_topic(scope: Scope) -> list[Bucket]:
    topic = "course__modules__topics"
    rows = (
        trained_enrolments(scope)
        .filter(**{f"{topic}__isnull": False})
        .values(topic, f"{topic}__name_en", f"{topic}__name_zh", f"{topic}__order")
        .annotate(n=Count("official", distinct=True), courses=Count("course", distinct=True))
        .order_by()
    )
    rows = sorted(rows, key=lambda row: (-row["n"], row[f"{topic}__order"], row[topic]))
    return [
        Bucket(
            key=row[topic],
            label_en=row[f"{topic}__name_en"],
            label_zh=row[f"{topic}__name_zh"],
            officials=row["n"],
            courses=row["courses"],
        )
        for row in rows
    ]


def _by_position(scope: Scope) -> list[Bucket]:
    officials = dict(
        trained_enrolments(scope)
        .values("official__position_category")
        .annotate(n=Count("official", distinct=True))
        .values_list("official__position_category", "n")
        .order_by()
    )
    return [
        Bucket(key=category.value, label_en=english, label_zh=chinese, officials=officials.get(category.value, 0))
        for category in PositionCategory
        for english, chinese in [_labels_in_both(category)]
    ]


#: The bucket of officials without a jurisdiction (SOE executives, central-government officers).
NO_JURISDICTION = _("No jurisdiction")


def _by_level(scope: Scope, population: dict[str, dict]) -> list[Bucket]:
    officials = dict(
        trained_enrolments(scope)
        .values("official__jurisdiction__level")
        .annotate(n=Count("official", distinct=True))
        .values_list("official__jurisdiction__level", "n")
        .order_by()
    )
    buckets = [
        Bucket(
            key=level.value,
            label_en=english,
            label_zh=chinese,
            officials=officials.get(level.value, 0),
            places=(population.get(level.value) or {}).get("places", 0),
            population=(population.get(level.value) or {}).get("population") or 0,
        )
        for level in JurisdictionLevel
        for english, chinese in [_labels_in_both(level)]
    ]
    if officials.get(None):
        english, chinese = _labels_in_both(NO_JURISDICTION)
        buckets.append(
            Bucket(
                key=None,
                label_en=english,
                label_zh=chinese,
                officials=officials[None],
                places=0,
                population=0,
            )
        )
    return buckets


def evaluations(scope: Scope) -> QuerySet[Evaluation]:
    """The answers that count: those released to readers without names (``feedback/release.py``) at the
    start of the scope's day, so that no two views of the figures differ by a single answer."""
    sessions = Session.objects.filter(_held(scope, "course__"))
    start_of_day = datetime.datetime.combine(scope.today, datetime.time.min, tzinfo=datetime.UTC)
    return released_answers(sessions, now=start_of_day)


def _averages(row: dict) -> tuple[float | None, ...]:
    return tuple(None if row[name] is None else round(float(row[name]), 2) for name in RATING_FIELDS)


def _rating_aggregates() -> dict:
    return {"responses": Count("pk"), **{name: Avg(name) for name in RATING_FIELDS}}


def _feedback_by_year(scope: Scope) -> list[FeedbackRow]:
    rows = (
        evaluations(scope)
        .values(year=ExtractYear("session__course__end"))
        .annotate(**_rating_aggregates())
        .order_by("year")
    )
    return [
        FeedbackRow(
            key=row["year"],
            label_en=str(row["year"]),
            label_zh=f"{row['year']}年",
            responses=row["responses"],
            averages=_averages(row),
        )
        for row in rows
    ]


def _feedback_by_course(scope: Scope) -> list[FeedbackRow]:
    course = "session__course"
    rows = (
        evaluations(scope)
        .values(
            course,
            f"{course}__title_en",
            f"{course}__title_zh",
            f"{course}__start",
            f"{course}__end",
            f"{course}__academy__name_en",
            f"{course}__academy__name_zh",
        )
        .annotate(**_rating_aggregates())
        .order_by(f"{course}__end", course)
    )
    return [
        FeedbackRow(
            key=row[course],
            label_en=row[f"{course}__title_en"],
            label_zh=row[f"{course}__title_zh"],
            responses=row["responses"],
            averages=_averages(row),
            detail=f"{pick(row[f'{course}__academy__name_en'], row[f'{course}__academy__name_zh'])} · "
            f"{row[f'{course}__start']:%Y-%m-%d} – {row[f'{course}__end']:%Y-%m-%d}",
        )
        for row in rows
    ]


def impact_figures(scope: Scope) -> ImpactFigures:
    """Every figure of the dashboard, its exports and its report: ten queries."""
    groups = _course_groups(scope)
    population = _population_by_level(scope)
    return ImpactFigures(
        headline=_headline(_official_totals(scope), groups, population),
        by_year=_by_year(scope, groups),
        by_academy=_by_academy(scope, groups),
        by_topic=_by_topic(scope),
        by_position=_by_position(scope),
        by_level=_by_level(scope, population),
        feedback_by_year=_feedback_by_year(scope),
        feedback_by_course=_feedback_by_course(scope),
    )
