"""Importing training taken elsewhere: every error named by row and column, a preview, then all or nothing."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from peixun.core.models import AuditEvent
from peixun.records import imports
from peixun.records.imports import SheetError, create_import_batch, parse, template_workbook
from peixun.records.models import ImportBatch, LedgerEntry
from peixun.records.services import reverse_entry
from tests.factories import OfficialFactory, OrganisationFactory
from tests.shared_fixtures import FIXTURES

from .conftest import TODAY, D, credit, workbook_bytes

HEADER = ["official id", "date", "title", "provider", "hours"]


def check(rows, header=HEADER):
    return parse(io.BytesIO(workbook_bytes([header, *rows])), today=TODAY)


def messages(results):
    return [message for result in results for message in result.messages]


def sheet_errors(rows) -> list[str]:
    with pytest.raises(SheetError) as raised:
        parse(io.BytesIO(workbook_bytes(rows)), today=TODAY)
    return raised.value.messages


def upload(content: bytes, name="training.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# Reading rows ------------------------------------------------------------------------------------


def test_rows_by_official_id_with_an_excel_date_and_a_written_date(world):
    results = check(
        [
            [world.official.pk, datetime.datetime(2027, 3, 2), "城市更新专题培训", "省委党校", 24],
            [world.other_official.pk, "2027-04-01", "Green finance seminar", "", "7.5"],
        ]
    )
    assert [r.ok for r in results] == [True, True]
    first, second = results
    assert (first.row_number, first.official, first.date, first.title, first.provider, first.hours) == (
        2,
        world.official,
        D(2027, 3, 2),
        "城市更新专题培训",
        "省委党校",
        Decimal("24.00"),
    )
    assert (second.official, second.date, second.hours, second.provider) == (
        world.other_official,
        D(2027, 4, 1),
        Decimal("7.50"),
        "",
    )


def test_chinese_headers_name_and_unit_and_days_instead_of_hours(world, settings):
    results = check(
        [["王伟", "杭州市人民政府", "2027-05-10", "党校春季班", 3]],
        header=["姓名", "选派单位", "日期", "培训名称", "天数"],
    )
    (row,) = results
    assert row.ok, row.messages
    assert row.official == world.official
    assert row.days == Decimal("3.00") and row.hours is None
    assert row.credited_hours == Decimal("3") * settings.PEIXUN_CLASS_HOURS_PER_DAY


def test_bilingual_headers_of_the_template_and_a_unit_by_its_english_name(world):
    header = ["Chinese name / 姓名", "sending unit / 选派单位", "date / 日期", "title / 培训名称", "hours / 学时"]
    (row,) = check([["王伟", "Hangzhou Municipal Government", "2027-05-10", "Seminar", 8]], header=header)
    assert row.ok and row.official == world.official


def test_unknown_columns_are_ignored(world):
    (row,) = check([[world.official.pk, "2027-05-10", "Seminar", "", 8, "note", "x"]], header=[*HEADER, "备注", "Misc"])
    assert row.ok
    assert set(row.values) == {"official_id", "date", "title", "provider", "hours"}


def test_empty_rows_are_skipped_and_rows_keep_their_excel_numbers(world):
    results = check([[world.official.pk, "2027-05-10", "A", "", 8], [], [world.official.pk, "2027-05-11", "B", "", 8]])
    assert [r.row_number for r in results] == [2, 4]


# Errors of the sheet as a whole ---------------------------------------------------------------


def test_a_missing_required_column_is_named():
    errors = sheet_errors([["official id", "title", "hours"], [1, "A", 3]])
    assert errors == ["The sheet has no column “date / 日期”."]


def test_a_sheet_without_hours_or_days_or_an_official_is_refused():
    errors = sheet_errors([["date", "title"], ["2027-01-01", "A"]])
    assert errors == [
        "The sheet has no column “hours / 学时” or “days / 天数”: give the training in one of them.",
        "The sheet does not say who took the training: it needs a column “official id / 官员编号”, "
        "or “Chinese name / 姓名” and “sending unit / 选派单位”.",
    ]


def test_a_name_without_a_unit_does_not_identify_the_official():
    errors = sheet_errors([["姓名", "date", "title", "hours"], ["王伟", "2027-01-01", "A", 3]])
    assert len(errors) == 1 and errors[0].startswith("The sheet does not say who took the training")


def test_a_duplicate_header_is_refused_with_both_columns():
    errors = sheet_errors([["official id", "date", "title", "hours", "学时"], [1, "2027-01-01", "A", 3, 3]])
    assert errors == ["Columns D and E both give “hours / 学时”; keep one of them."]


def test_an_empty_sheet_is_refused():
    assert sheet_errors([]) == [
        "The first sheet is empty: put the column names in the first row and one training per row below it."
    ]


def test_a_sheet_of_column_names_only_is_refused():
    assert sheet_errors([HEADER]) == ["The sheet has column names in row 1 but no training below them."]


@pytest.mark.parametrize(
    "content",
    [
        b"official id,date,title,hours\n1,2027-01-01,A,3\n",
        b"PK\x03\x04 not really a zip",
        b"",
    ],
    ids=["csv", "broken-zip", "empty-file"],
)
def test_a_file_that_is_not_a_workbook_is_refused(content):
    with pytest.raises(SheetError) as raised:
        parse(io.BytesIO(content), "training.xlsx", today=TODAY)
    assert raised.value.messages == [
        "“training.xlsx” is not an Excel workbook (.xlsx). Save it from Excel or WPS as “Excel workbook (*.xlsx)” "
        "and upload it again."
    ]


@pytest.mark.parametrize(
    "fixture",
    ["documents/poi-heading123.docx", "decks/pptx-tbl-cell.pptx"],
)
def test_a_real_office_file_of_another_kind_renamed_xlsx_is_refused(fixture):
    content = (FIXTURES / fixture).read_bytes()
    with pytest.raises(SheetError):
        parse(io.BytesIO(content), "disguised.xlsx", today=TODAY)


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    rows = [[1, f"2027-01-0{day}", "A", "", 3] for day in range(1, 5)]
    assert sheet_errors([HEADER, *rows]) == ["The sheet has more than 3 rows of training; import at most 3 at a time."]


def test_a_sheet_that_goes_on_and_on_is_refused(monkeypatch):
    monkeypatch.setattr(imports, "MAX_SCANNED_ROWS", 50)
    rows = [HEADER, [1, "2027-01-01", "A", "", 3], *[[] for _ in range(60)], [1, "2027-01-02", "B", "", 3]]
    assert sheet_errors(rows) == ["The sheet goes on past row 50; keep only the rows of training in it."]


def test_a_workbook_that_unpacks_to_a_flood_is_refused_before_it_is_opened(monkeypatch):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (2 * 1024 * 1024))
    monkeypatch.setattr(imports, "MAX_UNPACKED_BYTES", 1024 * 1024)
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(1))
    with pytest.raises(SheetError) as raised:
        parse(io.BytesIO(buffer.getvalue()), "bomb.xlsx", today=TODAY)
    assert raised.value.messages == [
        "“bomb.xlsx” unpacks to more than 1 MB; save the training alone in a new workbook."
    ]
    assert opened == []


def test_the_file_name_must_end_in_xlsx():
    with pytest.raises(SheetError):
        parse(io.BytesIO(workbook_bytes([HEADER, [1, "2027-01-01", "A", "", 3]])), "training.xls", today=TODAY)


# Errors of single rows --------------------------------------------------------------------------


def test_every_kind_of_row_error_is_named_by_row_and_column(world):
    OfficialFactory(name_zh="张敏", sending_unit=world.unit)
    OfficialFactory(name_zh="张敏", sending_unit=world.unit)
    credit(world.official, D(2027, 1, 20), 16, title="已录入的培训")
    header = ["official id", "Chinese name", "sending unit", "date", "title", "provider", "hours", "days"]
    wang = world.official.pk
    rows = [
        [wang, None, None, "2027-02-30", "A", None, 3, None],  # 2 bad date
        [wang, None, None, "2027-06-16", "B", None, 3, None],  # 3 future date
        [wang, None, None, "2027-01-05", "C", None, "abc", None],  # 4 not a number
        [wang, None, None, "2027-01-05", "D", None, 0, None],  # 5 zero
        [wang, None, None, "2027-01-05", "E", None, 2001, None],  # 6 too large
        [wang, None, None, "2027-01-05", "F", None, 3, 1],  # 7 both
        [wang, None, None, "2027-01-05", "G", None, None, None],  # 8 neither
        [999999, None, None, "2027-01-05", "H", None, 3, None],  # 9 unknown id
        [None, "赵磊", "杭州市人民政府", "2027-01-05", "I", None, 3, None],  # 10 unknown name
        [None, "张敏", "杭州市人民政府", "2027-01-05", "J", None, 3, None],  # 11 ambiguous
        [None, "王伟", "不存在的单位", "2027-01-05", "K", None, 3, None],  # 12 unknown unit
        [wang, None, None, "2027-01-06", "L", None, 3, None],  # 13 fine
        [wang, None, None, "2027-01-06", "L", None, 3, None],  # 14 repeats row 13
        [wang, None, None, "2027-01-20", "已录入的培训", None, 16, None],  # 15 already in the ledger
        [wang, None, None, "2027-01-05", None, None, 3, None],  # 16 no title
        [None, None, None, "2027-01-05", "P", None, 3, None],  # 17 nobody
        ["12a", None, None, "2027-01-05", "Q", None, 3, None],  # 18 bad id
        [wang, "李娜", None, "2027-01-05", "R", None, 3, None],  # 19 id and name disagree
        [wang, None, None, 45000.5, "S", None, 3, None],  # 20 a number is not a date
        [wang, None, None, None, "T", None, -2, None],  # 21 no date, negative hours
    ]
    results = check(rows, header=header)
    ids = ", ".join(str(o.pk) for o in world.unit.officials.filter(name_zh="张敏").order_by("pk"))
    assert {r.row_number: r.messages for r in results} == {
        2: ["Row 2, column “date”: “2027-02-30” is not a date; write it as yyyy-mm-dd."],
        3: ["Row 3, column “date”: 16 June 2027 is in the future; record training once it has taken place."],
        4: ["Row 4, column “hours”: “abc” is not a number."],
        5: ["Row 5, column “hours”: 0 is not more than zero."],
        6: ["Row 6, column “hours”: 2001 is more than one entry can hold (at most 2000)."],
        7: ["Row 7: Give the training either in class hours or in days, not both."],
        8: ["Row 8: Give the training in class hours or in days."],
        9: ["Row 9, column “official id”: No official has the id 999999."],
        10: ["Row 10: No official called 赵磊 belongs to “杭州市人民政府”."],
        11: [f"Row 11: 2 officials of “杭州市人民政府” are called 张敏 (ids {ids}); give the official id."],
        12: ["Row 12, column “sending unit”: No sending unit is called “不存在的单位”."],
        13: [],
        14: ["Row 14: Repeats row 13: the same official, date, training and hours."],
        15: ["Row 15: 王伟's record already holds this training: the same date, title and hours."],
        16: ["Row 16, column “title”: Name the training."],
        17: ["Row 17: Say who took the training: give the official id, or the Chinese name and the sending unit."],
        18: ["Row 18, column “official id”: “12a” is not an official id (a whole number)."],
        19: [f"Row 19, column “Chinese name”: Official {wang} is 王伟, not 李娜."],
        20: ["Row 20, column “date”: “45000.5” is not a date; write it as yyyy-mm-dd."],
        21: [
            "Row 21, column “date”: Give the date of the training.",
            "Row 21, column “hours”: -2 is not more than zero.",
        ],
    }


def test_the_column_is_named_as_the_file_writes_it(world):
    (row,) = check(
        [[world.official.pk, "2027-01-05", "A", "", "三"]], header=["官员编号", "日期", "培训名称", "机构", "学时"]
    )
    assert row.messages == ["Row 2, column “学时”: “三” is not a number."]


def test_a_reversed_entry_does_not_count_as_already_recorded(world):
    entry = credit(world.official, D(2027, 1, 20), 16, title="录错的培训")
    reverse_entry(actor=world.users["staff"], entry=entry, reason="Wrong date")
    (row,) = check([[world.official.pk, "2027-01-20", "录错的培训", "", 16]])
    assert row.ok


def test_checking_rows_takes_the_same_queries_for_one_row_or_thirty(world):
    def queries(count):
        rows = [[world.official.pk, f"2027-01-{day:02d}", "A", "", 3] for day in range(1, count + 1)]
        content = io.BytesIO(workbook_bytes([HEADER, *rows]))
        with CaptureQueriesContext(connection) as captured:
            parse(content, today=TODAY)
        return len(captured)

    assert queries(1) == queries(30)


# The template --------------------------------------------------------------------------------


def test_the_template_round_trips_through_the_parser(world):
    content = template_workbook(today=TODAY)
    workbook = load_workbook(io.BytesIO(content))
    header = [cell.value for cell in workbook.worksheets[0][1]]
    assert header == [
        "官员编号 / official id",
        "姓名 / Chinese name",
        "选派单位 / sending unit",
        "日期 / date",
        "培训名称 / title",
        "培训机构 / provider",
        "学时 / hours",
        "天数 / days",
    ]
    (row,) = parse(io.BytesIO(content), "template.xlsx", today=TODAY)
    assert row.ok, row.messages
    assert (row.official, row.date, row.title, row.provider, row.hours) == (
        world.official,
        D(2027, 6, 1),
        "城市更新专题培训班",
        "中共浙江省委党校",
        Decimal("24.00"),
    )


def test_the_template_is_downloaded_by_staff(client, world):
    client.force_login(world.users["staff"])
    response = client.get(reverse("records:import_template"))
    assert response["Content-Type"] == imports_xlsx()
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["培训记录 Training", "说明 Notes"]


def imports_xlsx():
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Upload, preview, apply -----------------------------------------------------------------------


def good_workbook(world) -> bytes:
    return workbook_bytes(
        [
            HEADER,
            [world.official.pk, "2027-03-02", "城市更新专题培训", "省委党校", 24],
            [world.other_official.pk, "2027-04-01", "绿色金融研讨", "", 8],
        ]
    )


def checked(batch, actor):
    """The batch once its check (a job, run here as with no broker) has read it."""
    from peixun.jobs import services as jobs
    from peixun.records.jobs import start_check

    jobs.run_job(start_check(actor=actor, batch=batch).pk)
    return batch


def test_upload_preview_and_confirm(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["staff"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("records:import"), {"file": upload(good_workbook(world))})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == reverse("records:import_preview", args=[batch.pk])
    assert (batch.filename, batch.status, batch.uploaded_by) == ("training.xlsx", "previewed", world.users["staff"])

    preview = client.get(response.url).content.decode()
    assert "城市更新专题培训" in preview and "绿色金融研讨" in preview
    assert "Add 2 entries to the records" in preview
    assert LedgerEntry.objects.count() == 0

    response = client.post(reverse("records:import_apply", args=[batch.pk]), follow=True)
    assert "2 entries of training elsewhere were added" in response.content.decode()
    entries = LedgerEntry.objects.order_by("pk")
    assert [(e.official, e.date, e.title, e.hours, e.source, e.import_batch_id) for e in entries] == [
        (world.official, D(2027, 3, 2), "城市更新专题培训", Decimal("24.00"), "external", batch.pk),
        (world.other_official, D(2027, 4, 1), "绿色金融研讨", Decimal("8.00"), "external", batch.pk),
    ]
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.rows == 2 and batch.applied_at is not None
    (event,) = AuditEvent.objects.filter(action="records.import_apply")
    assert event.actor == world.users["staff"] and event.changes["entries"] == [0, 2]
    assert not AuditEvent.objects.filter(action="ledger.external").exists()


def test_a_batch_is_applied_once_only(world):
    batch = create_import_batch(actor=world.users["staff"], upload=upload(good_workbook(world)))
    imports.apply_import(actor=world.users["staff"], batch=batch)
    with pytest.raises(ValidationError) as refused:
        imports.apply_import(actor=world.users["staff"], batch=batch)
    assert "already applied" in refused.value.messages[0]
    assert LedgerEntry.objects.count() == 2
    assert AuditEvent.objects.filter(action="records.import_apply").count() == 1


def test_applying_twice_through_the_page_says_so(client, world):
    batch = create_import_batch(actor=world.users["staff"], upload=upload(good_workbook(world)))
    client.force_login(world.users["staff"])
    client.post(reverse("records:import_apply", args=[batch.pk]))
    response = client.post(reverse("records:import_apply", args=[batch.pk]), follow=True)
    body = response.content.decode()
    assert "Nothing was imported." in body and "already applied" in body
    assert LedgerEntry.objects.count() == 2


def test_a_batch_with_any_error_cannot_be_applied_and_writes_nothing(client, world):
    content = workbook_bytes(
        [HEADER, [world.official.pk, "2027-03-02", "A", "", 24], [world.official.pk, "x", "B", "", 3]]
    )
    batch = checked(create_import_batch(actor=world.users["staff"], upload=upload(content)), world.users["staff"])
    client.force_login(world.users["staff"])
    preview = client.get(reverse("records:import_preview", args=[batch.pk])).content.decode()
    assert "Row 3, column “date”: “x” is not a date; write it as yyyy-mm-dd." in preview
    assert reverse("records:import_apply", args=[batch.pk]) not in preview
    response = client.post(reverse("records:import_apply", args=[batch.pk]), follow=True)
    assert "Row 3, column “date”" in response.content.decode()
    assert LedgerEntry.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == "previewed"


def test_training_long_before_service_began_is_named_in_the_preview(world):
    world.other_official.service_began = D(2026, 1, 1)
    world.other_official.save()
    content = workbook_bytes(
        [HEADER, [world.official.pk, "2026-03-02", "A", "", 24], [world.other_official.pk, "2020-04-01", "B", "", 8]]
    )
    rows = imports.parse(io.BytesIO(content), "training.xlsx")
    assert rows[0].ok
    assert rows[1].messages == [
        "Row 3, column “date”: The training is dated 1 April 2020, long before the official's service began "
        "(1 January 2026)."
    ]


def test_a_row_the_service_refuses_at_apply_time_rolls_back_every_row(world, monkeypatch):
    """The preview was clean, but the second row fails as it is written: the first is rolled back too."""
    content = workbook_bytes(
        [HEADER, [world.official.pk, "2026-03-02", "A", "", 24], [world.other_official.pk, "2026-04-01", "B", "", 8]]
    )
    batch = create_import_batch(actor=world.users["staff"], upload=upload(content))
    real = imports.add_external_training

    def refuse_the_second(**kwargs):
        if kwargs["title"] == "B":
            raise ValidationError("The official's record is being corrected; try again.")
        return real(**kwargs)

    monkeypatch.setattr(imports, "add_external_training", refuse_the_second)
    with pytest.raises(ValidationError) as refused:
        imports.apply_import(actor=world.users["staff"], batch=batch)
    assert refused.value.messages == ["Row 3: The official's record is being corrected; try again."]
    assert LedgerEntry.objects.count() == 0
    batch.refresh_from_db()
    assert batch.status == "previewed"
    assert not AuditEvent.objects.filter(action="records.import_apply").exists()


def test_a_failure_in_the_middle_of_applying_leaves_no_entry_behind(world, monkeypatch):
    from peixun.records import services

    real = services.add_external_training
    calls = []

    def fail_on_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise ValidationError("The database went away")
        return real(**kwargs)

    monkeypatch.setattr(imports, "add_external_training", fail_on_second)
    batch = create_import_batch(actor=world.users["staff"], upload=upload(good_workbook(world)))
    with pytest.raises(ValidationError):
        imports.apply_import(actor=world.users["staff"], batch=batch)
    assert len(calls) == 2
    assert LedgerEntry.objects.count() == 0


def test_a_discarded_batch_cannot_be_applied(client, world):
    batch = create_import_batch(actor=world.users["staff"], upload=upload(good_workbook(world)))
    client.force_login(world.users["staff"])
    url = reverse("records:import_discard", args=[batch.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "Discard the import of" in asked.content.decode()
    batch.refresh_from_db()
    assert batch.status == "previewed"
    response = client.post(url, {"confirmed": "yes"})
    assert response.status_code == 302 and response.url == reverse("records:import")
    batch.refresh_from_db()
    assert batch.status == "discarded"
    with pytest.raises(ValidationError):
        imports.apply_import(actor=world.users["staff"], batch=batch)
    assert LedgerEntry.objects.count() == 0
    assert AuditEvent.objects.filter(action="records.import_discard").count() == 1


def test_a_file_that_is_not_a_workbook_is_refused_at_upload_and_not_kept(client, world):
    client.force_login(world.users["staff"])
    docx = (FIXTURES / "documents" / "poi-heading123.docx").read_bytes()
    response = client.post(reverse("records:import"), {"file": upload(docx, "training.xlsx")})
    assert response.status_code == 200
    assert "“training.xlsx” is not an Excel workbook (.xlsx)." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_file_over_five_megabytes_is_refused(client, world):
    client.force_login(world.users["staff"])
    response = client.post(reverse("records:import"), {"file": upload(b"0" * (5 * 1024 * 1024 + 1))})
    assert "a spreadsheet of training can be at most 5 MB" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_sheet_error_shows_on_the_preview_without_a_confirm_button(client, world):
    batch = create_import_batch(actor=world.users["staff"], upload=upload(workbook_bytes([["title"], ["A"]])))
    checked(batch, world.users["staff"])
    client.force_login(world.users["staff"])
    body = client.get(reverse("records:import_preview", args=[batch.pk])).content.decode()
    assert "The sheet has no column “date / 日期”." in body
    assert reverse("records:import_apply", args=[batch.pk]) not in body


def test_the_preview_is_shown_in_chinese(client, world):
    staff = world.users["staff"]
    staff.language = "zh-hans"
    staff.save()
    batch = checked(create_import_batch(actor=staff, upload=upload(good_workbook(world))), staff)
    client.force_login(staff)
    body = client.get(reverse("records:import_preview", args=[batch.pk])).content.decode()
    assert '<html lang="zh-Hans">' in body and "王伟" in body and "杭州市人民政府" in body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_apply_the_batch_once(world):
    batch = create_import_batch(actor=world.users["staff"], upload=upload(good_workbook(world)))
    outcomes, barrier = [], threading.Barrier(2)

    def confirm():
        from django.db import connections

        barrier.wait()
        try:
            imports.apply_import(actor=world.users["staff"], batch=batch, today=TODAY)
            outcomes.append("applied")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["applied", "refused"]
    assert LedgerEntry.objects.count() == 2


def test_a_different_unit_with_the_same_name_official_is_not_matched(world):
    other = OrganisationFactory(name_en="Ningbo", name_zh="宁波市人民政府")
    OfficialFactory(name_zh="王伟", sending_unit=other)
    (row,) = check(
        [["王伟", "杭州市人民政府", "2027-01-05", "A", 3]], header=["姓名", "单位", "日期", "培训名称", "学时"]
    )
    assert row.ok and row.official == world.official
