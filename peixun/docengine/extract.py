"""Split a deck or a Word document into segments: one per paragraph with text, in reading order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import _drawingml, _wordml
from ._docx import walk_document
from ._package import Package
from ._pptx import walk_presentation
from ._walk import Found
from .segments import DOCX, PPTX, Segment, TagInfo

if TYPE_CHECKING:
    from .bounded import ParseLimits


def extract(data: bytes, kind: str, *, limits: ParseLimits | None = None) -> list[Segment]:
    """The translatable paragraphs of ``data`` (a ``pptx`` or ``docx`` the guard accepted).

    Keys and the reading order are described in docs/document-engine.md; ``order`` counts from 0.
    With ``limits`` the work is done in a child process held to them (``ParseLimitExceeded`` if not).
    """
    if limits is not None:
        from .bounded import run_bounded

        return run_bounded(extract, data, kind, limits=limits)
    return [segment_of(order, item, kind) for order, item in enumerate(locate(data, kind)[1])]


def locate(data: bytes, kind: str) -> tuple[Package, list[Found]]:
    """Open ``data`` and find its paragraphs: the package (to change and save) and what was found."""
    walkers = {PPTX: walk_presentation, DOCX: walk_document}
    if kind not in walkers:
        raise ValueError(f"cannot split a {kind!r} file into segments (only pptx and docx)")
    package = Package(data)
    return package, walkers[kind](package)


def segment_of(order: int, item: Found, kind: str) -> Segment:
    module = item.handler or (_drawingml if kind == PPTX else _wordml)
    found = module.inline(item.element)
    return Segment(
        key=item.key,
        order=order,
        text=item.text,
        kind=item.kind,
        location=item.location,
        runs=module.paragraph_runs(item.element),
        box=item.box,
        tagged=found.tagged,
        tags=tuple(TagInfo(f"{spec.kind}{number}", spec.kind, spec.label) for number, spec in found.specs.items())
        if found.specs
        else (),
    )
