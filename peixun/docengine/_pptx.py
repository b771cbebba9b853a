"""Find every translatable paragraph of a deck, in reading order, with its key.

Keys: ``s{slide}`` then the shape path (``sp{id}``, nested for groups), then where in the shape:
``p{n}`` (the n-th ``a:p`` of its text body, counting empty ones, so a key never moves when another
paragraph is translated), ``r{row}c{col}/p{n}`` in tables, ``chart-title/p{n}`` and
``axis{n}-title/p{n}`` in charts; speaker notes are ``s{slide}/notes/p{n}``.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from ._chart import walk_chart
from ._drawingml import A_P, first_font_size, paragraph_text
from ._package import Package
from ._walk import Found, KeyNamer
from ._xml import A, C, P, R, qn
from .segments import FOOTER, HEADER, MASTER, NOTES, PARAGRAPH, SMARTART, TABLE_CELL, Box, Location

SP_TREE = f"{qn(P, 'cSld')}/{qn(P, 'spTree')}"
PH_PATH = f"{qn(P, 'nvSpPr')}/{qn(P, 'nvPr')}/{qn(P, 'ph')}"
P_SP = qn(P, "sp")
P_GRPSP = qn(P, "grpSp")
P_GRAPHIC_FRAME = qn(P, "graphicFrame")
P_TXBODY = qn(P, "txBody")
A_TXBODY = qn(A, "txBody")
SHAPE_TAGS = frozenset(qn(P, tag) for tag in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart"))
A_BODY_PR = qn(A, "bodyPr")
A_GRAPHIC_DATA = f"{qn(A, 'graphic')}/{qn(A, 'graphicData')}"
A_TBL = qn(A, "tbl")
A_TR = qn(A, "tr")
A_TC = qn(A, "tc")
DIAGRAM_URI = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
DGM = DIAGRAM_URI
DSP = "http://schemas.microsoft.com/office/drawing/2008/diagram"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_SLIDE_LAYOUT = _RT + "slideLayout"
RT_SLIDE_MASTER = _RT + "slideMaster"
RT_NOTES_SLIDE = _RT + "notesSlide"
RT_NOTES_MASTER = _RT + "notesMaster"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MC_ALTERNATE = qn(MC, "AlternateContent")
MC_CHOICE = qn(MC, "Choice")
MC_FALLBACK = qn(MC, "Fallback")

#: Default insets of a text body and of a table cell (EMU), from the DrawingML schema.
INSET_LEFT_RIGHT = 91_440
INSET_TOP_BOTTOM = 45_720
#: A layout placeholder without a position takes its master's placeholder of this type.
_MASTER_TYPE = {"ctrTitle": "title", "title": "title", "dt": "dt", "ftr": "ftr", "sldNum": "sldNum"}
#: Shapes whose tops are less than this (1/8 inch) below a row's first shape join that row when ordering.
ROW_BAND = 114_300


def walk_presentation(package: Package) -> list[Found]:
    """Every paragraph with text: slide by slide, shapes top-to-bottom then left-to-right, then notes."""
    found: list[Found] = []
    geometry = _Geometry(package)
    slides = _slide_parts(package)
    any_notes = None
    for number, slide in enumerate(slides, 1):
        tree = package.xml(slide).find(SP_TREE)
        if tree is not None:
            walker = _ShapeWalker(package, slide, Location("slide", number), found)
            walker.walk(tree, f"s{number}", geometry.layout_of(slide))
        notes = package.related_by_type(slide, RT_NOTES_SLIDE)
        any_notes = any_notes or (notes[0] if notes else None)
        txbody = _notes_body(package.xml(notes[0])) if notes else None
        if txbody is not None:
            _walk_text_body(txbody, f"s{number}/notes", NOTES, Location("notes", number), None, notes[0], found)
    _walk_masters(package, slides, found)
    _walk_notes_master(package, any_notes, found)
    return found


def _slide_parts(package: Package) -> list[str]:
    """The slides in presentation order (``p:sldIdLst``), as part names."""
    presentation = package.main_part()
    id_list = package.xml(presentation).find(qn(P, "sldIdLst"))
    slides = []
    for slide_id in id_list.iterchildren(qn(P, "sldId")) if id_list is not None else ():
        name = package.related(presentation, slide_id.get(qn(R, "id"), ""))
        if name is not None:
            slides.append(name)
    return slides


class _ShapeWalker:
    """The shapes of one slide: keys, reading order, and what each kind of shape holds."""

    def __init__(self, package: Package, part: str, location: Location, found: list[Found], kind: str = PARAGRAPH):
        self.kind = kind
        self.package = package
        self.part = part
        self.location = location
        self.found = found

    def walk(self, tree, prefix: str, layout: _Layout | None, *, placeholders: bool = True) -> None:
        """A shape tree (the slide's, or a group's) in reading order, groups recursively. Shapes in a
        ``mc:AlternateContent`` are those of its first choice, their fallback copies written too.
        Without ``placeholders`` (a layout, a master), only the shapes that are not placeholders."""
        namer = KeyNamer()
        shapes = []
        for index, (element, alternate) in enumerate(_shapes_in(tree)):
            if not placeholders and element.tag == P_SP and element.find(PH_PATH) is not None:
                continue
            key = namer.name(f"sp{_shape_id(element)}")
            x, y, cx, cy = _xfrm(element, layout)
            shapes.append((y or 0, x or 0, index, key, element, cx, cy, alternate))
        for _, _, _, key, element, width, height, alternate in _reading_order(shapes):
            path = f"{prefix}/{key}"
            start = len(self.found)
            if element.tag == P_GRPSP:
                # A group's children are placed in the group's own coordinates; no placeholders inside.
                self.walk(element, path, None, placeholders=placeholders)
            elif element.tag == P_SP:
                txbody = element.find(P_TXBODY)
                if txbody is not None:
                    box = _shape_box(width, height, txbody)
                    _walk_text_body(txbody, path, self.kind, self.location, box, self.part, self.found)
            elif element.tag == P_GRAPHIC_FRAME:
                self.graphic_frame(element, path)
            if alternate is not None:
                _mirror_fallback(self.found[start:], alternate, self.part)

    def graphic_frame(self, element, path: str) -> None:
        data = element.find(A_GRAPHIC_DATA)
        if data is None:
            return
        table = data.find(A_TBL)
        if table is not None:
            _walk_table(table, path, self.location, self.part, self.found)
        elif data.get("uri") == DIAGRAM_URI:
            self.diagram(data, path)
        elif data.get("uri") == CHART_URI:
            reference = data.find(qn(C, "chart"))
            chart = self.package.related(self.part, reference.get(qn(R, "id"), "")) if reference is not None else None
            if chart is not None:
                walk_chart(self.package, chart, path, Location("chart", self.location.slide), self.found)

    def diagram(self, data, path: str) -> None:
        """A SmartArt diagram: the text of its data model's nodes (``dgm:pt``), keyed by their model id,
        written also to the drawing PowerPoint shows (``dsp:sp`` of the node's presentation points)."""
        ids = data.find(qn(DGM, "relIds"))
        part = self.package.related(self.part, ids.get(qn(R, "dm"), "")) if ids is not None else None
        if part is None:
            return
        model = self.package.xml(part)
        drawing_bodies = self._diagram_drawing(model)
        presented: dict[str, list] = {}
        for point in model.iter(qn(DGM, "pt")):
            pr_set = point.find(qn(DGM, "prSet"))
            if point.get("type") == "pres" and pr_set is not None and pr_set.get("presAssocID"):
                body = drawing_bodies.get(point.get("modelId"))
                if body is not None:
                    presented.setdefault(pr_set.get("presAssocID"), []).append(body)
        for point in model.iter(qn(DGM, "pt")):
            body = point.find(qn(DGM, "t"))
            if body is None or point.get("type") in ("pres", "parTrans", "sibTrans"):
                continue
            model_id = point.get("modelId", "")
            start = len(self.found)
            _walk_text_body(body, f"{path}/node{model_id.strip('{}')}", SMARTART, self.location, None, part, self.found)
            shown = presented.get(model_id, [])
            for item in self.found[start:]:
                index = int(item.key.rsplit("/p", 1)[1])
                for drawn_body, drawing in shown:
                    paragraphs = list(drawn_body.iterchildren(A_P))
                    if index < len(paragraphs):
                        item.mirrors.append((paragraphs[index], drawing))

    def _diagram_drawing(self, model) -> dict[str, tuple]:
        """The drawing part of a diagram (``dsp:drawing``): each shape's text body by its model id."""
        ext = next(model.iter(qn(DSP, "dataModelExt")), None)
        drawing = self.package.related(self.part, ext.get("relId", "")) if ext is not None else None
        if drawing is None:
            return {}
        bodies = {}
        for shape in self.package.xml(drawing).iter(qn(DSP, "sp")):
            body = shape.find(qn(DSP, "txBody"))
            if body is not None and shape.get("modelId"):
                bodies[shape.get("modelId")] = (body, drawing)
        return bodies


def _shapes_in(tree):
    """``(shape, alternate)``: the shapes of a tree, those of a ``mc:AlternateContent``'s first choice
    with the ``mc:AlternateContent`` they come from."""
    for child in tree:
        if child.tag in SHAPE_TAGS:
            yield child, None
        elif child.tag == MC_ALTERNATE:
            choice = child.find(MC_CHOICE)
            for shape in choice if choice is not None else ():
                if shape.tag in SHAPE_TAGS:
                    yield shape, child


def _mirror_fallback(items: list[Found], alternate, part: str) -> None:
    """Pair the paragraphs found in an alternate's choice with those at the same place in its fallback,
    when the fallback holds as many paragraphs and the same text there."""
    choice, fallback = alternate.find(MC_CHOICE), alternate.find(MC_FALLBACK)
    if choice is None or fallback is None:
        return
    mine, theirs = list(choice.iter(A_P)), list(fallback.iter(A_P))
    if len(mine) != len(theirs):
        return
    place = {id(p): index for index, p in enumerate(mine)}
    for item in items:
        index = place.get(id(item.element))
        if index is not None and paragraph_text(theirs[index]) == item.text:
            item.mirrors.append((theirs[index], part))


def _reading_order(shapes: list[tuple]) -> list[tuple]:
    """Rows top to bottom, each left to right: a shape starts a new row when its top is at least
    ``ROW_BAND`` below the top of the row's first shape (two columns of bullets rarely share a top)."""
    rows: list[list[tuple]] = []
    for shape in sorted(shapes, key=lambda shape: shape[:3]):
        if rows and shape[0] - rows[-1][0][0] < ROW_BAND:
            rows[-1].append(shape)
        else:
            rows.append([shape])
    return [shape for row in rows for shape in sorted(row, key=lambda shape: (shape[1], shape[2]))]


def _walk_masters(package: Package, slides: list[str], found: list[Found]) -> None:
    """Text on the layouts and masters the slides use that shows on those slides: their shapes that are
    not placeholders (a placeholder's own text is a prompt the slide replaces), keyed by the part's name
    (``slideLayout2/sp7/p0``, ``slideMaster1/sp9/p0``); a slide or layout that hides its master's
    shapes (``showMasterSp="0"``) does not count them."""
    layouts: list[str] = []
    for slide in slides:
        if _shows_master(package.xml(slide)):
            for layout in package.related_by_type(slide, RT_SLIDE_LAYOUT)[:1]:
                if layout not in layouts:
                    layouts.append(layout)
    masters: list[str] = []
    for layout in layouts:
        if _shows_master(package.xml(layout)):
            for master in package.related_by_type(layout, RT_SLIDE_MASTER)[:1]:
                if master not in masters:
                    masters.append(master)
    for part in layouts + masters:
        tree = package.xml(part).find(SP_TREE)
        if tree is not None:
            name = PurePosixPath(part).stem
            walker = _ShapeWalker(package, part, Location(name), found, MASTER)
            walker.walk(tree, name, None, placeholders=False)


def _shows_master(root) -> bool:
    return root.get("showMasterSp", "1") not in ("0", "false")


def _walk_notes_master(package: Package, notes: str | None, found: list[Found]) -> None:
    """The notes pages' header and footer (the notes master's ``hdr``, ``ftr`` and dated placeholders),
    printed on every notes page: ``notesMaster1/sp3/p0``."""
    masters = package.related_by_type(notes, RT_NOTES_MASTER) if notes is not None else []
    tree = package.xml(masters[0]).find(SP_TREE) if masters else None
    if tree is None:
        return
    name = PurePosixPath(masters[0]).stem
    namer = KeyNamer()
    for sp in tree.iterchildren(P_SP):
        key = namer.name(f"sp{_shape_id(sp)}")
        ph = sp.find(PH_PATH)
        txbody = sp.find(P_TXBODY)
        if ph is None or txbody is None or ph.get("type") not in ("hdr", "ftr", "dt"):
            continue
        kind = HEADER if ph.get("type") == "hdr" else FOOTER
        _walk_text_body(txbody, f"{name}/{key}", kind, Location(name), None, masters[0], found)


def _shape_id(element) -> str:
    """The ``id`` of the shape's ``p:cNvPr`` (inside its ``p:nvSpPr``, ``p:nvGrpSpPr``...)."""
    properties = element[0] if len(element) else None
    c_nv_pr = properties.find(qn(P, "cNvPr")) if properties is not None else None
    return c_nv_pr.get("id", "") if c_nv_pr is not None else ""


def _notes_body(notes):
    """The text body of the notes placeholder (``type="body"``) of a notes slide."""
    tree = notes.find(SP_TREE)
    for sp in tree.iterchildren(P_SP) if tree is not None else ():
        ph = sp.find(PH_PATH)
        if ph is not None and ph.get("type") == "body":
            return sp.find(P_TXBODY)
    return None


class _Layout:
    """A layout's placeholders by ``idx`` and by type, and its master's by type: where a slide
    placeholder without its own position takes it from (the lookup python-pptx does per call, once)."""

    def __init__(self, layout_element, master_element):
        self.by_idx: dict[int, tuple] = {}
        self.by_type: dict[str, tuple] = {}
        master = _placeholders(master_element) if master_element is not None else []
        for ph_type, idx, xfrm in _placeholders(layout_element):
            if xfrm is None:
                xfrm = next((m for t, _, m in master if t == _MASTER_TYPE.get(ph_type, "body") and m), None)
            self.by_idx.setdefault(idx, xfrm)
            self.by_type.setdefault(ph_type, xfrm)

    def inherited(self, ph) -> tuple | None:
        idx = _int(ph.get("idx"), 0)
        if idx in self.by_idx:
            return self.by_idx[idx]
        return self.by_type.get(ph.get("type", "obj"))


class _Geometry:
    """Layouts seen so far (decks have few layouts and many slides)."""

    def __init__(self, package: Package) -> None:
        self._package = package
        self._layouts: dict[str, _Layout | None] = {}

    def layout_of(self, slide: str) -> _Layout | None:
        layouts = self._package.related_by_type(slide, RT_SLIDE_LAYOUT)
        if not layouts:
            return None
        if layouts[0] not in self._layouts:
            masters = self._package.related_by_type(layouts[0], RT_SLIDE_MASTER)
            master = self._package.xml(masters[0]) if masters else None
            self._layouts[layouts[0]] = _Layout(self._package.xml(layouts[0]), master)
        return self._layouts[layouts[0]]


def _placeholders(root) -> list[tuple[str, int, tuple | None]]:
    tree = root.find(SP_TREE)
    found = []
    for sp in tree.iterchildren(P_SP) if tree is not None else ():
        ph = sp.find(PH_PATH)
        if ph is not None:
            found.append((ph.get("type", "obj"), _int(ph.get("idx"), 0), _own_xfrm(sp)))
    return found


def _xfrm(element, layout: _Layout | None) -> tuple:
    """(x, y, cx, cy) in EMU, each ``None`` when unknown; a placeholder inherits what it lacks."""
    own = _own_xfrm(element)
    if own is not None or layout is None or element.tag != P_SP:
        return own or (None, None, None, None)
    ph = element.find(PH_PATH)
    inherited = layout.inherited(ph) if ph is not None else None
    return inherited or (None, None, None, None)


def _own_xfrm(element) -> tuple | None:
    if element.tag == P_GRAPHIC_FRAME:
        xfrm = element.find(qn(P, "xfrm"))
    elif element.tag == P_GRPSP:
        xfrm = element.find(f"{qn(P, 'grpSpPr')}/{qn(A, 'xfrm')}")
    else:
        xfrm = element.find(f"{qn(P, 'spPr')}/{qn(A, 'xfrm')}")
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn(A, "off")), xfrm.find(qn(A, "ext"))
    if off is None and ext is None:
        return None
    x, y = (_int(off.get("x")), _int(off.get("y"))) if off is not None else (None, None)
    cx, cy = (_int(ext.get("cx")), _int(ext.get("cy"))) if ext is not None else (None, None)
    return (x, y, cx, cy)


def _int(value: str | None, default: int | None = None) -> int | None:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _walk_table(table, path: str, location: Location, part: str, found: list[Found]) -> None:
    widths = [int(col.get("w", "0")) for col in table.iter(qn(A, "gridCol"))]
    for row_index, row in enumerate(table.iterchildren(A_TR)):
        column = 0
        for cell_index, cell in enumerate(row.iterchildren(A_TC)):
            span = int(cell.get("gridSpan", "1") or 1)
            txbody = cell.find(A_TXBODY)
            if txbody is not None:
                width = sum(widths[column : column + span]) or None
                box = Box(width=_less_insets(width, cell.find(qn(A, "tcPr")), "marL", "marR"))
                key = f"{path}/r{row_index}c{cell_index}"
                _walk_text_body(txbody, key, TABLE_CELL, location, box, part, found)
            column += span


def _walk_text_body(
    txbody, prefix: str, kind: str, location: Location, box: Box | None, part: str, found: list[Found]
) -> None:
    default_size = box.font_size if box is not None else None
    for index, p in enumerate(txbody.iterchildren(A_P)):
        text = paragraph_text(p)
        if not text.strip():
            continue
        paragraph_box = box
        if box is not None:
            paragraph_box = Box(box.width, box.height, first_font_size(p) or default_size, box.autofit)
        found.append(Found(f"{prefix}/p{index}", p, kind, location, paragraph_box, text, part))


def _shape_box(width: int | None, height: int | None, txbody) -> Box:
    """The text area of a shape: its size less the body's insets; the frame's default size if stated."""
    body_pr = txbody.find(A_BODY_PR)
    autofit = body_pr is not None and (
        body_pr.find(qn(A, "normAutofit")) is not None or body_pr.find(qn(A, "spAutoFit")) is not None
    )
    default_size = None
    level1 = txbody.find(f"{qn(A, 'lstStyle')}/{qn(A, 'lvl1pPr')}/{qn(A, 'defRPr')}")
    if level1 is not None and (level1.get("sz") or "").isdigit():
        default_size = int(level1.get("sz")) / 100
    return Box(
        width=_less_insets(width, body_pr, "lIns", "rIns"),
        height=_less_insets(height, body_pr, "tIns", "bIns", default=INSET_TOP_BOTTOM),
        font_size=default_size,
        autofit=autofit,
    )


def _less_insets(size: int | None, props, first: str, second: str, default: int = INSET_LEFT_RIGHT) -> int | None:
    if not size:
        return None
    insets = 0
    for name in (first, second):
        value = props.get(name) if props is not None else None
        insets += int(value) if value and value.lstrip("-").isdigit() else default
    return max(size - insets, 1)
