"""The list of courses: sortable columns, filters by academy, status and year, a title search."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import ExtractYear, Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peixun.academies.models import Academy
from peixun.core.fields import ByteOrder
from peixun.core.lists import (
    ChoiceFilter,
    Column,
    ListSpec,
    TextFilter,
    by_name,
    enum_choices,
    in_order_of,
    reading_order,
)

from .enums import CourseStatus
from .selectors import visible_courses


def _academies(request):
    academies = Academy.objects.filter(pk__in=visible_courses(request.user).values("academy_id"))
    return [(academy.pk, academy.name) for academy in reading_order(academies)]


def _years(request):
    years = visible_courses(request.user).order_by().annotate(year=ExtractYear("start")).values_list("year", flat=True)
    return [(year, year) for year in sorted(set(years), reverse=True)]


def _search(courses, text: str, request):
    return courses.filter(Q(title_en__icontains=text) | Q(title_zh__icontains=text))


COURSES = ListSpec(
    columns=[
        Column("title", _("Course"), en=[Lower("title_en")], zh=[ByteOrder("title_zh_key")]),
        Column("academy", _("Academy"), **by_name("academy__name_en", "academy__name_zh_key")),
        Column("dates", _("Dates"), en=["start", "end"], descending_first=True),
        Column("status", _("Status"), en=[in_order_of("status", CourseStatus.values)]),
        Column("seats", _("Seats taken"), en=["confirmed_count"], descending_first=True, css="num"),
        Column("waitlist", _("Waitlist"), en=["waitlisted_count"], descending_first=True, css="num"),
    ],
    default_sort="-dates",
    filters=[
        TextFilter(
            "q",
            pgettext_lazy("of a course or a presentation", "Title"),
            apply=_search,
            placeholder=_("Title in English or Chinese"),
        ),
        ChoiceFilter(
            "academy", _("Academy"), _academies, lambda c, v, r: c.filter(academy_id=v), any_label=_("All academies")
        ),
        ChoiceFilter(
            "status",
            _("Status"),
            enum_choices(CourseStatus),
            lambda c, v, r: c.filter(status=v),
            any_label=_("Any status"),
        ),
        ChoiceFilter("year", _("Year"), _years, lambda c, v, r: c.filter(start__year=v), any_label=_("Any year")),
    ],
    per_page=25,
)
