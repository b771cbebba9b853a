"""A course's timetable as a printable PDF: A4 landscape, English and Chinese side by side.

Two steps: :func:`timetable_sheet` turns the course into a :class:`TimetableSheet` of plain,
already-bilingual strings (the Django side: models, translations, dates); :func:`render_pdf` lays the
sheet out with reportlab and knows nothing of Django. The fonts, embedded in the PDF, the setting of
mixed Chinese and Latin text, the colours and the footer on every page are the shared kit's
(:mod:`peixun.core.pdf`); the texts in both languages are :mod:`peixun.core.i18n`'s.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from peixun.core.i18n import bilingual, day_in_each_language, in_both_languages, person_in_both_languages
from peixun.core.pdf import (
    GREEN,
    INK,
    LATIN_BOLD,
    LATIN_FONT,
    LINE,
    MARGIN,
    MUTED,
    page_decorations,
    paragraph,
    register_fonts,
    table_style,
)
from peixun.courses.models import WEEKDAYS
from peixun.curriculum.enums import PartOfDay, SessionFormat

from .ics import LUNCH_TIMES, PART_OF_DAY_TIMES


@dataclass(frozen=True)
class SheetSession:
    title_en: str
    title_zh: str
    format: str
    meta: str
    lecturers: str = ""
    venue: str = ""
    sponsor: str = ""


@dataclass(frozen=True)
class SheetDay:
    label_en: str
    label_zh: str
    day_off: bool
    slots: tuple[tuple[SheetSession, ...], ...] = ()


@dataclass(frozen=True)
class SheetColumn:
    heading: str
    times: str


@dataclass(frozen=True)
class TimetableSheet:
    kicker: str
    title_en: str
    title_zh: str
    facts: list[tuple[str, str]]
    day_heading: str
    columns: list[SheetColumn]
    day_off_label: str
    days: list[SheetDay]
    footer: str
    printed: str
    #: "Page {page} of {pages}", in both languages, filled in as the pages are drawn.
    page_label: str
    author: str = "Peixun"
    subject: str = ""
    empty_note: str = ""


# ---------------------------------------------------------------- Django side: the sheet's content


def _times(start: datetime.time, end: datetime.time) -> str:
    return f"{start:%H:%M}–{end:%H:%M}"


def _sheet_session(session) -> SheetSession:
    parts = [in_both_languages(SessionFormat(session.format).label)]
    if session.format == SessionFormat.LUNCH:
        parts.append(_times(*LUNCH_TIMES))
    if session.class_hours:
        parts.append(in_both_languages(_("%(h)s h"), h=f"{session.class_hours.normalize():f}"))
    lecturers = ", ".join(
        person_in_both_languages(lecturer.name, lecturer.name_zh) for lecturer in session.lecturers.all()
    )
    sponsor = ""
    if session.sponsor is not None:
        names = (session.sponsor.name_en, session.sponsor.name_zh or session.sponsor.name_en)
        sponsor = in_both_languages(_("Hosted by %(sponsor)s"), sponsor=names)
    return SheetSession(
        title_en=session.title_en,
        title_zh=session.title_zh,
        format=session.format,
        meta=" · ".join(parts),
        lecturers=lecturers,
        venue=bilingual(session.venue.name_en, session.venue.name_zh) if session.venue is not None else "",
        sponsor=sponsor,
    )


def timetable_sheet(course, sessions: Iterable, *, printed_on: datetime.date) -> TimetableSheet:
    """The printable content of a course's timetable. ``sessions`` come with their venue, sponsor and
    lecturers loaded (see :func:`peixun.timetables.feeds.for_calendar`)."""
    by_slot: dict[tuple[datetime.date, int], list[SheetSession]] = {}
    hours = 0
    for session in sessions:
        by_slot.setdefault((session.date, session.part_of_day), []).append(_sheet_session(session))
        hours += session.class_hours
    days = []
    for day in course.all_days():
        # Translators: a date format (Django's date syntax) for one day in a timetable: weekday, day and month.
        label_en, label_zh = day_in_each_language(day, _("D j M"))
        days.append(
            SheetDay(
                label_en=label_en,
                label_zh=label_zh,
                day_off=day.weekday() == course.day_off,
                slots=tuple(tuple(by_slot.get((day, part), ())) for part in PartOfDay.values),
            )
        )
    weekday = dict(WEEKDAYS)[course.day_off]
    first_day, last_day = day_in_each_language(course.start), day_in_each_language(course.end)
    academy = course.academy
    facts = [
        (in_both_languages(_("Academy")), bilingual(academy.name_en, academy.name_zh)),
        (
            in_both_languages(_("Dates")),
            bilingual(
                *(f"{start} – {end}" for start, end in zip(first_day, last_day, strict=True)),
            ),
        ),
        (in_both_languages(_("Day off")), in_both_languages(weekday)),
        (in_both_languages(_("Class hours")), f"{hours.normalize() if hours else 0:f}"),
    ]
    return TimetableSheet(
        kicker=in_both_languages(_("Timetable")),
        title_en=course.title_en,
        title_zh=course.title_zh,
        facts=facts,
        day_heading=in_both_languages(_("Day")),
        columns=[
            SheetColumn(heading=in_both_languages(label), times=_times(*PART_OF_DAY_TIMES[value]))
            for value, label in zip(PartOfDay.values, PartOfDay.labels, strict=True)
        ],
        day_off_label=in_both_languages(_("Day off")),
        days=days,
        footer=bilingual(course.title_en, course.title_zh, separator="  ") + f"  ·  {academy.name_en}",
        # Translators: at the foot of a printed timetable; %(day)s is the date it was printed.
        printed=in_both_languages(
            _("Printed on %(day)s"),
            day=day_in_each_language(printed_on),
        ),
        # Translators: page numbers at the foot of a printed timetable.
        page_label=in_both_languages(_("Page %(page)s of %(pages)s"), page="{page}", pages="{pages}"),
        subject=in_both_languages(_("Timetable")),
        # Translators: printed instead of the timetable when a course has no sessions yet.
        empty_note=in_both_languages(_("No sessions are timetabled yet.")),
    )


# ---------------------------------------------------------------- reportlab side: the layout

FORMAT_COLOURS = {
    # format → (bar, background), as on the timetable page
    SessionFormat.LECTURE: ("#1f6f50", "#e6f2ec"),
    SessionFormat.WORKSHOP: ("#6a4fb3", "#efeafa"),
    SessionFormat.SITE_VISIT: ("#b36b00", "#fff1dc"),
    SessionFormat.DINNER: ("#a3261b", "#fbe9e7"),
    SessionFormat.LUNCH: ("#a3261b", "#fbe9e7"),
    SessionFormat.EXHIBITION: ("#1b6aa3", "#e4f0fa"),
}
DAY_OFF_BG = "#eceff1"


def _styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=LATIN_FONT, fontSize=8, leading=10, textColor=colors.HexColor(INK))
    muted = colors.HexColor(MUTED)
    return {
        "kicker": ParagraphStyle("kicker", parent=base, fontSize=9, leading=11, textColor=colors.HexColor(GREEN)),
        "title_en": ParagraphStyle("title_en", parent=base, fontName=LATIN_BOLD, fontSize=18, leading=22),
        "title_zh": ParagraphStyle("title_zh", parent=base, fontSize=16, leading=21),
        "fact_label": ParagraphStyle("fact_label", parent=base, fontSize=8.5, leading=11, textColor=muted),
        "fact": ParagraphStyle("fact", parent=base, fontSize=8.5, leading=11),
        "head": ParagraphStyle(
            "head", parent=base, fontName=LATIN_BOLD, fontSize=8.5, leading=10.5, textColor=colors.white
        ),
        "head_times": ParagraphStyle(
            "head_times", parent=base, fontSize=7.5, leading=9, textColor=colors.HexColor("#d7eadf")
        ),
        "day_en": ParagraphStyle("day_en", parent=base, fontName=LATIN_BOLD, fontSize=8.5, leading=10.5),
        "day_zh": ParagraphStyle("day_zh", parent=base, fontSize=8, leading=10.5, textColor=muted),
        "s_title_en": ParagraphStyle("s_title_en", parent=base, fontName=LATIN_BOLD, fontSize=8, leading=9.6),
        "s_title_zh": ParagraphStyle("s_title_zh", parent=base, fontSize=8, leading=10),
        "s_meta": ParagraphStyle("s_meta", parent=base, fontSize=7, leading=8.8, textColor=muted),
        "s_who": ParagraphStyle("s_who", parent=base, fontSize=7.3, leading=9),
        "off": ParagraphStyle("off", parent=base, fontSize=9, leading=11, alignment=TA_CENTER, textColor=muted),
        "empty": ParagraphStyle("empty", parent=base, fontSize=10, leading=13, textColor=muted),
    }


def _session_block(session: SheetSession, width: float, styles: dict):
    from reportlab.lib import colors
    from reportlab.platypus import Table

    bar, background = FORMAT_COLOURS.get(session.format, (GREEN, "#f3f5f6"))
    lines = [paragraph(session.title_en, styles["s_title_en"])]
    if session.title_zh and session.title_zh != session.title_en:
        lines.append(paragraph(session.title_zh, styles["s_title_zh"]))
    lines.append(paragraph(session.meta, styles["s_meta"]))
    if session.lecturers:
        lines.append(paragraph(session.lecturers, styles["s_who"]))
    if session.venue:
        lines.append(paragraph(session.venue, styles["s_meta"]))
    if session.sponsor:
        lines.append(paragraph(session.sponsor, styles["s_meta"]))
    block = Table([[lines]], colWidths=[width])
    block.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(background)),
                ("LINEBEFORE", (0, 0), (0, -1), 2.5, colors.HexColor(bar)),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return block


def _slot_cell(sessions: Sequence[SheetSession], width: float, styles: dict) -> list:
    from reportlab.platypus import Spacer

    cell: list = []
    for session in sessions:
        if cell:
            cell.append(Spacer(1, 3))
        cell.append(_session_block(session, width, styles))
    return cell


def render_pdf(sheet: TimetableSheet) -> bytes:
    """The sheet laid out on A4 landscape pages, the table's header repeated on each page."""
    import io

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate
    from reportlab.platypus.doctemplate import LayoutError

    register_fonts()

    def build(split_in_row: bool) -> bytes:
        buffer = io.BytesIO()
        document = SimpleDocTemplate(
            buffer,
            pagesize=landscape(A4),
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 14,
            title=f"{sheet.title_en} / {sheet.title_zh}",
            author=sheet.author,
            subject=sheet.subject,
            creator="Peixun",
            initialFontName=LATIN_FONT,  # not reportlab's Helvetica, which no PDF embeds
        )
        document.build(
            _story(sheet, split_in_row=split_in_row),
            canvasmaker=page_decorations(sheet.footer, sheet.printed, sheet.page_label),
        )
        return buffer.getvalue()

    try:
        return build(split_in_row=False)
    except LayoutError:
        # A day with more sessions than one page holds: let its row run on to the next page.
        return build(split_in_row=True)


def _story(sheet: TimetableSheet, *, split_in_row: bool) -> list:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import Spacer, Table

    styles = _styles()
    page_width, _page_height = landscape(A4)
    frame_padding = 6  # SimpleDocTemplate's frame keeps 6 pt inside its margins on each side
    usable = page_width - 2 * MARGIN - 2 * frame_padding
    day_width = 74
    # The evening holds dinners, with little text; the morning and afternoon hold the teaching.
    slot_widths = [usable * 0.36 - day_width / 2, usable * 0.36 - day_width / 2]
    slot_widths.append(usable - day_width - sum(slot_widths))
    cell_padding = 3
    no_padding = [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]

    # The title on the left, the facts about the course on the right.
    title_width = usable * 0.48
    facts_width = usable - title_width
    title = [
        paragraph(sheet.kicker, styles["kicker"]),
        paragraph(sheet.title_en, styles["title_en"]),
        paragraph(sheet.title_zh, styles["title_zh"]),
    ]
    facts = Table(
        [[paragraph(label, styles["fact_label"]), paragraph(value, styles["fact"])] for label, value in sheet.facts],
        colWidths=[96, facts_width - 96],
    )
    facts.setStyle(table_style(no_padding))
    head = Table([[title, facts]], colWidths=[title_width, facts_width])
    head.setStyle(table_style(no_padding))
    story: list = [head, Spacer(1, 10)]

    header = [paragraph(sheet.day_heading, styles["head"])] + [
        [paragraph(column.heading, styles["head"]), paragraph(column.times, styles["head_times"])]
        for column in sheet.columns
    ]
    rows = [header]
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(GREEN)),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(LINE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), cell_padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), cell_padding),
        ("TOPPADDING", (0, 0), (-1, -1), cell_padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), cell_padding),
    ]
    for index, day in enumerate(sheet.days, start=1):
        label = [paragraph(day.label_en, styles["day_en"]), paragraph(day.label_zh, styles["day_zh"])]
        if day.day_off:
            rows.append([label, paragraph(sheet.day_off_label, styles["off"]), "", ""])
            commands += [
                ("SPAN", (1, index), (-1, index)),
                ("BACKGROUND", (0, index), (-1, index), colors.HexColor(DAY_OFF_BG)),
                ("VALIGN", (1, index), (-1, index), "MIDDLE"),
            ]
        else:
            rows.append(
                [label]
                + [
                    _slot_cell(sessions, width - 2 * cell_padding, styles)
                    for sessions, width in zip(day.slots, slot_widths, strict=True)
                ]
            )
    table = Table(rows, colWidths=[day_width, *slot_widths], repeatRows=1, splitInRow=int(split_in_row))
    table.setStyle(table_style(commands))
    story.append(table)
    if not any(any(slot) for day in sheet.days for slot in day.slots):
        story += [Spacer(1, 8), paragraph(sheet.empty_note, styles["empty"])]
    return story


def timetable_pdf(course, sessions: Iterable, *, printed_on: datetime.date) -> bytes:
    return render_pdf(timetable_sheet(course, sessions, printed_on=printed_on))
