"""The impact dashboard, its report as a PDF, and the public figures the website shows."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from peixun.core.permissions import require

from .numbers import public_sentence_en, public_sentence_zh, public_since_en, public_since_zh
from .reports import build_report, dashboard_charts, public_headline, rating_names
from .stats import Headline

#: How long browsers and the website's caches may keep the public figures, in seconds.
PUBLIC_MAX_AGE = 60 * 60


@login_required
def dashboard(request):
    report = build_report(request.user, request.GET)
    context = {
        "report": report,
        "figures": report.figures,
        "charts": dashboard_charts(report.figures),
        "rating_names": rating_names(),
    }
    return render(request, "impact/dashboard.html", context)


@login_required
def report_pdf(request):
    from .pdf import impact_pdf

    report = build_report(request.user, request.GET)
    response = HttpResponse(impact_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="impact-{report.scope.today:%Y%m%d}.pdf"'
    return response


def _number(value):
    """A Decimal as JSON writes a number: whole when it is whole."""
    return int(value) if value == int(value) else float(value)


def public_figures_data(figures: Headline) -> dict:
    return {
        "officials_trained": figures.officials_trained,
        "population_led": figures.population_led,
        "since": figures.since,
        "courses": figures.courses_held,
        "class_hours": _number(figures.class_hours),
        "executives": figures.executives_trained,
        "companies": figures.companies,
        "text": {
            "en": public_sentence_en(figures.officials_trained, figures.population_led),
            "zh": public_sentence_zh(figures.officials_trained, figures.population_led),
        },
    }


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_figures(request):
    require(request.user, "impact.view_public_figures")
    figures = public_headline()
    data = public_figures_data(figures) | {"as_of": timezone.localdate().isoformat()}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Totals only, no personal data: the programme's website may read them from its own origin.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@xframe_options_exempt  # made to be embedded in the programme's website
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_snippet(request):
    require(request.user, "impact.view_public_figures")
    figures = public_headline()
    context = {
        "figures": figures,
        "sentence_en": public_sentence_en(figures.officials_trained, figures.population_led),
        "sentence_zh": public_sentence_zh(figures.officials_trained, figures.population_led),
        "since_en": public_since_en(figures.since) if figures.since else "",
        "since_zh": public_since_zh(figures.since) if figures.since else "",
        "today": timezone.localdate(),
    }
    return render(request, "impact/public.html", context)
