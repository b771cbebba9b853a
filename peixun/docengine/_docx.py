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
from pathlib import PurePosixPath

from ._package import Package
from ._walk import Found
from ._wordml import W_P, W_PPR, first_font_size, paragraph_text
from ._xml import R, W, qn
from .segments import ENDNOTE, FOOTER, FOOTNOTE, HEADER, PARAGRAPH, TABLE_CELL, Box, Location

W_TBL = qn(W, "tbl")
W_TR = qn(W, "tr")
W_TC = qn(W, "tc")
W_SDT = qn(W, "sdt")
W_SDT_CONTENT = qn(W, "sdtContent")
W_CUSTOM_XML = qn(W, "customXml")
W_SECT_PR = qn(W, "sectPr")
W_TYPE = qn(W, "type")
R_ID = qn(R, "id")

RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
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
    _walk_blocks(body, "body", PARAGRAPH, Location("body"), _section_widths(body), main, found)
    _walk_notes(package, main, RT_FOOTNOTES, "footnote", FOOTNOTE, found)
    _walk_notes(package, main, RT_ENDNOTES, "endnote", ENDNOTE, found)
    _walk_headers_and_footers(package, main, body, found)
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
    cell_kind = TABLE_CELL if kind == PARAGRAPH else kind
    for row_index, row in enumerate(table.iterchildren(W_TR)):
        cells = list(row.iterchildren(W_TC))
        for cell_index, cell in enumerate(cells):
            # A cell without a stated width gets its share of the column the table sits in.
            cell_width = _cell_width(cell) or (width // len(cells) if width else None)

            def width_of(_element, cell_width=cell_width):
                return cell_width

            key = f"{prefix}/r{row_index}c{cell_index}"
            _walk_blocks(cell, key, cell_kind, location, width_of, part, found)


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
