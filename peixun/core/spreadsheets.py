"""Every spreadsheet Peixun hands out (CSV and Excel) is written here, so that no cell becomes a formula.

A name such as ``=HYPERLINK("http://x","y")`` typed into Peixun must reach Excel, WPS or LibreOffice
as the text it is, never as a formula that runs when the file is opened (CSV or formula injection).
The rule lives in :func:`is_dangerous`; the writers below apply it to every cell, header and caption:

- Excel: such a value is written as a text cell (an inline string, never a ``<f>`` formula) with
  Excel's quote prefix, so the cell stays text even after someone edits it;
- CSV: such a value gets a leading single quote, as OWASP advises; :func:`restore` takes it away
  again where Peixun reads a spreadsheet that may carry values copied from one of its CSV files.

Numbers, dates and other values that are not text are written as they are: ``-3`` as a number is a
number, ``"-3"`` typed by a person is text and is protected. Pages answer with
:func:`csv_response` or :func:`xlsx_response`; ``tests/core/test_spreadsheets.py`` fails for a
module that writes CSV or builds a workbook anywhere else, and ``tests/web/test_exports.py`` opens
every export the URLs offer.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.http import HttpResponse

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: What makes a spreadsheet read a cell as a formula (OWASP's list), and as a precaution the full-width
#: forms of the first four, which Chinese input methods type.
DANGEROUS_FIRST_CHARACTERS = frozenset("=+-@\t\r＝＋－＠")
PROTECTIVE_QUOTE = "'"


def is_dangerous(value) -> bool:
    """Whether a spreadsheet could take ``value`` for a formula: text that starts with = + - @ tab or return."""
    return isinstance(value, str) and value[:1] in DANGEROUS_FIRST_CHARACTERS


def _quoted_in_csv(value) -> bool:
    """Dangerous text, or text whose leading quotes stand before dangerous text (so that :func:`restore`,
    which takes one quote away, gives back exactly what was written)."""
    return isinstance(value, str) and value.lstrip(PROTECTIVE_QUOTE)[:1] in DANGEROUS_FIRST_CHARACTERS


def neutralise(value):
    """``value`` as a CSV cell: dangerous text behind a single quote, everything else unchanged."""
    return PROTECTIVE_QUOTE + value if _quoted_in_csv(value) else value


def restore(value):
    """A cell read back from a spreadsheet, without the quote :func:`neutralise` put before dangerous text."""
    if isinstance(value, str) and value.startswith(PROTECTIVE_QUOTE) and _quoted_in_csv(value):
        return value[1:]
    return value


# CSV -----------------------------------------------------------------------------------------------


def csv_text(header: Sequence, rows: Iterable[Sequence]) -> str:
    """A CSV file that Excel opens as UTF-8 (so Chinese survives): the byte-order mark, then the rows."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([neutralise(value) for value in header])
    writer.writerows([neutralise(value) for value in row] for row in rows)
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence, rows: Iterable[Sequence]) -> HttpResponse:
    response = HttpResponse(csv_text(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Excel ---------------------------------------------------------------------------------------------


def new_workbook():
    """An empty workbook; fill its sheets with :func:`append_row` only."""
    from openpyxl import Workbook

    return Workbook()


def append_row(sheet, values: Sequence, *, font=None) -> list:
    """Add ``values`` as the next row of ``sheet``; dangerous text becomes a quoted text cell. Returns the cells."""
    values = list(values)
    sheet.append(values)
    row = sheet.max_row
    cells = [sheet.cell(row=row, column=column) for column in range(1, len(values) + 1)]
    for cell in cells:
        if is_dangerous(cell.value) or cell.data_type == "f":
            cell.data_type = "s"  # openpyxl takes any text starting with "=" for a formula
            cell.quotePrefix = True
        if font is not None:
            cell.font = font
    return cells


def workbook_to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class Table:
    title: str  # the sheet's name (Excel keeps 31 characters)
    header: Sequence[str]
    rows: Iterable[Sequence]
    caption: Sequence[str] = ()  # lines above the header; the first is bold
    frozen_columns: int = 0  # columns that stay in view when scrolling sideways
    widths: dict[int, int] = field(default_factory=dict)  # column number (from 1) → width; others 14


def workbook_bytes(tables: Iterable[Table]) -> bytes:
    """Reports as Excel workbooks: one sheet per table, a caption above a bold header, Chinese intact."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = new_workbook()
    for index, table in enumerate(tables):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = table.title[:31]
        for number, line in enumerate(table.caption):
            append_row(sheet, [line], font=Font(bold=True) if number == 0 else None)
        if table.caption:
            append_row(sheet, [])
        append_row(sheet, table.header, font=Font(bold=True))
        header_row = sheet.max_row
        for row in table.rows:
            append_row(sheet, row)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=table.frozen_columns + 1)
        for column in range(1, len(table.header) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = table.widths.get(column, 14)
    return workbook_to_bytes(workbook)


_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[\s/>]")


def sheets_with_formulas(body: bytes) -> list[str]:
    """The parts of the workbook ``body`` that hold a formula (``<f>`` elements); none in what Peixun writes."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return [
            name
            for name in archive.namelist()
            if name.startswith("xl/worksheets/") and _FORMULA_ELEMENT.search(archive.read(name))
        ]


def xlsx_response(filename: str, body: bytes) -> HttpResponse:
    """The workbook as a download; one that holds a formula is a fault here, so it is refused, never sent."""
    if formulas := sheets_with_formulas(body):
        raise ValueError(f"{filename}: an export may not hold formulas, and {', '.join(formulas)} does")
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
