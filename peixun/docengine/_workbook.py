"""A chart's embedded workbook (``embeddings/*.xlsx``): which cells a chart's labels come from, and
writing their translations there, so that editing the chart's data in PowerPoint or Word keeps them.

A chart shows its category labels and series names from a cache (``c:strCache``) of cells named by a
formula (``Sheet1!$A$2:$A$5``); the application refreshes the cache from the workbook when someone
edits the data, so a translation written only into the cache would be lost then. Cells take the
translation as a new shared string (the original string stays for any other cell using it), or as an
inline string in a workbook without a shared-string table.
"""

from __future__ import annotations

import re

from ._package import Package
from ._xml import XML, qn

S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RT_SHARED_STRINGS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
_RANGE = re.compile(r"^(?:'((?:[^']|'')+)'|([^!'(),]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def cells_of(formula: str | None) -> tuple[str, list[list[str]]] | None:
    """The sheet and the cells of a one-area formula, as rows of cell references; ``None`` otherwise."""
    match = _RANGE.match((formula or "").strip())
    if match is None:
        return None
    sheet = match.group(1).replace("''", "'") if match.group(1) else match.group(2)
    first_col, first_row = _column(match.group(3)), int(match.group(4))
    last_col = _column(match.group(5)) if match.group(5) else first_col
    last_row = int(match.group(6)) if match.group(6) else first_row
    size = (last_col - first_col + 1) * (last_row - first_row + 1)
    if last_col < first_col or last_row < first_row or size > 100_000:
        return None
    rows = [
        [f"{_letters(col)}{row}" for col in range(first_col, last_col + 1)] for row in range(first_row, last_row + 1)
    ]
    return sheet, rows


def cell_for(formula: str | None, index: int, level: int = 0, levels: int = 1) -> tuple[str, str] | None:
    """The cell of value ``index`` of a chart reference (level ``level`` of ``levels``, the first level
    being the innermost: the last column of a vertical range, the last row of a horizontal one)."""
    found = cells_of(formula)
    if found is None:
        return None
    sheet, rows = found
    height, width = len(rows), len(rows[0])
    if width <= levels and height >= width:  # values run down the rows
        column = width - 1 - level
        if column < 0 or index >= height:
            return None
        return sheet, rows[index][column]
    row = height - 1 - level
    if row < 0 or index >= width:
        return None
    return sheet, rows[row][index]


def write_cells(package: Package, member: str, values: dict[tuple[str, str], str]) -> None:
    """Set ``values`` (by sheet name and cell reference) in the workbook ``member`` of ``package``."""
    workbook = Package(package.read(member))
    main = workbook.main_part()
    sheets = {}
    for sheet in workbook.xml(main).iter(qn(S, "sheet")):
        part = workbook.related(main, sheet.get(qn(R, "id"), ""))
        if part is not None:
            sheets[sheet.get("name", "")] = part
    shared = workbook.related_by_type(main, RT_SHARED_STRINGS)
    table = workbook.xml(shared[0]) if shared else None
    for (sheet, reference), text in values.items():
        part = sheets.get(sheet)
        cell = _cell(workbook.xml(part), reference) if part is not None else None
        if cell is None:
            continue
        for child in list(cell):
            if child.tag in (qn(S, "v"), qn(S, "is"), qn(S, "f")):
                cell.remove(child)
        if table is not None:
            item = table.makeelement(qn(S, "si"), {})
            t = item.makeelement(qn(S, "t"), {qn(XML, "space"): "preserve"})
            t.text = text
            item.append(t)
            table.append(item)
            count = len(table.findall(qn(S, "si")))
            table.set("uniqueCount", str(count))
            table.set("count", str(max(count, int(table.get("count", "0") or 0) + 1)))
            cell.set("t", "s")
            value = cell.makeelement(qn(S, "v"), {})
            value.text = str(count - 1)
            cell.append(value)
            workbook.mark_changed(shared[0])
        else:
            cell.set("t", "inlineStr")
            inline = cell.makeelement(qn(S, "is"), {})
            t = inline.makeelement(qn(S, "t"), {qn(XML, "space"): "preserve"})
            t.text = text
            inline.append(t)
            cell.append(inline)
        workbook.mark_changed(part)
    package.replace(member, workbook.save())


def _cell(sheet, reference: str):
    row_number = re.sub(r"^[A-Z]+", "", reference)
    data = sheet.find(qn(S, "sheetData"))
    for row in data.iterchildren(qn(S, "row")) if data is not None else ():
        if row.get("r") == row_number:
            for cell in row.iterchildren(qn(S, "c")):
                if cell.get("r") == reference:
                    return cell
    return None


def _column(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
