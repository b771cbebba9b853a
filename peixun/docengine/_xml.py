"""Small XML helpers shared by the PowerPoint and Word code (lxml elements, as both libraries use)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
XML = "http://www.w3.org/XML/1998/namespace"

# Characters XML 1.0 cannot hold; a translation pasted from elsewhere may carry them, and lxml would
# refuse the whole document for one of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def qn(ns: str, local: str) -> str:
    """Clark notation, ``{namespace}local``, as lxml spells tags and attributes."""
    return f"{{{ns}}}{local}"


def clean_text(text: str) -> str:
    """Text as it may go into the file: one kind of line break, nothing XML cannot hold."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def insert_in_order(parent, child, successors: Iterable[str]) -> None:
    """Insert ``child`` before the first existing element whose tag is in ``successors``, else append.

    OOXML schemas fix the order of a property element's children; Office rejects a file where, say,
    ``a:ea`` comes after ``a:hlinkClick``. ``successors`` are the tags the schema puts after ``child``.
    """
    later = set(successors)
    for index, existing in enumerate(parent):
        if existing.tag in later:
            parent.insert(index, child)
            return
    parent.append(child)


def is_true(value: str | None) -> bool | None:
    """An OOXML boolean attribute (``1``, ``true``, ``on``), ``None`` when absent."""
    if value is None:
        return None
    return value.lower() in ("1", "true", "on")


def signature(element, *, skip_attributes: Iterable[str] = (), skip_children: Iterable[str] = ()) -> str:
    """An element as a string that two equal-meaning elements share: attributes sorted, the named
    attributes (local names) and child tags left out, comments dropped, and a child left out whose
    attributes were all named (``w:rFonts`` with only an East-Asian hint says nothing)."""
    skipped = set(skip_attributes)
    left_out = set(skip_children)
    parts: list[str] = []

    def walk(node) -> None:
        if not isinstance(node.tag, str):
            return
        attributes = sorted(
            (name, value) for name, value in node.attrib.items() if name.rpartition("}")[2] not in skipped
        )
        if node is not element and node.attrib and not attributes and not len(node):
            return
        parts.append(f"<{node.tag}{attributes}")
        for child in node:
            if child.tag not in left_out:
                walk(child)
        parts.append((node.text or "").strip() + ">")

    walk(element)
    return "".join(parts)


class RunSignatures:
    """:func:`signature` of run properties, remembered by their XML (a deck or document repeats a few
    formattings many times); none at all reads as empty properties. Bounded: forgets all past 4096."""

    def __init__(self, empty_tag: str, *, skip_attributes: Iterable[str], skip_children: Iterable[str]):
        self.empty = f"<{empty_tag}[]>"
        self.skip_attributes = tuple(skip_attributes)
        self.skip_children = tuple(skip_children)
        self.known: dict[bytes, str] = {}

    def __call__(self, rpr) -> str:
        if rpr is None:
            return self.empty
        key = etree.tostring(rpr)
        found = self.known.get(key)
        if found is None:
            if len(self.known) > 4096:
                self.known.clear()
            found = self.known[key] = signature(
                rpr, skip_attributes=self.skip_attributes, skip_children=self.skip_children
            )
        return found
