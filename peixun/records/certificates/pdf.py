"""Printable training documents: the certificate of completion and the official's transcript.

Both are A4 and bilingual, Chinese and English side by side, so their fixed wording is written here in
both languages rather than translated. As with the printable timetable (:mod:`peixun.timetables.pdf`),
the Django side turns models into plain sheets of strings and the reportlab side lays the sheets out
knowing nothing of Django; the fonts, embedded in each PDF, the colours, Chinese line breaking and the
transcript's footer are the shared kit's (:mod:`peixun.core.pdf`), the dates in both languages
:func:`peixun.core.i18n.day_in_both`'s.
Officials are named as Chinese readers write them, in characters, and as pinyin with its tone marks
for everyone else, the surname first in both.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from peixun.core.i18n import bilingual, day_in_both, in_both_languages
from peixun.core.pdf import (
    CJK_BOLD,
    GREEN,
    INK,
    LATIN_BOLD,
    LATIN_FONT,
    LINE,
    MARGIN,
    MUTED,
    SHADE,
    chinese_line_breaking,
    draw_string,
    page_decorations,
    paragraph,
    register_fonts,
    table_style,
)
from peixun.people.enums import PositionCategory
from peixun.people.models import Official

from .codes import display_code

GOLD = "#a8842c"
SEAL = "#c9a9a4"  # a faded seal red: the place for the seal must not look like one


def _prepare() -> None:
    register_fonts()
    chinese_line_breaking()


def latin_name(official) -> str:
    """The official's name in Latin letters: pinyin with its tone marks, surname first ("Lù Zhìmíng");
    the English name only for an official whose Chinese name gives no pinyin."""
    return official.name_pinyin or official.name_en


def hours_text(hours: Decimal | None) -> str:
    """Class hours without trailing zeros: 27, 22.5, -3."""
    value = Decimal(hours or 0).quantize(Decimal("0.01")).normalize()
    return f"{value:f}"


def _date_range(start: datetime.date, end: datetime.date) -> tuple[str, str]:
    (start_en, start_zh), (end_en, end_zh) = day_in_both(start), day_in_both(end)
    return f"{start_en} to {end_en}", f"{start_zh}至{end_zh}"


# ================================================================ the certificate: Django side


@dataclass(frozen=True)
class CertificateSheet:
    name_zh: str
    name_latin: str
    course_en: str
    course_zh: str
    academy_en: str
    academy_zh: str
    dates_en: str
    dates_zh: str
    hours: str
    issued_en: str
    issued_zh: str
    code: str
    verify_url: str


def certificate_sheet(certificate, *, verify_url: str) -> CertificateSheet:
    course, official = certificate.course, certificate.official
    dates_en, dates_zh = _date_range(course.start, course.end)
    issued_en, issued_zh = day_in_both(timezone.localdate(certificate.issued_at))
    return CertificateSheet(
        name_zh=official.name_zh,
        name_latin=latin_name(official),
        course_en=course.title_en,
        course_zh=course.title_zh or course.title_en,
        academy_en=course.academy.name_en,
        academy_zh=course.academy.name_zh or course.academy.name_en,
        dates_en=dates_en,
        dates_zh=dates_zh,
        hours=hours_text(certificate.hours),
        issued_en=issued_en,
        issued_zh=issued_zh,
        code=display_code(certificate.code),
        verify_url=verify_url,
    )


# ================================================================ the certificate: reportlab side


def _certificate_styles(scale: float = 1) -> dict:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    ink, muted = colors.HexColor(INK), colors.HexColor(MUTED)
    centred = ParagraphStyle("centred", fontName=LATIN_FONT, alignment=TA_CENTER, textColor=ink)
    return {
        "lead": ParagraphStyle("lead", parent=centred, fontSize=12 * scale, leading=16 * scale, textColor=muted),
        "name_zh": ParagraphStyle("name_zh", parent=centred, fontSize=34 * scale, leading=42 * scale),
        "name_latin": ParagraphStyle(
            "name_latin", parent=centred, fontSize=14 * scale, leading=18 * scale, textColor=muted
        ),
        # CJK wrapping breaks a long Chinese title between any two characters, as Chinese is set.
        "body_zh": ParagraphStyle("body_zh", parent=centred, fontSize=15 * scale, leading=25 * scale, wordWrap="CJK"),
        "body_en": ParagraphStyle("body_en", parent=centred, fontSize=12 * scale, leading=17 * scale),
        "issuer_zh": ParagraphStyle(
            "issuer_zh", fontName=LATIN_FONT, fontSize=11, leading=14, textColor=ink, alignment=TA_CENTER
        ),
        "issuer": ParagraphStyle(
            "issuer", fontName=LATIN_FONT, fontSize=7.5, leading=9.5, textColor=ink, alignment=TA_CENTER, spaceAfter=3
        ),
        "issued_label": ParagraphStyle(
            "issued_label", fontName=LATIN_FONT, fontSize=6.5, leading=8.5, textColor=muted, alignment=TA_CENTER
        ),
        "issued": ParagraphStyle(
            "issued", fontName=LATIN_FONT, fontSize=7.5, leading=9.5, textColor=ink, alignment=TA_CENTER
        ),
        "check": ParagraphStyle("check", fontName=LATIN_FONT, fontSize=7, leading=9, textColor=muted),
        "code": ParagraphStyle("code", fontName=LATIN_BOLD, fontSize=9.5, leading=13, textColor=ink, spaceBefore=2),
    }


def draw_qr(canvas, url: str, x: float, y: float, size: float) -> None:
    """``url`` as a QR code drawn in vectors, its lower-left corner at (x, y), ``size`` points wide
    including the quiet zone the standard asks for."""
    import segno
    from reportlab.lib import colors

    code = segno.make(url, error="m", micro=False)
    border = 4
    rows = list(code.matrix_iter(scale=1, border=border))
    module = size / len(rows)
    canvas.saveState()
    canvas.setFillColor(colors.white)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColor(colors.black)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        top = y + size - (r + 1) * module
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.rect(x + start * module, top, (c - start) * module, module)
            else:
                c += 1
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _draw_spaced(canvas, text: str, font: str, size: float, centre_x: float, y: float, spacing: float) -> None:
    """One line of text centred on ``centre_x`` with extra space between its characters."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    width = stringWidth(text, font, size) + spacing * (len(text) - 1)
    canvas.saveState()  # the character spacing would otherwise stay on for the text drawn after
    line = canvas.beginText(centre_x - width / 2, y)
    line.setFont(font, size)
    line.setCharSpace(spacing)
    line.textOut(text)
    canvas.drawText(line)
    canvas.restoreState()


def _draw_frame(canvas, width: float, height: float) -> None:
    from reportlab.lib import colors

    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(GREEN))
    canvas.setLineWidth(3)
    canvas.rect(20, 20, width - 40, height - 40)
    canvas.setStrokeColor(colors.HexColor(GOLD))
    canvas.setLineWidth(0.8)
    canvas.rect(29, 29, width - 58, height - 58)
    # A small diamond in each corner of the inner border.
    canvas.setFillColor(colors.HexColor(GOLD))
    for cx, cy in ((29, 29), (width - 29, 29), (29, height - 29), (width - 29, height - 29)):
        diamond = canvas.beginPath()
        diamond.moveTo(cx, cy - 5)
        diamond.lineTo(cx + 5, cy)
        diamond.lineTo(cx, cy + 5)
        diamond.lineTo(cx - 5, cy)
        diamond.close()
        canvas.drawPath(diamond, stroke=0, fill=1)
    canvas.restoreState()


def _draw_body(canvas, sheet: CertificateSheet, *, top: float, bottom: float, centre: float, column: float) -> None:
    """The name and the sentences that certify, centred between ``top`` and ``bottom``; a long course
    title makes the type smaller until it all fits."""
    body_zh = (
        f"于{sheet.dates_zh}参加{sheet.academy_zh}举办的“{sheet.course_zh}”培训班学习，"
        f"完成规定课程，累计{sheet.hours}学时，准予结业。"
    )
    body_en = (
        f"attended the course “{sheet.course_en}” at {sheet.academy_en} from {sheet.dates_en}, "
        f"completing {sheet.hours} class hours, and is awarded this certificate of completion."
    )
    for scale in (1, 0.9, 0.8, 0.7, 0.6, 0.5):
        styles = _certificate_styles(scale)
        block = [
            (paragraph("兹证明 · This is to certify that", styles["lead"]), 0),
            (paragraph(sheet.name_zh, styles["name_zh"]), 8 * scale),
            (paragraph(sheet.name_latin, styles["name_latin"]), 0),
            (paragraph(body_zh, styles["body_zh"]), 20 * scale),
            (paragraph(body_en, styles["body_en"]), 12 * scale),
        ]
        heights = [item.wrapOn(canvas, column, top - bottom)[1] for item, _gap in block]
        total = sum(heights) + sum(gap for _item, gap in block)
        if total <= top - bottom:
            break
    y = min(top, (top + bottom) / 2 + total / 2 + 10)
    for (item, gap), used in zip(block, heights, strict=True):
        y -= gap + used
        item.drawOn(canvas, centre - column / 2, y)


#: Who signs a certificate by hand, each on a line of their own: (Chinese, English).
SIGNATORIES = (("学院负责人", "For the academy"), ("项目负责人", "Programme director"))
#: Under the place for the academy's seal, which is stamped over its name and the date of issue.
SEAL_LABEL = "学院印章 Seal of the academy"
#: An official seal is 42 mm across: the place for it is a little larger.
SEAL_RADIUS = 62


def _draw_signature_line(canvas, x: float, y: float, width: float, role: tuple[str, str]) -> None:
    """A line to sign on, with who signs under it in both languages."""
    from reportlab.lib import colors

    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(INK))
    canvas.setLineWidth(0.6)
    canvas.line(x, y, x + width, y)
    canvas.setFillColor(colors.HexColor(MUTED))
    role_zh, role_en = role
    draw_string(canvas, x, y - 11, f"{role_zh}签字 · Signature", 7.5)
    draw_string(canvas, x, y - 21, role_en, 7.5)
    canvas.restoreState()


def _draw_seal_place(canvas, centre_x: float, centre_y: float, radius: float) -> None:
    """A faint dashed circle where the academy's seal goes, labelled under it in both languages."""
    from reportlab.lib import colors

    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(SEAL))
    canvas.setFillColor(colors.HexColor(SEAL))
    canvas.setLineWidth(0.8)
    canvas.setDash(3, 3)
    canvas.circle(centre_x, centre_y, radius, stroke=1, fill=0)
    draw_string(canvas, centre_x, centre_y - radius - 10, SEAL_LABEL, 7, align="centre")
    canvas.restoreState()


def render_certificate(sheet: CertificateSheet) -> bytes:
    """The certificate on one A4 landscape page: the title, who completed which course, and at its foot
    how to verify it, two lines for signatures, and the issuing academy with room for its seal."""
    import io

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    _prepare()
    styles = _certificate_styles()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1, initialFontName=LATIN_FONT)
    canvas.setTitle(f"结业证书 Certificate of Completion · {sheet.name_zh} · {sheet.course_zh}")
    canvas.setAuthor(bilingual(sheet.academy_en, sheet.academy_zh))
    canvas.setSubject(f"{sheet.course_en} / {sheet.course_zh}")
    canvas.setCreator("Peixun")
    _draw_frame(canvas, width, height)

    centre = width / 2
    canvas.setFillColor(colors.HexColor(INK))
    _draw_spaced(canvas, "结业证书", CJK_BOLD, 36, centre, height - 100, 12)
    canvas.setFillColor(colors.HexColor(GREEN))
    _draw_spaced(canvas, "CERTIFICATE OF COMPLETION", LATIN_FONT, 12, centre, height - 124, 3.2)
    canvas.setStrokeColor(colors.HexColor(GOLD))
    canvas.setLineWidth(0.8)
    canvas.line(centre - 60, height - 138, centre + 60, height - 138)

    left, right, foot_top = 62, width - 62, 186
    _draw_body(canvas, sheet, top=height - 148, bottom=foot_top, centre=centre, column=600)

    # The foot. On the left, how to check the certificate, beside its QR code.
    qr_size, qr_y = 84, 46
    draw_qr(canvas, sheet.verify_url, left - 6, qr_y, qr_size)  # the code's quiet zone is white margin
    check_x, check_width = left + qr_size + 4, 190
    check = [
        paragraph("扫码或访问以下网址验证本证书", styles["check"]),
        paragraph("Scan or visit to verify", styles["check"]),
        paragraph(sheet.verify_url, styles["check"]),
        paragraph(f"验证码 Code: {sheet.code}", styles["code"]),
    ]
    y = qr_y + qr_size - 8
    for item in check:
        _w, used = item.wrapOn(canvas, check_width, 60)
        y -= used + 1
        item.drawOn(canvas, check_x, y)

    # On the right, the academy and the date of issue, where its seal is stamped over them.
    seal_x, seal_y = right - SEAL_RADIUS - 20, 58 + SEAL_RADIUS
    _draw_seal_place(canvas, seal_x, seal_y, SEAL_RADIUS)
    issuer = [
        paragraph(sheet.academy_zh, styles["issuer_zh"]),
        paragraph(sheet.academy_en, styles["issuer"]),
        paragraph("颁发日期 Date of issue", styles["issued_label"]),
        paragraph(sheet.issued_zh, styles["issued"]),
        paragraph(sheet.issued_en, styles["issued"]),
    ]
    issuer_width = 2 * SEAL_RADIUS - 16  # inside the circle, as the seal will cover it
    heights = [item.wrapOn(canvas, issuer_width, 60)[1] for item in issuer]
    y = seal_y + sum(heights) / 2
    for item, used in zip(issuer, heights, strict=True):
        y -= used
        item.drawOn(canvas, seal_x - issuer_width / 2, y)

    # Between them, the two signatures.
    signature_width = 170
    signature_x = (check_x + check_width + seal_x - SEAL_RADIUS - 20) / 2 - signature_width / 2
    for index, role in enumerate(SIGNATORIES):
        _draw_signature_line(canvas, signature_x, 146 - index * 62, signature_width, role)

    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def certificate_pdf(certificate, *, verify_url: str) -> bytes:
    return render_certificate(certificate_sheet(certificate, verify_url=verify_url))


# ================================================================ the transcript: Django side


@dataclass(frozen=True)
class TranscriptEntry:
    date: str
    training: str
    note: str
    provider: str
    hours: str
    days: str
    correction: bool = False


@dataclass(frozen=True)
class TranscriptSheet:
    name_zh: str
    name_latin: str
    facts: list[tuple[str, str]]
    statuses: list[tuple[str, str, str, str, str]]
    years: list[tuple[str, str, str]]
    windows: list[tuple[str, str, str, str]]
    entries: list[TranscriptEntry]
    total: tuple[str, str]
    #: What the timetable's page decorations print at the foot of each page.
    footer: str
    printed: str
    page_label: str = "第{page}页，共{pages}页 · Page {page} of {pages}"
    #: How many windows of service had nothing in them, and so are not listed.
    windows_left_out: int = 0
    title: str = field(default="培训档案 Training transcript")


#: How the transcript names a rule's status, in both languages (see ComplianceStatus).
STATUS_WORDS = {
    "met": "已达标 Met",
    "on_track": "按计划进行 On track",
    "at_risk": "有风险 At risk",
    "short": "未达标 Short",
}


def _label(label) -> str:
    """A translated label (an enum's) in both languages, as far as the catalogue has it."""
    return in_both_languages(label)


def _windows(official, rules, as_of: datetime.date):
    """Every window of service of each service rule, from the start of service to the one holding ``as_of``."""
    from peixun.records.compliance import service_window

    found = []
    for rule in rules:
        day = official.service_began
        while day is not None and day <= as_of:
            window = service_window(rule, official.service_began, day)
            found.append((rule, window))
            day = window.end + datetime.timedelta(days=1)
    return found


def transcript_sheet(official, *, now: datetime.datetime) -> TranscriptSheet:
    """The official's whole record; every total is summed by the database."""
    from peixun.records.compliance import active_rules, compliance_of
    from peixun.records.enums import EntrySource, RulePeriod
    from peixun.records.models import LedgerEntry, hours_to_days

    as_of = timezone.localdate(now)
    ledger = LedgerEntry.objects.filter(official=official)
    entries = []
    for entry in ledger.select_related("reversed_by").order_by("date", "id"):
        notes = []
        if entry.source == EntrySource.CORRECTION:
            notes.append(f"更正 Correction: {entry.reason}")
        elif entry.source == EntrySource.EXTERNAL:
            notes.append("外部培训 Training elsewhere")
        if getattr(entry, "reversed_by", None) is not None:
            notes.append("已被更正冲销 Cancelled by a correction")
        note = " · ".join(notes)
        entries.append(
            TranscriptEntry(
                date=entry.date.isoformat(),
                training=entry.title,
                note=note,
                provider=entry.provider,
                hours=hours_text(entry.hours),
                days=hours_text(hours_to_days(entry.hours)),
                correction=entry.source == EntrySource.CORRECTION,
            )
        )
    years = [
        (str(row["year"]), hours_text(row["hours"]), hours_text(hours_to_days(row["hours"])))
        for row in ledger.annotate(year=ExtractYear("date"))
        .order_by("year")
        .values("year")
        .annotate(hours=Sum("hours"))
    ]
    rules = active_rules()
    windows = _windows(official, [r for r in rules if r.period == RulePeriod.SERVICE], as_of)
    in_window = {}
    for i, (_rule, window) in enumerate(windows):
        during = Q(date__range=(window.start, window.end))
        in_window |= {f"w{i}": Sum("hours", filter=during), f"n{i}": Count("pk", filter=during)}
    sums = ledger.aggregate(**in_window) if windows else {}
    several = len({rule.pk for rule, _window in windows}) > 1
    # A window with nothing in it is left out: a long career would otherwise list a row of zeros
    # for every five years before the record began.
    window_rows = [
        (
            (f"{bilingual(rule.name_zh, rule.name_en)}: " if several else "")
            + f"{window.start.isoformat()} – {window.end.isoformat()}"
            + (" (当前 current)" if window.contains(as_of) else ""),
            hours_text(sums[f"w{i}"]),
            hours_text(hours_to_days(sums[f"w{i}"])),
            f"{hours_text(rule.threshold_hours)} / {hours_text(hours_to_days(rule.threshold_hours))}",
        )
        for i, (rule, window) in enumerate(windows)
        if sums[f"n{i}"]
    ]
    statuses = []
    for result in compliance_of(Official.objects.filter(pk=official.pk), as_of=as_of, rules=rules)[0].rules:
        if not result.applies:
            continue
        period = f"{result.period.start.isoformat()} – {result.period.end.isoformat()}" if result.period else ""
        statuses.append(
            (
                bilingual(result.rule.name_zh, result.rule.name_en),
                period,
                f"{hours_text(result.done)} / {hours_text(result.done_days)}",
                f"{hours_text(result.required)} / {hours_text(result.required_days)}",
                STATUS_WORDS.get(result.status, ""),
            )
        )
    total = ledger.aggregate(total=Sum("hours"))["total"]
    local = timezone.localtime(now)
    unit = official.sending_unit
    facts = [
        ("单位 Sending unit", bilingual(unit.name_zh, unit.name_en)),
        (
            "职务 Post",
            bilingual(official.title_en, official.title_zh)
            or _label(PositionCategory(official.position_category).label),
        ),
        ("任职起始 Service began", official.service_began.isoformat() if official.service_began else "—"),
        ("统计截至 As of", as_of.isoformat()),
    ]
    return TranscriptSheet(
        name_zh=official.name_zh,
        name_latin=latin_name(official),
        facts=facts,
        statuses=statuses,
        years=years,
        windows=window_rows,
        windows_left_out=len(windows) - len(window_rows),
        entries=entries,
        total=(hours_text(total), hours_text(hours_to_days(total))),
        footer=f"{official.name_zh} {latin_name(official)} · 培训档案 Training transcript",
        printed=f"生成于 Generated {local:%Y-%m-%d %H:%M} {local.tzname()}",
    )


# ================================================================ the transcript: reportlab side


def _transcript_styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle(
        "t_base", fontName=LATIN_FONT, fontSize=8.5, leading=11, textColor=colors.HexColor(INK), wordWrap="CJK"
    )
    muted = colors.HexColor(MUTED)
    return {
        "kicker": ParagraphStyle("t_kicker", parent=base, fontSize=10, leading=13, textColor=colors.HexColor(GREEN)),
        "name": ParagraphStyle("t_name", parent=base, fontSize=20, leading=26),
        "latin": ParagraphStyle("t_latin", parent=base, fontSize=11, leading=14, textColor=muted),
        "h2": ParagraphStyle("t_h2", parent=base, fontName=LATIN_BOLD, fontSize=10.5, leading=14, spaceBefore=10),
        "label": ParagraphStyle("t_label", parent=base, textColor=muted),
        "cell": base,
        "note": ParagraphStyle("t_note", parent=base, fontSize=7.5, leading=9.5, textColor=muted),
        "correction": ParagraphStyle("t_correction", parent=base, fontSize=7.5, leading=9.5, textColor="#a3261b"),
        "num": ParagraphStyle("t_num", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("t_head", parent=base, fontName=LATIN_BOLD, fontSize=8, textColor=colors.white),
        "head_num": ParagraphStyle(
            "t_head_num", parent=base, fontName=LATIN_BOLD, fontSize=8, textColor=colors.white, alignment=TA_RIGHT
        ),
        "empty": ParagraphStyle("t_empty", parent=base, textColor=muted),
    }


def _table(rows, widths, *, numeric_from: int, styles: dict, shaded: list[int] = ()):
    from reportlab.lib import colors
    from reportlab.platypus import Table

    head, *body = rows
    data = [
        [paragraph(h, styles["head_num" if i >= numeric_from else "head"]) for i, h in enumerate(head)],
        *[
            [
                cell if not isinstance(cell, str) else paragraph(cell, styles["num" if i >= numeric_from else "cell"])
                for i, cell in enumerate(row)
            ]
            for row in body
        ],
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(GREEN)),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor(LINE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    commands += [("BACKGROUND", (0, r), (-1, r), colors.HexColor(SHADE)) for r in shaded]
    table.setStyle(table_style(commands))
    return table


def _transcript_story(sheet: TranscriptSheet, usable: float) -> list:
    from reportlab.platypus import Spacer, Table

    styles = _transcript_styles()
    story: list = [
        paragraph(sheet.title, styles["kicker"]),
        paragraph(sheet.name_zh, styles["name"]),
    ]
    if sheet.name_latin:
        story.append(paragraph(sheet.name_latin, styles["latin"]))
    facts = Table(
        [[paragraph(k, styles["label"]), paragraph(v, styles["cell"])] for k, v in sheet.facts],
        colWidths=[110, usable - 110],
    )
    facts.setStyle(table_style([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    story += [Spacer(1, 6), facts]

    story.append(paragraph("培训要求完成情况 Status of each rule", styles["h2"]))
    if sheet.statuses:
        rows = [("规定 Rule", "期间 Period", "已完成 Done (h / d)", "要求 Required (h / d)", "状态 Status")]
        rows += sheet.statuses
        story.append(_table(rows, [140, 110, 90, 95, usable - 435], numeric_from=2, styles=styles))
    else:
        story.append(paragraph("没有适用的规定。No rule applies yet.", styles["empty"]))

    story.append(paragraph("按年度合计 Totals per calendar year", styles["h2"]))
    if sheet.years:
        rows = [("年度 Year", "学时 Class hours", "天数 Days"), *sheet.years]
        story.append(_table(rows, [usable - 220, 110, 110], numeric_from=1, styles=styles))
    else:
        story.append(paragraph("尚无培训记录。No training recorded yet.", styles["empty"]))

    if sheet.windows:
        story.append(paragraph("按任职周期合计 Totals per window of service", styles["h2"]))
        rows = [("周期 Window", "学时 Class hours", "天数 Days", "要求 Required (h / d)"), *sheet.windows]
        story.append(_table(rows, [usable - 320, 100, 100, 120], numeric_from=1, styles=styles))
        if sheet.windows_left_out:
            story.append(
                paragraph("没有培训记录的周期不列出。Windows without any training are not listed.", styles["note"])
            )

    story.append(paragraph("培训记录 Training record", styles["h2"]))
    if sheet.entries:
        rows = [("日期 Date", "培训 Training", "举办单位 Provider", "学时 Hours", "天数 Days")]
        for entry in sheet.entries:
            training = [paragraph(entry.training, styles["cell"])]
            if entry.note:
                training.append(paragraph(entry.note, styles["correction" if entry.correction else "note"]))
            rows.append((entry.date, training, entry.provider, entry.hours, entry.days))
        rows.append(("", "合计 Total", "", *sheet.total))
        widths = [62, usable - 62 - 130 - 100, 130, 50, 50]
        story.append(_table(rows, widths, numeric_from=3, styles=styles, shaded=[len(rows) - 1]))
    else:
        story.append(paragraph("尚无培训记录。No training recorded yet.", styles["empty"]))
    return story


def render_transcript(sheet: TranscriptSheet) -> bytes:
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate

    _prepare()
    width, _height = A4
    margin = MARGIN + 14
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=margin,
        bottomMargin=margin,
        title=f"培训档案 Training transcript · {sheet.name_zh}",
        author="Peixun",
        subject="Training transcript",
        creator="Peixun",
        initialFontName=LATIN_FONT,
    )
    usable = width - 2 * MARGIN - 12  # the frame keeps 6 pt inside each margin
    document.build(
        _transcript_story(sheet, usable), canvasmaker=page_decorations(sheet.footer, sheet.printed, sheet.page_label)
    )
    return buffer.getvalue()


def transcript_pdf(official, *, now: datetime.datetime | None = None) -> bytes:
    return render_transcript(transcript_sheet(official, now=now or timezone.now()))
