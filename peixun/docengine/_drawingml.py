"""Paragraphs of DrawingML text (``a:p``): slides, notes, table cells and chart titles share them.

A paragraph holds runs (``a:r``), line breaks (``a:br``) and fields (``a:fld``: slide numbers, dates).
Fields are computed by PowerPoint, so they are not part of a segment's text: they are placeholders of
its tagged text, and export moves them, untouched, to where the translation puts them. A link is a
run property (``a:hlinkClick``), so consecutive runs with the same link are one ``a`` tag; runs whose
other properties differ from the dominant ones are ``g`` tags (``_inline.py``).
"""

from __future__ import annotations

import copy
from typing import Any

from ._inline import TEXT, Atom, Inline, describe_format, innermost, plan, tag_atoms
from ._xml import A, RunSignatures, clean_text, insert_in_order, is_true, qn, signature
from .segments import Run
from .tags import Tagged

A_P = qn(A, "p")
A_R = qn(A, "r")
A_BR = qn(A, "br")
A_T = qn(A, "t")
A_RPR = qn(A, "rPr")
A_PPR = qn(A, "pPr")
A_EA = qn(A, "ea")
A_LATIN = qn(A, "latin")
A_SOLID_FILL = qn(A, "solidFill")
A_SRGB = qn(A, "srgbClr")
A_END_PARA_RPR = qn(A, "endParaRPr")
A_FLD = qn(A, "fld")
A_HLINK_CLICK = qn(A, "hlinkClick")
A_HLINK_HOVER = qn(A, "hlinkMouseOver")
_LINKS = (A_HLINK_CLICK, A_HLINK_HOVER)
#: Run properties that change nothing a reader sees (spelling state, language), left out of signatures.
_QUIET_ATTRIBUTES = ("lang", "altLang", "dirty", "err", "smtClean", "smtId", "noProof", "bmk")

#: What the schema puts after ``a:ea`` in ``a:rPr``.
_AFTER_EA = [qn(A, tag) for tag in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")]
#: Attributes of ``a:ea`` describing its typeface, wrong once the typeface is another.
STALE_FONT_HINTS = ("charset", "panose", "pitchFamily")
#: A bilingual export sets the original beneath the translation at this share of its size.
ORIGINAL_SIZE_SHARE = 0.8


def paragraph_text(p) -> str:
    """The paragraph's text: runs' text, ``\\n`` for line breaks; fields left out."""
    parts = []
    for child in p:
        if child.tag == A_R:
            parts.append(_run_text(child))
        elif child.tag == A_BR:
            parts.append("\n")
    return "".join(parts)


def paragraph_runs(p) -> tuple[Run, ...]:
    """The paragraph's runs with their explicit formatting; a line break is a run of ``\\n``."""
    runs = []
    for child in p:
        if child.tag == A_R:
            runs.append(Run(_run_text(child), run_format(child.find(A_RPR))))
        elif child.tag == A_BR:
            runs.append(Run("\n", {}))
    return tuple(runs)


def first_font_size(p) -> float | None:
    """The first explicit size among the paragraph's runs (points), else its paragraph default."""
    for child in p:
        if child.tag in (A_R, A_BR):
            size = _size(child.find(A_RPR))
            if size is not None:
                return size
    ppr = p.find(A_PPR)
    if ppr is not None:
        return _size(ppr.find(qn(A, "defRPr")))
    return None


def run_format(rpr) -> dict[str, Any]:
    """Explicit formatting of one run (nothing inherited is resolved)."""
    if rpr is None:
        return {}
    found: dict[str, Any] = {}
    for name in ("b", "i"):
        value = is_true(rpr.get(name))
        if value is not None:
            found["bold" if name == "b" else "italic"] = value
    underline = rpr.get("u")
    if underline is not None:
        found["underline"] = underline != "none"
    size = _size(rpr)
    if size is not None:
        found["size"] = size
    latin = rpr.find(A_LATIN)
    if latin is not None and latin.get("typeface"):
        found["font"] = latin.get("typeface")
    fill = rpr.find(A_SOLID_FILL)
    if fill is not None:
        rgb = fill.find(A_SRGB)
        if rgb is not None and rgb.get("val"):
            found["color"] = rgb.get("val").upper()
    return found


def inline(p) -> Inline:
    """The paragraph as tagged text, and what each tag stands for."""
    children = [child for child in p if child.tag in (A_R, A_BR, A_FLD)]
    alone = len(children) == 1  # one run and nothing else: no formatting to compare
    if alone and children[0].tag == A_R:
        rpr = children[0].find(A_RPR)
        if rpr is None or (rpr.find(A_HLINK_CLICK) is None and rpr.find(A_HLINK_HOVER) is None):
            return Inline(Tagged((_run_text(children[0]),)), {}, children[0], ())
    atoms = []
    for child in children:
        if child.tag == A_R:
            rpr = child.find(A_RPR)
            links = [] if rpr is None else [link for link in rpr if link.tag in _LINKS]
            path = ((("link", signature(links[0])), "a", links),) if links else ()
            if text := _run_text(child):
                atoms.append(Atom(TEXT, text, path, "" if alone else _signature(rpr), child))
        elif child.tag == A_BR:
            atoms.append(Atom("br", run=child, payload=[child]))
        else:
            atoms.append(Atom("x", run=child, payload=[child]))
    return tag_atoms(atoms, _label)


def tagged_text(p) -> Tagged:
    return inline(p).tagged


def write_translation(p, text: str | Tagged, *, east_asian_font: str, lang: str) -> None:
    """Replace the paragraph's text by ``text``: each tagged span in a run with its own properties (and
    its link), untagged text with the dominant formatting, breaks and fields where the tags put them.

    Paragraph properties and the end-of-paragraph properties stay. A plain string takes the dominant
    formatting throughout; its lines become runs separated by ``a:br``.
    """
    found = inline(p)
    if not found.specs and found.dominant is not None and not (isinstance(text, Tagged) and text.has_tags):
        _write_in_place(p, found.dominant, text.plain if isinstance(text, Tagged) else text, east_asian_font, lang)
        return
    steps = plan(found, text)
    old = [child for child in p if child.tag in (A_R, A_BR, A_FLD)]
    written = []
    for step in steps:
        if step.placeholder is not None:
            if step.placeholder.kind == "br":
                element = copy.deepcopy(step.placeholder.element)
                _mark_east_asian(element, east_asian_font=east_asian_font, lang=lang)
                written.append(element)
            else:
                written.extend(step.placeholder.payload)  # fields move, untouched
            continue
        lines = clean_text(step.text).split("\n")
        for index, line in enumerate(lines):
            if index:
                line_break = p.makeelement(A_BR, {})
                line_break.append(_properties(p, found, step.within))
                _mark_east_asian(line_break, east_asian_font=east_asian_font, lang=lang)
                written.append(line_break)
            if line:
                run = p.makeelement(A_R, {})
                run.append(_properties(p, found, step.within))
                _mark_east_asian(run, east_asian_font=east_asian_font, lang=lang)
                _set_run_text(run, line)
                written.append(run)
    if not any(element.tag == A_R for element in written):
        run = p.makeelement(A_R, {})
        run.append(_properties(p, found, ()))
        _mark_east_asian(run, east_asian_font=east_asian_font, lang=lang)
        _set_run_text(run, "")
        written.insert(0, run)
    if old:
        index = p.index(old[0])
    else:
        end = p.find(A_END_PARA_RPR)
        index = p.index(end) if end is not None else len(p)
    for element in old:
        p.remove(element)
    for offset, element in enumerate(written):
        p.insert(index + offset, element)


def _write_in_place(p, template, text: str, east_asian_font: str, lang: str) -> None:
    """The common case, a paragraph of one formatting without tags: its text goes into its first run
    with text (the others go), its lines into copies of that run separated by ``a:br``."""
    for child in list(p):
        if child.tag == A_R and child is not template:
            p.remove(child)
    _mark_east_asian(template, east_asian_font=east_asian_font, lang=lang)
    lines = clean_text(text).split("\n")
    _set_run_text(template, lines[0])
    anchor = template
    for line in lines[1:]:
        line_break = p.makeelement(A_BR, {})
        line_break.append(copy.deepcopy(template.find(A_RPR)))
        anchor.addnext(line_break)
        run = copy.deepcopy(template)
        _set_run_text(run, line)
        line_break.addnext(run)
        anchor = run


def _properties(p, found: Inline, within):
    """A new ``a:rPr``: the innermost ``g`` span's run properties (else the dominant run's), without their
    link, then the innermost ``a`` span's link."""
    span = innermost(within, "g", container=False)
    template = span.element if span is not None else found.dominant
    rpr = template.find(A_RPR) if template is not None else None
    rpr = copy.deepcopy(rpr) if rpr is not None else p.makeelement(A_RPR, {})
    for link in [child for child in rpr if child.tag in _LINKS]:
        rpr.remove(link)
    link_span = innermost(within, "a")
    if link_span is not None:
        for link in link_span.element:
            insert_in_order(
                rpr,
                copy.deepcopy(link),
                [qn(A, tag) for tag in ("rtl", "extLst")] + ([A_HLINK_HOVER] if link.tag == A_HLINK_CLICK else []),
            )
    return rpr


#: Run properties as a string equal for runs that look the same.
_signature = RunSignatures(A_RPR, skip_attributes=_QUIET_ATTRIBUTES, skip_children=_LINKS)


def _label(kind: str, element, container: bool) -> str:
    """What a tag stands for, in a few words (the workbench shows it on the chip's tooltip)."""
    if kind == "a":
        return "link"
    if kind == "g" and element is not None:
        rpr = element.find(A_RPR)
        extra = []
        if rpr is not None:
            if rpr.find(qn(A, "highlight")) is not None:
                extra.append("highlight")
            baseline = rpr.get("baseline", "0").lstrip("+")
            if baseline.lstrip("-").isdigit() and int(baseline):
                extra.append("superscript" if int(baseline) > 0 else "subscript")
            if rpr.get("strike", "noStrike") != "noStrike":
                extra.append("strikethrough")
        return describe_format(run_format(rpr), extra)
    return {"br": "line break", "x": "field"}.get(kind, "")


def add_original_beneath(p, original) -> None:
    """Bilingual layout: the original paragraph again after the translated one, a little smaller."""
    again = copy.deepcopy(original)
    for child in again:
        if child.tag in (A_R, A_BR, A_END_PARA_RPR):
            rpr = child.find(A_RPR) if child.tag != A_END_PARA_RPR else child
            size = rpr.get("sz") if rpr is not None else None
            if size and size.isdigit():
                rpr.set("sz", str(max(100, round(int(size) * ORIGINAL_SIZE_SHARE / 100) * 100)))
    p.addnext(again)


def _run_text(run) -> str:
    t = run.find(A_T)
    return (t.text or "") if t is not None else ""


def _set_run_text(run, text: str) -> None:
    t = run.find(A_T)
    if t is None:
        t = run.makeelement(A_T, {})
        run.append(t)
    t.text = text


def _mark_east_asian(run, *, east_asian_font: str, lang: str) -> None:
    """Chinese text needs an East-Asian typeface (``a:ea``) and its language, or PowerPoint falls back to
    whatever font the viewer's system picks for CJK, often a mismatched one. ``run`` is an ``a:r`` or an
    ``a:br``."""
    rpr = run.find(A_RPR)
    if rpr is None:
        rpr = run.makeelement(A_RPR, {})
        run.insert(0, rpr)
    rpr.set("lang", lang)
    ea = rpr.find(A_EA)
    if ea is None:
        ea = rpr.makeelement(A_EA, {})
        insert_in_order(rpr, ea, _AFTER_EA)
    if ea.get("typeface") != east_asian_font:
        # The old font's hints would make PowerPoint look for a font of its character set and family.
        for stale in STALE_FONT_HINTS:
            ea.attrib.pop(stale, None)
    ea.set("typeface", east_asian_font)


def _size(rpr) -> float | None:
    if rpr is None:
        return None
    size = rpr.get("sz")
    if size is None or not size.isdigit():
        return None
    return int(size) / 100
