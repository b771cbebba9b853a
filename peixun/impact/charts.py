"""Charts the project draws itself: bars, columns and lines, as inline SVG; no JavaScript, no CDN.

A chart is worked out once as plain geometry (:class:`Chart`: rectangles, lines, dots and text in a
coordinate system whose y grows downwards) from plain data (:class:`Bar`, :class:`Series`).
:func:`to_svg` writes it as an SVG element the pages inline, and :mod:`peixun.impact.pdf` draws the
same geometry with reportlab shapes. Nothing here knows Django: labels arrive as finished strings.

Accessibility: every SVG is ``role="img"`` labelled by its ``<title>`` and ``<desc>`` (the desc
lists the values, so a screen reader hears the data), each bar and point carries a ``<title>``
with its label and value, values are written next to the bars rather than left to an axis, and the
series of a line chart differ in dash pattern as well as colour. The viewBox is narrow (300 units)
so that, scaled to a phone's width, 12-unit text stays about 11 px high.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from .numbers import grouped

GREEN = "#1f6f50"
INK = "#1d2327"
MUTED = "#5f6b73"
GRID = "#d9e0e4"
WHITE = "#ffffff"
#: Colour and dash pattern of each series of a line chart, in order.
SERIES_STYLES = (
    (GREEN, ""),
    ("#1b6aa3", "6 3"),
    ("#b36b00", "2 3"),
    ("#6a4fb3", "8 3 2 3"),
    ("#a3261b", "4 2"),
)


# ------------------------------------------------------------------------------------ the data


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    #: The value as the reader sees it (grouped digits by default).
    value_label: str | None = None

    @property
    def shown_value(self) -> str:
        return self.value_label if self.value_label is not None else grouped(self.value)


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]
    emphasis: bool = False


# ------------------------------------------------------------------------------------ the shapes


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str = GREEN
    role: str = "bar"
    value: float | None = None
    tip: str = ""


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float
    anchor: str = "start"  # start, middle or end
    fill: str = INK
    bold: bool = False
    role: str = "label"


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID
    width: float = 1.0
    dash: str = ""
    role: str = "grid"


@dataclass(frozen=True)
class Polyline:
    points: tuple[tuple[float, float], ...]
    stroke: str = GREEN
    width: float = 2.0
    dash: str = ""
    role: str = "series"


@dataclass(frozen=True)
class Dot:
    cx: float
    cy: float
    r: float
    fill: str = GREEN
    role: str = "point"
    value: float | None = None
    tip: str = ""


Shape = Rect | Text | Line | Polyline | Dot


@dataclass(frozen=True)
class Chart:
    kind: str  # bars, columns or lines
    width: float
    height: float
    title: str
    desc: str
    shapes: tuple[Shape, ...]


# ------------------------------------------------------------------------------------ text metrics


def text_width(text: str, size: float) -> float:
    """An estimate of the width of ``text``: Chinese characters are square, Latin ones about half."""
    width = 0.0
    for character in text:
        if unicodedata.east_asian_width(character) in ("W", "F"):
            width += 1.0
        elif character in "il.,:;'|!1 ":
            width += 0.32
        elif character.isupper() or character in "mwMW%":
            width += 0.7
        else:
            width += 0.56
    return width * size


def fit(text: str, size: float, width: float) -> str:
    """``text`` cut short with an ellipsis so that it fits in ``width``."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _values_desc(pairs: Sequence[tuple[str, str]]) -> str:
    return "; ".join(f"{label}: {value}" for label, value in pairs)


def _empty(kind: str, title: str, message: str, width: float, size: float) -> Chart:
    return Chart(
        kind=kind,
        width=width,
        height=size * 2.5,
        title=title,
        desc=message,
        shapes=(Text(0, size * 1.5, message, size, fill=MUTED, role="empty"),),
    )


# ------------------------------------------------------------------------------------ the charts


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str = "",
    empty: str = "",
    width: float = 300,
    font_size: float = 12,
    bar_height: float = 12,
    colour: str = GREEN,
) -> Chart:
    """Horizontal bars, each under its label, their lengths proportional to the values.

    Labels sit above the bars so a long name (a topic, an academy) keeps the chart's whole width.
    """
    if not bars:
        return _empty("bars", title, empty, width, font_size)
    label_height = font_size * 1.25
    row = label_height + 3 + bar_height + 9
    values = [max(0.0, float(bar.value)) for bar in bars]
    reserve = max(text_width(bar.shown_value, font_size) for bar in bars) + 6
    longest = max(values)
    scale = (width - reserve) / longest if longest else 0.0
    shapes: list[Shape] = []
    for index, (bar, value) in enumerate(zip(bars, values, strict=True)):
        top = index * row
        bar_top = top + label_height + 3
        length = value * scale
        shapes.append(Text(0, top + font_size, fit(bar.label, font_size, width), font_size))
        shapes.append(
            Rect(0, bar_top, length, bar_height, fill=colour, value=value, tip=f"{bar.label}: {bar.shown_value}")
        )
        shapes.append(
            Text(length + 4, bar_top + bar_height / 2 + font_size * 0.36, bar.shown_value, font_size, role="value")
        )
    return Chart(
        kind="bars",
        width=width,
        height=len(bars) * row,
        title=title,
        desc=desc or _values_desc([(bar.label, bar.shown_value) for bar in bars]),
        shapes=tuple(shapes),
    )


def column_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    desc: str = "",
    empty: str = "",
    width: float = 260,
    height: float = 130,
    font_size: float = 7,
    colour: str = GREEN,
) -> Chart:
    """Vertical columns over labels along the bottom (years, say); a label is skipped where they crowd."""
    if not bars:
        return _empty("columns", title, empty, width, font_size)
    bottom = font_size + 5
    top = font_size + 3
    plot_height = height - bottom - top
    slot = width / len(bars)
    column_width = min(slot * 0.7, font_size * 4)
    values = [max(0.0, float(bar.value)) for bar in bars]
    longest = max(values)
    scale = plot_height / longest if longest else 0.0
    widest_label = max(text_width(bar.label, font_size) for bar in bars) + font_size * 0.6
    label_every = max(1, math.ceil(widest_label / slot))
    shapes: list[Shape] = [Line(0, height - bottom, width, height - bottom, stroke=MUTED, width=0.6, role="axis")]
    for index, (bar, value) in enumerate(zip(bars, values, strict=True)):
        centre = slot * (index + 0.5)
        length = value * scale
        shapes.append(
            Rect(
                centre - column_width / 2,
                height - bottom - length,
                column_width,
                length,
                fill=colour,
                value=value,
                tip=f"{bar.label}: {bar.shown_value}",
            )
        )
        # A value is written over its column only where it leaves a gap to its neighbours' values.
        if text_width(bar.shown_value, font_size * 0.8) <= slot * 0.88:
            shapes.append(
                Text(centre, height - bottom - length - 2, bar.shown_value, font_size * 0.8, "middle", role="value")
            )
        if index % label_every == 0:
            shapes.append(Text(centre, height - 2, bar.label, font_size, "middle", fill=MUTED, role="axis-label"))
    return Chart(
        kind="columns",
        width=width,
        height=height,
        title=title,
        desc=desc or _values_desc([(bar.label, bar.shown_value) for bar in bars]),
        shapes=tuple(shapes),
    )


def _one_decimal(value: float) -> str:
    return f"{value:.1f}"


def line_chart(
    x_labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    desc: str = "",
    empty: str = "",
    y_min: float = 1,
    y_max: float = 5,
    width: float = 300,
    height: float = 180,
    font_size: float = 12,
    legend_columns: int = 2,
    value_format: Callable[[float], str] = _one_decimal,
) -> Chart:
    """Lines over the x labels (years), on a fixed scale from ``y_min`` to ``y_max`` (the ratings' 1 to 5).

    ``height`` is the plot's; the legend goes below it. The emphasised series has its values written
    at its points; every point has a ``<title>``. A missing value breaks the line.
    """
    if not x_labels or not any(value is not None for line in series for value in line.values):
        return _empty("lines", title, empty, width, font_size)
    count = len(x_labels)
    left = text_width(f"{y_max:g}", font_size) + 8
    inset = font_size * 1.3  # keeps the first and last x labels inside the chart
    top = font_size + 6
    axis = font_size + 8
    plot_top, plot_bottom = top, height - axis
    span = (width - left - 2 * inset) / (count - 1) if count > 1 else 0.0

    def x_of(index: int) -> float:
        return left + inset + index * span if count > 1 else left + (width - left) / 2

    def y_of(value: float) -> float:
        return plot_top + (y_max - value) / (y_max - y_min) * (plot_bottom - plot_top)

    shapes: list[Shape] = []
    for tick in range(math.ceil(y_min), math.floor(y_max) + 1):
        y = y_of(tick)
        shapes.append(Line(left, y, width, y))
        shapes.append(
            Text(left - 6, y + font_size * 0.35, f"{tick:g}", font_size, "end", fill=MUTED, role="axis-label")
        )
    widest = max(text_width(label, font_size) for label in x_labels) + font_size * 0.8
    label_every = max(1, math.ceil(widest / span)) if count > 1 else 1
    for index, label in enumerate(x_labels):
        if index % label_every == 0:
            shapes.append(Text(x_of(index), height - 3, label, font_size, "middle", fill=MUTED, role="axis-label"))

    described = []
    for number, line in enumerate(series):
        colour, dash = SERIES_STYLES[number % len(SERIES_STYLES)]
        run: list[tuple[float, float]] = []
        runs = [run]
        for index, value in enumerate(line.values):
            if value is None:
                run = []
                runs.append(run)
                continue
            run.append((x_of(index), y_of(value)))
        stroke = 2.6 if line.emphasis else 1.4
        for points in runs:
            if len(points) > 1:
                shapes.append(Polyline(tuple(points), stroke=colour, width=stroke, dash=dash))
        for index, value in enumerate(line.values):
            if value is None:
                continue
            shown = value_format(value)
            shapes.append(
                Dot(
                    x_of(index),
                    y_of(value),
                    3.2 if line.emphasis else 2.2,
                    fill=colour,
                    value=value,
                    tip=f"{line.name}, {x_labels[index]}: {shown}",
                )
            )
            if line.emphasis and index % label_every == 0:
                shapes.append(
                    Text(x_of(index), y_of(value) - 6, shown, font_size * 0.9, "middle", bold=True, role="value")
                )
        values = [f"{x_labels[i]} {value_format(v)}" for i, v in enumerate(line.values) if v is not None]
        described.append(f"{line.name}: {', '.join(values)}")

    row = font_size * 1.6
    column_width = width / legend_columns
    legend_top = height + 6
    for number, line in enumerate(series):
        colour, dash = SERIES_STYLES[number % len(SERIES_STYLES)]
        x = (number % legend_columns) * column_width
        y = legend_top + (number // legend_columns) * row + row / 2
        shapes.append(
            Line(x, y, x + 20, y, stroke=colour, width=2.6 if line.emphasis else 1.6, dash=dash, role="legend")
        )
        shapes.append(
            Text(x + 25, y + font_size * 0.35, fit(line.name, font_size, column_width - 30), font_size, role="legend")
        )
    legend_height = 6 + math.ceil(len(series) / legend_columns) * row
    return Chart(
        kind="lines",
        width=width,
        height=height + legend_height,
        title=title,
        desc=desc or ". ".join(described),
        shapes=tuple(shapes),
    )


# ------------------------------------------------------------------------------------ SVG


def _n(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _svg_shape(shape: Shape) -> str:
    if isinstance(shape, Rect):
        value = f" data-value={quoteattr(_n(shape.value))}" if shape.value is not None else ""
        tip = f"<title>{escape(shape.tip)}</title>" if shape.tip else ""
        return (
            f'<rect class="{shape.role}" x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
            f'height="{_n(shape.height)}" fill="{shape.fill}"{value}>{tip}</rect>'
        )
    if isinstance(shape, Text):
        weight = ' font-weight="bold"' if shape.bold else ""
        return (
            f'<text class="{shape.role}" x="{_n(shape.x)}" y="{_n(shape.y)}" font-size="{_n(shape.size)}" '
            f'text-anchor="{shape.anchor}" fill="{shape.fill}"{weight}>{escape(shape.text)}</text>'
        )
    if isinstance(shape, Line):
        dash = f' stroke-dasharray="{shape.dash}"' if shape.dash else ""
        return (
            f'<line class="{shape.role}" x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
            f'y2="{_n(shape.y2)}" stroke="{shape.stroke}" stroke-width="{_n(shape.width)}"{dash}/>'
        )
    if isinstance(shape, Polyline):
        dash = f' stroke-dasharray="{shape.dash}"' if shape.dash else ""
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in shape.points)
        return (
            f'<polyline class="{shape.role}" points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{_n(shape.width)}" stroke-linejoin="round"{dash}/>'
        )
    value = f" data-value={quoteattr(_n(shape.value))}" if shape.value is not None else ""
    tip = f"<title>{escape(shape.tip)}</title>" if shape.tip else ""
    return (
        f'<circle class="{shape.role}" cx="{_n(shape.cx)}" cy="{_n(shape.cy)}" r="{_n(shape.r)}" '
        f'fill="{shape.fill}"{value}>{tip}</circle>'
    )


def to_svg(chart: Chart, chart_id: str) -> str:
    """The chart as an SVG element to inline in a page; ``chart_id`` must be unique in the page."""
    shapes = "".join(_svg_shape(shape) for shape in chart.shapes)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id={quoteattr(chart_id)} class="chart chart-{chart.kind}" '
        f'viewBox="0 0 {_n(chart.width)} {_n(chart.height)}" width="{_n(chart.width)}" '
        f'height="{_n(chart.height)}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'overflow="visible">'
        f'<title id="{chart_id}-title">{escape(chart.title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(chart.desc)}</desc>'
        f"{shapes}</svg>"
    )
