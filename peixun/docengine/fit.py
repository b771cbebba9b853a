"""Whether translated text fits a deck's frames, tables and slides, and shrinking it until it does.

The height of a frame's text is estimated from the fonts' advance widths (the Chinese font's for CJK,
the Latin font's, scaled to the deck's usual Latin faces, for the rest; a bold run's by the bold
faces, or ``BOLD_LATIN_SCALE`` wider without them), broken into lines per
character for CJK and per word for Latin, at the size each run inherits (run, paragraph, the frame's
list styles, the layout's and master's placeholder, the master's text styles, else 18 pt), in the
rectangle the shape's geometry gives its text (an ellipse's is inscribed in it), less the frame's
insets, with line spacing, paragraph spacing and autofit. A frame is measured twice, as the file
has it and as translated, and only what the translation makes worse is reported: the file's own
layout counts as fitting, whatever the estimate says of it.

:func:`check_fit` returns :class:`~peixun.docengine.checks.Issue` values; ``export(..., fit=True)``
calls :func:`shrink_to_fit` to write smaller sizes where the text would not fit. Nothing here knows
Django: the fonts come in as :class:`Metrics` (``Metrics.from_files``).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from ._pptx import _MASTER_TYPE, _slide_parts
from ._xml import A, P, qn
from .checks import Issue
from .segments import EMU_PER_PT, PPTX

if TYPE_CHECKING:
    from .bounded import ParseLimits
    from .tags import Tagged

EMU_PER_CM = 360_000
#: Em widths and line heights used without font files (CJK square, Latin about Calibri's).
CJK_EM = 1.0
LATIN_EM = 0.5
SPACE_EM = 0.25
#: A line's height as a multiple of its size: Latin faces about 1.2; Noto Sans CJK (which LibreOffice
#: draws Chinese in) 1.45, Microsoft YaHei 1.32.
LATIN_LINE = 1.2
CJK_LINE = 1.45
#: Latin widths are Noto Sans's times this for the deck's face (Calibri, Office's default, is narrower).
LATIN_FACE_SCALE = {"calibri": 0.88, "arial": 0.96, "helvetica": 0.96, "times new roman": 0.84, "verdana": 1.08}
DEFAULT_LATIN_SCALE = 0.9
#: Without a bold font's widths, bold Latin text is taken as this much wider than regular: Noto Sans
#: Bold against Noto Sans Regular over running English text is 1.06 (each letter 0.99 to 1.21). CJK
#: characters keep their em in bold, so bold Chinese without the bold font is measured as regular.
BOLD_LATIN_SCALE = 1.06
#: Italic is measured as upright: an italic face keeps its upright advances (Liberation Sans, metric twin of
#: Arial, italic against regular and bold italic against bold over running English: 1.00; Liberation Serif
#: 1.01; DejaVu Sans Oblique 1.00), and Chinese italic is a slanted upright glyph of the same em.
DEFAULT_SIZE = 18.0
#: Table text without a size of its own (PowerPoint's table style default).
TABLE_SIZE = 18.0
#: PowerPoint shrinks an auto-fit frame's text; shrinking below this share of its size is a change of
#: design the translator should see.
AUTOFIT_FLOOR = 0.7
#: Overflow smaller than this share of a line is not reported (the estimate is not that exact).
TOLERANCE_LINE = 0.4
#: A shrunk frame is sized to this share of its room, for renderers whose fonts run wider.
SHRINK_TARGET = 0.92
#: Text is never shrunk below this share of its size.
SHRINK_FLOOR = 0.4
INSET_LR = 91_440
INSET_TB = 45_720
FOOTER_TYPES = ("ftr", "sldNum", "dt")
TITLE_TYPES = ("title", "ctrTitle")

A_P = qn(A, "p")
A_R = qn(A, "r")
A_BR = qn(A, "br")
A_FLD = qn(A, "fld")
A_T = qn(A, "t")
A_RPR = qn(A, "rPr")
A_PPR = qn(A, "pPr")
A_END = qn(A, "endParaRPr")
A_BODY_PR = qn(A, "bodyPr")
A_LST = qn(A, "lstStyle")
A_LATIN = qn(A, "latin")
P_TXBODY = qn(P, "txBody")
A_TXBODY = qn(A, "txBody")
PH_PATH = f"{qn(P, 'nvSpPr')}/{qn(P, 'nvPr')}/{qn(P, 'ph')}"
SP_TREE = f"{qn(P, 'cSld')}/{qn(P, 'spTree')}"
AUTOFITS = {qn(A, "normAutofit"): "norm", qn(A, "spAutoFit"): "shape", qn(A, "noAutofit"): "none"}
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


# Fonts -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FontMetrics:
    """One font's advance widths in ems (those differing from ``common``) and its line height in ems."""

    common: float
    widths: Mapping[int, float]
    line_height: float

    def width(self, character: str) -> float | None:
        code = ord(character)
        found = self.widths.get(code)
        if found is not None:
            return found
        return self.common if code in self.widths or self._covers(code) else None

    def _covers(self, code: int) -> bool:
        return 0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFF60 or code >= 0x20000


@functools.lru_cache(maxsize=8)
def font_metrics(path: str) -> FontMetrics:
    """Advance widths and line height of the TrueType font at ``path`` (read once per process)."""
    from collections import Counter

    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    cmap = font.getBestCmap()
    advances = {code: metrics[glyph][0] / units for code, glyph in cmap.items() if glyph in metrics}
    common = Counter(advances.values()).most_common(1)[0][0] if advances else 1.0
    hhea = font["hhea"]
    line = (hhea.ascent - hhea.descent + hhea.lineGap) / units
    font.close()
    return FontMetrics(common, {code: width for code, width in advances.items() if width != common}, line)


@dataclass(frozen=True)
class Metrics:
    """Widths of characters in ems, by the Chinese font (``cjk``) and a Latin one (``latin``), and their
    bold faces for bold runs (``cjk_bold``, ``latin_bold``); any may be ``None``: approximate ems without
    a regular face, the regular face's widths without a bold one (Latin ``BOLD_LATIN_SCALE`` wider)."""

    cjk: FontMetrics | None = None
    latin: FontMetrics | None = None
    cjk_bold: FontMetrics | None = None
    latin_bold: FontMetrics | None = None

    @classmethod
    def from_files(
        cls,
        cjk: str | None = None,
        latin: str | None = None,
        *,
        cjk_bold: str | None = None,
        latin_bold: str | None = None,
    ) -> Metrics:
        def read(path) -> FontMetrics | None:
            return font_metrics(str(path)) if path else None

        return cls(read(cjk), read(latin), read(cjk_bold), read(latin_bold))

    def width(self, character: str, latin_scale: float, bold: bool = False) -> float:
        if _is_cjk(character):
            cjk = self.cjk_bold if bold and self.cjk_bold is not None else self.cjk
            found = cjk.width(character) if cjk is not None else None
            return found if found is not None else CJK_EM
        latin = self.latin_bold if bold and self.latin_bold is not None else self.latin
        widened = BOLD_LATIN_SCALE if bold and self.latin_bold is None else 1.0
        if latin is not None:
            found = latin.widths.get(ord(character))
            if found is not None:
                return found * latin_scale * widened
        if character.isspace():
            return SPACE_EM
        return LATIN_EM * widened

    @property
    def cjk_line(self) -> float:
        return self.cjk.line_height if self.cjk is not None else CJK_LINE


def _is_cjk(character: str) -> bool:
    code = ord(character)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFF60
        or 0x3000 <= code <= 0x303F
        or code >= 0x20000
    )


# Styles ------------------------------------------------------------------------------------------


@dataclass
class _Styles:
    """Where a frame's paragraphs inherit from: list-style levels (nearest first) and body properties."""

    levels: list = field(default_factory=list)  # lstStyle elements, nearest first
    bodies: list = field(default_factory=list)  # bodyPr elements, nearest first
    default_size: float = DEFAULT_SIZE

    def level(self, p) -> list:
        ppr = p.find(A_PPR)
        number = int(ppr.get("lvl", "0")) if ppr is not None and (ppr.get("lvl") or "0").isdigit() else 0
        tag = qn(A, f"lvl{number + 1}pPr")
        found = [ppr] if ppr is not None else []
        for style in self.levels:
            level = style.find(tag)
            if level is not None:
                found.append(level)
        return found

    def body(self, name: str, default: int) -> int:
        for body in self.bodies:
            value = body.get(name)
            if value is not None and value.lstrip("-").isdigit():
                return int(value)
        return default

    def body_attribute(self, name: str, default: str) -> str:
        for body in self.bodies:
            if body.get(name) is not None:
                return body.get(name)
        return default

    def autofit(self):
        for body in self.bodies:
            for child in body:
                if child.tag in AUTOFITS:
                    return AUTOFITS[child.tag], child
        return "none", None


class _Deck:
    """A deck's slide size and, per slide, its layout's and master's placeholders and text styles."""

    def __init__(self, package):
        self.package = package
        presentation = package.xml(package.main_part())
        size = presentation.find(qn(P, "sldSz"))
        self.width = int(size.get("cx")) if size is not None else 12_192_000
        self.height = int(size.get("cy")) if size is not None else 6_858_000
        self.default_style = presentation.find(qn(P, "defaultTextStyle"))
        self._chains: dict[str, tuple] = {}

    def chain(self, slide: str) -> tuple:
        """(layout root, master root) of a slide; either may be ``None``."""
        if slide not in self._chains:
            layouts = self.package.related_by_type(slide, _RT + "slideLayout")
            layout = self.package.xml(layouts[0]) if layouts else None
            masters = self.package.related_by_type(layouts[0], _RT + "slideMaster") if layouts else []
            master = self.package.xml(masters[0]) if masters else None
            self._chains[slide] = (layout, master)
        return self._chains[slide]

    def styles(self, slide: str, sp, txbody) -> tuple[_Styles, tuple | None]:
        """The frame's inheritance, and its inherited position ``(x, y, cx, cy)`` if it has none."""
        styles = _Styles()
        _add_frame(styles, txbody)
        layout, master = self.chain(slide)
        ph = sp.find(PH_PATH) if sp.tag == qn(P, "sp") else None
        xfrm = None
        if ph is None:
            if self.default_style is not None:
                styles.levels.append(self.default_style)
            if master is not None:
                other = master.find(f"{qn(P, 'txStyles')}/{qn(P, 'otherStyle')}")
                if other is not None:
                    styles.levels.append(other)
            return styles, None
        ph_type, idx = ph.get("type", "obj"), ph.get("idx")
        layout_sp = _placeholder(layout, ph_type, idx) if layout is not None else None
        master_type = _MASTER_TYPE.get(ph_type, "body")
        master_sp = _placeholder(master, master_type, None) if master is not None else None
        for inherited in (layout_sp, master_sp):
            if inherited is not None:
                body = inherited.find(P_TXBODY)
                if body is not None:
                    _add_frame(styles, body)
                if xfrm is None:
                    xfrm = _own_xfrm(inherited)
        if master is not None:
            if ph_type in TITLE_TYPES:
                name = "titleStyle"
            else:
                name = "bodyStyle" if ph_type in ("body", "obj", "subTitle") or idx else "otherStyle"
            style = master.find(f"{qn(P, 'txStyles')}/{qn(P, name)}")
            if style is not None:
                styles.levels.append(style)
        return styles, xfrm

    def footer_tops(self, slide: str, tree) -> list[tuple[int, int, int]]:
        """(top, left, right) of the slide's own footer, date and slide-number placeholders."""
        found = []
        for sp in tree.iterchildren(qn(P, "sp")):
            ph = sp.find(PH_PATH)
            if ph is not None and ph.get("type") in FOOTER_TYPES:
                xfrm = _own_xfrm(sp)
                if xfrm is None:
                    _, xfrm = self.styles(slide, sp, sp.find(P_TXBODY))
                if xfrm is not None and None not in xfrm:
                    found.append((xfrm[1], xfrm[0], xfrm[0] + xfrm[2]))
        return found


def _add_frame(styles: _Styles, txbody) -> None:
    lst = txbody.find(A_LST)
    if lst is not None:
        styles.levels.append(lst)
    body = txbody.find(A_BODY_PR)
    if body is not None:
        styles.bodies.append(body)


def _placeholder(root, ph_type: str, idx: str | None):
    tree = root.find(SP_TREE)
    if tree is None:
        return None
    by_type = None
    for sp in tree.iterchildren(qn(P, "sp")):
        ph = sp.find(PH_PATH)
        if ph is None:
            continue
        if idx is not None and ph.get("idx") == idx:
            return sp
        if by_type is None and ph.get("type", "obj") == ph_type:
            by_type = sp
    return by_type


def _own_xfrm(element) -> tuple | None:
    if element.tag == qn(P, "graphicFrame"):
        xfrm = element.find(qn(P, "xfrm"))
    elif element.tag == qn(P, "grpSp"):
        xfrm = element.find(f"{qn(P, 'grpSpPr')}/{qn(A, 'xfrm')}")
    else:
        xfrm = element.find(f"{qn(P, 'spPr')}/{qn(A, 'xfrm')}")
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn(A, "off")), xfrm.find(qn(A, "ext"))
    if off is None or ext is None:
        return None
    return (_int(off.get("x")), _int(off.get("y")), _int(ext.get("cx")), _int(ext.get("cy")))


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# Measuring text ----------------------------------------------------------------------------------


def _first(levels: list, path: str, attribute: str | None = None):
    """The first of ``levels`` (pPr / lvlNpPr elements, nearest first) that states ``path``."""
    for level in levels:
        found = level.find(path) if path else level
        if found is not None and (attribute is None or found.get(attribute) is not None):
            return found
    return None


def _size_of(rpr, levels: list, default: float) -> float:
    if rpr is not None and (rpr.get("sz") or "").isdigit():
        return int(rpr.get("sz")) / 100
    found = _first(levels, qn(A, "defRPr"), "sz")
    if found is not None and found.get("sz").isdigit():
        return int(found.get("sz")) / 100
    return default


def _latin_scale(rpr, levels: list) -> float:
    latin = rpr.find(A_LATIN) if rpr is not None else None
    if latin is None:
        latin = _first(levels, f"{qn(A, 'defRPr')}/{A_LATIN}", "typeface")
    face = (latin.get("typeface") or "").lower() if latin is not None else ""
    return LATIN_FACE_SCALE.get(face, DEFAULT_LATIN_SCALE)


def _is_bold(rpr, levels: list) -> bool:
    """Whether a run is bold: its own ``b``, else the nearest list style level's."""
    value = rpr.get("b") if rpr is not None else None
    if value is None:
        found = _first(levels, qn(A, "defRPr"), "b")
        value = found.get("b") if found is not None else None
    return value in ("1", "true")


def _spacing(levels: list, name: str, size: float) -> tuple[str, float] | None:
    """``("pct", share)`` or ``("pts", points)`` of ``a:lnSpc``, ``a:spcBef`` or ``a:spcAft``."""
    found = _first(levels, qn(A, name))
    if found is None:
        return None
    pct, pts = found.find(qn(A, "spcPct")), found.find(qn(A, "spcPts"))
    if pct is not None and pct.get("val", "").lstrip("-").isdigit():
        return ("pct", int(pct.get("val")) / 100_000)
    if pts is not None and pts.get("val", "").lstrip("-").isdigit():
        return ("pts", int(pts.get("val")) / 100)
    return None


class _Piece(NamedTuple):
    """A run's text ("\n" for a break), its size in points, its Latin face's scale and whether it is bold."""

    text: str
    size: float
    latin_scale: float
    bold: bool = False


@dataclass
class _Paragraph:
    pieces: list[_Piece]
    levels: list
    empty_size: float


def _paragraph(p, styles: _Styles, default: float) -> _Paragraph:
    levels = styles.level(p)
    pieces = []
    for child in p:
        if child.tag in (A_R, A_FLD):
            rpr = child.find(A_RPR)
            t = child.find(A_T)
            text = (t.text or "") if t is not None else ""
            size = _size_of(rpr, levels, default)
            pieces.append(_Piece(text, size, _latin_scale(rpr, levels), _is_bold(rpr, levels)))
        elif child.tag == A_BR:
            pieces.append(_Piece("\n", _size_of(child.find(A_RPR), levels, default), 1.0))
    return _Paragraph(pieces, levels, _size_of(p.find(A_END), levels, default))


def _paragraph_height(paragraph: _Paragraph, width: float, metrics: Metrics, scale: float, wrap: bool) -> float:
    """Height in points of a paragraph wrapped at ``width`` points, its sizes times ``scale``."""
    levels = paragraph.levels
    margin = _first(levels, "", "marL")
    indent = _first(levels, "", "indent")
    left = _int(margin.get("marL")) / EMU_PER_PT if margin is not None else 0.0
    first_indent = _int(indent.get("indent")) / EMU_PER_PT if indent is not None else 0.0
    lines = _lines(paragraph.pieces, width - left, first_indent, metrics, scale, wrap)
    if not lines:
        lines = [(paragraph.empty_size * scale, False)]
    line_spacing = _spacing(levels, "lnSpc", 0)
    height = 0.0
    for size, cjk in lines:
        natural = size * (metrics.cjk_line if cjk else LATIN_LINE)
        if line_spacing is None:
            height += natural
        elif line_spacing[0] == "pct":
            height += natural * line_spacing[1]
        else:
            height += line_spacing[1] * scale
    first_size = lines[0][0]
    for name in ("spcBef", "spcAft"):
        spacing = _spacing(levels, name, first_size)
        if spacing is not None:
            height += first_size * 1.2 * spacing[1] if spacing[0] == "pct" else spacing[1] * scale
    return height


def _lines(pieces, width: float, first_indent: float, metrics: Metrics, scale: float, wrap: bool) -> list:
    """(largest size, holds CJK) of each line the pieces wrap into: CJK breaks after any character,
    Latin between words (a word longer than a line breaks where it must)."""
    lines = []
    current_width, current_size, current_cjk, started = 0.0, 0.0, False, False
    limit = max(width - first_indent, 1.0)
    pending_word = 0.0  # width of the Latin word being built, not yet placed
    pending_size, pending_cjk = 0.0, False

    def close_line():
        nonlocal current_width, current_size, current_cjk, started, limit
        lines.append((current_size, current_cjk))
        current_width, current_size, current_cjk, started = 0.0, 0.0, False, False
        limit = max(width, 1.0)

    def place(extent, size, cjk):
        nonlocal current_width, current_size, current_cjk, started
        if wrap and started and current_width + extent > limit + 0.01:
            close_line()
        current_width += extent
        current_size = max(current_size, size)
        current_cjk = current_cjk or cjk
        started = True

    def flush():
        nonlocal pending_word, pending_size, pending_cjk
        if pending_word:
            place(pending_word, pending_size, pending_cjk)
        pending_word, pending_size, pending_cjk = 0.0, 0.0, False

    for text, size, latin_scale, bold in pieces:
        size = size * scale
        if text == "\n":
            flush()
            current_size = max(current_size, size)
            close_line()
            continue
        for character in text:
            extent = metrics.width(character, latin_scale, bold) * size
            if _is_cjk(character):
                flush()
                place(extent, size, True)
            elif character.isspace():
                flush()
                current_width += extent  # a space at a line's end overhangs, so it is added after the fit
                started = started or current_width > 0
            else:
                if wrap and pending_word + extent > limit and pending_word:
                    flush()  # a word longer than a line
                pending_word += extent
                pending_size = max(pending_size, size)
    flush()
    if started or current_size:
        lines.append((current_size, current_cjk))
    return lines


# Shapes ------------------------------------------------------------------------------------------

_HALF_CHORD = (1 - math.cos(math.pi / 4)) / 2  # an ellipse's text rectangle is inscribed at 45 degrees


def _ellipse(w: float, h: float, adjust) -> tuple:
    return (w * _HALF_CHORD, h * _HALF_CHORD, w * _HALF_CHORD, h * _HALF_CHORD)


def _rounded(name: str, default: int):
    def margins(w: float, h: float, adjust) -> tuple:
        inset = min(w, h) * adjust(name, default) / 100_000 * 0.29289
        return (inset, inset, inset, inset)

    return margins


def _octagon(w: float, h: float, adjust) -> tuple:
    inset = min(w, h) * adjust("adj", 29_289) / 100_000 / 2
    return (inset, inset, inset, inset)


def _diamond(w: float, h: float, adjust) -> tuple:
    return (w / 4, h / 4, w / 4, h / 4)


def _triangle(w: float, h: float, adjust) -> tuple:
    left = w * adjust("adj", 50_000) / 200_000
    return (left, h / 2, w - left - w / 2, 0)


def _extract(w: float, h: float, adjust) -> tuple:
    return (w / 4, h / 2, w / 4, 0)


def _merge(w: float, h: float, adjust) -> tuple:
    return (w / 4, 0, w / 4, h / 2)


def _cloud(w: float, h: float, adjust) -> tuple:
    return (w * 2977 / 21600, h * 3262 / 21600, w * (21600 - 17087) / 21600, h * (21600 - 17337) / 21600)


#: How far the text rectangle of a preset geometry lies inside the shape (left, top, right, bottom),
#: from the shape's width, height and adjust values (ECMA-376 presetShapeDefinitions.xml, ``a:rect``).
#: Geometries not named here, ``rect`` among them, give their text the whole shape.
TEXT_RECTANGLES = {
    "ellipse": _ellipse,
    "flowChartConnector": _ellipse,
    "wedgeEllipseCallout": _ellipse,
    "roundRect": _rounded("adj", 16_667),
    "wedgeRoundRectCallout": _rounded("adj3", 16_667),
    "octagon": _octagon,
    "diamond": _diamond,
    "flowChartDecision": _diamond,
    "triangle": _triangle,
    "flowChartExtract": _extract,
    "flowChartMerge": _merge,
    "cloud": _cloud,
    "cloudCallout": _cloud,
}


def text_rectangle(sp, width: int, height: int) -> tuple[int, int, int, int]:
    """The margins (left, top, right, bottom, in EMU) between a shape's edges and the rectangle its
    geometry gives to text."""
    geometry = sp.find(f"{qn(P, 'spPr')}/{qn(A, 'prstGeom')}")
    margins = TEXT_RECTANGLES.get(geometry.get("prst", "rect")) if geometry is not None else None
    if margins is None:
        return (0, 0, 0, 0)
    stated = {}
    for guide in geometry.iter(qn(A, "gd")):
        formula = (guide.get("fmla") or "").split()
        if len(formula) == 2 and formula[0] == "val" and formula[1].lstrip("-").isdigit():
            stated[guide.get("name")] = int(formula[1])

    def adjust(name: str, default: int) -> int:
        return stated.get(name, default)

    return tuple(round(max(margin, 0)) for margin in margins(width, height, adjust))


# Frames ------------------------------------------------------------------------------------------


@dataclass
class Frame:
    """A shape's text body on a slide, in slide coordinates (EMU) where known."""

    slide: int
    part: str
    sp: object
    txbody: object
    styles: _Styles
    x: int | None
    y: int | None
    width: int
    height: int
    footer_tops: list
    in_group: bool
    slide_height: int

    def insets(self) -> tuple[int, int, int, int]:
        """Left, top, right and bottom of the shape that text does not use, in EMU: the part outside
        its geometry's text rectangle (an ellipse's corners) and the frame's insets within it."""
        styles = self.styles
        geometry = text_rectangle(self.sp, self.width, self.height)
        return (
            geometry[0] + styles.body("lIns", INSET_LR),
            geometry[1] + styles.body("tIns", INSET_TB),
            geometry[2] + styles.body("rIns", INSET_LR),
            geometry[3] + styles.body("bIns", INSET_TB),
        )

    def room(self) -> tuple[float, float]:
        """The text area (width, height) in points."""
        left, top, right, bottom = self.insets()
        return (max(self.width - left - right, 1) / EMU_PER_PT, max(self.height - top - bottom, 0) / EMU_PER_PT)

    def text_height(self, metrics: Metrics, scale: float = 1.0) -> float:
        width, _ = self.room()
        wrap = self.styles.body_attribute("wrap", "square") != "none"
        default = self.styles.default_size
        return sum(
            _paragraph_height(_paragraph(p, self.styles, default), width, metrics, scale, wrap)
            for p in self.txbody.iterchildren(A_P)
        )

    def extent(self, text_height: float) -> tuple[float, float] | None:
        """Top and bottom of the drawn text in EMU on the slide (``None`` in a group or without a position)."""
        if self.in_group or self.y is None:
            return None
        _, top, _, bottom = self.insets()
        need = text_height * EMU_PER_PT
        kind, _ = self.styles.autofit()
        anchor = self.styles.body_attribute("anchor", "t")
        if kind == "shape" or anchor == "t":
            start = self.y + top
        elif anchor == "b":
            start = self.y + self.height - bottom - need
        else:
            start = self.y + top + (self.height - top - bottom - need) / 2
        return (start, start + need)

    def footer_top(self) -> int | None:
        if self.x is None:
            return None
        tops = [top for top, left, right in self.footer_tops if left < self.x + self.width and right > self.x]
        return min(tops) if tops and (self.y or 0) < min(tops) else None


def frames(package) -> list[Frame]:
    """Every text frame of every slide (shapes with a text body, in groups too)."""
    deck = _Deck(package)
    found: list[Frame] = []
    for number, slide in enumerate(_slide_parts(package), 1):
        tree = package.xml(slide).find(SP_TREE)
        if tree is None:
            continue
        footers = deck.footer_tops(slide, tree)
        _frames_in(deck, slide, number, tree, footers, False, found)
    return found


def _frames_in(deck: _Deck, slide: str, number: int, tree, footers, in_group: bool, found: list) -> None:
    for element in tree:
        if element.tag == qn(P, "grpSp"):
            _frames_in(deck, slide, number, element, footers, True, found)
        elif element.tag == qn(P, "sp"):
            txbody = element.find(P_TXBODY)
            if txbody is None:
                continue
            ph = element.find(PH_PATH)
            if ph is not None and ph.get("type") in FOOTER_TYPES:
                continue
            styles, inherited = deck.styles(slide, element, txbody)
            xfrm = _own_xfrm(element) or inherited
            if xfrm is None or not xfrm[3]:
                continue
            found.append(Frame(number, slide, element, txbody, styles, *xfrm, footers, in_group, deck.height))
        elif element.tag == qn(P, "graphicFrame"):
            table = element.find(f"{qn(A, 'graphic')}/{qn(A, 'graphicData')}/{qn(A, 'tbl')}")
            if table is not None:
                xfrm = _own_xfrm(element)
                found.append(Table(number, slide, element, table, deck.height, xfrm, in_group))


@dataclass
class Table:
    """A table on a slide: rows grow to fit their cells' text."""

    slide: int
    part: str
    frame: object
    table: object
    slide_height: int
    xfrm: tuple | None
    in_group: bool

    def height(self, metrics: Metrics, scale: float = 1.0) -> float:
        """The table's height in EMU with each row grown to its tallest cell."""
        widths = [_int(column.get("w")) for column in self.table.iter(qn(A, "gridCol"))]
        total = 0.0
        for row in self.table.iterchildren(qn(A, "tr")):
            need, column = 0.0, 0
            for cell in row.iterchildren(qn(A, "tc")):
                span = _int(cell.get("gridSpan"), 1) or 1
                txbody = cell.find(A_TXBODY)
                tcpr = cell.find(qn(A, "tcPr"))
                if txbody is not None and not _int(cell.get("rowSpan"), 1) > 1 and cell.get("vMerge") is None:
                    margins = _margin(tcpr, "marL", INSET_LR) + _margin(tcpr, "marR", INSET_LR)
                    width = (sum(widths[column : column + span]) - margins) / EMU_PER_PT
                    styles = _Styles(default_size=TABLE_SIZE)
                    _add_frame(styles, txbody)
                    text = sum(
                        _paragraph_height(_paragraph(p, styles, TABLE_SIZE), width, metrics, scale, True)
                        for p in txbody.iterchildren(A_P)
                    )
                    vertical = _margin(tcpr, "marT", INSET_TB) + _margin(tcpr, "marB", INSET_TB)
                    need = max(need, text * EMU_PER_PT + vertical)
                column += span
            total += max(_int(row.get("h")), need)
        return total

    def paragraphs(self):
        return self.table.iter(A_P)


# Checks ------------------------------------------------------------------------------------------


def _margin(tcpr, name: str, default: int) -> int:
    return _int(tcpr.get(name), default) if tcpr is not None else default


def _cm(emu: float) -> float:
    return round(emu / EMU_PER_CM, 1)


def frame_issues(frame: Frame, source_height: float, height: float, metrics: Metrics) -> list[Issue]:
    """What the translated text (``height`` points, against ``source_height`` as the file has it) does
    to its frame and slide."""
    issues = []
    _, room = frame.room()
    kind, _ = frame.styles.autofit()
    line = _main_line(frame, metrics)
    tolerance = TOLERANCE_LINE * line
    if kind != "shape" and room > 0:
        capacity = room / AUTOFIT_FLOOR if kind == "norm" else room
        allowed = max(capacity, source_height) + tolerance
        if height > allowed:
            params = {
                "slide": frame.slide,
                "lines": math.ceil(height / line - 0.05),
                "available": max(1, math.floor(max(capacity, source_height) / line + 0.05)),
            }
            issues.append(Issue("frame_overflow", params))
    # An auto-fit frame's text is shrunk into the frame (an overflow beyond that is reported above).
    extent = frame.extent(height if kind != "norm" else min(height, room))
    before = frame.extent(source_height if kind != "norm" else min(source_height, room))
    if extent is not None and before is not None:
        slide_height = frame.slide_height
        limit = max(slide_height, before[1]) + tolerance * EMU_PER_PT
        if extent[1] > limit:
            issues.append(Issue("past_slide_bottom", {"slide": frame.slide, "cm": _cm(extent[1] - slide_height)}))
        elif extent[0] < min(0, before[0]) - tolerance * EMU_PER_PT:
            issues.append(Issue("past_slide_top", {"slide": frame.slide, "cm": _cm(-extent[0])}))
        else:
            footer = frame.footer_top()
            if footer is not None and extent[1] > max(footer, before[1]) + tolerance * EMU_PER_PT:
                issues.append(Issue("onto_footer", {"slide": frame.slide, "cm": _cm(extent[1] - footer)}))
    return issues


def _main_line(frame: Frame, metrics: Metrics) -> float:
    """The height of one line of the frame's first paragraph with text, in points."""
    for p in frame.txbody.iterchildren(A_P):
        paragraph = _paragraph(p, frame.styles, frame.styles.default_size)
        sizes = [piece.size for piece in paragraph.pieces if piece.text.strip()]
        if sizes:
            cjk = any(_is_cjk(c) for piece in paragraph.pieces for c in piece.text)
            return max(sizes) * (metrics.cjk_line if cjk else LATIN_LINE)
    return DEFAULT_SIZE * LATIN_LINE


def table_issues(table: Table, source_height: float, height: float) -> list[Issue]:
    if table.in_group or table.xfrm is None:
        return []
    bottom, before = table.xfrm[1] + height, table.xfrm[1] + source_height
    limit = max(table.slide_height, before) + INSET_TB
    if bottom > limit:
        return [Issue("table_past_slide", {"slide": table.slide, "cm": _cm(bottom - table.slide_height)})]
    return []


# Measuring a deck before and after -----------------------------------------------------------------


class Fitting:
    """A deck's frames measured as the file has them, to compare once translations are written."""

    def __init__(self, package, metrics: Metrics | None = None):
        self.metrics = metrics or Metrics()
        self.frames = frames(package)
        self.slide_height = _Deck(package).height
        self._by_paragraph = {}
        for index, frame in enumerate(self.frames):
            paragraphs = frame.paragraphs() if isinstance(frame, Table) else frame.txbody.iterchildren(A_P)
            for p in paragraphs:
                self._by_paragraph[p] = index
        self.before = [self._height(frame) for frame in self.frames]

    def _height(self, frame, scale: float = 1.0) -> float:
        if isinstance(frame, Table):
            return frame.height(self.metrics, scale)
        return frame.text_height(self.metrics, scale)

    def touched(self, paragraphs) -> list[int]:
        """The frames holding any of ``paragraphs`` (translated ones), in slide order."""
        return sorted({self._by_paragraph[p] for p in paragraphs if p in self._by_paragraph})

    def issues(self, index: int, keys: list[str]) -> list[Issue]:
        frame = self.frames[index]
        after = self._height(frame)
        if isinstance(frame, Table):
            found = table_issues(frame, self.before[index], after)
        else:
            found = frame_issues(frame, self.before[index], after, self.metrics)
        return [Issue(issue.code, issue.params, keys[0] if keys else None) for issue in found]

    def shrink(self, index: int) -> float:
        """Write smaller sizes into the frame (or table) until its text fits; the scale used (1.0: none)."""
        frame = self.frames[index]
        if isinstance(frame, Table):
            return self._shrink_table(frame)
        return self._shrink_frame(frame, self.before[index])

    def _shrink_frame(self, frame: Frame, before: float) -> float:
        _, room = frame.room()
        kind, autofit = frame.styles.autofit()
        metrics = self.metrics
        limit = room if kind != "shape" else math.inf
        extent = frame.extent(frame.text_height(metrics))
        if extent is not None:
            bottom = frame.footer_top() or self.slide_height
            if extent[1] > bottom or extent[0] < 0:
                _, top, _, _ = frame.insets()
                anchor = frame.styles.body_attribute("anchor", "t")
                start = frame.y + top if kind == "shape" or anchor == "t" else 0
                limit = min(limit, (bottom - start) / EMU_PER_PT)
        if limit == math.inf and extent is None:
            limit = max(room, before)  # a growing frame in a group: as much as the original text took
        if limit <= 0 or limit == math.inf:
            return 1.0
        target = limit * SHRINK_TARGET
        if frame.text_height(metrics) <= limit:
            return 1.0
        scale = _search(lambda s: frame.text_height(metrics, s) <= target)
        _write_sizes(frame.txbody.iterchildren(A_P), frame.styles, frame.styles.default_size, scale)
        if autofit is not None and kind == "norm":
            for name in ("fontScale", "lnSpcReduction"):
                autofit.attrib.pop(name, None)
        return scale

    def _shrink_table(self, table: Table) -> float:
        if table.in_group or table.xfrm is None:
            return 1.0
        room = (self.slide_height - table.xfrm[1]) * SHRINK_TARGET
        if table.height(self.metrics) <= self.slide_height - table.xfrm[1] or room <= 0:
            return 1.0
        scale = _search(lambda s: table.height(self.metrics, s) <= room)
        for cell in table.table.iter(qn(A, "tc")):
            txbody = cell.find(A_TXBODY)
            if txbody is not None:
                styles = _Styles(default_size=TABLE_SIZE)
                _add_frame(styles, txbody)
                _write_sizes(txbody.iterchildren(A_P), styles, TABLE_SIZE, scale)
        return scale


def _search(fits) -> float:
    """The largest scale in whole steps of 5 % down to ``SHRINK_FLOOR`` for which ``fits``."""
    scale = 0.95
    while scale > SHRINK_FLOOR and not fits(scale):
        scale -= 0.05
    return max(round(scale, 2), SHRINK_FLOOR)


def _write_sizes(paragraphs, styles: _Styles, default: float, scale: float) -> None:
    """Each run, break and paragraph end gets its size times ``scale`` (in half points) stated."""
    for p in list(paragraphs):
        levels = styles.level(p)
        for child in p:
            if child.tag in (A_R, A_BR, A_FLD, A_END):
                rpr = child if child.tag == A_END else child.find(A_RPR)
                if rpr is None:
                    rpr = child.makeelement(A_RPR, {})
                    child.insert(0, rpr)
                size = _size_of(rpr, levels, default)
                rpr.set("sz", str(max(100, int(size * scale * 2) * 50)))
        for level in levels[:1]:  # the paragraph's own spacing in points shrinks with it
            for name in ("spcBef", "spcAft", "lnSpc"):
                points = level.find(f"{qn(A, name)}/{qn(A, 'spcPts')}")
                if points is not None and points.get("val", "").isdigit():
                    points.set("val", str(int(int(points.get("val")) * scale)))


# The public entry --------------------------------------------------------------------------------


def check_fit(
    data: bytes,
    kind: str,
    translations: Mapping[str, str | Tagged],
    *,
    mode: str = "translated",
    metrics: Metrics | None = None,
    limits: ParseLimits | None = None,
) -> list[Issue]:
    """Frames whose translated text needs more lines than they hold, and frames and tables the
    translation pushes past the slide's edge or onto its footer, as :class:`Issue` values keyed by the
    frame's first translated segment (``frame_overflow``, ``past_slide_bottom``,
    ``past_slide_top``, ``onto_footer``, ``table_past_slide``). Word documents flow: nothing to report."""
    if kind != PPTX:
        return []
    if limits is not None:
        from .bounded import run_bounded

        return run_bounded(_check_fit_with, data, kind, dict(translations), mode, metrics, limits=limits)
    from .export import write_all
    from .extract import locate

    package, found = locate(data, kind)
    fitting = Fitting(package, metrics)
    by_key = {item.key: item for item in found}
    write_all(package, kind, by_key, {k: v for k, v in translations.items() if k in by_key}, mode=mode)
    keys_of: dict[int, list[str]] = {}
    for item in found:
        if item.key in translations:
            for index in fitting.touched([item.element]):
                keys_of.setdefault(index, []).append(item.key)
    issues = []
    for index in sorted(keys_of):
        issues += fitting.issues(index, keys_of[index])
    return issues


def _check_fit_with(data, kind, translations, mode, metrics) -> list[Issue]:
    return check_fit(data, kind, translations, mode=mode, metrics=metrics)
