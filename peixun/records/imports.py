"""Importing training taken elsewhere from an Excel workbook: read, check every row, then apply all or nothing.

The first sheet holds one training per row under a row of column names, in English or Chinese
(``official id`` or ``官员编号``; a bilingual name such as ``hours / 学时`` works too). Columns nobody
asked for are ignored. The official is named by id, or by Chinese name and sending unit.

:func:`read_sheet` turns a file into header and rows (or a :class:`SheetError`), :func:`check_rows`
checks each row against the officials and the ledger, and :func:`parse` does both; they write
nothing. :func:`create_import_batch`, :func:`apply_import` and :func:`discard_import` are the services
the pages call.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.core import clock
from peixun.core.audit import record_event
from peixun.core.models import User
from peixun.core.spreadsheets import append_row, new_workbook, restore, workbook_to_bytes
from peixun.people.models import Official, Organisation

from .enums import EntrySource
from .models import ImportBatch, LedgerEntry
from .services import MAX_ENTRY_HOURS, add_external_training, days_to_hours, validate_external

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
#: Checked in the zip's directory before anything is unpacked: a small upload may not unpack into a flood.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_MEMBERS = 1000
#: Only so many columns are read (later ones are ignored, like any column nobody asked for), and a sheet
#: that goes on past so many rows is refused rather than read to its end.
MAX_COLUMNS = 60
MAX_SCANNED_ROWS = 20 * MAX_ROWS
TITLE_MAX = 300
PROVIDER_MAX = 200


@dataclass(frozen=True)
class Column:
    key: str
    english: str
    chinese: str
    aliases: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        """The column's name in the template and in messages about a missing column."""
        return f"{self.english} / {self.chinese}"

    @property
    def names(self) -> set[str]:
        return {_normalise(name) for name in (self.english, self.chinese, *self.aliases)}


# Column names are data in both languages, not interface text: the parser accepts each of them.
COLUMNS = (
    Column("official_id", "official id", "官员编号", ("official_id", "id", "official no.", "学员编号", "编号")),
    Column("name_zh", "Chinese name", "姓名", ("name", "name_zh", "name (chinese)", "中文姓名", "中文名")),
    Column("unit", "sending unit", "选派单位", ("unit", "派出单位", "单位", "工作单位")),
    Column("date", "date", "日期", ("training date", "培训日期")),
    Column("title", "title", "培训名称", ("training", "training title", "培训项目", "培训内容", "名称", "项目")),
    Column("provider", "provider", "培训机构", ("organiser", "organizer", "举办单位", "主办单位", "机构")),
    Column("hours", "hours", "学时", ("class hours", "hour", "课时")),
    Column("days", "days", "天数", ("day", "培训天数")),
)
COLUMNS_BY_KEY = {column.key: column for column in COLUMNS}


def _normalise(text) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().strip(":：").strip().lower()


def column_for(header) -> Column | None:
    """The column a header names: the whole header, or one language of a bilingual ``english / 中文`` one."""
    if header is None:
        return None
    whole = _normalise(header)
    parts = [whole, *(_normalise(part) for part in re.split(r"[/／\n]", str(header)))]
    for column in COLUMNS:
        if any(part and part in column.names for part in parts):
            return column
    return None


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# Errors --------------------------------------------------------------------------------------------


class SheetError(Exception):
    """The file as a whole cannot be imported: not a workbook, no rows, a column missing or repeated."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class RowError:
    row_number: int
    column: str | None  # the header as the file writes it
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row_number,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row_number, "message": self.message}


@dataclass
class RowResult:
    """One row of the sheet: the cells as written, the values read from them, and what is wrong."""

    row_number: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    official: Official | None = None
    date: datetime.date | None = None
    title: str = ""
    provider: str = ""
    hours: Decimal | None = None
    days: Decimal | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def credited_hours(self) -> Decimal | None:
        if self.hours is not None:
            return self.hours
        return days_to_hours(self.days) if self.days is not None else None

    @property
    def messages(self) -> list[str]:
        return [str(error) for error in self.errors]

    def error(self, column: str | None, message: str) -> None:
        self.errors.append(RowError(self.row_number, column, message))


@dataclass
class Sheet:
    """The header (column key → the header as written, and its index) and the non-empty rows."""

    headers: dict[str, tuple[int, str]]
    rows: list[tuple[int, tuple]]

    def cell(self, row: tuple, key: str):
        if key not in self.headers:
            return None
        index = self.headers[key][0]
        return row[index] if index < len(row) else None

    def header(self, key: str) -> str:
        return self.headers[key][1] if key in self.headers else COLUMNS_BY_KEY[key].header


# Reading the file ----------------------------------------------------------------------------------


def open_workbook(file, filename: str = ""):
    """The workbook in ``file`` (read-only), or a :class:`SheetError` that says why it cannot be read."""
    from openpyxl import load_workbook

    name = filename or getattr(file, "name", "") or _("the file")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise SheetError(
            [
                _("“%(name)s” is %(size)s MB; a spreadsheet of training can be at most %(max)s MB.")
                % {"name": name, "size": f"{size / 1024 / 1024:.1f}", "max": MAX_FILE_BYTES // 1024 // 1024}
            ]
        )
    not_a_workbook = _(
        "“%(name)s” is not an Excel workbook (.xlsx). Save it from Excel or WPS as “Excel workbook (*.xlsx)” "
        "and upload it again."
    ) % {"name": name}
    if filename and not filename.lower().endswith(".xlsx"):
        raise SheetError([not_a_workbook])
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SheetError([not_a_workbook]) from None
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise SheetError([not_a_workbook])
    if len(members) > MAX_MEMBERS or sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise SheetError(
            [
                _("“%(name)s” unpacks to more than %(max)s MB; save the training alone in a new workbook.")
                % {"name": name, "max": MAX_UNPACKED_BYTES // 1024 // 1024}
            ]
        )
    try:
        file.seek(0)
        return load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (BadZipFile, KeyError, InvalidFileException, XML errors)
        raise SheetError([not_a_workbook]) from None


def read_sheet(file, filename: str = "") -> Sheet:
    """The first sheet's column names and rows. Raises :class:`SheetError` when the file cannot be imported."""
    workbook = open_workbook(file, filename)
    numbered = []
    try:
        worksheet = workbook.worksheets[0] if workbook.worksheets else None
        cells = worksheet.iter_rows(max_col=MAX_COLUMNS, values_only=True) if worksheet is not None else []
        for number, cells_read in enumerate(cells, start=1):
            # A value copied from one of Peixun's CSV files keeps the quote that kept it from being a formula.
            row = tuple(restore(value) for value in cells_read)
            if any(_present(v) for v in row):
                numbered.append((number, row))
            if len(numbered) > MAX_ROWS + 1:
                message = _("The sheet has more than %(max)s rows of training; import at most %(max)s at a time.")
                raise SheetError([message % {"max": MAX_ROWS}])
            if number > MAX_SCANNED_ROWS:
                message = _("The sheet goes on past row %(max)s; keep only the rows of training in it.")
                raise SheetError([message % {"max": MAX_SCANNED_ROWS}])
    except SheetError:
        raise
    except Exception:
        raise SheetError([_("The first sheet of the workbook cannot be read.")]) from None
    finally:
        workbook.close()
    if not numbered:
        raise SheetError(
            [_("The first sheet is empty: put the column names in the first row and one training per row below it.")]
        )
    header_number, header_row = numbered[0]
    rows = numbered[1:]
    problems = []
    headers: dict[str, tuple[int, str]] = {}
    for index, text in enumerate(header_row):
        column = column_for(text) if _present(text) else None
        if column is None:
            continue
        written = str(text).strip()
        if column.key in headers:
            first = headers[column.key][0]
            problems.append(
                _("Columns %(first)s and %(second)s both give “%(column)s”; keep one of them.")
                % {"first": _letter(first), "second": _letter(index), "column": column.header}
            )
            continue
        headers[column.key] = (index, written)
    for key in ("date", "title"):
        if key not in headers:
            problems.append(_("The sheet has no column “%(column)s”.") % {"column": COLUMNS_BY_KEY[key].header})
    if "hours" not in headers and "days" not in headers:
        problems.append(
            _("The sheet has no column “%(hours)s” or “%(days)s”: give the training in one of them.")
            % {"hours": COLUMNS_BY_KEY["hours"].header, "days": COLUMNS_BY_KEY["days"].header}
        )
    if "official_id" not in headers and not ("name_zh" in headers and "unit" in headers):
        problems.append(
            _("The sheet does not say who took the training: it needs a column “%(id)s”, or “%(name)s” and “%(unit)s”.")
            % {
                "id": COLUMNS_BY_KEY["official_id"].header,
                "name": COLUMNS_BY_KEY["name_zh"].header,
                "unit": COLUMNS_BY_KEY["unit"].header,
            }
        )
    if not rows and not problems:
        problems.append(
            _("The sheet has column names in row %(row)s but no training below them.") % {"row": header_number}
        )
    if problems:
        raise SheetError(problems)
    return Sheet(headers=headers, rows=rows)


def _present(value) -> bool:
    return value is not None and str(value).strip() != ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# Checking the rows ---------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _read_date(value, result: RowResult, column: str, today: datetime.date) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        match = _DATE.match(_text(value))
        try:
            day = datetime.date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            day = None
        if day is None:
            result.error(column, _("“%(value)s” is not a date; write it as yyyy-mm-dd.") % {"value": _text(value)})
            return None
    if day > today:
        result.error(
            column,
            _("%(date)s is in the future; record training once it has taken place.") % {"date": clock.day(day)},
        )
        return None
    return day


def _read_number(value, result: RowResult, column: str, maximum: Decimal) -> Decimal | None:
    text = _text(value)
    try:
        number = Decimal(text) if not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        result.error(column, _("“%(value)s” is not a number.") % {"value": text})
        return None
    number = number.quantize(Decimal("0.01"))
    if number <= 0:
        result.error(column, _("%(value)s is not more than zero.") % {"value": text})
        return None
    if number > maximum:
        result.error(
            column,
            _("%(value)s is more than one entry can hold (at most %(max)s).") % {"value": text, "max": maximum},
        )
        return None
    return number


def _read_id(value, result: RowResult, column: str) -> int | None:
    text = _text(value)
    if not re.fullmatch(r"\d{1,18}", text):
        result.error(column, _("“%(value)s” is not an official id (a whole number).") % {"value": text})
        return None
    return int(text)


#: How often (in rows) a check tells ``progress`` how far it has read.
PROGRESS_EVERY = 200


def check_rows(sheet: Sheet, *, today: datetime.date | None = None, progress=None) -> list[RowResult]:
    """Every row of the sheet read and checked; a handful of queries whatever the number of rows.
    ``progress(read, total)``, when given, is told every ``PROGRESS_EVERY`` rows read and once at the end."""
    today = today or timezone.localdate()
    total = len(sheet.rows)
    max_days = (MAX_ENTRY_HOURS / settings.PEIXUN_CLASS_HOURS_PER_DAY).quantize(Decimal("0.01"))
    results: list[RowResult] = []
    wanted: list[tuple[RowResult, int | None, str, str]] = []
    head = sheet.header
    for number, row in sheet.rows:
        cell = {key: sheet.cell(row, key) for key in COLUMNS_BY_KEY}
        result = RowResult(number, {key: _text(cell[key]) for key in sheet.headers})
        results.append(result)
        official_id = None
        if _present(cell["official_id"]):
            official_id = _read_id(cell["official_id"], result, head("official_id"))
        name, unit = _text(cell["name_zh"]), _text(cell["unit"])
        if not _present(cell["official_id"]) and not (name and unit):
            result.error(
                None,
                _("Say who took the training: give the official id, or the Chinese name and the sending unit."),
            )
        wanted.append((result, official_id, name, unit))
        if _present(cell["date"]):
            result.date = _read_date(cell["date"], result, head("date"), today)
        else:
            result.error(head("date"), _("Give the date of the training."))
        result.title = _text(cell["title"])
        if not result.title:
            result.error(head("title"), _("Name the training."))
        elif len(result.title) > TITLE_MAX:
            result.error(head("title"), _("Longer than %(max)s characters.") % {"max": TITLE_MAX})
        result.provider = _text(cell["provider"])
        if len(result.provider) > PROVIDER_MAX:
            result.error(head("provider"), _("Longer than %(max)s characters.") % {"max": PROVIDER_MAX})
        has_hours, has_days = _present(cell["hours"]), _present(cell["days"])
        if has_hours and has_days:
            result.error(None, _("Give the training either in class hours or in days, not both."))
        elif has_hours:
            result.hours = _read_number(cell["hours"], result, head("hours"), MAX_ENTRY_HOURS)
        elif has_days:
            result.days = _read_number(cell["days"], result, head("days"), max_days)
        else:
            result.error(None, _("Give the training in class hours or in days."))
        if progress is not None and len(results) % PROGRESS_EVERY == 0:
            progress(len(results), total)
    if progress is not None:
        progress(len(results), total)
    _find_officials(sheet, wanted)
    for result in results:
        if result.official is not None and result.date is not None and result.title:
            problems = validate_external(official=result.official, date=result.date, title=result.title, today=today)
            for field_name, message in problems.items():
                result.error(head(field_name) if field_name in COLUMNS_BY_KEY else None, message)
    _find_repeats(sheet, results)
    return results


def _find_officials(sheet: Sheet, wanted: list[tuple[RowResult, int | None, str, str]]) -> None:
    ids = {official_id for _row, official_id, _name, _unit in wanted if official_id is not None}
    by_id = {o.pk: o for o in Official.objects.filter(pk__in=ids).select_related("sending_unit")} if ids else {}
    names = {name for _row, official_id, name, _unit in wanted if official_id is None and name}
    units = {unit for _row, official_id, _name, unit in wanted if official_id is None and unit}
    unit_ids: dict[str, set[int]] = {}
    if units:
        for pk, name_en, name_zh in Organisation.objects.filter(
            Q(name_zh__in=units) | Q(name_en__in=units)
        ).values_list("pk", "name_en", "name_zh"):
            for name in (name_en, name_zh):
                if name in units:
                    unit_ids.setdefault(name, set()).add(pk)
    by_name: dict[str, list[Official]] = {}
    if names:
        for official in Official.objects.filter(name_zh__in=names).select_related("sending_unit").order_by("pk"):
            by_name.setdefault(official.name_zh, []).append(official)
    for result, official_id, name, unit in wanted:
        if official_id is not None:
            official = by_id.get(official_id)
            if official is None:
                result.error(sheet.header("official_id"), _("No official has the id %(id)s.") % {"id": official_id})
            elif name and name != official.name_zh:
                result.error(
                    sheet.header("name_zh"),
                    _("Official %(id)s is %(found)s, not %(name)s.")
                    % {"id": official_id, "found": official.name_zh, "name": name},
                )
            else:
                result.official = official
            continue
        if not (name and unit):
            continue
        if unit not in unit_ids:
            result.error(sheet.header("unit"), _("No sending unit is called “%(unit)s”.") % {"unit": unit})
            continue
        matches = [o for o in by_name.get(name, []) if o.sending_unit_id in unit_ids[unit]]
        if not matches:
            result.error(
                None,
                _("No official called %(name)s belongs to “%(unit)s”.") % {"name": name, "unit": unit},
            )
        elif len(matches) > 1:
            result.error(
                None,
                _("%(count)s officials of “%(unit)s” are called %(name)s (ids %(ids)s); give the official id.")
                % {"count": len(matches), "unit": unit, "name": name, "ids": ", ".join(str(o.pk) for o in matches)},
            )
        else:
            result.official = matches[0]


def _find_repeats(sheet: Sheet, results: list[RowResult]) -> None:
    """Rows that repeat an earlier row, or training the official's record already holds."""
    complete = [r for r in results if r.official is not None and r.date and r.title and r.credited_hours]
    if not complete:
        return
    existing = set(
        LedgerEntry.objects.filter(
            official_id__in={r.official.pk for r in complete},
            date__in={r.date for r in complete},
            reversed_by__isnull=True,
        )
        .exclude(source=EntrySource.CORRECTION)
        .values_list("official_id", "date", "title", "hours")
    )
    existing = {(official_id, date, title.strip(), hours) for official_id, date, title, hours in existing}
    seen: dict[tuple, int] = {}
    for result in complete:
        key = (result.official.pk, result.date, result.title, result.credited_hours)
        if key in seen:
            result.error(
                None,
                _("Repeats row %(row)s: the same official, date, training and hours.") % {"row": seen[key]},
            )
            continue
        seen[key] = result.row_number
        if key in existing:
            result.error(
                None,
                _("%(official)s's record already holds this training: the same date, title and hours.")
                % {"official": result.official.name_zh},
            )


def parse(file, filename: str = "", *, today: datetime.date | None = None, progress=None) -> list[RowResult]:
    """Read and check a workbook. Raises :class:`SheetError` for a file that cannot be imported at all."""
    return check_rows(read_sheet(file, filename), today=today, progress=progress)


def parse_batch(batch: ImportBatch, *, today: datetime.date | None = None, progress=None) -> list[RowResult]:
    with batch.file.open("rb") as stored:
        return parse(io.BytesIO(stored.read()), today=today, progress=progress)


# The template -------------------------------------------------------------------------------------

TEMPLATE_NOTES = [
    (
        "每行一条外部培训记录。请删除示例行后填写。",
        "One training taken elsewhere per row. Delete the example row first.",
    ),
    (
        "官员：填写“官员编号”，或同时填写“姓名”和“选派单位”。",
        "Official: give the official id, or both the Chinese name and the sending unit.",
    ),
    ("日期：Excel 日期或 yyyy-mm-dd 格式，不能是将来的日期。", "Date: an Excel date or yyyy-mm-dd, not in the future."),
    (
        "学时或天数：只填其中一项，必须大于零。",
        "Hours or days: exactly one of them, more than zero.",
    ),
    (
        "列名可用中文或英文；不认识的列会被忽略。",
        "Column names may be in Chinese or English; other columns are ignored.",
    ),
]


def template_workbook(today: datetime.date | None = None) -> bytes:
    """An empty import sheet with the column names in both languages and one example row."""
    from openpyxl.styles import Font

    today = today or timezone.localdate()
    workbook = new_workbook()
    sheet = workbook.active
    sheet.title = "培训记录 Training"
    order = ("official_id", "name_zh", "unit", "date", "title", "provider", "hours", "days")
    append_row(
        sheet, [f"{COLUMNS_BY_KEY[k].chinese} / {COLUMNS_BY_KEY[k].english}" for k in order], font=Font(bold=True)
    )
    example_day = today.replace(day=1)
    example = [None, "王伟", "杭州市人民政府", example_day, "城市更新专题培训班", "中共浙江省委党校", 24, None]
    append_row(sheet, example, font=Font(italic=True, color="666666"))
    sheet.cell(row=2, column=4).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGH", (18, 14, 24, 14, 36, 28, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet("说明 Notes")
    for chinese, english in TEMPLATE_NOTES:
        append_row(notes, [chinese, english])
    notes.column_dimensions["A"].width = 60
    notes.column_dimensions["B"].width = 80
    return workbook_to_bytes(workbook)


# Services ---------------------------------------------------------------------------------------


def create_import_batch(*, actor: User, upload) -> ImportBatch:
    """Keep an uploaded workbook for preview. Raises ValidationError if it is not an .xlsx within the size limit."""
    filename = getattr(upload, "name", "") or ""
    try:
        open_workbook(upload, filename or "upload.xlsx").close()
    except SheetError as error:
        raise ValidationError({"file": error.messages}) from None
    upload.seek(0)
    with transaction.atomic():
        batch = ImportBatch(filename=filename[:255], uploaded_by=actor)
        batch.file.save(filename or "upload.xlsx", upload, save=False)
        batch.save()
        record_event(actor=actor, action="records.import_upload", instance=batch, changes={"file": [None, filename]})
    return batch


def _refuse_unless_previewed(batch: ImportBatch) -> None:
    if batch.status == ImportBatch.Status.APPLIED:
        when = timezone.localtime(batch.applied_at).strftime("%Y-%m-%d %H:%M") if batch.applied_at else ""
        raise ValidationError(
            _("This import was already applied (%(when)s); nothing was added again.") % {"when": when}
        )
    if batch.status == ImportBatch.Status.DISCARDED:
        raise ValidationError(_("This import was discarded; upload the file again to import it."))


def apply_import(*, actor: User, batch: ImportBatch, today: datetime.date | None = None) -> ImportBatch:
    """Add every row of the batch to the officials' records, or nothing at all if any row is wrong."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        _refuse_unless_previewed(batch)
        try:
            rows = parse_batch(batch, today=today)
        except SheetError as error:
            raise ValidationError(error.messages) from None
        problems = [message for row in rows for message in row.messages]
        if problems:
            raise ValidationError(problems)
        for row in rows:
            try:
                add_external_training(
                    actor=actor,
                    official=row.official,
                    date=row.date,
                    title=row.title,
                    provider=row.provider,
                    hours=row.hours,
                    days=row.days,
                    import_batch=batch,
                )
            except ValidationError as error:
                problems += [str(RowError(row.row_number, None, message)) for message in error.messages]
        if problems:
            # Raised inside the transaction: every entry added above is rolled back with it.
            raise ValidationError(problems)
        before = batch.status
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_at = timezone.now()
        batch.rows = len(rows)
        batch.save(update_fields=["status", "applied_at", "rows"])
        record_event(
            actor=actor,
            action="records.import_apply",
            instance=batch,
            changes={
                "status": [before, batch.status],
                "entries": [0, len(rows)],
                "hours": [Decimal("0"), sum((row.credited_hours for row in rows), Decimal("0"))],
            },
        )
    return batch


def discard_import(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Set a previewed batch aside; its file is kept."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        _refuse_unless_previewed(batch)
        before = batch.status
        batch.status = ImportBatch.Status.DISCARDED
        batch.save(update_fields=["status"])
        record_event(
            actor=actor, action="records.import_discard", instance=batch, changes={"status": [before, batch.status]}
        )
    return batch
