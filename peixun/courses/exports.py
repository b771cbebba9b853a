"""The roster as a spreadsheet (Excel and CSV), with Chinese names intact."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .enums import EnrolmentStatus
from .selectors import visible_enrolments
from .views import _course

ROSTER_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.NOMINATED)


def roster_rows(user, course) -> tuple[list[str], list[list]]:
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
    enrolments = sorted(
        visible_enrolments(user, course)
        .filter(status__in=ROSTER_STATUSES)
        .select_related("official__jurisdiction", "unit"),
        key=lambda e: (
            ROSTER_STATUSES.index(e.status),
            e.priority if e.status == EnrolmentStatus.WAITLISTED else 0,
            e.nominated_at if e.status == EnrolmentStatus.WAITLISTED else 0,
            e.official.search_key,
        ),
    )
    rows = [
        [
            number,
            e.official.name_zh,
            e.official.name_pinyin,
            e.official.name_en,
            e.official.get_position_category_display(),
            e.official.title,
            e.official.jurisdiction.name if e.official.jurisdiction else "",
            e.unit.name,
            e.get_status_display(),
            e.official.email,
            e.official.phone,
        ]
        for number, e in enumerate(enrolments, start=1)
    ]
    return header, rows


def _filename(course, extension: str) -> str:
    return f"roster-{course.start:%Y%m%d}-{slugify(course.title_en) or course.pk}.{extension}"


@login_required
def roster_csv(request, pk: int):
    course = _course(request, pk, "courses.export_roster")
    header, rows = roster_rows(request.user, course)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 (and so Chinese) only with the byte-order mark.
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(course, "csv")}"'
    return response


@login_required
def roster_xlsx(request, pk: int):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    course = _course(request, pk, "courses.export_roster")
    header, rows = roster_rows(request.user, course)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Roster")[:31]
    sheet.append([f"{course.title_en} / {course.title_zh}"])
    sheet.append(
        [f"{course.academy.name_en} / {course.academy.name_zh}", f"{course.start:%Y-%m-%d} – {course.end:%Y-%m-%d}"]
    )
    sheet.append([])
    sheet.append(header)
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column, width in zip("ABCDEFGHIJK", (5, 12, 18, 18, 22, 28, 16, 30, 12, 28, 16), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(course, "xlsx")}"'
    return response
