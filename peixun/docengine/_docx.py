"""Find every translatable paragraph of a Word document, in reading order, with its key.

Keys: a story (``body``, ``footnote3``, ``endnote1``, ``header1``, ``footer2``: headers and footers are
named by their part, so sections that share one list it once), then blocks: ``p{n}`` (the n-th
paragraph among its container's paragraphs, empty ones counted), ``t{n}/r{row}c{col}/...`` into tables
(nested tables continue the path), ``sdt{n}/...`` into content controls such as a table of contents.
Reading order: the body, then footnotes and endnotes, then headers and footers section by section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import PurePosixPath

from ._chart import walk_chart
from ._package import Package
from ._walk import Found
from ._wordml import W_P, W_PPR, first_font_size, paragraph_text
from ._xml import C, R, W, qn
from .segments import COMMENT, ENDNOTE, FOOTER, FOOTNOTE, HEADER, PARAGRAPH, TABLE_CELL, TEXT_BOX, Box, Location

W_TBL = qn(W, "tbl")
W_TR = qn(W, "tr")
W_TC = qn(W, "tc")
W_SDT = qn(W, "sdt")
W_SDT_CONTENT = qn(W, "sdtContent")
W_CUSTOM_XML = qn(W, "customXml")
W_SECT_PR = qn(W, "sectPr")
W_TXBX_CONTENT = qn(W, "txbxContent")
C_CHART = qn(C, "chart")
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MC_CHOICE = qn(MC, "Choice")
MC_FALLBACK = qn(MC, "Fallback")
W_TYPE = qn(W, "type")
R_ID = qn(R, "id")

RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
#: The package being walked (text boxes and charts need it deep inside the block walk).
_PACKAGE: ContextVar[Package] = ContextVar("docx_package")
#: Twentieths of a point (Word's page measures) to EMU.
EMU_PER_TWIP = 635
#: Word's default left and right cell margins, in twips.
CELL_MARGINS = 2 * 108
#: Notes Word draws itself (the separator lines), not notes anyone wrote.
_SEPARATOR_NOTES = {"separator", "continuationSeparator", "continuationNotice"}


def walk_document(package: Package) -> list[Found]:
    """Every paragraph with text: the body, footnotes and endnotes, then headers and footers."""
    found: list[Found] = []
    main = package.main_part()
    body = package.xml(main).find(qn(W, "body"))
    if body is None:
        return found
    token = _PACKAGE.set(package)
    try:
        _walk_blocks(body, "body", PARAGRAPH, Location("body"), _section_widths(body), main, found)
        _walk_notes(package, main, RT_FOOTNOTES, "footnote", FOOTNOTE, found)
        _walk_notes(package, main, RT_ENDNOTES, "endnote", ENDNOTE, found)
        _walk_notes(package, main, RT_COMMENTS, "comment", COMMENT, found)
        _walk_headers_and_footers(package, main, body, found)
    finally:
        _PACKAGE.reset(token)
    return found


def _walk_blocks(
    container, prefix: str, kind: str, location: Location, width_of: Callable, part: str, found: list[Found]
) -> None:
    counters: Counter[str] = Counter()
    for child in container:
        tag = child.tag
        if tag == W_P:
            index = counters["p"]
            counters["p"] += 1
            text = paragraph_text(child)
            if text.strip():
                box = Box(width=width_of(child), font_size=first_font_size(child))
                found.append(Found(f"{prefix}/p{index}", child, kind, location, box, text, part))
            _walk_drawn(child, f"{prefix}/p{index}", location, part, found)
        elif tag == W_TBL:
            index = counters["t"]
            counters["t"] += 1
            _walk_table(child, f"{prefix}/t{index}", kind, location, width_of(child), part, found)
        elif tag in (W_SDT, W_CUSTOM_XML):
            name = "sdt" if tag == W_SDT else "cx"
            index = counters[name]
            counters[name] += 1
            content = child.find(W_SDT_CONTENT) if tag == W_SDT else child
            if content is not None:
                _walk_blocks(content, f"{prefix}/{name}{index}", kind, location, width_of, part, found)


def _walk_table(
    table, prefix: str, kind: str, location: Location, width: int | None, part: str, found: list[Found]
) -> None:
    """Rows of a table; rows and cells inside content controls (``w:sdt``, ``w:customXml``) are keyed
    apart (``sdt0/r0c0``, ``r1sdt0c0``), so the keys of the plain rows and cells stay as they were."""
    cell_kind = TABLE_CELL if kind == PARAGRAPH else kind
    for row_prefix, row_index, row in _controlled(table, W_TR, prefix, "/"):
        cells = list(_controlled(row, W_TC, f"{row_prefix}r{row_index}", ""))
        for cell_prefix, cell_index, cell in cells:
            # A cell without a stated width gets its share of the column the table sits in.
            cell_width = _cell_width(cell) or (width // len(cells) if width else None)

            def width_of(_element, cell_width=cell_width):
                return cell_width

            key = f"{cell_prefix}c{cell_index}"
            _walk_blocks(cell, key, cell_kind, location, width_of, part, found)


def _controlled(parent, tag: str, prefix: str, separator: str):
    """``(prefix, index, element)`` for the ``tag`` children of ``parent`` (rows of a table, cells of a
    row), those inside content controls (nested ones too) after a ``sdt{n}``/``cx{n}`` step of their own."""
    counters: Counter[str] = Counter()
    for child in parent:
        if child.tag == tag:
            counters["own"] += 1
            yield (f"{prefix}{separator}" if separator else prefix), counters["own"] - 1, child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            name = "sdt" if child.tag == W_SDT else "cx"
            counters[name] += 1
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                step = f"{name}{counters[name] - 1}"
                inner = f"{prefix}/{step}" if separator else f"{prefix}{step}"
                yield from _controlled(content, tag, inner, separator)


def _walk_drawn(p, prefix: str, location: Location, part: str, found: list[Found]) -> None:
    """Text boxes (``w:txbxContent``, DrawingML or VML) and charts drawn in paragraph ``p``'s runs:
    ``{prefix}/tx{n}/p{m}`` and ``{prefix}/chart{n}/...``. Of a ``mc:AlternateContent`` only the choice
    is offered; its fallback's copy of the same text box is written too."""
    boxes = charts = 0
    for element in p.iter(W_TXBX_CONTENT, C_CHART):
        if _drawn_in(element) is not p or _in_fallback(element, p):
            continue
        if element.tag == C_CHART:
            chart = _PACKAGE.get().related(part, element.get(R_ID, ""))
            if chart is not None:
                walk_chart(_PACKAGE.get(), chart, f"{prefix}/chart{charts}", Location("chart"), found)
                charts += 1
            continue
        start = len(found)
        _walk_blocks(element, f"{prefix}/tx{boxes}", TEXT_BOX, location, lambda _element: None, part, found)
        boxes += 1
        fallback = _fallback_copy(element, p)
        if fallback is not None:
            _mirror(found[start:], element, fallback, part)


def _drawn_in(element):
    """The paragraph a text box or chart is drawn in (its nearest ``w:p`` ancestor)."""
    return next(element.iterancestors(W_P), None)


def _in_fallback(element, stop) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is stop:
            return False
        if ancestor.tag == MC_FALLBACK:
            return True
    return False


def _fallback_copy(element, stop):
    """The same text box in the fallback of the ``mc:AlternateContent`` whose choice holds ``element``."""
    choice = next((a for a in element.iterancestors(MC_CHOICE)), None)
    if choice is None or any(a is stop for a in choice.iterancestors()) is False:
        return None
    alternate = choice.getparent()
    fallback = alternate.find(MC_FALLBACK) if alternate is not None else None
    if fallback is None:
        return None
    position = [box for box in choice.iter(W_TXBX_CONTENT)].index(element)
    boxes = list(fallback.iter(W_TXBX_CONTENT))
    return boxes[position] if position < len(boxes) else None


def _mirror(items: list[Found], source, copy, part: str) -> None:
    """Pair each found paragraph of ``source`` with the paragraph at the same place in ``copy``, when
    both copies hold the same paragraphs with the same text."""
    mine, theirs = list(source.iter(W_P)), list(copy.iter(W_P))
    if len(mine) != len(theirs):
        return
    place = {id(p): index for index, p in enumerate(mine)}
    for item in items:
        index = place.get(id(item.element))
        if index is not None and paragraph_text(theirs[index]) == item.text:
            item.mirrors.append((theirs[index], part))


def _cell_width(cell) -> int | None:
    width = cell.find(f"{qn(W, 'tcPr')}/{qn(W, 'tcW')}")
    if width is None or width.get(W_TYPE, "dxa") != "dxa":
        return None
    value = width.get(qn(W, "w"), "")
    if not value.isdigit() or int(value) <= CELL_MARGINS:
        return None
    return (int(value) - CELL_MARGINS) * EMU_PER_TWIP


def _walk_notes(package: Package, main: str, reltype: str, name: str, kind: str, found: list[Found]) -> None:
    for part in package.related_by_type(main, reltype):
        location = Location(f"{name}s")
        for note in package.xml(part).iterchildren(qn(W, name)):
            if note.get(W_TYPE) in _SEPARATOR_NOTES:
                continue
            key = f"{name}{note.get(qn(W, 'id'))}"
            _walk_blocks(note, key, kind, location, lambda _element: None, part, found)


def _walk_headers_and_footers(package: Package, main: str, body, found: list[Found]) -> None:
    seen: set[str] = set()
    for section in _sections(body):
        width = _text_width(section)
        for reference in section:
            local = reference.tag.rpartition("}")[2]
            if local not in ("headerReference", "footerReference"):
                continue
            part = package.related(main, reference.get(R_ID, ""))
            if part is None or part in seen:
                continue
            seen.add(part)
            name = PurePosixPath(part).stem
            kind = HEADER if local == "headerReference" else FOOTER
            root = package.xml(part)
            _walk_blocks(root, name, kind, Location(name), lambda _element, width=width: width, part, found)


def _sections(body) -> list:
    """The body's section properties in order: those ending a section inside it, then the last one."""
    sections = [ppr.find(W_SECT_PR) for ppr in (p.find(W_PPR) for p in body.iterchildren(W_P)) if ppr is not None]
    sections = [section for section in sections if section is not None]
    last = body.find(W_SECT_PR)
    return sections + ([last] if last is not None else [])


def _section_widths(body) -> Callable:
    """Width of the text column for each block: a paragraph carrying ``w:sectPr`` ends its section, so
    the blocks after it take the next section's page size and margins."""
    widths = [_text_width(section) for section in _sections(body)] or [None]
    by_block: dict = {}
    section = 0
    for child in body:
        by_block[child] = widths[section]
        ppr = child.find(W_PPR) if child.tag == W_P else None
        if ppr is not None and ppr.find(W_SECT_PR) is not None:
            section = min(section + 1, len(widths) - 1)

    def width_of(element) -> int | None:
        while element is not None and element.getparent() is not body:
            element = element.getparent()
        return by_block.get(element, widths[-1])

    return width_of


def _text_width(section) -> int | None:
    size = section.find(qn(W, "pgSz"))
    margins = section.find(qn(W, "pgMar"))
    try:
        width = int(size.get(qn(W, "w")))
        width -= int(margins.get(qn(W, "left"), 0)) + int(margins.get(qn(W, "right"), 0))
    except (AttributeError, TypeError, ValueError):
        return None
    columns = section.find(qn(W, "cols"))
    count = (
        int(columns.get(qn(W, "num"), "1")) if columns is not None and columns.get(qn(W, "num"), "1").isdigit() else 1
    )
    if count > 1:
        space = int(columns.get(qn(W, "space"), "720")) if columns.get(qn(W, "space"), "720").isdigit() else 720
        width = (width - space * (count - 1)) // count
    return width * EMU_PER_TWIP if width > 0 else None
