"""The impact report on one A4 page, in English and Chinese side by side.

As with the printable timetable (:mod:`peixun.timetables.pdf`), the Django side turns the figures
into an :class:`ImpactSheet` of plain strings and chart geometry, and the reportlab side lays it out
knowing nothing of Django. The charts are the dashboard's (:mod:`peixun.impact.charts`), drawn with
reportlab shapes instead of SVG. The fonts, embedded in the PDF, and the colours are the shared
kit's (:mod:`peixun.core.pdf`), the dates in both languages :func:`peixun.core.i18n.day_in_both`'s.

The page is read in both languages at once, whatever the reader's language, so its fixed wording is
written here in both rather than translated (names come from the records in both). The whole page
sits in a frame that shrinks its content should it ever run long, so the report is always one page.
"""

from __future__ import annotations

from dataclasses import dataclass

from peixun.core.i18n import day_in_both
from peixun.core.pdf import (
    GREEN,
    INK,
    LATIN_BOLD,
    LATIN_FONT,
    LINE,
    MUTED,
    SHADE,
    draw_string,
    font_runs,
    markup,
    paragraph,
    register_fonts,
    table_style,
)

from . import charts
from .numbers import chinese_amount, english_amount, grouped

MARGIN = 34  # a wider margin than the kit's: the report is one page

#: The page's fixed wording: key → (English, Chinese).
WORDS = {
    "kicker": ("Impact report", "成效报告"),
    "title": ("Leadership training on sustainable cities", "可持续城市领导力培训"),
    "academy": ("Academy", "学院"),
    "all_academies": ("All academies", "全部学院"),
    "years": ("Courses ending in", "课程结束年份"),
    "as_of": ("As of", "截至"),
    "officials_trained": ("Officials trained", "已培训官员"),
    "population_led": ("Combined population they lead", "所辖人口合计"),
    "executives": ("SOE executives trained", "已培训国企高管"),
    "companies": ("Companies of trained executives", "参训高管所属企业"),
    "courses": ("Courses held", "已举办课程"),
    "class_hours": ("Class hours delivered", "已授课学时"),
    "since": ("since %(year)s", "%(year)s年以来"),
    "per_year": ("Officials trained per year", "每年培训官员人数"),
    "ratings": ("Average ratings per year, 1 to 5", "每年平均评分（1至5分）"),
    "by_academy": ("By academy", "按学院"),
    "by_topic": ("By topic", "按主题"),
    "by_position": ("By position category", "按职务类别"),
    "by_level": ("By level of jurisdiction", "按行政级别"),
    "officials": ("Officials", "官员"),
    "population": ("Population", "人口"),
    "more": ("and %(n)s more", "另有%(n)s项"),
    "none": ("None yet", "暂无"),
    "interest": ("Interest", "兴趣"),
    "local_growth": ("Local growth", "地方发展"),
    "differentiation": ("Differentiation", "差异化"),
    "community_health": ("Community health", "社区健康"),
    "applicability": ("Applicability", "适用性"),
    "printed": ("Printed on %(day)s", "%(day)s打印"),
    "definitions": (
        "Trained: an official whose place in a course was confirmed or completed, once the course has ended; "
        "cancelled courses never count, and each official counts once. Population: each place counts once, and a "
        "place inside another counted place is not counted again (a province and a city in it count as the "
        "province); officials without a jurisdiction add nothing. Executives: trained officials who are SOE "
        "executives; their companies are the SOEs and companies that sent them.",
        "已培训：报名已确认或已完成、且课程已结束的官员；已取消的课程不计，每名官员只计一次。所辖人口：每个地区只计一次，"
        "已计入地区之内的地区不再重复计算（一个省及其下辖的市只计该省）；无所辖地区的官员不计人口。国企高管：职务类别为"
        "国有企业高管的已培训官员；所属企业为派出他们的国有企业和公司。",
    ),
}

#: How many rows each breakdown shows on the page; the rest are summed up as "and N more".
ROWS_SHOWN = {"by_academy": 6, "by_topic": 8, "by_position": 7, "by_level": 5}


def both(key: str, separator: str = " / ", **params) -> str:
    english, chinese = WORDS[key]
    if params:
        english, chinese = english % params, chinese % params
    return f"{english}{separator}{chinese}"


# ================================================================ the sheet: plain strings and geometry


@dataclass(frozen=True)
class SheetFigure:
    value: str
    label_en: str
    label_zh: str
    note: str = ""


@dataclass(frozen=True)
class SheetRow:
    label_en: str
    label_zh: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class SheetTable:
    heading: str
    columns: tuple[str, ...]  # headings of the value columns
    rows: tuple[SheetRow, ...]
    more: str = ""


@dataclass(frozen=True)
class ImpactSheet:
    kicker: str
    title_en: str
    title_zh: str
    facts: list[tuple[str, str]]
    figures: list[SheetFigure]
    charts: list[tuple[str, charts.Chart]]
    tables: list[SheetTable]
    definitions: tuple[str, str]
    footer: str
    subject: str = ""
    author: str = "Peixun"


CHART_WIDTH = 246
CHART_FONT = 7


def _table(key: str, buckets, columns: tuple[str, ...], values) -> SheetTable:
    shown = ROWS_SHOWN[key]
    rest = len(buckets) - shown
    if rest == 1:  # "and 1 more" takes the room of the row it hides
        shown, rest = shown + 1, 0
    rows = tuple(SheetRow(bucket.label_en, bucket.label_zh, tuple(values(bucket))) for bucket in buckets[:shown])
    return SheetTable(
        heading=both(key, "  "),
        columns=columns,
        rows=rows,
        more=both("more", "  ", n=rest) if rest > 0 else "",
    )


def impact_sheet(report) -> ImpactSheet:
    """The printable content of an :class:`~peixun.impact.reports.ImpactReport`."""
    figures = report.figures
    headline = figures.headline
    academy = report.academy
    today_en, today_zh = day_in_both(report.scope.today)
    population = headline.population_led
    population_note = ""
    if population >= 10_000:
        population_note = f"{english_amount(population)}  ·  {chinese_amount(population)}"
    since = both("since", "  ·  ", year=headline.since) if headline.since else ""
    sheet_figures = [
        SheetFigure(grouped(headline.officials_trained), *WORDS["officials_trained"]),
        SheetFigure(grouped(population), *WORDS["population_led"], note=population_note),
        SheetFigure(grouped(headline.executives_trained), *WORDS["executives"]),
        SheetFigure(grouped(headline.companies), *WORDS["companies"]),
        SheetFigure(grouped(headline.courses_held), *WORDS["courses"], note=since),
        SheetFigure(grouped(headline.class_hours), *WORDS["class_hours"]),
    ]
    year_chart = charts.column_chart(
        [charts.Bar(label=str(bucket.key), value=bucket.officials) for bucket in figures.by_year],
        title=both("per_year"),
        empty=both("none"),
        width=CHART_WIDTH,
        height=136,
        font_size=CHART_FONT,
    )
    feedback = figures.feedback_by_year
    rating_chart = charts.line_chart(
        [str(row.key) for row in feedback],
        [
            charts.Series(
                name=f"{WORDS[name][0]} {WORDS[name][1]}",
                values=tuple(row.average(name) for row in feedback),
                emphasis=index == 0,
            )
            for index, name in enumerate(
                ("interest", "local_growth", "differentiation", "community_health", "applicability")
            )
        ],
        title=both("ratings"),
        empty=both("none"),
        width=CHART_WIDTH,
        height=112,
        font_size=CHART_FONT,
        legend_columns=2,
    )
    officials_column = (both("officials", " "),)
    tables = [
        _table("by_academy", figures.by_academy, officials_column, lambda b: [grouped(b.officials)]),
        _table("by_topic", figures.by_topic, officials_column, lambda b: [grouped(b.officials)]),
        _table("by_position", figures.by_position, officials_column, lambda b: [grouped(b.officials)]),
        _table(
            "by_level",
            figures.by_level,
            (*officials_column, both("population", " ")),
            lambda b: [grouped(b.officials), grouped(b.population)],
        ),
    ]
    return ImpactSheet(
        kicker=both("kicker", "  ·  "),
        title_en=WORDS["title"][0],
        title_zh=WORDS["title"][1],
        facts=[
            (
                both("academy", " "),
                f"{academy.name_en} / {academy.name_zh}" if academy else both("all_academies"),
            ),
            (both("years", " "), report.years_label()),
            (both("as_of", " "), f"{today_en} / {today_zh}"),
        ],
        figures=sheet_figures,
        charts=[(both("per_year", "  "), year_chart), (both("ratings", "  "), rating_chart)],
        tables=tables,
        definitions=WORDS["definitions"],
        footer="  ·  ".join(
            ["Peixun 培训", WORDS["printed"][0] % {"day": today_en}, WORDS["printed"][1] % {"day": today_zh}]
        ),
        subject=both("kicker"),
    )


# ================================================================ reportlab: the layout


def _styles() -> dict:
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=LATIN_FONT, fontSize=8, leading=10, textColor=colors.HexColor(INK))
    muted = colors.HexColor(MUTED)
    green = colors.HexColor(GREEN)
    return {
        "kicker": ParagraphStyle("kicker", parent=base, fontName=LATIN_BOLD, fontSize=9, leading=12, textColor=green),
        "title_en": ParagraphStyle("title_en", parent=base, fontName=LATIN_BOLD, fontSize=17, leading=21),
        "title_zh": ParagraphStyle("title_zh", parent=base, fontSize=15, leading=20),
        "fact_label": ParagraphStyle("fact_label", parent=base, fontSize=7.5, leading=10, textColor=muted),
        "fact": ParagraphStyle("fact", parent=base, fontSize=8, leading=10),
        "value": ParagraphStyle("value", parent=base, fontName=LATIN_BOLD, fontSize=19, leading=22, textColor=green),
        "note": ParagraphStyle("note", parent=base, fontSize=7.5, leading=9.5, textColor=muted),
        "label_en": ParagraphStyle("label_en", parent=base, fontSize=8, leading=10),
        "label_zh": ParagraphStyle("label_zh", parent=base, fontSize=8, leading=10.5),
        "heading": ParagraphStyle("heading", parent=base, fontName=LATIN_BOLD, fontSize=9, leading=12, textColor=green),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.3),
        "num": ParagraphStyle("num", parent=base, fontSize=7.5, leading=9.3, alignment=TA_RIGHT),
        "col": ParagraphStyle("col", parent=base, fontSize=6.8, leading=8.5, textColor=muted, alignment=TA_RIGHT),
        "more": ParagraphStyle("more", parent=base, fontSize=7, leading=9, textColor=muted),
        "def_en": ParagraphStyle("def_en", parent=base, fontSize=6.8, leading=8.6, textColor=muted),
        "def_zh": ParagraphStyle("def_zh", parent=base, fontSize=6.8, leading=9.2, textColor=muted, wordWrap="CJK"),
    }


def _draw_text(drawing, shape: charts.Text, height: float) -> None:
    from reportlab.graphics.shapes import String
    from reportlab.lib import colors
    from reportlab.pdfbase.pdfmetrics import stringWidth

    runs = font_runs(shape.text, bold=shape.bold)
    width = sum(stringWidth(chunk, font, shape.size) for font, chunk in runs)
    x = shape.x - {"start": 0, "middle": width / 2, "end": width}[shape.anchor]
    for font, chunk in runs:
        drawing.add(
            String(
                x, height - shape.y, chunk, fontName=font, fontSize=shape.size, fillColor=colors.HexColor(shape.fill)
            )
        )
        x += stringWidth(chunk, font, shape.size)


def chart_drawing(chart: charts.Chart):
    """The chart's geometry as a reportlab Drawing (whose y grows upwards)."""
    from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect
    from reportlab.lib import colors

    height = chart.height
    drawing = Drawing(chart.width, height, initialFontName=LATIN_FONT)

    def dash(pattern: str):
        return [float(part) for part in pattern.split()] if pattern else None

    for shape in chart.shapes:
        if isinstance(shape, charts.Rect):
            drawing.add(
                Rect(
                    shape.x,
                    height - shape.y - shape.height,
                    shape.width,
                    shape.height,
                    fillColor=colors.HexColor(shape.fill),
                    strokeColor=None,
                )
            )
        elif isinstance(shape, charts.Text):
            _draw_text(drawing, shape, height)
        elif isinstance(shape, charts.Line):
            drawing.add(
                Line(
                    shape.x1,
                    height - shape.y1,
                    shape.x2,
                    height - shape.y2,
                    strokeColor=colors.HexColor(shape.stroke),
                    strokeWidth=shape.width * 0.7,
                    strokeDashArray=dash(shape.dash),
                )
            )
        elif isinstance(shape, charts.Polyline):
            points = [coordinate for x, y in shape.points for coordinate in (x, height - y)]
            drawing.add(
                PolyLine(
                    points,
                    strokeColor=colors.HexColor(shape.stroke),
                    strokeWidth=shape.width * 0.7,
                    strokeDashArray=dash(shape.dash),
                    strokeLineJoin=1,
                )
            )
        elif isinstance(shape, charts.Dot):
            drawing.add(
                Circle(
                    shape.cx, height - shape.cy, shape.r * 0.7, fillColor=colors.HexColor(shape.fill), strokeColor=None
                )
            )
    return drawing


def _padding(left: float = 0, right: float = 0, top: float = 0, bottom: float = 0) -> list:
    return [
        ("LEFTPADDING", (0, 0), (-1, -1), left),
        ("RIGHTPADDING", (0, 0), (-1, -1), right),
        ("TOPPADDING", (0, 0), (-1, -1), top),
        ("BOTTOMPADDING", (0, 0), (-1, -1), bottom),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]


def _breakdown(table: SheetTable, width: float, styles: dict):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    value_width = 58 if len(table.columns) > 1 else 48
    label_width = width - value_width * len(table.columns)
    blank = [""] * len(table.columns)
    rows = [
        [paragraph(table.heading, styles["heading"]), *blank],
        ["", *(paragraph(column, styles["col"]) for column in table.columns)],
    ]
    for row in table.rows:
        label = markup(row.label_en)
        if row.label_zh and row.label_zh != row.label_en:
            label += f'&nbsp;&nbsp;<font color="{MUTED}">{markup(row.label_zh)}</font>'
        rows.append([Paragraph(label, styles["cell"])] + [paragraph(value, styles["num"]) for value in row.values])
    if not table.rows:
        rows.append([paragraph(both("none"), styles["more"]), *blank])
    if table.more:
        rows.append([paragraph(table.more, styles["more"]), *blank])
    grid = Table(rows, colWidths=[label_width] + [value_width] * len(table.columns), hAlign="LEFT")
    grid.setStyle(
        table_style(
            [
                *_padding(2, 2, 1.6, 1.6),
                ("SPAN", (0, 0), (-1, 0)),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 0),
                ("LINEBELOW", (0, 1), (-1, 1), 0.8, colors.HexColor(GREEN)),
                ("LINEBELOW", (0, 2), (-1, -1), 0.3, colors.HexColor(LINE)),
            ]
        )
    )
    return grid


def _figure_box(figure: SheetFigure, width: float, styles: dict):
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table

    cell = [
        paragraph(figure.value, styles["value"]),
        Paragraph(markup(figure.note) if figure.note else "&nbsp;", styles["note"]),
        paragraph(figure.label_en, styles["label_en"]),
        paragraph(figure.label_zh, styles["label_zh"]),
    ]
    box = Table([[cell]], colWidths=[width], hAlign="LEFT")
    box.setStyle(
        table_style(
            [
                *_padding(8, 6, 5, 6),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(SHADE)),
                ("LINEABOVE", (0, 0), (-1, 0), 2.5, colors.HexColor(GREEN)),
            ]
        )
    )
    return box


def _story(sheet: ImpactSheet, usable: float) -> list:
    from reportlab.lib import colors
    from reportlab.platypus import Spacer, Table

    styles = _styles()
    fact_width = usable / len(sheet.facts)
    facts = Table(
        [
            [paragraph(label, styles["fact_label"]) for label, _value in sheet.facts],
            [paragraph(value, styles["fact"]) for _label, value in sheet.facts],
        ],
        colWidths=[fact_width] * len(sheet.facts),
        hAlign="LEFT",
    )
    facts.setStyle(
        table_style(
            [
                *_padding(0, 8, 0, 1),
                ("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.HexColor(LINE)),
                ("TOPPADDING", (0, 0), (-1, 0), 4),
                ("LINEBELOW", (0, -1), (-1, -1), 1.2, colors.HexColor(GREEN)),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
            ]
        )
    )
    head = [
        paragraph(sheet.kicker, styles["kicker"]),
        paragraph(sheet.title_en, styles["title_en"]),
        paragraph(sheet.title_zh, styles["title_zh"]),
        Spacer(1, 5),
        facts,
    ]

    columns, gap = 3, 8
    box_width = (usable - gap * (columns - 1)) / columns
    boxes = [_figure_box(figure, box_width, styles) for figure in sheet.figures]
    figure_rows = [boxes[i : i + columns] for i in range(0, len(boxes), columns)]
    figures = Table(figure_rows, colWidths=[box_width + gap] * (columns - 1) + [box_width], hAlign="LEFT")
    figures.setStyle(table_style([*_padding(0, gap, 0, gap), ("RIGHTPADDING", (-1, 0), (-1, -1), 0)]))

    half = usable / 2
    chart_cells = [
        [paragraph(caption, styles["heading"]), Spacer(1, 3), chart_drawing(chart)] for caption, chart in sheet.charts
    ]
    chart_row = Table([chart_cells], colWidths=[half, half], hAlign="LEFT")
    chart_row.setStyle(table_style(_padding(0, 10)))

    inner = half - 10
    breakdowns = [_breakdown(table, inner, styles) for table in sheet.tables]
    breakdown_grid = Table(
        [breakdowns[i : i + 2] for i in range(0, len(breakdowns), 2)], colWidths=[half, half], hAlign="LEFT"
    )
    breakdown_grid.setStyle(table_style(_padding(0, 10, 0, 8)))

    definitions = [
        paragraph(sheet.definitions[0], styles["def_en"]),
        Spacer(1, 2),
        paragraph(sheet.definitions[1], styles["def_zh"]),
    ]
    return [*head, Spacer(1, 10), figures, Spacer(1, 4), chart_row, Spacer(1, 10), breakdown_grid, *definitions]


def render_pdf(sheet: ImpactSheet) -> bytes:
    """The sheet on one A4 portrait page."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import KeepInFrame, SimpleDocTemplate

    register_fonts()
    page_width, page_height = A4
    frame_padding = 6  # SimpleDocTemplate's frame keeps 6 pt inside its margins on each side
    usable_width = page_width - 2 * MARGIN - 2 * frame_padding
    usable_height = page_height - 2 * MARGIN - 14 - 2 * frame_padding

    def footer(canvas, document):
        _draw_footer(canvas, sheet.footer, page_width)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 14,
        title=f"{sheet.kicker}: {sheet.title_en} / {sheet.title_zh}",
        author=sheet.author,
        subject=sheet.subject,
        creator="Peixun",
        initialFontName=LATIN_FONT,
    )
    # Everything in one frame that shrinks its content rather than run on to a second page.
    page = KeepInFrame(usable_width, usable_height, _story(sheet, usable_width), mode="shrink")
    document.build([page], onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _draw_footer(canvas, text: str, page_width: float) -> None:
    from reportlab.lib import colors

    margin, y = MARGIN + 6, 24
    canvas.saveState()
    canvas.setStrokeColor(colors.HexColor(LINE))
    canvas.setLineWidth(0.5)
    canvas.line(margin, y + 10, page_width - margin, y + 10)
    canvas.setFillColor(colors.HexColor(MUTED))
    draw_string(canvas, margin, y, text, 7.5)
    canvas.restoreState()


def impact_pdf(report) -> bytes:
    return render_pdf(impact_sheet(report))
