"""The impact dashboard's tables as an Excel workbook: one sheet per table, numbers as numbers,
names in English and in Chinese."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from peixun.core.spreadsheets import Table, workbook_bytes, xlsx_response

from .reports import ImpactReport, build_report, rating_names
from .stats import ImpactFigures


def _number(value):
    """Class hours (Decimal) as a number Excel sums: whole when whole."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == int(value) else float(value)


def _named(buckets, *columns) -> list[list]:
    return [[bucket.label_en, bucket.label_zh, *(_number(getattr(bucket, c)) for c in columns)] for bucket in buckets]


def tables(figures: ImpactFigures) -> list[tuple[str, list[str], list[list]]]:
    """Every table of the dashboard: (sheet name, header, rows)."""
    headline = figures.headline
    english, chinese = _("Name (English)"), _("Name (Chinese)")
    officials, courses, hours = _("Officials trained"), _("Courses held"), _("Class hours delivered")
    ratings = rating_names()
    return [
        (
            _("Headline figures"),
            [_("Figure"), _("Value")],
            [
                [_("Officials trained"), headline.officials_trained],
                [_("Combined population led"), headline.population_led],
                [_("SOE executives trained"), headline.executives_trained],
                [_("Their companies"), headline.companies],
                [_("Courses held"), headline.courses_held],
                [_("Class hours delivered"), _number(headline.class_hours)],
                [_("First course began in"), headline.since],
            ],
        ),
        (
            _("By year"),
            [_("Year"), officials, courses, hours],
            [[b.key, b.officials, b.courses, _number(b.class_hours)] for b in figures.by_year],
        ),
        (
            _("By academy"),
            [english, chinese, officials, courses, hours],
            _named(figures.by_academy, "officials", "courses", "class_hours"),
        ),
        (
            _("By topic"),
            [english, chinese, officials, _("Courses with trained officials")],
            _named(figures.by_topic, "officials", "courses"),
        ),
        (
            _("By position category"),
            [english, chinese, officials],
            _named(figures.by_position, "officials"),
        ),
        (
            _("By jurisdiction level"),
            [english, chinese, officials, _("Places counted"), _("Population counted")],
            _named(figures.by_level, "officials", "places", "population"),
        ),
        (
            _("Feedback by year"),
            [_("Year"), _("Responses"), *ratings],
            [[row.key, row.responses, *row.averages] for row in figures.feedback_by_year],
        ),
        (
            _("Feedback by course"),
            [english, chinese, _("Academy and dates"), _("Responses"), *ratings],
            [
                [row.label_en, row.label_zh, row.detail, row.responses, *row.averages]
                for row in figures.feedback_by_course
            ],
        ),
    ]


def impact_workbook(report: ImpactReport) -> bytes:
    caption = [
        _("Impact of the training programme"),
        " · ".join(f"{label}: {value}" for label, value in report.filter_labels()),
    ]
    return workbook_bytes(
        Table(title, header, rows, caption, widths={1: 34, 2: 34 if header[0] == _("Name (English)") else 16})
        for title, header, rows in tables(report.figures)
    )


@login_required
def dashboard_xlsx(request):
    report = build_report(request.user, request.GET)
    return xlsx_response(f"impact-{report.scope.today:%Y%m%d}.xlsx", impact_workbook(report))
