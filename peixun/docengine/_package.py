"""An OOXML package (the zip of a .pptx or .docx), read and written part by part.

The engine reads only the parts it needs (slides, notes, charts, layouts; the Word stories) and
writes back only the parts it changed: every other member of the zip keeps its exact bytes, and so
does every paragraph nobody translated. That is also why an export costs less than python-pptx's own
open and save, which parse and re-serialise every part.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from ._xml import qn

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#: Parts are parsed without entity expansion or network access (the guard refuses DTDs already).
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)
#: Already-compressed media gain nothing from a slow deflate; XML parts are written at the usual level.
_FAST_LEVEL = 1
_XML_LEVEL = 6


class PackageError(ValueError):
    """The zip lacks a part its relationships promise (the guard should have refused the file)."""


@dataclass(frozen=True)
class Relationship:
    reltype: str
    target: str
    external: bool


class Package:
    def __init__(self, data: bytes):
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._folded = {name.lower(): name for name in self._infos}
        self._parsed: dict[str, etree._Element] = {}
        self._changed: set[str] = set()
        self._rels: dict[str, dict[str, Relationship]] = {}

    def main_part(self) -> str:
        """The part the package's own relationships name as the office document."""
        main = self.related_by_type("", RT_OFFICE_DOCUMENT)
        if not main:
            raise PackageError("the package names no main document")
        return main[0]

    def xml(self, name: str):
        """The parsed root of part ``name`` (parsed once; changes to it are kept for :meth:`save`)."""
        name = self._member(name)
        if name not in self._parsed:
            self._parsed[name] = etree.fromstring(self._zip.read(name), _PARSER)
        return self._parsed[name]

    def mark_changed(self, name: str) -> None:
        self._changed.add(self._member(name))

    def relationships(self, source: str) -> dict[str, Relationship]:
        """Relationships of part ``source`` (``""`` for the package's own), by id, targets resolved."""
        if source not in self._rels:
            folder, base = posixpath.split(source)
            rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
            found: dict[str, Relationship] = {}
            if rels_name.lower() in self._folded:
                root = etree.fromstring(self._zip.read(self._folded[rels_name.lower()]), _PARSER)
                for rel in root.iterchildren(qn(RELS_NS, "Relationship")):
                    external = rel.get("TargetMode") == "External"
                    target = rel.get("Target", "")
                    resolved = target if external else _resolve(folder, target)
                    found[rel.get("Id", "")] = Relationship(rel.get("Type", ""), resolved, external)
            self._rels[source] = found
        return self._rels[source]

    def related(self, source: str, rid: str) -> str | None:
        """The part ``source`` reaches by relationship ``rid``, ``None`` if it names no part here."""
        rel = self.relationships(source).get(rid)
        if rel is None or rel.external or rel.target.lower() not in self._folded:
            return None
        return self._folded[rel.target.lower()]

    def related_by_type(self, source: str, reltype: str) -> list[str]:
        names = []
        for rel in self.relationships(source).values():
            if rel.reltype == reltype and not rel.external and rel.target.lower() in self._folded:
                names.append(self._folded[rel.target.lower()])
        return names

    def save(self) -> bytes:
        """The package again: changed parts re-serialised, every other member byte for byte as it was."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in self._zip.infolist():
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                is_xml = info.filename.endswith((".xml", ".rels"))
                if info.filename in self._changed:
                    data = etree.tostring(
                        self._parsed[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                else:
                    data = self._zip.read(info)
                target.writestr(copy, data, compresslevel=_XML_LEVEL if is_xml else _FAST_LEVEL)
        return out.getvalue()

    def _member(self, name: str) -> str:
        member = self._folded.get(name.lower())
        if member is None:
            raise PackageError(f"the package has no part {name}")
        return member


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip member name: absolute (``/ppt/...``) or relative to the source."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
