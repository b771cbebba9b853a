"""The texts of a chart (``c:chartSpace``), in a deck or a Word document: titles, series names, category
labels and any other rich text (a data label someone typed), with the embedded workbook's cells.

Keys, under the path of the frame that shows the chart: ``chart-title/p{n}`` and ``axis{n}-title/p{n}``
(titles, as before), ``ser{n}/name/pt{i}`` (a series name: the legend shows it), ``ser{n}/cat/pt{i}``
(a category label; ``ser{n}/cat/lvl{l}/pt{i}`` for multi-level categories), ``label{n}/p{m}`` (other
rich text, in document order). Series count over the whole plot area, in document order. Every series
usually repeats the same categories from the same cells: they are offered once, under the first series
that names those cells, and written to all.
"""

from __future__ import annotations

from . import _plain
from ._package import Package
from ._walk import Found
from ._workbook import cell_for
from ._xml import C, R, qn
from .segments import CHART_LABEL, CHART_TITLE, Location

A_P = "{http://schemas.openxmlformats.org/drawingml/2006/main}p"
AXIS_TAGS = tuple(qn(C, tag) for tag in ("catAx", "valAx", "dateAx", "serAx"))
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
C_RICH = qn(C, "rich")
C_PT = qn(C, "pt")
C_V = qn(C, "v")


def walk_chart(package: Package, part: str, path: str, location: Location, found: list[Found]) -> None:
    chart_space = package.xml(part)
    chart = chart_space.find(qn(C, "chart"))
    if chart is None:
        return
    workbook = _workbook(package, part, chart_space)
    covered = set()
    title = _rich_text(chart.find(qn(C, "title")))
    if title is not None:
        covered.add(title)
        _paragraphs(title, f"{path}/chart-title", CHART_TITLE, location, part, found)
    plot_area = chart.find(qn(C, "plotArea"))
    axes = [child for child in plot_area if child.tag in AXIS_TAGS] if plot_area is not None else []
    for index, axis in enumerate(axes):
        rich = _rich_text(axis.find(qn(C, "title")))
        if rich is not None:
            covered.add(rich)
            _paragraphs(rich, f"{path}/axis{index}-title", CHART_TITLE, location, part, found)
    series = list(plot_area.iter(qn(C, "ser"))) if plot_area is not None else []
    categories: dict[str, dict[tuple, Found]] = {}
    for index, ser in enumerate(series):
        name = ser.find(qn(C, "tx"))
        if name is not None:
            _values(name, f"{path}/ser{index}/name", location, part, workbook, None, found)
        for tag in ("cat", "xVal"):
            labels = ser.find(qn(C, tag))
            if labels is not None:
                _values(labels, f"{path}/ser{index}/cat", location, part, workbook, categories, found)
    rich_index = 0
    for rich in chart_space.iter(C_RICH):
        if rich in covered:
            continue
        _paragraphs(rich, f"{path}/label{rich_index}", CHART_LABEL, location, part, found)
        rich_index += 1


def _rich_text(title):
    """A chart or axis title's own text (``c:tx/c:rich``); a title the application generates has none."""
    if title is None:
        return None
    return title.find(f"{qn(C, 'tx')}/{C_RICH}")


def _paragraphs(rich, prefix: str, kind: str, location: Location, part: str, found: list[Found]) -> None:
    from ._drawingml import paragraph_text

    for index, p in enumerate(rich.iterchildren(A_P)):
        text = paragraph_text(p)
        if text.strip():
            found.append(Found(f"{prefix}/p{index}", p, kind, location, None, text, part))


def _values(holder, prefix: str, location: Location, part: str, workbook, shared, found: list[Found]) -> None:
    """The string values under ``holder`` (a series' ``c:tx``, ``c:cat`` or ``c:xVal``): a literal
    ``c:v``, or the points of a ``c:strRef``/``c:multiLvlStrRef`` cache or of a ``c:strLit``."""
    literal = holder.find(C_V)
    if literal is not None:
        if (literal.text or "").strip():
            found.append(Found(prefix, literal, CHART_LABEL, location, None, literal.text, part, _plain))
        return
    for reference_tag, cache_tag in (("strRef", "strCache"), ("multiLvlStrRef", "multiLvlStrCache"), (None, "strLit")):
        reference = holder.find(qn(C, reference_tag)) if reference_tag else holder
        cache = reference.find(qn(C, cache_tag)) if reference is not None else None
        if cache is None:
            continue
        formula = reference.findtext(qn(C, "f")) if reference_tag else None
        levels = list(cache.iterchildren(qn(C, "lvl"))) if cache_tag == "multiLvlStrCache" else [cache]
        seen = shared.setdefault(formula, {}) if shared is not None and formula else None
        for level_index, level in enumerate(levels):
            for point in level.iterchildren(C_PT):
                value = point.find(C_V)
                if value is None or not (value.text or "").strip():
                    continue
                index = _int(point.get("idx"))
                place = (level_index, index)
                if seen is not None and place in seen:
                    seen[place].mirrors.append((value, part))
                    continue
                key = f"{prefix}/lvl{level_index}/pt{index}" if len(levels) > 1 else f"{prefix}/pt{index}"
                item = Found(key, value, CHART_LABEL, location, None, value.text, part, _plain)
                cell = cell_for(formula, index, level_index, len(levels)) if workbook and index is not None else None
                if cell is not None:
                    item.cells.append((workbook, *cell))
                if seen is not None:
                    seen[place] = item
                found.append(item)
        return


def _workbook(package: Package, part: str, chart_space) -> str | None:
    """The embedded workbook (``.xlsx``) the chart's data lives in, if any."""
    external = chart_space.find(qn(C, "externalData"))
    if external is None:
        return None
    name = package.related(part, external.get(qn(R, "id"), ""))
    if name is None or not name.lower().endswith((".xlsx", ".xlsm")):
        return None
    return name


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
