"""The roster as a spreadsheet (Excel and CSV), with Chinese names intact."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peixun.core.i18n import pick
from peixun.core.spreadsheets import append_row, csv_response, new_workbook, workbook_to_bytes, xlsx_response
from peixun.people.enums import PositionCategory

from .enums import EnrolmentStatus
from .selectors import roster
from .views import _course

ROSTER_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.NOMINATED)


def roster_rows(user, course) -> tuple[list[str], list[list]]:
    """The roster page's rows (the same scope: selectors.roster) in the statuses still on the course."""
    header = [
        _("No."),
        _("Chinese name"),
        _("Pinyin"),
        _("English name"),
        _("Position category"),
        _("Title"),
        _("Jurisdiction"),
        _("Sending unit"),
        _("Status"),
        _("E-mail"),
        _("Phone"),
    ]
    rows = sorted(
        roster(user, course, statuses=ROSTER_STATUSES),
        key=lambda r: (
            ROSTER_STATUSES.index(r.status),
            (r.priority, r.nominated_at) if r.status == EnrolmentStatus.WAITLISTED else (0, 0),
        ),
    )
    table = [
        [
            number,
            r.name_zh,
            r.name_pinyin,
            r.name_en,
            str(PositionCategory(r.position_category).label),
            pick(r.title_en, r.title_zh),
            r.jurisdiction,
            r.unit,
            r.status_label,
            r.email,
            r.phone,
        ]
        for number, r in enumerate(rows, start=1)
    ]
    return header, table


def _filename(course, extension: str) -> str:
    return f"roster-{course.start:%Y%m%d}-{slugify(course.title_en) or course.pk}.{extension}"


@login_required
def roster_csv(request, pk: int):
    course = _course(request, pk, "courses.view_roster")
    header, rows = roster_rows(request.user, course)
    return csv_response(_filename(course, "csv"), header, rows)


@login_required
def roster_xlsx(request, pk: int):
    from openpyxl.styles import Font

    course = _course(request, pk, "courses.view_roster")
    header, rows = roster_rows(request.user, course)
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = _("Roster")[:31]
    append_row(sheet, [f"{course.title_en} / {course.title_zh}"])
    append_row(
        sheet,
        [f"{course.academy.name_en} / {course.academy.name_zh}", f"{course.start:%Y-%m-%d} – {course.end:%Y-%m-%d}"],
    )
    append_row(sheet, [])
    append_row(sheet, header, font=Font(bold=True))
    for row in rows:
        append_row(sheet, row)
    for column, width in zip("ABCDEFGHIJK", (5, 12, 18, 18, 22, 28, 16, 30, 12, 28, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    return xlsx_response(_filename(course, "xlsx"), workbook_to_bytes(workbook))
