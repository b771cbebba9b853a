"""Paragraphs of DrawingML text (``a:p``): slides, notes, table cells and chart titles share them.

A paragraph holds runs (``a:r``), line breaks (``a:br``) and fields (``a:fld``: slide numbers, dates).
Fields are computed by PowerPoint, so they are neither part of a segment's text nor touched by export.
"""

from __future__ import annotations

import copy
from typing import Any

from ._xml import A, clean_text, insert_in_order, is_true, qn
from .segments import Run

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

#: What the schema puts after ``a:ea`` in ``a:rPr``.
_AFTER_EA = [qn(A, tag) for tag in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")]
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


def write_translation(p, text: str, *, east_asian_font: str, lang: str) -> None:
    """Replace the paragraph's text by ``text``, keeping the first run's formatting.

    The translation goes into the first run that has visible text (its ``a:rPr`` is the paragraph's
    look); the other runs and line breaks go; fields and paragraph properties stay. Lines of ``text``
    become runs separated by ``a:br``, so the segment's text reads back exactly as written.
    """
    runs = [child for child in p if child.tag == A_R]
    template = next((run for run in runs if _run_text(run).strip()), runs[0] if runs else None)
    if template is None:
        template = _new_run(p)
    for child in list(p):
        if child.tag in (A_R, A_BR) and child is not template:
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


def _new_run(p):
    """A run for a paragraph that has none (only line breaks): placed before its end properties."""
    run = p.makeelement(A_R, {})
    run.append(p.makeelement(A_RPR, {}))
    run.append(p.makeelement(A_T, {}))
    end = p.find(A_END_PARA_RPR)
    if end is not None:
        end.addprevious(run)
    else:
        p.append(run)
    return run


def _mark_east_asian(run, *, east_asian_font: str, lang: str) -> None:
    """Chinese text needs an East-Asian typeface (``a:ea``) and its language, or PowerPoint falls back to
    whatever font the viewer's system picks for CJK, often a mismatched one."""
    rpr = run.find(A_RPR)
    if rpr is None:
        rpr = run.makeelement(A_RPR, {})
        run.insert(0, rpr)
    rpr.set("lang", lang)
    ea = rpr.find(A_EA)
    if ea is None:
        ea = rpr.makeelement(A_EA, {})
        insert_in_order(rpr, ea, _AFTER_EA)
    ea.set("typeface", east_asian_font)


def _size(rpr) -> float | None:
    if rpr is None:
        return None
    size = rpr.get("sz")
    if size is None or not size.isdigit():
        return None
    return int(size) / 100
