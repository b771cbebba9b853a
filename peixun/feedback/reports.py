"""The feedback dashboard and a lecturer's own results, built from the sessions a user may see.

Readers who do not see names get every figure from the released answers only: ``results`` applies the
rule of ``release.py`` whatever is asked of it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.paginator import Page
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peixun.academies.models import Academy
from peixun.courses.models import Course

from . import results
from .forms import LecturerResultsFilterForm, ResultsFilterForm
from .results import Stats, Trend
from .selectors import result_sessions, sees_respondents

#: The groups the dashboard shows, with their headings.
DASHBOARD_GROUPS = [
    ("lecturer", _("By lecturer"), _("Lecturer")),
    ("topic", _("By topic"), _("Topic")),
    ("format", _("By format"), _("Format")),
    ("academy", _("By academy"), _("Academy")),
]


@dataclass
class Dashboard:
    form: ResultsFilterForm
    anonymous: bool
    overall: Stats
    weakest: list[Stats]
    page: Page
    order: str
    by_course: list[Stats]
    groups: list[tuple[str, str, str, list[Stats]]]
    trend: Trend


def _courses_of(sessions) -> object:
    return Course.objects.filter(pk__in=sessions.values("course_id"))


def build_dashboard(
    user, params, *, today: datetime.date, page_number=None, now: datetime.datetime | None = None
) -> Dashboard:
    """Results over the sessions held by ``today`` that the user may see and the filters select.

    The scope comes from :func:`~peixun.feedback.selectors.result_sessions` whatever the filters say."""
    scope = result_sessions(user).filter(date__lte=today)
    if user.is_programme_staff:
        academies, courses = Academy.objects.all(), Course.objects.all()
    else:
        academies, courses = Academy.objects.filter(pk=user.academy_id), _courses_of(scope)
    form = ResultsFilterForm(params or None, courses=courses, academies=academies)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    sessions = scope if valid else scope.none()
    if data.get("academy"):
        sessions = sessions.filter(course__academy=data["academy"])
    if data.get("course"):
        sessions = sessions.filter(course=data["course"])
    if data.get("date_from"):
        sessions = sessions.filter(date__gte=data["date_from"])
    if data.get("date_to"):
        sessions = sessions.filter(date__lte=data["date_to"])
    anonymous = not sees_respondents(user)
    seen = {"anonymous": anonymous, "now": now or timezone.now()}
    order = data.get("order") or "date"
    trend_by = data.get("trend") or "lecturer"
    overall = results.overall_stats(sessions, **seen)
    weakest_ids = results.weakest_sessions(
        sessions, below=overall.interest.mean if not overall.withheld else None, **seen
    )
    return Dashboard(
        form=form,
        anonymous=anonymous,
        overall=overall,
        weakest=results.weakest_stats(weakest_ids, **seen),
        page=results.session_page(sessions, order=order, page_number=page_number, flagged=weakest_ids, **seen),
        order=order,
        by_course=results.group_stats(sessions, "course", **seen),
        groups=[
            (by, heading, column, results.group_stats(sessions, by, **seen)) for by, heading, column in DASHBOARD_GROUPS
        ],
        trend=results.interest_trend(sessions, trend_by, **seen),
    )


@dataclass
class LecturerResults:
    form: LecturerResultsFilterForm
    overall: Stats
    by_course: list[Stats]
    page: Page
    order: str


def build_lecturer_results(
    user, params, *, today: datetime.date, page_number=None, now: datetime.datetime | None = None
) -> LecturerResults:
    """A lecturer's own sessions held by ``today``, without names, released answers only, from three on."""
    scope = result_sessions(user).filter(date__lte=today)
    form = LecturerResultsFilterForm(params or None, courses=_courses_of(scope))
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    sessions = scope if valid else scope.none()
    if data.get("course"):
        sessions = sessions.filter(course=data["course"])
    order = data.get("order") or "date"
    seen = {"anonymous": True, "now": now or timezone.now()}
    return LecturerResults(
        form=form,
        overall=results.overall_stats(sessions, **seen),
        by_course=results.group_stats(sessions, "course", **seen),
        page=results.session_page(sessions, order=order, page_number=page_number, **seen),
        order=order,
    )
