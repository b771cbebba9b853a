"""Every spreadsheet a person can download, with names that a spreadsheet would run as formulas planted in
every table it reads: no cell of any file is a formula, and no CSV cell starts with = + - @ tab or return.

``EXPORTS`` names every download; the first tests fail when a page answers with a spreadsheet that is not
in it (found from the URLs and from the functions that call the spreadsheet kit), so a new export is
tested here the day it is added."""

import csv
import datetime
import inspect
import io
import re
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from peixun.core.enums import Role
from peixun.core.spreadsheets import (
    CSV_CONTENT_TYPE,
    DANGEROUS_FIRST_CHARACTERS,
    XLSX_CONTENT_TYPE,
    is_dangerous,
    restore,
    sheets_with_formulas,
)
from peixun.courses.enums import EnrolmentStatus
from peixun.feedback.models import Evaluation
from peixun.records.models import ComplianceRule
from tests.core.test_spreadsheets import spreadsheet_views
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    CourseModuleFactory,
    EnrolmentFactory,
    JurisdictionFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    TopicFactory,
    UserFactory,
)

HOSTILE = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]

#: Every download that is a spreadsheet: URL name → its address in the world below.
EXPORTS = {
    "courses:roster_csv": lambda world: reverse("courses:roster_csv", args=[world["course"].pk]),
    "courses:roster_xlsx": lambda world: reverse("courses:roster_xlsx", args=[world["course"].pk]),
    "records:compliance_xlsx": lambda world: reverse("records:compliance_xlsx"),
    "records:import_template": lambda world: reverse("records:import_template"),
    "impact:xlsx": lambda world: reverse("impact:xlsx"),
}
#: Exports whose content comes from no one's input (the import template): nothing planted can show.
FIXED_CONTENT = {"records:import_template"}
SPREADSHEET_ROUTE = re.compile(r"\.(csv|tsv|xlsx?|xlsm|ods)\W*$|csv|xlsx|excel|spreadsheet", re.IGNORECASE)


def url_patterns(resolver=None, namespace=""):
    """(name with namespace, route, view function) of every URL of the site."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from url_patterns(entry, inner)
        elif isinstance(entry, URLPattern):
            view = inspect.unwrap(entry.callback)
            yield f"{namespace}{entry.name}", str(entry.pattern), f"{view.__module__}.{view.__qualname__}"


def test_every_view_that_answers_with_a_spreadsheet_is_tested_here():
    by_view = {}
    for name, _route, view in url_patterns():
        by_view.setdefault(view, set()).add(name)
    unreachable = sorted(view for view in spreadsheet_views() if view not in by_view)
    assert unreachable == [], "call csv_response/xlsx_response from the view itself, so it is found here"
    answering = {name for view in spreadsheet_views() for name in by_view[view]}
    assert answering == set(EXPORTS)


def test_every_url_that_names_a_spreadsheet_is_tested_here():
    named = {name for name, route, _view in url_patterns() if SPREADSHEET_ROUTE.search(f"{name} {route}")}
    assert named == set(EXPORTS)


@pytest.fixture
def hostile_world(db):
    """Every name an export shows, in both languages, starts as a formula would."""
    names = iter(HOSTILE * 20)

    def both(prefix="name"):
        value = next(names)
        return {f"{prefix}_en": value, f"{prefix}_zh": value}

    academy = AcademyFactory(**both())
    place = JurisdictionFactory(**both())
    unit = OrganisationFactory(**both())
    topic = TopicFactory(**both())
    course = CourseFactory(
        academy=academy, start=datetime.date(2025, 3, 3), end=datetime.date(2025, 3, 16), **both("title")
    )
    CourseModuleFactory(course=course).topics.set([topic])
    session = SessionFactory(course=course, class_hours=Decimal("3.0"))
    ComplianceRule.objects.filter(active=True).update(**both())
    officials = []
    for value in HOSTILE:
        official = OfficialFactory(
            name_zh=value,
            name_en=value,
            title_en=value,
            title_zh=value,
            phone="+86 138 0000 0000",
            jurisdiction=place,
            sending_unit=unit,
        )
        EnrolmentFactory(official=official, course=course, unit=unit, status=EnrolmentStatus.CONFIRMED)
        Evaluation.objects.create(
            session=session,
            official=official,
            interest=4,
            local_growth=3,
            differentiation=3,
            community_health=3,
            applicability=3,
            submitted_at=datetime.datetime(2025, 3, 10, tzinfo=datetime.UTC),
        )
        officials.append(official)
    return {"course": course, "officials": officials, "staff": UserFactory(role=Role.STAFF)}


def csv_cells(body: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")) for cell in row]


def xlsx_cells(body: bytes) -> list:
    assert sheets_with_formulas(body) == []
    cells = [cell for sheet in load_workbook(io.BytesIO(body)).worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert [cell.coordinate for cell in cells if is_dangerous(cell.value) and not cell.quotePrefix] == []
    return [cell.value for cell in cells]


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_no_export_holds_a_formula_whatever_the_names_in_it(client, hostile_world, name):
    client.force_login(hostile_world["staff"])
    response = client.get(EXPORTS[name](hostile_world))
    assert response.status_code == 200
    if response["Content-Type"] == CSV_CONTENT_TYPE:
        values = csv_cells(response.content)
        assert [value for value in values if value[:1] in DANGEROUS_FIRST_CHARACTERS] == []
        values = [restore(value) for value in values]
    else:
        assert response["Content-Type"] == XLSX_CONTENT_TYPE
        values = xlsx_cells(response.content)
    if name not in FIXED_CONTENT:  # the names were planted where this export reads them, and came out whole
        assert set(HOSTILE) & set(values), f"{name} shows none of the planted names"


def test_the_roster_keeps_every_name_whole_in_both_formats(client, hostile_world):
    client.force_login(hostile_world["staff"])
    course = hostile_world["course"]
    from_csv = list(
        csv.reader(
            io.StringIO(
                client.get(EXPORTS["courses:roster_csv"](hostile_world)).content.decode("utf-8-sig"), newline=""
            )
        )
    )
    assert sorted(restore(row[1]) for row in from_csv[1:]) == sorted(HOSTILE)
    assert sorted(row[1] for row in from_csv[1:]) == sorted("'" + value for value in HOSTILE)
    assert [row[0] for row in from_csv[1:]] == [str(n) for n in range(1, len(HOSTILE) + 1)]
    sheet = load_workbook(io.BytesIO(client.get(EXPORTS["courses:roster_xlsx"](hostile_world)).content)).active
    assert sheet["A1"].value == f"{course.title_en} / {course.title_zh}"
    assert sorted(sheet.cell(row=row, column=2).value for row in range(5, 5 + len(HOSTILE))) == sorted(HOSTILE)
    assert [sheet.cell(row=row, column=1).value for row in range(5, 5 + len(HOSTILE))] == list(range(1, 7))


def test_names_copied_from_the_roster_csv_into_an_import_find_their_officials(client, hostile_world):
    """Export, then import: the quote that kept a name from being a formula is not part of the name."""
    from openpyxl import Workbook

    from peixun.records.imports import parse

    client.force_login(hostile_world["staff"])
    body = client.get(EXPORTS["courses:roster_csv"](hostile_world)).content
    roster = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    header = roster[0]
    name, unit = header.index("Chinese name"), header.index("Sending unit")
    workbook = Workbook()  # a person's own file, the cells pasted as the CSV holds them
    workbook.active.append(["姓名", "选派单位", "日期", "培训名称", "学时"])
    # Names that start with a tab or a return are trimmed by the import as any cell is: leave them out.
    copied = [row for row in roster[1:] if restore(row[name]).strip() == restore(row[name])]
    for row in copied:
        workbook.active.append([row[name], row[unit], datetime.date(2025, 5, 6), "城市更新专题培训班", 8])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert all(row[name].startswith("'") and row[unit].startswith("'") for row in copied)

    results = parse(io.BytesIO(buffer.getvalue()), "roster.xlsx", today=datetime.date(2025, 6, 1))

    assert [result.messages for result in results] == [[] for _ in copied]
    by_name = {official.name_zh: official for official in hostile_world["officials"]}
    assert [result.official for result in results] == [by_name[restore(row[name])] for row in copied]
    assert len(copied) == 4
