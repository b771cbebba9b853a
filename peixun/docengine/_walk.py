"""What the format walkers yield: a located paragraph, before it becomes a :class:`Segment`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .segments import Box, Location


@dataclass
class Found:
    """One paragraph with text, in reading order: its key, its XML element and what a segment needs.

    ``element`` is the live lxml element of the opened file, so export can change it in place;
    ``part`` names the package part it lives in, which export then writes back.
    """

    key: str
    element: Any
    kind: str
    location: Location
    box: Box | None
    text: str
    part: str


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
