"""Paragraphs of WordprocessingML (``w:p``): reading their text and runs, writing a translation.

A paragraph's runs may sit inside hyperlinks, insertions, smart tags, simple fields and content
controls; those count. Deleted text (``w:del``), field instructions and the paragraphs of text boxes
drawn inside a run do not: they are not what the reader sees on this line.
"""

from __future__ import annotations

import copy
from typing import Any

from ._xml import W14, XML, W, clean_text, insert_in_order, is_true, qn
from .segments import Run

W_P = qn(W, "p")
W_R = qn(W, "r")
W_T = qn(W, "t")
W_TAB = qn(W, "tab")
W_PTAB = qn(W, "ptab")
W_BR = qn(W, "br")
W_CR = qn(W, "cr")
W_NO_BREAK_HYPHEN = qn(W, "noBreakHyphen")
W_SOFT_HYPHEN = qn(W, "softHyphen")
W_RPR = qn(W, "rPr")
W_PPR = qn(W, "pPr")
W_VAL = qn(W, "val")

#: Elements inside a paragraph whose runs are part of its visible text.
_RUN_CONTAINERS = frozenset(
    qn(W, tag)
    for tag in ("hyperlink", "ins", "smartTag", "fldSimple", "customXml", "sdt", "sdtContent", "moveTo", "dir", "bdo")
)
_TEXT_CHILDREN = frozenset((W_T, W_TAB, W_PTAB, W_BR, W_CR, W_NO_BREAK_HYPHEN, W_SOFT_HYPHEN))
#: The schema's order of ``w:rPr`` children (EG_RPrBase, then the change record).
_RPR_ORDER = [
    qn(W, tag)
    for tag in (
        "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
        "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
        "cs em lang eastAsianLayout specVanish oMath rPrChange"
    ).split()
]
#: What a copy of a paragraph must not repeat: ids that must stay unique, and a section break.
_NOT_COPIED = frozenset(
    qn(W, tag)
    for tag in (
        "bookmarkStart bookmarkEnd commentRangeStart commentRangeEnd commentReference footnoteReference "
        "endnoteReference numPr"
    ).split()
)


def paragraph_runs_elements(p) -> list:
    """The paragraph's own runs in order (nested paragraphs of text boxes excluded)."""
    runs: list = []
    _collect_runs(p, runs)
    return runs


def _collect_runs(parent, runs: list) -> None:
    for child in parent:
        if child.tag == W_R:
            runs.append(child)
        elif child.tag in _RUN_CONTAINERS:
            _collect_runs(child, runs)


def run_text(run) -> str:
    parts = []
    for child in run:
        tag = child.tag
        if tag == W_T:
            parts.append(child.text or "")
        elif tag in (W_TAB, W_PTAB):
            parts.append("\t")
        elif (tag == W_BR and _is_line_break(child)) or tag == W_CR:
            parts.append("\n")
        elif tag == W_NO_BREAK_HYPHEN:
            parts.append("\u2011")
    return "".join(parts)


def paragraph_text(p) -> str:
    return "".join(run_text(run) for run in paragraph_runs_elements(p))


def paragraph_runs(p) -> tuple[Run, ...]:
    return tuple(
        Run(text, run_format(run.find(W_RPR))) for run in paragraph_runs_elements(p) if (text := run_text(run))
    )


def first_font_size(p) -> float | None:
    for run in paragraph_runs_elements(p):
        size = _size(run.find(W_RPR))
        if size is not None:
            return size
    return None


def run_format(rpr) -> dict[str, Any]:
    """Explicit formatting of one run; styles are not resolved."""
    if rpr is None:
        return {}
    found: dict[str, Any] = {}
    for tag, name in (("b", "bold"), ("i", "italic")):
        element = rpr.find(qn(W, tag))
        if element is not None:
            found[name] = is_true(element.get(W_VAL)) is not False
    underline = rpr.find(qn(W, "u"))
    if underline is not None:
        found["underline"] = underline.get(W_VAL, "single") != "none"
    size = _size(rpr)
    if size is not None:
        found["size"] = size
    fonts = rpr.find(qn(W, "rFonts"))
    if fonts is not None and fonts.get(qn(W, "ascii")):
        found["font"] = fonts.get(qn(W, "ascii"))
    color = rpr.find(qn(W, "color"))
    if color is not None and color.get(W_VAL) and color.get(W_VAL) != "auto":
        found["color"] = color.get(W_VAL).upper()
    return found


def write_translation(p, text: str, *, east_asian_font: str, lang: str) -> None:
    """Put ``text`` in the first run that shows text (keeping its ``w:rPr``); empty the other runs.

    Runs keep their other content (drawings, field characters), so fields and pictures survive; page
    and column breaks are not text and stay. Tabs and line breaks of ``text`` become ``w:tab`` and
    ``w:br``, so the segment reads back exactly as written.
    """
    runs = [run for run in paragraph_runs_elements(p) if any(child.tag in _TEXT_CHILDREN for child in run)]
    template = next((run for run in runs if run_text(run).strip()), runs[0] if runs else None)
    position = None
    for run in runs:
        for child in list(run):
            if child.tag in _TEXT_CHILDREN and (child.tag != W_BR or _is_line_break(child)):
                if run is template and position is None:
                    position = run.index(child)
                run.remove(child)
    if template is None:
        template = p.makeelement(W_R, {})
        p.append(template)
    if position is None:
        position = 1 if template.find(W_RPR) is not None else 0
    for offset, element in enumerate(_text_elements(p, clean_text(text))):
        template.insert(position + offset, element)
    _mark_east_asian(template, east_asian_font=east_asian_font, lang=lang)


def add_original_beneath(p, original) -> None:
    """Bilingual layout: the original paragraph again after the translation.

    The section break (if this paragraph ends a section) moves to the copy, which is now the last
    paragraph; bookmarks, comment anchors, note references, numbering and paragraph ids are not
    repeated, as Word requires them unique (and a list item would otherwise be numbered twice).
    """
    again = copy.deepcopy(original)
    for element in list(again.iter()):
        if element.tag in _NOT_COPIED:
            element.getparent().remove(element)
    for attribute in (qn(W14, "paraId"), qn(W14, "textId")):
        again.attrib.pop(attribute, None)
    ppr = p.find(W_PPR)
    section = ppr.find(qn(W, "sectPr")) if ppr is not None else None
    if section is not None:
        ppr.remove(section)
    p.addnext(again)


def _text_elements(p, text: str) -> list:
    elements = []
    for line_index, line in enumerate(text.split("\n")):
        if line_index:
            elements.append(p.makeelement(W_BR, {}))
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                elements.append(p.makeelement(W_TAB, {}))
            if part:
                t = p.makeelement(W_T, {})
                t.set(qn(XML, "space"), "preserve")
                t.text = part
                elements.append(t)
    return elements


def _mark_east_asian(run, *, east_asian_font: str, lang: str) -> None:
    """Chinese runs name their East-Asian font (``w:rFonts/@w:eastAsia``, with the hint that ambiguous
    characters such as quotes use it) and their language (``w:lang/@w:eastAsia``)."""
    rpr = run.find(W_RPR)
    if rpr is None:
        rpr = run.makeelement(W_RPR, {})
        run.insert(0, rpr)
    fonts = _get_or_add(rpr, "rFonts")
    fonts.set(qn(W, "eastAsia"), east_asian_font)
    fonts.set(qn(W, "hint"), "eastAsia")
    _get_or_add(rpr, "lang").set(qn(W, "eastAsia"), lang)


def _get_or_add(rpr, tag: str):
    element = rpr.find(qn(W, tag))
    if element is None:
        element = rpr.makeelement(qn(W, tag), {})
        tag_name = qn(W, tag)
        insert_in_order(rpr, element, _RPR_ORDER[_RPR_ORDER.index(tag_name) + 1 :])
    return element


def _is_line_break(br) -> bool:
    return br.get(qn(W, "type"), "textWrapping") == "textWrapping"


def _size(rpr) -> float | None:
    if rpr is None:
        return None
    size = rpr.find(qn(W, "sz"))
    value = size.get(W_VAL) if size is not None else None
    return int(value) / 2 if value and value.isdigit() else None
