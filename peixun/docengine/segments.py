"""What the engine hands out for a document: its translatable paragraphs, as plain frozen data.

A :class:`Segment` is one paragraph with non-whitespace text. Its ``key`` is a path that locates the
paragraph again in the same file (``s3/sp12/p0``, ``body/t0/r1c2/p0``: docs/document-engine.md lists
the scheme), so the Django side stores segments by key and :func:`peixun.docengine.export` finds them
again without keeping the parsed file around.

A segment's ``text`` is plain; its ``tagged`` text (``tags.py``) holds the same words with inline tags
for the spans formatted otherwise than the paragraph's dominant formatting, its links, breaks, tabs and
fields, and ``tags`` says for people what each tag stands for.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from .tags import Tagged

PPTX = "pptx"
DOCX = "docx"
PDF = "pdf"
#: Kinds of file the engine can split into segments (a PDF is only kept as a reference).
EDITABLE_KINDS = (PPTX, DOCX)

# Segment kinds.
PARAGRAPH = "paragraph"
TABLE_CELL = "table-cell"
NOTES = "notes"
CHART_TITLE = "chart-title"
HEADER = "header"
FOOTER = "footer"
FOOTNOTE = "footnote"
ENDNOTE = "endnote"
#: A chart's series name, category label or other label (a string-cache value or typed rich text).
CHART_LABEL = "chart-label"
#: The text of a SmartArt diagram's node.
SMARTART = "smartart"
#: A text box drawn in a Word document (DrawingML ``wps:txbx`` or VML ``v:textbox``).
TEXT_BOX = "text-box"
#: A comment in a Word document.
COMMENT = "comment"
#: Text on a deck's slide layout or master that shows on its slides (not a placeholder's prompt).
MASTER = "master"
SEGMENT_KINDS = (
    PARAGRAPH,
    TABLE_CELL,
    NOTES,
    CHART_TITLE,
    HEADER,
    FOOTER,
    FOOTNOTE,
    ENDNOTE,
    CHART_LABEL,
    SMARTART,
    TEXT_BOX,
    COMMENT,
    MASTER,
)

#: English Metric Units per point (12,700) and per inch (914,400), as in OOXML.
EMU_PER_PT = 12_700
EMU_PER_INCH = 914_400


class Run(NamedTuple):
    """A stretch of text with one formatting. ``format`` holds only what the file states explicitly:
    ``bold``, ``italic``, ``underline`` (bools), ``size`` (points), ``font`` (typeface), ``color``
    (``"1F4E79"``); inherited values (from the layout, master or style) are not resolved."""

    text: str
    format: dict[str, Any]


class TagInfo(NamedTuple):
    """What tag ``name`` (``g1``, ``a2``, ``br3``) of a segment stands for: its ``kind`` and a ``label``
    for people (``bold, #C00000``, ``link``, ``line break``, ``field``)."""

    name: str
    kind: str
    label: str


@dataclass(frozen=True)
class Box:
    """The space a paragraph is drawn in, for the overflow estimate.

    ``width``/``height`` are the text area in EMU (the shape or cell less its insets); ``None`` when
    unknown or when the container grows with its text (a Word body, a table row). ``font_size`` is the
    paragraph's first explicit size in points. ``autofit`` is true when the application shrinks the text
    or grows the shape to fit, so an overflow there is a matter of taste rather than of lost text.
    """

    width: int | None = None
    height: int | None = None
    font_size: float | None = None
    autofit: bool = False


@dataclass(frozen=True)
class Location:
    """Where a segment sits, for people: ``part`` is ``slide``, ``notes``, ``chart``, ``body``,
    ``header1``, ``footer2``, ``footnotes``...; ``slide`` is the 1-based slide number in a deck."""

    part: str
    slide: int | None = None

    def describe(self) -> str:
        if self.slide is None:
            return self.part
        return f"slide {self.slide}" if self.part == "slide" else f"slide {self.slide} {self.part}"


@dataclass(frozen=True)
class Segment:
    """One translatable paragraph. ``order`` is its place in reading order over the whole file (0-based);
    ``text`` is its plain text, with line breaks as ``\\n`` and (in Word) tabs as ``\\t``; ``tagged`` the
    same with its inline tags (``None`` when made without them), ``tags`` what each tag stands for."""

    key: str
    order: int
    text: str
    kind: str
    location: Location
    runs: tuple[Run, ...] = ()
    box: Box | None = None
    tagged: Tagged | None = None
    tags: tuple[TagInfo, ...] = ()

    @property
    def source(self) -> Tagged:
        """The tagged text, or the plain text as untagged text."""
        return self.tagged if self.tagged is not None else Tagged.from_plain(self.text)

    @property
    def slide(self) -> int | None:
        return self.location.slide
