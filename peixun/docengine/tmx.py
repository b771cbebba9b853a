"""TMX 1.4: translation memories exchanged with CAT tools (Trados, memoQ, OmegaT, Phrase...).

Reading goes through defusedxml: a TMX comes from outside, and an entity declaration (the "billion
laughs") or an external entity is refused instead of expanded. A ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``
line, which many tools write, is allowed; the DTD is never fetched.

Languages are matched on their primary subtag, so ``en``, ``en-US`` and ``EN-GB`` are English; a
Chinese target is Simplified only (``zh``, ``zh-CN``, ``zh-Hans``, ``zh-SG``), never ``zh-TW``,
``zh-HK`` or ``zh-Hant``. Inline markup in a ``<seg>`` keeps its text (``<hi>``); native codes are tags:
``<bpt>``/``<ept>`` (paired by ``i``) become paired tags, ``<ph>`` a placeholder (``x`` pairs a source's
with a target's, else their order), numbered by their order in the source; ``<it>``, ``<ut>`` and what
the codes hold are dropped. A unit's ``source`` and ``target`` are its plain text, ``tagged_source`` and
``tagged_target`` its :class:`~peixun.docengine.tags.Tagged` text when a ``<seg>`` has tags. Writing
gives each tag a ``type`` (``link``, ``lb`` for a line break, ``x-format``, ``x-tab``, ``x-placeholder``)
and its canonical form as native code, so Peixun reads back exactly the tags it wrote.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - used to write TMX only; reading goes through defusedxml
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from .tags import CLOSE, EMPTY, OPEN, Tag, Tagged

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Inline elements whose content is the original format's code, not text.
_CODES = frozenset(("bpt", "ept", "ph", "it", "ut", "sub"))
#: Attributes of ``<tu>`` kept in a unit's ``meta`` (and written back).
_TU_ATTRIBUTES = ("tuid", "creationdate", "creationid", "changedate", "changeid", "usagecount", "lastusagedate")
_TRADITIONAL = {"hant", "tw", "hk", "mo"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Tag kinds as TMX ``type`` values, and back (any other paired type is formatting, any other ``ph`` an ``x``).
_TYPES = {"g": "x-format", "a": "link", "br": "lb", "tab": "x-tab", "x": "x-placeholder"}
_KINDS_PAIRED = {"link": "a"}
_KINDS_EMPTY = {"lb": "br", "x-tab": "tab"}


class TmxError(ValueError):
    """A file that is not readable TMX; ``line`` (1-based) where the parser stopped, when known."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class TmxUnit:
    """One translation unit: the English ``source``, the Chinese ``target``, their language codes as the
    file wrote them, and ``meta``: ``tuid``, dates, ``props`` (type → value) and ``notes`` if present;
    ``tagged_source`` and ``tagged_target`` the same texts with their inline tags, when they have any."""

    source: str
    target: str
    srclang: str = "en"
    tgtlang: str = "zh-CN"
    meta: dict[str, Any] = field(default_factory=dict)
    tagged_source: Tagged | None = None
    tagged_target: Tagged | None = None


def read_tmx(data: bytes, *, source_lang: str = "en", target_lang: str = "zh") -> list[TmxUnit]:
    """Units of ``data`` that have both a ``source_lang`` and a ``target_lang`` variant, in file order."""
    root = _parse(data)
    if _local(root.tag) != "tmx":
        raise TmxError(f"not a TMX file: the root element is <{_local(root.tag)}>, not <tmx>", 1)
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        raise TmxError("the TMX file has no <body>")
    header = next((child for child in root if _local(child.tag) == "header"), None)
    default_source = header.get("srclang", "") if header is not None else ""
    units = []
    for tu in body:
        if _local(tu.tag) != "tu":
            continue
        unit = _unit(tu, source_lang, target_lang, tu.get("srclang") or default_source)
        if unit is not None:
            units.append(unit)
    return units


def write_tmx(units: Iterable[TmxUnit], *, srclang: str | None = None) -> bytes:
    """A TMX 1.4 document of ``units`` (header ``creationtool="Peixun"``), UTF-8."""
    units = list(units)
    source_language = srclang or (units[0].srclang if units else "en")
    root = ET.Element("tmx", {"version": "1.4"})
    ET.SubElement(
        root,
        "header",
        {
            "creationtool": "Peixun",
            "creationtoolversion": "1.0",
            "segtype": "sentence",
            "o-tmf": "Peixun",
            "adminlang": "en",
            "srclang": source_language,
            "datatype": "plaintext",
            "creationdate": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
        },
    )
    body = ET.SubElement(root, "body")
    segs = []
    for unit in units:
        attributes = {name: str(unit.meta[name]) for name in _TU_ATTRIBUTES if unit.meta.get(name) is not None}
        tu = ET.SubElement(body, "tu", attributes)
        for kind, value in (unit.meta.get("props") or {}).items():
            ET.SubElement(tu, "prop", {"type": str(kind)}).text = _clean(str(value))
        for note in unit.meta.get("notes") or ():
            ET.SubElement(tu, "note").text = _clean(str(note))
        for language, text, tagged in (
            (unit.srclang, unit.source, unit.tagged_source),
            (unit.tgtlang, unit.target, unit.tagged_target),
        ):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: language})
            segs.append((ET.SubElement(tuv, "seg"), tagged if tagged is not None else Tagged.from_plain(text)))
    ET.indent(root, space=" ")
    for seg, tagged in segs:  # after indenting, which would put spaces around a seg's codes
        _write_seg(seg, tagged)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def language_matches(code: str, wanted: str) -> bool:
    """``code`` (as a file writes it) is the language ``wanted``; Chinese means Simplified Chinese."""
    parts = code.replace("_", "-").lower().split("-")
    primary = wanted.replace("_", "-").lower().split("-")[0]
    if parts[0] != primary:
        return False
    return not (primary == "zh" and _TRADITIONAL & set(parts[1:]))


def _parse(data: bytes):
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        return fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except ParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise TmxError(f"not well-formed XML: {_parse_message(error)}", line) from error
    except DefusedXmlException as error:
        raise TmxError(f"refused for safety: {type(error).__name__} (entity declarations are not allowed)") from error


def _parse_message(error: Exception) -> str:
    """expat's message without its own ``line N, column M`` suffix (the line is given apart)."""
    return re.sub(r":\s*line \d+, column \d+$", "", str(error))


def _write_seg(seg, tagged: Tagged) -> None:
    """Text and tags into ``<seg>``: ``<bpt>``/``<ept>`` for pairs, ``<ph>`` for placeholders."""
    last = None
    for item in tagged.items:
        if isinstance(item, str):
            if last is None:
                seg.text = (seg.text or "") + _clean(item)
            else:
                last.tail = (last.tail or "") + _clean(item)
            continue
        if item.role == EMPTY:
            last = ET.SubElement(seg, "ph", {"x": str(item.id), "type": _TYPES[item.kind]})
        elif item.role == OPEN:
            last = ET.SubElement(seg, "bpt", {"i": str(item.id), "type": _TYPES[item.kind]})
        else:
            last = ET.SubElement(seg, "ept", {"i": str(item.id)})
        last.text = str(item)


class _Numbers:
    """Our tag numbers for a unit's codes: the source's codes numbered in order, the target's found by
    the same ``i`` (pairs) or ``x`` (placeholders; without one, the n-th placeholder of each side)."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], int] = {}
        self.kinds: dict[tuple[str, str], str] = {}
        self.next = 1

    def number(self, key: tuple[str, str], kind: str | None) -> tuple[int, str]:
        if key not in self.numbers:
            self.numbers[key] = self.next
            self.next += 1
            self.kinds[key] = kind or "g"
        return self.numbers[key], self.kinds[key]


def _seg_tagged(element, numbers: _Numbers) -> Tagged:
    items: list[str | Tag] = []
    placeholders = 0

    def walk(node) -> None:
        nonlocal placeholders
        items.append(node.text or "")
        for child in node:
            name = _local(child.tag)
            if name == "bpt":
                kind = _KINDS_PAIRED.get(child.get("type", ""), "g")
                number, kind = numbers.number(("i", child.get("i", "")), kind)
                items.append(Tag(kind, number, OPEN))
            elif name == "ept":
                number, kind = numbers.number(("i", child.get("i", "")), None)
                items.append(Tag(kind, number, CLOSE))
            elif name == "ph":
                placeholders += 1
                key = ("x", child.get("x")) if child.get("x") else ("ph", str(placeholders))
                kind = _KINDS_EMPTY.get(child.get("type", ""), "x")
                number, kind = numbers.number(key, kind)
                items.append(Tag(kind, number, EMPTY))
            elif name not in _CODES:
                walk(child)
            items.append(child.tail or "")

    walk(element)
    return Tagged(tuple(items))


def _unit(tu, source_lang: str, target_lang: str, declared_source: str) -> TmxUnit | None:
    source = target = None
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        language = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = next((child for child in tuv if _local(child.tag) == "seg"), None)
        if seg is None:
            continue
        if source is None and language_matches(language, source_lang):
            source = (language, seg)
        elif target is None and language_matches(language, target_lang):
            target = (language, seg)
    if source is None or target is None:
        return None
    numbers = _Numbers()
    tagged_source = _seg_tagged(source[1], numbers)
    tagged_target = _seg_tagged(target[1], numbers)
    source_text, target_text = tagged_source.plain.strip(), tagged_target.plain.strip()
    if not source_text or not target_text:
        return None
    tagged = tagged_source.has_tags or tagged_target.has_tags
    return TmxUnit(
        source_text,
        target_text,
        source[0] or declared_source,
        target[0],
        _meta(tu),
        tagged_source if tagged else None,
        tagged_target if tagged else None,
    )


def _meta(tu) -> dict[str, Any]:
    meta: dict[str, Any] = {name: tu.get(name) for name in _TU_ATTRIBUTES if tu.get(name) is not None}
    props = {child.get("type", ""): (child.text or "") for child in tu if _local(child.tag) == "prop"}
    notes = [child.text or "" for child in tu if _local(child.tag) == "note"]
    if props:
        meta["props"] = props
    if notes:
        meta["notes"] = notes
    return meta


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)
