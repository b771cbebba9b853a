"""An OOXML package (the zip of a .pptx or .docx), read and written part by part.

The engine reads only the parts it needs (slides, notes, charts, layouts; the Word stories) and
writes back only the parts it changed: every other member of the zip keeps its exact bytes, and so
does every paragraph nobody translated. That is also why an export costs less than python-pptx's own
open and save, which parse and re-serialise every part.

The package guards itself, whoever calls the engine (the upload guard, an export, the checks): members
are read in chunks, bounded by their declared size and by :data:`MAX_PART_XML` (a zip whose declared
sizes lie fails its CRC check after at most that much, without unpacking the rest), copied to the
export in chunks, and every part is refused if it declares a document type. Whatever goes wrong is a
:class:`PackageError` with a ``code`` (``broken``, ``dtd``, ``too_large``), never a raw ``BadZipFile``.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from ._xml import qn

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
#: Parts are parsed without entity expansion or network access, and refused if they declare a DTD.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False, load_dtd=False
)
#: The most one XML part may unpack to (the upload guard's own limit, ``DEFAULT_MAX_PART_XML``).
MAX_PART_XML = 50 * 1024 * 1024
_CHUNK = 1024 * 1024
#: What reading a damaged member raises, in zipfile and zlib.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError)
#: Already-compressed media gain nothing from a slow deflate; XML parts are written at the usual level.
_FAST_LEVEL = 1
_XML_LEVEL = 6


class PackageError(ValueError):
    """The package cannot be read safely: ``code`` is ``broken`` (a damaged zip, a part that is not
    well-formed or that its relationships promise but the zip lacks), ``dtd`` (a part declares a document
    type) or ``too_large`` (a part unpacks to more than :data:`MAX_PART_XML`); ``part`` names the member."""

    def __init__(self, message: str, *, code: str = "broken", part: str = ""):
        self.code = code
        self.part = part
        super().__init__(message)

    def __reduce__(self):
        return (_rebuild_error, (str(self), self.code, self.part))


def _rebuild_error(message: str, code: str, part: str) -> PackageError:
    return PackageError(message, code=code, part=part)


@dataclass(frozen=True)
class Relationship:
    reltype: str
    target: str
    external: bool


class Package:
    def __init__(self, data: bytes):
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except _ZIP_ERRORS as error:
            raise PackageError(f"not a readable zip: {error}") from error
        if any(info.flag_bits & 0x1 for info in self._zip.infolist()):
            raise PackageError("the zip's members are encrypted")
        self._infos = {info.filename: info for info in self._zip.infolist()}
        self._folded = {name.lower(): name for name in self._infos}
        self._parsed: dict[str, etree._Element] = {}
        self._changed: set[str] = set()
        self._replaced: dict[str, bytes] = {}
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
            self._parsed[name] = self._parse(name)
        return self._parsed[name]

    def mark_changed(self, name: str) -> None:
        self._changed.add(self._member(name))

    def replace(self, name: str, data: bytes) -> None:
        """Member ``name`` is to be saved with ``data`` (an embedded package written again)."""
        self._replaced[self._member(name)] = data

    def relationships(self, source: str) -> dict[str, Relationship]:
        """Relationships of part ``source`` (``""`` for the package's own), by id, targets resolved."""
        if source not in self._rels:
            folder, base = posixpath.split(source)
            rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
            found: dict[str, Relationship] = {}
            if rels_name.lower() in self._folded:
                root = self._parse(self._folded[rels_name.lower()])
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
                copy._compresslevel = _XML_LEVEL if is_xml else _FAST_LEVEL  # what writestr's compresslevel sets
                if info.filename in self._replaced:
                    target.writestr(copy, self._replaced[info.filename])
                    continue
                if info.filename in self._changed:
                    data = etree.tostring(
                        self._parsed[info.filename], xml_declaration=True, encoding="UTF-8", standalone=True
                    )
                    target.writestr(copy, data)
                    continue
                if info.file_size <= _CHUNK:
                    target.writestr(copy, b"".join(self._chunks(info, limit=None)))
                    continue
                copy.file_size = info.file_size
                with target.open(copy, "w", force_zip64=info.file_size > 2**31) as written:
                    for chunk in self._chunks(info, limit=None):
                        written.write(chunk)
        return out.getvalue()

    def read(self, name: str, *, limit: int | None = MAX_PART_XML) -> bytes:
        """The bytes of member ``name``, at most ``limit`` of them (``None``: its declared size)."""
        return b"".join(self._chunks(self._infos[self._member(name)], limit=limit))

    def _chunks(self, info: zipfile.ZipInfo, *, limit: int | None):
        """Member ``info`` in chunks of at most 1 MB unpacked: never more than it declares (zipfile stops
        there and checks the CRC) nor than ``limit``, so a lying directory costs one chunk, not the bomb."""
        if limit is not None and info.file_size > limit:
            raise PackageError(
                f"{info.filename} unpacks to {info.file_size} bytes, more than {limit}",
                code="too_large",
                part=info.filename,
            )
        read = 0
        try:
            with self._zip.open(info) as member:
                while chunk := member.read(_CHUNK):
                    read += len(chunk)
                    yield chunk
        except _ZIP_ERRORS as error:
            raise PackageError(f"{info.filename}: {error}", part=info.filename) from error
        if read != info.file_size:  # zipfile hands out a short member without complaint
            raise PackageError(
                f"{info.filename}: unpacks to {read} bytes, not the {info.file_size} it declares", part=info.filename
            )

    def _parse(self, name: str):
        """Part ``name`` parsed, refused if it is not well-formed or declares a document type (wherever
        the declaration sits: the parser sees it, so a long comment before it hides nothing)."""
        data = self.read(name)
        try:
            root = etree.fromstring(data, _PARSER)
        except (etree.XMLSyntaxError, ValueError) as error:
            raise PackageError(f"{name}: not well-formed XML: {error}", part=name) from error
        info = root.getroottree().docinfo
        if info.internalDTD is not None or info.externalDTD is not None or info.doctype:
            raise PackageError(f"{name}: declares a document type", code="dtd", part=name)
        return root

    def _member(self, name: str) -> str:
        member = self._folded.get(name.lower())
        if member is None:
            raise PackageError(f"the package has no part {name}", part=name)
        return member


def _resolve(folder: str, target: str) -> str:
    """A relationship target as a zip member name: absolute (``/ppt/...``) or relative to the source."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(folder, target)).lstrip("/")
