"""What the format walkers yield: a located paragraph, before it becomes a :class:`Segment`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .segments import Box, Location


@dataclass
class Found:
    """One paragraph with text, in reading order: its key, its XML element and what a segment needs.

    ``element`` is the live lxml element of the opened file, so export can change it in place;
    ``part`` names the package part it lives in, which export then writes back. ``handler`` reads and
    writes the element when it is not a paragraph of the file's own kind (a chart's string-cache value:
    ``_plain``). ``mirrors`` are ``(element, part)`` copies of the same text that the application shows
    or keeps in another place (a SmartArt drawing, a markup-compatibility fallback, another series'
    categories): offered once, written to all. ``cells`` are ``(workbook, sheet, cell)`` of an embedded
    workbook that hold the same text (a chart's data), written too.
    """

    key: str
    element: Any
    kind: str
    location: Location
    box: Box | None
    text: str
    part: str
    handler: Any = None
    mirrors: list = field(default_factory=list)
    cells: list = field(default_factory=list)


class KeyNamer:
    """Keys of siblings: ``sp12`` from a shape id, and ``sp12-2`` for a second shape with the same id.

    Ids are meant to be unique on a slide, but files from other tools (and fuzzers) repeat them; a key
    must still name exactly one paragraph.
    """

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def name(self, base: str) -> str:
        count = self._seen.get(base, 0) + 1
        self._seen[base] = count
        return base if count == 1 else f"{base}-{count}"
