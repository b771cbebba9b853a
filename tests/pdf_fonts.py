"""What a PDF's fonts are, read as a reader reads them: every font on every page (form XObjects
included) and whether its outlines are embedded, so that a test can refuse any it would have to borrow."""

from __future__ import annotations

import io
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject

EMBEDDED_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


@dataclass(frozen=True)
class PdfFont:
    page: int
    name: str  # the /BaseFont, e.g. "AAAAAA+NotoSansSC-Regular"
    subtype: str  # /TrueType, /Type0, /Type1, ...
    embedded: bool

    @property
    def family(self) -> str:
        """The name without the subset's tag: "NotoSansSC-Regular"."""
        tag, plus, rest = self.name.partition("+")
        return rest if plus and len(tag) == 6 and tag.isupper() else self.name


def _resolve(value):
    return value.get_object() if isinstance(value, IndirectObject) else value


def _is_embedded(font: DictionaryObject) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True  # its glyphs are drawn by the PDF itself
    if subtype == "/Type0":  # a composite font: its one descendant carries the outlines
        children = [_resolve(child) for child in _resolve(font.get("/DescendantFonts")) or []]
        return bool(children) and all(_is_embedded(child) for child in children)
    descriptor = _resolve(font.get("/FontDescriptor"))
    return bool(descriptor) and any(key in descriptor for key in EMBEDDED_FILES)


def _fonts_in(resources, page: int, seen: set) -> list[PdfFont]:
    resources = _resolve(resources)
    if not resources:
        return []
    found = []
    for ref in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(ref)
        key = ref.idnum if isinstance(ref, IndirectObject) else id(font)
        if key in seen:
            continue
        seen.add(key)
        name, subtype = str(font.get("/BaseFont", "")).lstrip("/"), str(font.get("/Subtype", ""))
        found.append(PdfFont(page, name, subtype, _is_embedded(font)))
    for ref in (_resolve(resources.get("/XObject")) or {}).values():
        xobject = _resolve(ref)
        if xobject.get("/Subtype") == "/Form":
            found += _fonts_in(xobject.get("/Resources"), page, seen)
    return found


def reader_of(pdf: bytes | PdfReader) -> PdfReader:
    return pdf if isinstance(pdf, PdfReader) else PdfReader(io.BytesIO(pdf))


def pdf_fonts(pdf: bytes | PdfReader) -> list[PdfFont]:
    """Every font the PDF's pages use, each once."""
    reader, seen, found = reader_of(pdf), set(), []
    for number, page in enumerate(reader.pages, start=1):
        found += _fonts_in(page.get("/Resources"), number, seen)
    return found


def not_embedded(pdf: bytes | PdfReader) -> list[PdfFont]:
    return [font for font in pdf_fonts(pdf) if not font.embedded]


def text_of(pdf: bytes | PdfReader) -> str:
    """The document's text without whitespace: a line may break anywhere in a long title."""
    return "".join("".join(page.extract_text().split()) for page in reader_of(pdf).pages)


def assert_fonts_embedded(pdf: bytes | PdfReader) -> list[PdfFont]:
    """Fails on a PDF without fonts or with any font not embedded; returns the fonts."""
    fonts = pdf_fonts(pdf)
    assert fonts, "the PDF uses no font at all"
    missing = [f"{font.name} ({font.subtype}, page {font.page})" for font in fonts if not font.embedded]
    assert not missing, f"fonts not embedded: {', '.join(missing)}"
    return fonts
