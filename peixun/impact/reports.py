"""The impact report a user asked for: their scope, the filters, the figures and the charts of them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peixun.academies.models import Academy
from peixun.core.permissions import require

from . import charts
from .forms import ImpactFilterForm
from .numbers import grouped
from .stats import RATING_FIELDS, Headline, ImpactFigures, Scope, headline, impact_figures


@dataclass
class ImpactReport:
    form: ImpactFilterForm
    scope: Scope
    #: The academy the figures are limited to: the one chosen, or a coordinator's own.
    academy: Academy | None
    figures: ImpactFigures

    @property
    def year_from(self) -> int | None:
        return self.scope.year_from

    @property
    def year_to(self) -> int | None:
        return self.scope.year_to

    def years_label(self) -> str:
        first = self.year_from or (self.figures.by_year[0].key if self.figures.by_year else None)
        last = self.year_to or (self.figures.by_year[-1].key if self.figures.by_year else None)
        if first is None or last is None:
            return "—"
        return str(first) if first == last else f"{first}–{last}"

    def filter_labels(self) -> list[tuple[str, str]]:
        """The scope in words, for the exports' headings."""
        return [
            (_("Academy"), self.academy.name if self.academy else _("All academies")),
            (_("Years"), self.years_label()),
            (_("As of"), date_format(self.scope.today, "DATE_FORMAT")),
        ]


def build_report(user, params, *, today: datetime.date | None = None) -> ImpactReport:
    """The figures ``user`` may see under the filters in ``params`` (a query string).

    Programme staff see every academy, or the one they choose; a coordinator sees their own academy,
    and asking for another is refused with the reason. Invalid filters count nothing (the form says why).
    """
    require(user, "impact.view_dashboard")
    today = today or timezone.localdate()
    own_academy = None if user.is_programme_staff else Academy.objects.get(pk=user.academy_id)
    form = ImpactFilterForm(params or None, user=user, today=today, own_academy=own_academy)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    academy = data.get("academy")
    if academy is not None:
        require(user, "impact.view_academy", academy)
    else:
        academy = own_academy
    scope = Scope(
        today=today,
        academy_ids=(academy.pk,) if academy is not None else None,
        year_from=data.get("year_from"),
        year_to=data.get("year_to"),
        empty=not valid,
    )
    return ImpactReport(form=form, scope=scope, academy=academy, figures=impact_figures(scope))


def scoped_report(
    user,
    *,
    academy: Academy | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    today: datetime.date | None = None,
) -> ImpactReport:
    """The figures ``user`` may see for filters already read (the API's): the same rules as
    :func:`build_report`. A range of years that holds no year (``year_from`` after ``year_to``) counts nothing."""
    require(user, "impact.view_dashboard")
    today = today or timezone.localdate()
    if academy is not None:
        require(user, "impact.view_academy", academy)
    elif not user.is_programme_staff:
        academy = Academy.objects.get(pk=user.academy_id)
    empty = year_from is not None and year_to is not None and year_from > year_to
    scope = Scope(
        today=today,
        academy_ids=(academy.pk,) if academy is not None else None,
        year_from=year_from,
        year_to=year_to,
        empty=empty,
    )
    return ImpactReport(form=None, scope=scope, academy=academy, figures=impact_figures(scope))


def public_headline(today: datetime.date | None = None) -> Headline:
    """The figures published on the website: every academy, every year."""
    return headline(Scope(today=today or timezone.localdate()))


# ------------------------------------------------------------------------------------ charts


#: The five ratings' short names, in the order of :data:`~peixun.impact.stats.RATING_FIELDS`.
RATING_NAMES = {
    "interest": gettext_lazy("Interest"),
    "local_growth": gettext_lazy("Local growth"),
    "differentiation": gettext_lazy("Differentiation"),
    "community_health": gettext_lazy("Community health"),
    "applicability": gettext_lazy("Applicability"),
}


def rating_names() -> list[str]:
    return [str(RATING_NAMES[name]) for name in RATING_FIELDS]


def breakdown_bars(buckets, attribute: str = "officials") -> list[charts.Bar]:
    return [
        charts.Bar(label=bucket.label, value=value, value_label=grouped(value))
        for bucket in buckets
        for value in [getattr(bucket, attribute) or 0]
    ]


def _svg(chart: charts.Chart, chart_id: str) -> str:
    # The chart writer escapes every label it writes.
    return mark_safe(charts.to_svg(chart, chart_id))  # noqa: S308


def dashboard_charts(figures: ImpactFigures) -> dict[str, str]:
    """The dashboard's charts as inline SVG, by table name."""
    no_one = _("No official was trained in these courses.")
    bar_charts = {
        "academy": (figures.by_academy, _("Officials trained per academy")),
        "topic": (figures.by_topic, _("Officials trained per topic")),
        "position": (figures.by_position, _("Officials trained per position category")),
        "level": (figures.by_level, _("Officials trained per level of jurisdiction")),
    }
    svgs = {
        name: _svg(charts.bar_chart(breakdown_bars(buckets), title=title, empty=no_one), f"chart-{name}")
        for name, (buckets, title) in bar_charts.items()
    }
    # Years read best left to right, as columns.
    years = [charts.Bar(label=str(b.key), value=b.officials, value_label=grouped(b.officials)) for b in figures.by_year]
    svgs["year"] = _svg(
        charts.column_chart(
            years, title=_("Officials trained per year"), empty=no_one, width=300, height=180, font_size=11
        ),
        "chart-year",
    )
    population = [bucket for bucket in figures.by_level if bucket.population]
    svgs["population"] = _svg(
        charts.bar_chart(
            breakdown_bars(population, "population"),
            title=_("Population led per level of jurisdiction"),
            empty=_("The trained officials lead no jurisdiction."),
            colour="#1b6aa3",
        ),
        "chart-population",
    )
    feedback = figures.feedback_by_year
    series = [
        charts.Series(name=name, values=tuple(row.averages[index] for row in feedback), emphasis=index == 0)
        for index, name in enumerate(rating_names())
    ]
    svgs["feedback"] = _svg(
        charts.line_chart(
            [row.label for row in feedback],
            series,
            title=_("Average ratings per year (1 to 5)"),
            empty=_("No feedback was given on these courses."),
        ),
        "chart-feedback",
    )
    return svgs
