"""The one place that writes spreadsheets: text that a spreadsheet would run as a formula goes out as
text, numbers and dates stay what they are, and no module writes CSV or builds a workbook anywhere else."""

import ast
import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from peixun.core.spreadsheets import (
    Table,
    append_row,
    csv_text,
    is_dangerous,
    neutralise,
    new_workbook,
    restore,
    sheets_with_formulas,
    workbook_bytes,
    workbook_to_bytes,
    xlsx_response,
)

PEIXUN = Path(__file__).resolve().parents[2] / "peixun"
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tx",
    "\rx",
    "＝1+1",
    "-3",
]
HARMLESS = ["王伟", "Hangzhou", "", " =1", "a=b", "'quoted", "1+1", "'=1"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_a_spreadsheet_would_run_is_quoted_in_csv_and_given_back_on_import(value):
    assert is_dangerous(value)
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", [*HARMLESS, -3, 2.5, Decimal("-1.5"), datetime.date(2027, 3, 1), None])
def test_other_values_are_not_formulas_and_come_back_through_csv_unchanged(value):
    assert not is_dangerous(value)
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", [-3, 2.5, Decimal("-1.5"), datetime.date(2027, 3, 1), None, "王伟", "1+1", " =1"])
def test_numbers_dates_and_plain_text_go_out_as_they_are(value):
    assert neutralise(value) == value


def test_a_quote_a_person_wrote_is_kept_through_csv():
    assert neutralise("'quoted") == "'quoted" and restore("'quoted") == "'quoted"
    assert neutralise("'=1") == "''=1" and restore("''=1") == "'=1"


def test_a_csv_file_has_no_cell_that_starts_a_formula_and_reads_back_as_written():
    rows = [[1, *HOSTILE], [-3, *HARMLESS, Decimal("-2.5")]]
    text = csv_text(["No.", "=header"], rows)
    assert text.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert read[0] == ["No.", "'=header"]
    assert read[1] == ["1", *("'" + value for value in HOSTILE)]
    assert read[2] == ["-3", *HARMLESS[:-1], "''=1", "-2.5"]  # numbers stay numbers: -3 is minus three
    assert [restore(cell) for cell in read[1][1:] + read[2][1:-1]] == HOSTILE + HARMLESS


def test_a_workbook_holds_hostile_text_as_quoted_text_cells_and_numbers_as_numbers():
    day = datetime.date(2027, 3, 1)
    body = workbook_bytes(
        [Table("Sheet", ["=header", "n"], [[value, -3] for value in HOSTILE] + [[day, 2.5]], ["=caption"])]
    )
    assert sheets_with_formulas(body) == []
    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet["A1"].value == "=caption" and sheet["A1"].data_type == "s" and sheet["A1"].font.bold
    assert sheet["A3"].value == "=header" and sheet["A3"].data_type == "s"
    cells = [(row[0].value, row[0].data_type, row[0].quotePrefix, row[1].value) for row in sheet.iter_rows(min_row=4)]
    assert cells[:-1] == [(value, "s", True, -3) for value in HOSTILE]
    assert sheet.cell(row=4 + len(HOSTILE), column=1).is_date
    assert sheet.cell(row=4 + len(HOSTILE), column=2).value == 2.5


def test_the_workbook_reads_back_through_the_training_import_exactly():
    from peixun.records.imports import read_sheet

    workbook = new_workbook()
    append_row(workbook.active, ["Chinese name", "sending unit", "date", "title", "hours"])
    for value in [*HOSTILE, *HARMLESS[:2]]:
        # the unit as copied from a CSV export, the title as the Excel export writes it
        append_row(workbook.active, [value, neutralise(value), datetime.date(2027, 3, 1), value, -3])
    sheet = read_sheet(io.BytesIO(workbook_to_bytes(workbook)), "import.xlsx")
    assert [values[:5] for _, values in sheet.rows] == [
        (value, value, datetime.datetime(2027, 3, 1), value, -3) for value in [*HOSTILE, *HARMLESS[:2]]
    ]


def test_a_workbook_with_a_formula_is_refused_rather_than_sent():
    workbook = Workbook()
    workbook.active.append(["=1+1"])  # not through append_row
    body = workbook_to_bytes(workbook)
    assert sheets_with_formulas(body) == ["xl/worksheets/sheet1.xml"]
    with pytest.raises(ValueError, match="may not hold formulas"):
        xlsx_response("x.xlsx", body)


# No second door ------------------------------------------------------------------------------------

#: What writes a spreadsheet or answers with one; only peixun/core/spreadsheets.py may.
WRITERS = re.compile(
    r"csv\.writer|DictWriter|\bWorkbook\(|import Workbook|text/csv|"
    r"spreadsheetml\.sheet\"|\.to_csv\(|\.to_excel\(|xlsxwriter|\bxlwt\b|odf\.opendocument"
)
#: A partner's own uploaded workbook is served back as it was uploaded, under its content type.
ALLOWED = {"core/spreadsheets.py": "the one place", "partners/press/uploads.py": "content type of uploaded files"}


def test_no_module_but_the_spreadsheet_kit_writes_csv_or_builds_a_workbook():
    offenders = []
    for path in sorted(PEIXUN.rglob("*.py")):
        relative = path.relative_to(PEIXUN).as_posix()
        if relative in ALLOWED or "/migrations/" in relative:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if WRITERS.search(line):
                offenders.append(f"peixun/{relative}:{number}: {line.strip()}")
    assert offenders == [], "write spreadsheets with peixun.core.spreadsheets:\n" + "\n".join(offenders)


def test_the_allowed_upload_module_only_names_the_content_type():
    lines = [line for line in (PEIXUN / "partners/press/uploads.py").read_text().splitlines() if WRITERS.search(line)]
    assert lines == ['    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",']


def spreadsheet_views() -> set[str]:
    """Every function in peixun/ that answers with a spreadsheet (calls csv_response or xlsx_response)."""
    found = set()
    for path in sorted(PEIXUN.rglob("*.py")):
        if path.name == "spreadsheets.py":
            continue
        module = "peixun." + path.relative_to(PEIXUN).with_suffix("").as_posix().replace("/", ".")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                calls = {
                    getattr(call.func, "id", getattr(call.func, "attr", None))
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                }
                if calls & {"csv_response", "xlsx_response"}:
                    found.add(f"{module}.{node.name}")
    return found
