"""Find every translatable paragraph of a deck, in reading order, with its key (python-pptx inside).

Keys: ``s{slide}`` then the shape path (``sp{id}``, nested for groups), then where in the shape:
``p{n}`` (the n-th ``a:p`` of its text body, counting empty ones, so a key never moves when another
paragraph is translated), ``r{row}c{col}/p{n}`` in tables, ``chart-title/p{n}`` and
``axis{n}-title/p{n}`` in charts; speaker notes are ``s{slide}/notes/p{n}``.
"""

from __future__ import annotations

import io

from ._drawingml import A_P, first_font_size, paragraph_text
from ._walk import Found, KeyNamer
from ._xml import A, C, P, R, qn
from .segments import CHART_TITLE, NOTES, PARAGRAPH, TABLE_CELL, Box, Location

P_SP = qn(P, "sp")
P_GRPSP = qn(P, "grpSp")
P_GRAPHIC_FRAME = qn(P, "graphicFrame")
P_TXBODY = qn(P, "txBody")
A_TXBODY = qn(A, "txBody")
A_BODY_PR = qn(A, "bodyPr")
A_GRAPHIC_DATA = f"{qn(A, 'graphic')}/{qn(A, 'graphicData')}"
A_TBL = qn(A, "tbl")
A_TR = qn(A, "tr")
A_TC = qn(A, "tc")
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
AXIS_TAGS = tuple(qn(C, tag) for tag in ("catAx", "valAx", "dateAx", "serAx"))

#: Default insets of a text body and of a table cell (EMU), from the DrawingML schema.
INSET_LEFT_RIGHT = 91_440
INSET_TOP_BOTTOM = 45_720
#: Shapes whose tops differ by less than this (1/8 inch) count as one row when ordering for reading.
ROW_BAND = 114_300


def open_presentation(data: bytes):
    from pptx import Presentation

    return Presentation(io.BytesIO(data))


def walk_presentation(prs) -> list[Found]:
    """Every paragraph with text: slide by slide, shapes top-to-bottom then left-to-right, then notes."""
    found: list[Found] = []
    for number, slide in enumerate(prs.slides, 1):
        _walk_shapes(slide.shapes, f"s{number}", slide.part, Location("slide", number), found)
        if slide.has_notes_slide:
            placeholder = slide.notes_slide.notes_placeholder
            txbody = placeholder.element.find(P_TXBODY) if placeholder is not None else None
            if txbody is not None:
                _walk_text_body(txbody, f"s{number}/notes", NOTES, Location("notes", number), None, found)
    return found


def _walk_shapes(shapes, prefix: str, part, location: Location, found: list[Found]) -> None:
    namer = KeyNamer()
    named = [(namer.name(f"sp{shape.shape_id}"), index, shape) for index, shape in enumerate(shapes)]
    named.sort(key=lambda item: (*_reading_position(item[2]), item[1]))
    for key, _, shape in named:
        path = f"{prefix}/{key}"
        element = shape.element
        if element.tag == P_GRPSP:
            _walk_shapes(shape.shapes, path, part, location, found)
        elif element.tag == P_SP:
            txbody = element.find(P_TXBODY)
            if txbody is not None:
                _walk_text_body(txbody, path, PARAGRAPH, location, _shape_box(shape, txbody), found)
        elif element.tag == P_GRAPHIC_FRAME:
            _walk_graphic_frame(element, path, part, location, found)


def _reading_position(shape) -> tuple[int, int]:
    """(row band, left): a placeholder without its own position inherits the layout's (python-pptx)."""
    try:
        top, left = shape.top, shape.left
    except (AttributeError, KeyError, ValueError):
        top = left = None
    return ((top or 0) // ROW_BAND, left or 0)


def _walk_graphic_frame(element, path: str, part, location: Location, found: list[Found]) -> None:
    data = element.find(A_GRAPHIC_DATA)
    if data is None:
        return
    table = data.find(A_TBL)
    if table is not None:
        _walk_table(table, path, location, found)
    elif data.get("uri") == CHART_URI:
        chart_ref = data.find(qn(C, "chart"))
        rid = chart_ref.get(qn(R, "id")) if chart_ref is not None else None
        if rid:
            _walk_chart(part.related_part(rid).chart.element, path, location, found)


def _walk_table(table, path: str, location: Location, found: list[Found]) -> None:
    widths = [int(col.get("w", "0")) for col in table.iter(qn(A, "gridCol"))]
    for row_index, row in enumerate(table.iterchildren(A_TR)):
        column = 0
        for cell_index, cell in enumerate(row.iterchildren(A_TC)):
            span = int(cell.get("gridSpan", "1") or 1)
            txbody = cell.find(A_TXBODY)
            if txbody is not None:
                width = sum(widths[column : column + span]) or None
                box = Box(width=_less_insets(width, cell.find(qn(A, "tcPr")), "marL", "marR"))
                _walk_text_body(txbody, f"{path}/r{row_index}c{cell_index}", TABLE_CELL, location, box, found)
            column += span


def _walk_chart(chart_space, path: str, location: Location, found: list[Found]) -> None:
    chart = chart_space.find(qn(C, "chart"))
    if chart is None:
        return
    chart_location = Location("chart", location.slide)
    title = _rich_text(chart.find(qn(C, "title")))
    if title is not None:
        _walk_text_body(title, f"{path}/chart-title", CHART_TITLE, chart_location, None, found)
    plot_area = chart.find(qn(C, "plotArea"))
    axes = [child for child in plot_area if child.tag in AXIS_TAGS] if plot_area is not None else []
    for index, axis in enumerate(axes):
        rich = _rich_text(axis.find(qn(C, "title")))
        if rich is not None:
            _walk_text_body(rich, f"{path}/axis{index}-title", CHART_TITLE, chart_location, None, found)


def _rich_text(title):
    """A chart or axis title's own text (``c:tx/c:rich``); a title PowerPoint generates has none."""
    if title is None:
        return None
    return title.find(f"{qn(C, 'tx')}/{qn(C, 'rich')}")


def _walk_text_body(txbody, prefix: str, kind: str, location: Location, box: Box | None, found: list[Found]) -> None:
    default_size = box.font_size if box is not None else None
    for index, p in enumerate(txbody.iterchildren(A_P)):
        text = paragraph_text(p)
        if not text.strip():
            continue
        paragraph_box = box
        if box is not None:
            paragraph_box = Box(box.width, box.height, first_font_size(p) or default_size, box.autofit)
        found.append(Found(f"{prefix}/p{index}", p, kind, location, paragraph_box, text))


def _shape_box(shape, txbody) -> Box:
    """The text area of a shape: its size less the body's insets; the frame's default size if stated."""
    body_pr = txbody.find(A_BODY_PR)
    try:
        width, height = shape.width, shape.height
    except (AttributeError, KeyError, ValueError):
        width = height = None
    autofit = body_pr is not None and (
        body_pr.find(qn(A, "normAutofit")) is not None or body_pr.find(qn(A, "spAutoFit")) is not None
    )
    default_size = None
    level1 = txbody.find(f"{qn(A, 'lstStyle')}/{qn(A, 'lvl1pPr')}/{qn(A, 'defRPr')}")
    if level1 is not None and (level1.get("sz") or "").isdigit():
        default_size = int(level1.get("sz")) / 100
    return Box(
        width=_less_insets(width, body_pr, "lIns", "rIns"),
        height=_less_insets(height, body_pr, "tIns", "bIns", default=INSET_TOP_BOTTOM),
        font_size=default_size,
        autofit=autofit,
    )


def _less_insets(size: int | None, props, first: str, second: str, default: int = INSET_LEFT_RIGHT) -> int | None:
    if not size:
        return None
    insets = 0
    for name in (first, second):
        value = props.get(name) if props is not None else None
        insets += int(value) if value and value.lstrip("-").isdigit() else default
    return max(size - insets, 1)
