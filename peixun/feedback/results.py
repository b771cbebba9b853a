"""Feedback in numbers: averages, spread and response rates per session and per group, computed in the database.

Spread is the population standard deviation, computed as the square root of avg(x²) − avg(x)²
with ``Avg`` expressions, because SQLite has no STDDEV; it is 0 for a single answer.

The response rate of a session is its answers divided by the officials expected to answer: the
officials marked present or late if attendance was taken for the session, otherwise the officials
confirmed on (or having completed) the course. A group's rate (a lecturer's, a topic's…) is the sum of
its sessions' answers over the sum of their expected officials. A rate can pass 100 % when attendance
is corrected after an official answered; it is shown as it is.

Readers who do not see names (``anonymous``) get every figure here from the released answers only
(``release.py``): the rule is applied in :func:`answers_seen`, which every function below goes through.

A session taught by two lecturers counts for each of them, and a session whose module has several
topics counts for each topic; a session without a lecturer or a module is grouped under "none".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Sqrt
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.academies.models import Academy
from peixun.attendance.enums import CREDITED_STATUSES
from peixun.attendance.models import Attendance
from peixun.courses.models import Course, Enrolment, Session
from peixun.curriculum.enums import SessionFormat
from peixun.curriculum.models import Topic
from peixun.people.models import Lecturer

from .models import RATINGS, Evaluation
from .release import MIN_ANONYMOUS_RESPONSES, visible_answers
from .selectors import FEEDBACK_STATUSES

RATING_FIELDS = [name for name, _label in RATINGS]
SCALE = range(1, 6)

#: What results are grouped by, and the path from a session to the group.
GROUPS = {
    "lecturer": "lecturer_slots__lecturer",
    "topic": "module__topics",
    "format": "format",
    "academy": "course__academy",
    "course": "course",
}


# The figures ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One question's answers in a group: their mean, spread and number."""

    field: str
    label: str
    short: str
    mean: float | None
    sd: float | None
    n: int

    @property
    def percent(self) -> int:
        """The mean on the 1-5 scale as a share of 5, for a bar."""
        return 0 if self.mean is None else round(self.mean / 5 * 100)


@dataclass
class Stats:
    """The answers of one session or one group of sessions.

    ``withheld`` is set when the reader does not see who answered and there are too few answers to show;
    ``waiting`` counts the answers not released to such a reader (``release.py``), which no figure includes."""

    key: object
    label: str
    responses: int
    figures: list[Figure]
    expected: int | None = None
    sessions: int | None = None
    withheld: bool = False
    flagged: bool = False
    obj: object = None
    waiting: int = 0

    @property
    def rate(self) -> float | None:
        if not self.expected:
            return None
        return self.responses / self.expected

    @property
    def rate_percent(self) -> int | None:
        return None if self.rate is None else round(self.rate * 100)

    @property
    def rate_bar(self) -> int:
        return min(100, self.rate_percent or 0)

    @property
    def interest(self) -> Figure:
        return self.figures[0]


def short_label(name: str) -> str:
    """A question's name in a word or two, for a column heading ("interest", "local growth"…)."""
    return str(Evaluation._meta.get_field(name).verbose_name)


def short_labels() -> list[str]:
    return [short_label(name) for name in RATING_FIELDS]


def answers_seen(
    sessions: QuerySet[Session], *, anonymous: bool, now: datetime.datetime | None = None
) -> QuerySet[Evaluation]:
    """The answers on ``sessions`` the reader's figures are made of: the released ones unless they see names."""
    return visible_answers(sessions, anonymous=anonymous, now=now or timezone.now())


def _value(field_path: str):
    return Cast(F(field_path), FloatField())


def rating_aggregates(path: str = "") -> dict:
    """``responses`` and, for each question, ``<field>_mean`` and ``<field>_sd``.

    ``path`` leads from the queryset's model to the evaluation (``"evaluations__"`` from a session)."""
    aggregates = {"responses": Count(f"{path}pk")}
    for name in RATING_FIELDS:
        value = _value(f"{path}{name}")
        aggregates[f"{name}_mean"] = Avg(value)
        variance = Avg(value * value) - Avg(value) * Avg(value)
        aggregates[f"{name}_sd"] = Sqrt(Greatest(variance, Value(0.0)), output_field=FloatField())
    return aggregates


def _count(queryset: QuerySet, by: str):
    return Coalesce(Subquery(queryset.order_by().values(by).annotate(c=Count("pk")).values("c")), 0)


def expected_responses(session: str = "pk", course: str = "course"):
    """How many officials were expected to answer a session (for annotating sessions)."""
    taken = Exists(Attendance.objects.filter(session=OuterRef(session)))
    credited = _count(Attendance.objects.filter(session=OuterRef(session), status__in=CREDITED_STATUSES), "session")
    confirmed = _count(Enrolment.objects.filter(course=OuterRef(course), status__in=FEEDBACK_STATUSES), "course")
    return Case(When(taken, then=credited), default=confirmed, output_field=IntegerField())


def _figures(values, *, withheld: bool = False) -> list[Figure]:
    """The five figures from a row of :func:`rating_aggregates` (a dict or an annotated object)."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name, None)
    n = get("responses") or 0
    return [
        Figure(
            field=name,
            label=str(label),
            short=short_label(name),
            mean=None if withheld else get(f"{name}_mean"),
            sd=None if withheld else get(f"{name}_sd"),
            n=n,
        )
        for name, label in RATINGS
    ]


def _is_withheld(responses: int, anonymous: bool) -> bool:
    return anonymous and responses < MIN_ANONYMOUS_RESPONSES


def stats_of(row, *, key=None, label: str = "", anonymous: bool = False, obj=None) -> Stats:
    get = row.get if isinstance(row, dict) else lambda name: getattr(row, name, None)
    responses = get("responses") or 0
    withheld = _is_withheld(responses, anonymous)
    everything = get("all_answers")
    return Stats(
        key=key,
        label=label,
        responses=responses,
        figures=_figures(row, withheld=withheld),
        expected=get("expected"),
        sessions=get("sessions"),
        withheld=withheld,
        obj=obj,
        waiting=max(0, everything - responses) if everything is not None else 0,
    )


def _all_answers(session: str = "pk"):
    """How many answers a session has, released or not (for annotating sessions)."""
    return _count(Evaluation.objects.filter(session=OuterRef(session)), "session")


# Sessions --------------------------------------------------------------------------------------------


def with_counts(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions annotated with how many answers were expected and how many came (released or not)."""
    return sessions.annotate(expected=expected_responses(), all_answers=_all_answers())


def figures_by_session(answers: QuerySet[Evaluation], session_ids) -> dict[int, dict]:
    """The figures of ``answers`` on each of ``session_ids``, in one query."""
    return {
        row.pop("session"): row
        for row in answers.filter(session__in=session_ids).values("session").annotate(**rating_aggregates()).order_by()
    }


def _session_stats(session: Session, figures: dict, *, anonymous: bool) -> Stats:
    """Stats of a session annotated by :func:`with_counts`, from its figures in ``figures``."""
    row = figures.get(session.pk, {"responses": 0}) | {
        "expected": session.expected,
        "all_answers": session.all_answers,
    }
    return stats_of(row, key=session.pk, label=str(session), anonymous=anonymous, obj=session)


def session_stats(session: Session, *, anonymous: bool, now: datetime.datetime | None = None) -> Stats:
    one = Session.objects.filter(pk=session.pk)
    answers = answers_seen(one, anonymous=anonymous, now=now)
    counted = with_counts(one).get()
    return _session_stats(counted, figures_by_session(answers, [session.pk]), anonymous=anonymous)


def stats_of_sessions(sessions: list[Session], *, anonymous: bool, now: datetime.datetime | None = None) -> list[Stats]:
    """Stats of sessions annotated by :func:`with_counts` (a page of the API), their figures in one query."""
    ids = [session.pk for session in sessions]
    answers = answers_seen(Session.objects.filter(pk__in=ids), anonymous=anonymous, now=now)
    figures = figures_by_session(answers, ids)
    return [_session_stats(session, figures, anonymous=anonymous) for session in sessions]


@dataclass(frozen=True)
class Distribution:
    """How many answered 1, 2, … 5 to one question."""

    field: str
    label: str
    counts: list[tuple[int, int, int]]  # (value, count, percent of the most frequent)


def distribution(session: Session, *, anonymous: bool, now: datetime.datetime | None = None) -> list[Distribution]:
    """The spread of each question's answers on a session, in one query; empty if withheld."""
    counts = answers_seen(Session.objects.filter(pk=session.pk), anonymous=anonymous, now=now).aggregate(
        responses=Count("pk"),
        **{f"{name}_{v}": Count("pk", filter=Q(**{name: v})) for name in RATING_FIELDS for v in SCALE},
    )
    if not counts["responses"] or _is_withheld(counts["responses"], anonymous):
        return []
    result = []
    for name, label in RATINGS:
        values = [(v, counts[f"{name}_{v}"]) for v in SCALE]
        top = max(count for _v, count in values) or 1
        result.append(
            Distribution(
                field=name, label=str(label), counts=[(v, count, round(count / top * 100)) for v, count in values]
            )
        )
    return result


def weakest_sessions(
    sessions: QuerySet[Session],
    *,
    below: float | None,
    anonymous: bool,
    now: datetime.datetime | None = None,
    limit: int = 5,
) -> list[int]:
    """The sessions with the lowest average interest among those with enough answers to judge
    (:data:`MIN_ANONYMOUS_RESPONSES`), below the average ``below`` of all of them."""
    if below is None:
        return []
    ranked = (
        answers_seen(sessions, anonymous=anonymous, now=now)
        .values("session")
        .annotate(n=Count("pk"), interest_mean=Avg(_value("interest")))
        .filter(n__gte=MIN_ANONYMOUS_RESPONSES, interest_mean__lt=below)
        .order_by("interest_mean", "session__date", "session")
        .values_list("session", flat=True)
    )
    return list(ranked[:limit])


# Groups ----------------------------------------------------------------------------------------------


def _labels(by: str, keys) -> dict:
    keys = [key for key in keys if key is not None]
    if by == "lecturer":
        return {pk: lecturer.display_name for pk, lecturer in Lecturer.objects.in_bulk(keys).items()}
    if by == "topic":
        return {pk: topic.name for pk, topic in Topic.objects.in_bulk(keys).items()}
    if by == "academy":
        return {pk: academy.name for pk, academy in Academy.objects.in_bulk(keys).items()}
    if by == "course":
        return {pk: course for pk, course in Course.objects.select_related("academy").in_bulk(keys).items()}
    return {key: str(SessionFormat(key).label) for key in keys}


def _none_label(by: str) -> str:
    return {"lecturer": _("No lecturer"), "topic": _("No topic")}.get(by, "—")


def group_stats(
    sessions: QuerySet[Session], by: str, *, anonymous: bool, now: datetime.datetime | None = None
) -> list[Stats]:
    """The sessions' answers grouped by lecturer, topic, format, academy or course, in three queries:
    the figures from the answers, the expected officials from the sessions, the groups' names."""
    path = GROUPS[by]
    session_ids = sessions.values("pk")
    figures = {
        row.pop("key"): row
        for row in answers_seen(sessions, anonymous=anonymous, now=now)
        .values(key=F(f"session__{path}"))
        .annotate(**rating_aggregates())
        .order_by()
    }
    counts = {
        row["key"]: row
        for row in Session.objects.filter(pk__in=session_ids)
        .values(key=F(path))
        .annotate(sessions=Count("pk"), expected=Sum(expected_responses()))
        .order_by()
    }
    labels = _labels(by, counts)
    result = []
    for key, count in counts.items():
        row = figures.get(key, {"responses": 0}) | {"sessions": count["sessions"], "expected": count["expected"]}
        label = labels.get(key)
        stats = stats_of(row, key=key, label=str(label) if label is not None else _none_label(by), anonymous=anonymous)
        stats.obj = label if by == "course" else None
        result.append(stats)
    if by == "course":
        return sorted(result, key=lambda s: (s.obj.start, s.obj.pk) if s.obj else (datetime.date.min, 0))
    if by == "format":
        order = list(SessionFormat.values)
        return sorted(result, key=lambda s: order.index(s.key) if s.key in order else len(order))
    return sorted(result, key=lambda s: (s.key is None, s.label.casefold()))


def overall_stats(sessions: QuerySet[Session], *, anonymous: bool, now: datetime.datetime | None = None) -> Stats:
    session_ids = sessions.values("pk")
    row = answers_seen(sessions, anonymous=anonymous, now=now).aggregate(**rating_aggregates())
    row |= Session.objects.filter(pk__in=session_ids).aggregate(
        sessions=Count("pk"), expected=Sum(expected_responses()), all_answers=Coalesce(Sum(_all_answers()), 0)
    )
    return stats_of(row, label=_("All sessions"), anonymous=anonymous)


# Trends ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendCell:
    mean: float | None
    n: int
    withheld: bool

    @property
    def percent(self) -> int:
        return 0 if self.mean is None else round(self.mean / 5 * 100)


@dataclass
class TrendRow:
    label: str
    cells: list[TrendCell | None] = field(default_factory=list)


@dataclass
class Trend:
    """The average interest of each lecturer (or topic) in each course, courses in date order."""

    by: str
    courses: list[Course]
    rows: list[TrendRow]


def interest_trend(
    sessions: QuerySet[Session],
    by: str,
    *,
    anonymous: bool,
    now: datetime.datetime | None = None,
    max_courses: int = 8,
) -> Trend:
    """Average interest per lecturer or topic in each of the latest ``max_courses`` courses. Three queries."""
    path = GROUPS[by]
    evaluations = answers_seen(sessions, anonymous=anonymous, now=now)
    courses = list(
        Course.objects.filter(pk__in=evaluations.values("session__course")).order_by("-start", "-pk")[:max_courses]
    )[::-1]
    if not courses:
        return Trend(by=by, courses=[], rows=[])
    cells = (
        evaluations.filter(session__course__in=courses)
        .values(key=F(f"session__{path}"), course=F("session__course"))
        .annotate(n=Count("pk"), mean=Avg(_value("interest")))
        .order_by()
    )
    column = {course.pk: index for index, course in enumerate(courses)}
    rows: dict[object, TrendRow] = {}
    keys = {cell["key"] for cell in cells}
    labels = _labels(by, keys)
    for cell in cells:
        label = labels.get(cell["key"])
        row = rows.setdefault(
            cell["key"],
            TrendRow(label=str(label) if label is not None else _none_label(by), cells=[None] * len(courses)),
        )
        withheld = _is_withheld(cell["n"], anonymous)
        row.cells[column[cell["course"]]] = TrendCell(
            mean=None if withheld else cell["mean"], n=cell["n"], withheld=withheld
        )
    ordered = sorted(rows.items(), key=lambda item: (item[0] is None, item[1].label.casefold()))
    return Trend(by=by, courses=courses, rows=[row for _key, row in ordered])


# Pages -----------------------------------------------------------------------------------------------

SESSIONS_PER_PAGE = 25


def session_page(
    sessions: QuerySet[Session],
    *,
    order: str,
    page_number,
    anonymous: bool,
    now: datetime.datetime | None = None,
    flagged=(),
):
    """One page of sessions with their figures, as :class:`Stats` whose ``obj`` is the session.

        A fixed number of queries whatever the page: the sessions near their feedback's closing (for the
    release rule), the count, the page, its figures, its lecturers and its topics."""
    ordering = {
        "interest": ("interest_mean_order", "date", "pk"),
        "date": ("-date", "-part_of_day", "-pk"),
    }[order]
    answers = answers_seen(sessions, anonymous=anonymous, now=now)
    annotated = (
        with_counts(Session.objects.filter(pk__in=sessions.values("pk")))
        .select_related("course__academy", "module")
        .prefetch_related("lecturers", "module__topics")
    )
    if order == "interest":
        interest = answers.filter(session=OuterRef("pk")).values("session").annotate(m=Avg(_value("interest")))
        # Sessions without answers go last.
        annotated = annotated.annotate(
            interest_mean_order=Coalesce(Subquery(interest.values("m")[:1]), Value(6.0), output_field=FloatField())
        )
    page = Paginator(annotated.order_by(*ordering), SESSIONS_PER_PAGE).get_page(page_number)
    sessions_on_page = list(page.object_list)
    figures = figures_by_session(answers, [session.pk for session in sessions_on_page])
    page.object_list = [
        _flag(_session_stats(session, figures, anonymous=anonymous), flagged) for session in sessions_on_page
    ]
    return page


def _flag(stats: Stats, flagged) -> Stats:
    stats.flagged = stats.key in flagged
    return stats


def weakest_stats(ids: list[int], *, anonymous: bool, now: datetime.datetime | None = None) -> list[Stats]:
    if not ids:
        return []
    chosen = Session.objects.filter(pk__in=ids)
    figures = figures_by_session(answers_seen(chosen, anonymous=anonymous, now=now), ids)
    sessions = {
        session.pk: session
        for session in with_counts(chosen).select_related("course__academy", "module").prefetch_related("lecturers")
    }
    return [_flag(_session_stats(sessions[pk], figures, anonymous=anonymous), ids) for pk in ids if pk in sessions]
