"""Reports as Excel workbooks: one sheet per table, a caption above a bold header, Chinese intact."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass
class Table:
    title: str  # the sheet's name (Excel keeps 31 characters)
    header: Sequence[str]
    rows: Iterable[Sequence]
    caption: Sequence[str] = ()  # lines above the header; the first is bold
    frozen_columns: int = 0  # columns that stay in view when scrolling sideways
    widths: dict[int, int] = field(default_factory=dict)  # column number (from 1) → width; others 14


def workbook_bytes(tables: Iterable[Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    for index, table in enumerate(tables):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = table.title[:31]
        for line in table.caption:
            sheet.append([line])
        if table.caption:
            sheet["A1"].font = Font(bold=True)
            sheet.append([])
        sheet.append(list(table.header))
        header_row = sheet.max_row
        for cell in sheet[header_row]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(list(row))
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=table.frozen_columns + 1)
        for column in range(1, len(table.header) + 1):
            sheet.column_dimensions[get_column_letter(column)].width = table.widths.get(column, 14)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
