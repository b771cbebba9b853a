"""The text a reader sees in a deck or a Word document, read straight from the XML, for the coverage tests.

Written apart from the engine's walkers on purpose (zipfile and lxml only, no engine import): it
collects every ``a:t``/``w:t`` and every chart string-cache value that PowerPoint or Word displays, by
part, so a test can compare what the engine offers with what is there.

What counts (``visible_texts``):

- a deck: the slides' shapes (a ``mc:AlternateContent`` counted once, its first choice), the text a
  SmartArt diagram holds (its data part), the charts the slides show (titles, axis titles, series
  names, category labels: ``c:rich`` text and ``c:strCache``/``c:multiLvlStrCache`` values), the notes
  slides (less the slide image and fields), the notes master's header and footer, and the shapes on
  layouts and masters that are not placeholders (they show on every slide of that layout);
- a document: the body, headers and footers, footnotes and endnotes (less the separators), comments,
  text boxes (a ``mc:AlternateContent`` counted once) and the charts the body shows.

Left out, as the application computes them: PowerPoint fields (``a:fld``: slide numbers, dates).
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


class _Zip:
    def __init__(self, data: bytes):
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.names = {name.lower(): name for name in self.zip.namelist()}

    def has(self, name: str) -> bool:
        return name.lower() in self.names

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(self.names[name.lower()]))

    def rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, target part) of ``part``'s internal relationships."""
        folder, base = posixpath.split(part)
        name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(name):
            return []
        found = []
        for rel in self.xml(name):
            if rel.get("TargetMode") == "External":
                continue
            target = unquote(rel.get("Target", ""))
            target = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            )
            found.append((rel.get("Id"), rel.get("Type", "").rsplit("/", 1)[-1], target))
        return found


def _dropping_fallbacks(root) -> None:
    """Markup compatibility: the first ``mc:Choice`` is what an Office of today shows; its fallbacks go."""
    for fallback in list(root.iter(_q(MC, "Fallback"))):
        fallback.getparent().remove(fallback)


def _a_texts(root) -> list[str]:
    """Paragraph texts of DrawingML, fields left out."""
    texts = []
    for p in root.iter(_q(A, "p")):
        text = "".join(t.text or "" for t in p.iter(_q(A, "t")) if t.getparent().tag != _q(A, "fld"))
        if text.strip():
            texts.append(text)
    return texts


def _chart_texts(root) -> list[str]:
    texts = _a_texts(root)
    seen_formulas = set()
    for cache in [*root.iter(_q(C, "strRef")), *root.iter(_q(C, "multiLvlStrRef"))]:
        if cache.getparent().tag not in (_q(C, "tx"), _q(C, "cat"), _q(C, "xVal")):
            continue
        formula = cache.findtext(_q(C, "f"))
        if formula and formula in seen_formulas:  # every series repeats the categories' cells
            continue
        seen_formulas.add(formula)
        for value in cache.iter(_q(C, "v")):
            if value.getparent().tag == _q(C, "pt") and (value.text or "").strip():
                texts.append(value.text)
    return texts


def deck_texts(data: bytes) -> dict[str, list[str]]:
    package = _Zip(data)
    presentation = next(t for _, kind, t in package.rels("") if kind == "officeDocument")
    by_id = {rid: target for rid, _, target in package.rels(presentation)}
    slides = [by_id[s.get(_q(R, "id"))] for s in package.xml(presentation).iter(_q(P, "sldId"))]
    found: dict[str, list[str]] = {}
    layouts: set[str] = set()
    notes_master = None
    for slide in slides:
        root = package.xml(slide)
        _dropping_fallbacks(root)
        found[slide] = _a_texts(root)
        show_master = root.get("showMasterSp", "1") not in ("0", "false")
        for _, kind, target in package.rels(slide):
            if kind == "chart":
                found[target] = _chart_texts(package.xml(target))
            elif kind == "diagramData":
                points = package.xml(target).iter(_q(DGM, "pt"))
                found[target] = [text for point in points for text in _a_texts(point)]
            elif kind == "notesSlide":
                notes = package.xml(target)
                _dropping_fallbacks(notes)
                texts = []
                for shape in notes.iter(_q(P, "sp")):
                    ph = shape.find(f"{_q(P, 'nvSpPr')}/{_q(P, 'nvPr')}/{_q(P, 'ph')}")
                    if ph is None or ph.get("type") != "sldImg":
                        texts += _a_texts(shape)
                found[target] = texts
                for _, notes_kind, master in package.rels(target):
                    if notes_kind == "notesMaster":
                        notes_master = master
            elif kind == "slideLayout" and show_master:
                layouts.add(target)
    masters = set()
    for layout in sorted(layouts):
        root = package.xml(layout)
        found[layout] = _free_shape_texts(root)
        if root.get("showMasterSp", "1") not in ("0", "false"):
            masters.update(t for _, kind, t in package.rels(layout) if kind == "slideMaster")
    for master in sorted(masters):
        found[master] = _free_shape_texts(package.xml(master))
    if notes_master is not None:
        texts = []
        for shape in package.xml(notes_master).iter(_q(P, "sp")):
            ph = shape.find(f"{_q(P, 'nvSpPr')}/{_q(P, 'nvPr')}/{_q(P, 'ph')}")
            if ph is not None and ph.get("type") in ("hdr", "ftr", "dt"):
                texts += _a_texts(shape)
        found[notes_master] = texts
    return {part: texts for part, texts in found.items() if texts}


def _free_shape_texts(root) -> list[str]:
    """Text of a layout's or master's shapes that are not placeholders (a placeholder's text is a prompt)."""
    _dropping_fallbacks(root)
    texts = []
    tree = root.find(f"{_q(P, 'cSld')}/{_q(P, 'spTree')}")
    for shape in tree.iter(_q(P, "sp")) if tree is not None else ():
        if shape.find(f"{_q(P, 'nvSpPr')}/{_q(P, 'nvPr')}/{_q(P, 'ph')}") is None:
            texts += _a_texts(shape)
    return texts


def _w_texts(root) -> list[str]:
    """Paragraph texts of WordprocessingML: each ``w:p`` with its own text (text boxes are their own)."""
    texts = []
    for p in root.iter(_q(W, "p")):
        text = "".join(
            t.text or "" for t in p.iter(_q(W, "t")) if next(ancestor for ancestor in t.iterancestors(_q(W, "p"))) is p
        )
        if text.strip():
            texts.append(text)
    return texts


def document_texts(data: bytes) -> dict[str, list[str]]:
    package = _Zip(data)
    main = next(t for _, kind, t in package.rels("") if kind == "officeDocument")
    root = package.xml(main)
    _dropping_fallbacks(root)
    found = {main: _w_texts(root.find(_q(W, "body")))}
    rels = package.rels(main)
    by_id = {rid: target for rid, _, target in rels}
    for reference in root.iter(_q(W, "headerReference"), _q(W, "footerReference")):
        part = by_id.get(reference.get(_q(R, "id")))
        if part and part not in found:
            story = package.xml(part)
            _dropping_fallbacks(story)
            found[part] = _w_texts(story)
    for _, kind, part in rels:
        if kind in ("footnotes", "endnotes", "comments") and package.has(part):
            story = package.xml(part)
            _dropping_fallbacks(story)
            for note in list(story):
                if note.get(_q(W, "type")) in ("separator", "continuationSeparator", "continuationNotice"):
                    story.remove(note)
            found[part] = _w_texts(story)
    shown = {element.get(_q(R, "id")) for element in root.iter(_q(C, "chart"))}
    for rid, kind, part in rels:
        if kind == "chart" and rid in shown:
            found[part] = _chart_texts(package.xml(part))
    return {part: texts for part, texts in found.items() if texts}


def visible_texts(data: bytes, kind: str) -> dict[str, list[str]]:
    """What a reader sees, by part: a list of paragraph (or label) texts."""
    return deck_texts(data) if kind == "pptx" else document_texts(data)


def characters(texts) -> int:
    """Characters that are not white space."""
    return sum(len("".join(text.split())) for text in texts)
