"""Paragraphs of WordprocessingML (``w:p``): reading their text and runs, writing a translation.

A paragraph's runs may sit inside hyperlinks, insertions, smart tags, simple fields and content
controls; those count. Deleted text (``w:del``), field instructions and the paragraphs of text boxes
drawn inside a run do not: they are not what the reader sees on this line.
"""

from __future__ import annotations

import copy
from typing import Any

from ._inline import TEXT, Atom, Inline, describe_format, innermost, plan, tag_atoms
from ._xml import W14, XML, RunSignatures, W, clean_text, insert_in_order, is_true, qn
from .segments import Run
from .tags import Tagged

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
W_HYPERLINK = qn(W, "hyperlink")
W_SDT = qn(W, "sdt")
W_SDT_CONTENT = qn(W, "sdtContent")
W_LAST_RENDERED = qn(W, "lastRenderedPageBreak")
#: Run properties that change nothing a reader sees (language, proofing, the East-Asian font export sets).
_QUIET_CHILDREN = (qn(W, "lang"), qn(W, "noProof"))
_QUIET_ATTRIBUTES = ("hint", "eastAsia", "eastAsiaTheme")
_CONTAINER_LABELS = {"hyperlink": "link", "fldSimple": "field", "sdt": "content control", "ins": "insertion"}

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


def inline(p) -> Inline:
    """The paragraph as tagged text: hyperlinks are ``a`` tags; content controls, simple fields,
    insertions and smart tags paired ``g`` tags; runs formatted otherwise than the dominant run ``g``
    tags; tabs and line breaks placeholders; whatever else a run holds (a field's codes, a picture, a
    page break, a note mark) an ``x`` placeholder that export moves back untouched."""
    atoms: list[Atom] = []
    _atoms_of(p, (), atoms)
    return tag_atoms(atoms, _label)


def tagged_text(p) -> Tagged:
    return inline(p).tagged


def _atoms_of(parent, path: tuple, atoms: list[Atom]) -> None:
    for child in parent:
        if child.tag == W_R:
            _run_atoms(child, path, atoms)
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                _atoms_of(content, (*path, (child, "g", child)), atoms)
        elif child.tag in _RUN_CONTAINERS:
            kind = "a" if child.tag == W_HYPERLINK else "g"
            _atoms_of(child, (*path, (child, kind, child)), atoms)


def _run_atoms(run, path: tuple, atoms: list[Atom]) -> None:
    rpr = run.find(W_RPR)
    mark = _signature(rpr)
    for child in run:
        tag = child.tag
        if tag == W_RPR or tag in (W_SOFT_HYPHEN, W_LAST_RENDERED) or not isinstance(tag, str):
            continue
        if tag == W_T:
            if child.text:
                atoms.append(Atom(TEXT, child.text, path, mark, run))
        elif tag == W_NO_BREAK_HYPHEN:
            atoms.append(Atom(TEXT, "\u2011", path, mark, run))
        elif tag in (W_TAB, W_PTAB):
            atoms.append(Atom("tab", path=path, run=run, payload=[child]))
        elif (tag == W_BR and _is_line_break(child)) or tag == W_CR:
            atoms.append(Atom("br", path=path, run=run, payload=[child]))
        else:
            atoms.append(Atom("x", path=path, run=run, payload=[(rpr, child)]))


def write_translation(p, text: str | Tagged, *, east_asian_font: str, lang: str) -> None:
    """Replace the paragraph's runs by ``text``: a run per tagged span with that span's ``w:rPr``,
    untagged text with the dominant run's, inside copies of the hyperlinks and content controls its
    tags name (the relationship ids kept, so links still lead where they did); fields, pictures and
    page breaks move back where the tags put them. A plain string takes the dominant formatting; its
    tabs and line breaks become ``w:tab`` and ``w:br``, so the segment reads back exactly as written.
    Deleted text, bookmarks and comment anchors between the runs stay in the paragraph.
    """
    found = inline(p)
    steps = plan(found, text)
    # The runs, and the containers holding runs (an empty content control or field stays as it is).
    old = [
        child
        for child in p
        if child.tag == W_R or (child.tag in _RUN_CONTAINERS and next(child.iter(W_R), None) is not None)
    ]
    index = p.index(old[0]) if old else len(p)
    written: list = []
    chain: list[tuple[Any, Any]] = []  # (spec, element new children go into)
    for step in steps:
        containers = [spec for spec in step.within if spec.container]
        keep = 0
        while keep < min(len(chain), len(containers)) and chain[keep][0] is containers[keep]:
            keep += 1
        del chain[keep:]
        for spec in containers[keep:]:
            outer, inner = _container_copy(p, spec.element)
            (chain[-1][1].append(outer) if chain else written.append(outer))
            chain.append((spec, inner))

        def put(element) -> None:
            (chain[-1][1].append(element) if chain else written.append(element))

        if step.placeholder is not None:
            spec = step.placeholder
            if spec.kind == "x":
                for rpr, element in spec.payload:
                    run = p.makeelement(W_R, {})
                    if rpr is not None:
                        run.append(copy.deepcopy(rpr))
                    run.append(element)
                    put(run)
                continue
            run = _new_run(p, found, step.within)
            run.append(p.makeelement(W_BR if spec.kind == "br" else W_TAB, {}))
            _mark_east_asian(run, east_asian_font=east_asian_font, lang=lang)
            put(run)
            continue
        run = _new_run(p, found, step.within)
        for element in _text_elements(p, clean_text(step.text)):
            run.append(element)
        _mark_east_asian(run, east_asian_font=east_asian_font, lang=lang)
        put(run)
    for element in old:
        p.remove(element)
    for offset, element in enumerate(written):
        p.insert(index + offset, element)
    _unbind(p)


def _unbind(p) -> None:
    """A content control bound to the document's data (``w:dataBinding``: the title in the document's
    properties, a custom XML item) shows that data when Word opens the file, not its own text; one that
    holds a translation is unbound, so the translation is what Word shows."""
    controls = [*p.iterancestors(W_SDT), *p.iter(W_SDT)]
    for control in controls:
        properties = control.find(qn(W, "sdtPr"))
        binding = properties.find(qn(W, "dataBinding")) if properties is not None else None
        if binding is not None:
            properties.remove(binding)


def _new_run(p, found: Inline, within):
    span = innermost(within, "g", container=False)
    template = span.element if span is not None else found.dominant
    run = p.makeelement(W_R, {})
    rpr = template.find(W_RPR) if template is not None else None
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    return run


def _container_copy(p, element):
    """A hyperlink, content control, field... without its runs (its own properties kept): the copy, and
    where the runs go in it (a content control's ``w:sdtContent``)."""
    outer = p.makeelement(element.tag, dict(element.attrib))
    for child in element:
        if child.tag != W_R and child.tag not in _RUN_CONTAINERS:
            outer.append(copy.deepcopy(child))
    if element.tag == W_SDT:
        content = element.find(W_SDT_CONTENT)
        inner = p.makeelement(W_SDT_CONTENT, dict(content.attrib) if content is not None else {})
        outer.append(inner)
        return outer, inner
    return outer, outer


#: Run properties as a string equal for runs that look the same.
_signature = RunSignatures(W_RPR, skip_attributes=_QUIET_ATTRIBUTES, skip_children=_QUIET_CHILDREN)


def _label(kind: str, element, container: bool) -> str:
    if container:
        local = element.tag.rpartition("}")[2]
        return _CONTAINER_LABELS.get(local, local)
    if kind == "g" and element is not None:
        rpr = element.find(W_RPR)
        extra = []
        if rpr is not None:
            if rpr.find(qn(W, "highlight")) is not None or rpr.find(qn(W, "shd")) is not None:
                extra.append("highlight")
            align = rpr.find(qn(W, "vertAlign"))
            if align is not None and align.get(W_VAL) in ("superscript", "subscript"):
                extra.append(align.get(W_VAL))
            if rpr.find(qn(W, "strike")) is not None or rpr.find(qn(W, "dstrike")) is not None:
                extra.append("strikethrough")
            style = rpr.find(qn(W, "rStyle"))
            if style is not None and style.get(W_VAL):
                extra.append(f"style {style.get(W_VAL)}")
        return describe_format(run_format(rpr), extra)
    return {"br": "line break", "tab": "tab", "x": "field or object"}.get(kind, "")


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
    # A theme font named for East-Asian text wins over the font set here: it belongs to the old text.
    fonts.attrib.pop(qn(W, "eastAsiaTheme"), None)
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
