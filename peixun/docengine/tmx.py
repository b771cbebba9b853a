"""TMX 1.4: translation memories exchanged with CAT tools (Trados, memoQ, OmegaT, Phrase...).

Reading goes through defusedxml: a TMX comes from outside, and an entity declaration (the "billion
laughs") or an external entity is refused instead of expanded. A ``<!DOCTYPE tmx SYSTEM "tmx14.dtd">``
line, which many tools write, is allowed; the DTD is never fetched.

Languages are matched on their primary subtag, so ``en``, ``en-US`` and ``EN-GB`` are English; a
Chinese target is Simplified only (``zh``, ``zh-CN``, ``zh-Hans``, ``zh-SG``), never ``zh-TW``,
``zh-HK`` or ``zh-Hant``. Inline markup in a ``<seg>`` keeps its text (``<hi>``) and drops native codes
(``<bpt>``, ``<ept>``, ``<ph>``, ``<it>``, ``<ut>``, with ``<sub>`` inside them): a suggestion is text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - used to write TMX only; reading goes through defusedxml
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Inline elements whose content is the original format's code, not text.
_CODES = frozenset(("bpt", "ept", "ph", "it", "ut", "sub"))
#: Attributes of ``<tu>`` kept in a unit's ``meta`` (and written back).
_TU_ATTRIBUTES = ("tuid", "creationdate", "creationid", "changedate", "changeid", "usagecount", "lastusagedate")
_TRADITIONAL = {"hant", "tw", "hk", "mo"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class TmxError(ValueError):
    """A file that is not readable TMX; ``line`` (1-based) where the parser stopped, when known."""

    def __init__(self, message: str, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


@dataclass(frozen=True)
class TmxUnit:
    """One translation unit: the English ``source``, the Chinese ``target``, their language codes as the
    file wrote them, and ``meta``: ``tuid``, dates, ``props`` (type → value) and ``notes`` if present."""

    source: str
    target: str
    srclang: str = "en"
    tgtlang: str = "zh-CN"
    meta: dict[str, Any] = field(default_factory=dict)


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
    for unit in units:
        attributes = {name: str(unit.meta[name]) for name in _TU_ATTRIBUTES if unit.meta.get(name) is not None}
        tu = ET.SubElement(body, "tu", attributes)
        for kind, value in (unit.meta.get("props") or {}).items():
            ET.SubElement(tu, "prop", {"type": str(kind)}).text = _clean(str(value))
        for note in unit.meta.get("notes") or ():
            ET.SubElement(tu, "note").text = _clean(str(note))
        for language, text in ((unit.srclang, unit.source), (unit.tgtlang, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: language})
            ET.SubElement(tuv, "seg").text = _clean(text)
    ET.indent(root, space=" ")
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


def _unit(tu, source_lang: str, target_lang: str, declared_source: str) -> TmxUnit | None:
    source = target = None
    for tuv in tu:
        if _local(tuv.tag) != "tuv":
            continue
        language = tuv.get(XML_LANG) or tuv.get("lang") or ""
        seg = next((child for child in tuv if _local(child.tag) == "seg"), None)
        if seg is None:
            continue
        text = _seg_text(seg).strip()
        if source is None and language_matches(language, source_lang):
            source = (language, text)
        elif target is None and language_matches(language, target_lang):
            target = (language, text)
    if source is None or target is None or not source[1] or not target[1]:
        return None
    return TmxUnit(source[1], target[1], source[0] or declared_source, target[0], _meta(tu))


def _seg_text(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if _local(child.tag) not in _CODES:
            parts.append(_seg_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


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
