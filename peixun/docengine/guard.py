"""The upload guard: decide what an uploaded file is, and refuse it early, safely and with a reason.

Everything cheap and safe comes first: size, name, magic bytes, then the zip's central directory
(member count, declared sizes and ratio, the unpacked size of the XML parts) *before* any member is
decompressed, so a zip bomb costs a few microseconds. Then the members are read through in chunks
(CRC-checked): every XML part is decoded as its parser would decode it (BOM, XML declaration) and
scanned for a document type declaration, and its elements and paragraphs are counted, stopping as
soon as a count passes its limit, so the guard's own work is bounded by the file's unpacked size.
Only a file within every limit is opened with python-pptx or python-docx and split into segments by
the engine, in a child process held to a time and a memory limit (``bounded.py``); any other failure
there becomes ``broken``.

A refusal is :class:`UploadRejected` with a stable ``code`` and ``params``: the Django layer translates
by code (``REJECTION_MESSAGES`` holds the English templates), so codes and params are the contract.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from .bounded import ParseLimitExceeded, ParseLimits, is_out_of_memory, run_bounded
from .segments import DOCX, PDF, PPTX, Segment

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 100 * MB
DEFAULT_MAX_UNCOMPRESSED = 500 * MB
DEFAULT_MAX_RATIO = 100
DEFAULT_MAX_MEMBERS = 10_000
#: Below this many unpacked bytes the ratio is not held against a file: a small text-only document
#: compresses well and is harmless whatever its ratio.
RATIO_APPLIES_ABOVE = 16 * MB
#: Limits on what a deck or document holds, sized from the largest real files with a wide margin
#: (measurements in docs/document-engine.md, "Limits"). The largest shared fixture, a 34-slide talk,
#: has a 0.3 MB slide, 1.3 MB of XML, 42,571 elements, 1,339 paragraphs and 496 segments.
DEFAULT_MAX_PART_XML = 50 * MB
DEFAULT_MAX_XML = 150 * MB
DEFAULT_MAX_ELEMENTS = 1_000_000
DEFAULT_MAX_PARAGRAPHS = 100_000
DEFAULT_MAX_SEGMENTS = 20_000
_CHUNK = 1024 * 1024
#: A tag cut by a chunk's end is carried over to the next chunk, if it is at most this long so far.
_CARRY = 256
_XML_NAMES = (".xml", ".rels", ".vml")
#: A start tag of a paragraph, whatever its prefix: ``<a:p>``, ``<w:p w14:paraId=...>``, ``<p>``.
_PARAGRAPH = re.compile(r"<(?:[^\s<>/!?:=\"']+:)?p[\s/>]")
_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: The first four bytes of ``<?`` (or of ``<`` and a name) in the encodings that are not ASCII-compatible.
_WIDE_STARTS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),
)

#: What an XML part is, for messages (the ``part`` param is the key): by where it sits in the package.
PART_NAMES = {
    "slide": "slide",
    "notes": "speaker notes",
    "chart": "chart",
    "diagram": "SmartArt",
    "layout": "slide layout",
    "master": "slide master",
    "presentation": "presentation",
    "document": "document body",
    "header": "header",
    "footer": "footer",
    "footnotes": "footnotes",
    "endnotes": "endnotes",
    "comments": "comments",
    "styles": "styles",
    "theme": "theme",
    "relationships": "relationships",
    "other": "internal",
}
_PART_PATTERNS = (
    (re.compile(r"(^|/)_rels/|\.rels$|^\[content_types\]\.xml$"), "relationships"),
    (re.compile(r"^ppt/slides/"), "slide"),
    (re.compile(r"^ppt/notesslides/"), "notes"),
    (re.compile(r"/charts?/"), "chart"),
    (re.compile(r"/diagrams/"), "diagram"),
    (re.compile(r"^ppt/slidelayouts/"), "layout"),
    (re.compile(r"^ppt/(slide|notes|handout)masters/"), "master"),
    (re.compile(r"^ppt/presentation\.xml$"), "presentation"),
    (re.compile(r"^word/document\.xml$"), "document"),
    (re.compile(r"^word/header"), "header"),
    (re.compile(r"^word/footer"), "footer"),
    (re.compile(r"^word/footnotes"), "footnotes"),
    (re.compile(r"^word/endnotes"), "endnotes"),
    (re.compile(r"comments"), "comments"),
    (re.compile(r"styles"), "styles"),
    (re.compile(r"/theme/"), "theme"),
)

#: Main part content types, by what they tell about the file.
MAIN_CONTENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml": "pptm",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": "ppsx",
    "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml": "ppsm",
    "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml": "potx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.ms-word.document.macroEnabled.main+xml": "docm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml": "dotx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml": "xlsm",
}
ACCEPTED_EXTENSIONS = {".pptx": PPTX, ".docx": DOCX, ".pdf": PDF}
LEGACY_EXTENSIONS = (".ppt", ".pps", ".pot", ".doc", ".dot")

#: What a file really is, in words, for ``wrong_kind`` (the ``detected`` param is the key).
DETECTED_NAMES = {
    "pptx": "a PowerPoint deck (.pptx)",
    "pptm": "a PowerPoint deck with macros (.pptm)",
    "ppsx": "a PowerPoint slide show (.ppsx)",
    "ppsm": "a PowerPoint slide show with macros (.ppsm)",
    "potx": "a PowerPoint template (.potx)",
    "docx": "a Word document (.docx)",
    "docm": "a Word document with macros (.docm)",
    "dotx": "a Word template (.dotx)",
    "xlsx": "an Excel workbook (.xlsx)",
    "xlsm": "an Excel workbook with macros (.xlsm)",
    "pdf": "a PDF",
    "zip": "a zip archive",
    "ole2": "an old-format Office file (.ppt or .doc)",
    "executable": "a program",
    "image": "an image",
    "archive": "a compressed archive",
    "html": "a web page",
    "text": "plain text",
    "unknown": "not a document we recognise",
}

REJECTION_MESSAGES = {
    "empty": "The file is empty.",
    "too_large": "The file is {size_mb} MB; files of up to {limit_mb} MB are accepted.",
    "unsupported": (
        "Files ending in {extension} are not accepted: upload a PowerPoint deck (.pptx), a Word document "
        "(.docx), or a PDF for reference."
    ),
    "legacy_format": (
        "This is an old-format Office file. Open it in PowerPoint or Word, save it as .pptx or .docx, and "
        "upload that copy."
    ),
    "wrong_kind": "The file is named {extension} but it is {detected_name}.",
    "broken": (
        "The file is damaged and cannot be opened. Save it again from PowerPoint or Word and upload the new copy."
    ),
    "zip_bomb": (
        "The file would unpack to {uncompressed_mb} MB, {ratio} times its size; files that unpack to more "
        "than {limit_mb} MB, or to more than {ratio_floor_mb} MB at over {max_ratio} times their size, are "
        "refused as unsafe."
    ),
    "too_many_members": "The file is made of {members} internal parts; at most {limit} are accepted.",
    "encrypted": (
        "The file is protected by a password. Remove the password in PowerPoint or Word and upload it again."
    ),
    "xml_part_too_large": "The {part_name} XML unpacks to {size_mb} MB; Peixun accepts at most {limit_mb} MB per part.",
    "xml_too_large": "The file's XML unpacks to {size_mb} MB in all; Peixun accepts at most {limit_mb} MB.",
    "too_many_elements": (
        "The file is built of more than {limit} XML elements, the most Peixun accepts in one file; split it "
        "into smaller files and upload each."
    ),
    "too_many_paragraphs": (
        "The file holds more than {limit} paragraphs (empty ones included), the most Peixun accepts in one "
        "file; split it into smaller files and upload each."
    ),
    "too_many_segments": (
        "The file has {segments} paragraphs of text to translate; Peixun accepts at most {limit} in one file. "
        "Split it into smaller files and upload each."
    ),
    "parse_timeout": (
        "Reading the file took longer than {seconds} seconds, the most Peixun allows; split it into smaller "
        "files and upload each."
    ),
    "parse_memory": (
        "Reading the file needed more than {limit_mb} MB of memory, the most Peixun allows; split it into "
        "smaller files and upload each."
    ),
    "dtd": (
        "The {part_name} XML declares a document type (<!DOCTYPE> or <!ENTITY>), which PowerPoint and Word "
        "never write; Peixun refuses such files as unsafe."
    ),
}


class UploadRejected(Exception):
    """A refused upload: ``code`` (a key of ``REJECTION_MESSAGES``), ``params`` for its message,
    ``message_en`` the English message; ``detail`` says what failed, for logs, never for users."""

    def __init__(self, code: str, params: dict[str, Any] | None = None, *, detail: str = ""):
        self.code = code
        self.params = dict(params or {})
        if "part" in self.params:
            self.params.setdefault("part_name", PART_NAMES.get(self.params["part"], PART_NAMES["other"]))
        self.message_en = REJECTION_MESSAGES[code].format(**self.params)
        self.detail = detail
        super().__init__(f"{code}: {self.message_en}" + (f" ({detail})" if detail else ""))

    def __reduce__(self):
        # Refusals cross from the bounded child process to the guard: they must pickle as themselves.
        return (_rebuild_rejection, (self.code, self.params, self.detail))


def _rebuild_rejection(code: str, params: dict[str, Any], detail: str) -> UploadRejected:
    return UploadRejected(code, params, detail=detail)


@dataclass(frozen=True)
class UploadInfo:
    """An accepted file: its ``kind`` (pptx, docx or pdf) and what the guard measured."""

    kind: str
    size: int
    members: int = 0
    uncompressed_size: int = 0
    #: slides of a deck, paragraphs of a Word body, translatable segments; ``None`` for a PDF
    slides: int | None = None
    paragraphs: int | None = None
    segments: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: the segments the guard extracted (so the caller need not parse the file again); ``None`` for a PDF
    extracted: tuple[Segment, ...] | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class XmlLimits:
    """What the XML of a package may amount to (bytes unpacked, start tags counted)."""

    max_part_xml: int = DEFAULT_MAX_PART_XML
    max_xml: int = DEFAULT_MAX_XML
    max_elements: int = DEFAULT_MAX_ELEMENTS
    max_paragraphs: int = DEFAULT_MAX_PARAGRAPHS


def inspect_upload(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_part_xml: int = DEFAULT_MAX_PART_XML,
    max_xml: int = DEFAULT_MAX_XML,
    max_elements: int = DEFAULT_MAX_ELEMENTS,
    max_paragraphs: int = DEFAULT_MAX_PARAGRAPHS,
    max_segments: int = DEFAULT_MAX_SEGMENTS,
    parse_limits: ParseLimits | None = ParseLimits(),  # noqa: B008 - frozen, never changed
) -> UploadInfo:
    """Accept ``data`` as a deck, a Word document or a reference PDF, or raise :class:`UploadRejected`.

    ``parse_limits`` holds the parsing (python-pptx or python-docx, then the engine) to a time and a
    memory limit in a child process; ``None`` parses in this process (for tools and benchmarks only).
    """
    if not data:
        raise UploadRejected("empty")
    if len(data) > max_bytes:
        raise UploadRejected("too_large", {"size_mb": _mb(len(data)), "limit_mb": _mb(max_bytes)})
    extension = PurePath(filename or "").suffix.lower()
    detected = sniff(data)
    if extension not in ACCEPTED_EXTENSIONS:
        if extension in LEGACY_EXTENSIONS and detected == "ole2":
            raise UploadRejected("legacy_format", {"extension": extension})
        raise UploadRejected("unsupported", {"extension": extension or "(no extension)"})
    expected = ACCEPTED_EXTENSIONS[extension]
    if expected == PDF:
        if detected != "pdf":
            raise _wrong_kind(extension, detected)
        return UploadInfo(kind=PDF, size=len(data))
    if detected == "ole2":
        if _is_encrypted_office(data):
            raise UploadRejected("encrypted")
        raise UploadRejected("legacy_format", {"extension": extension})
    if detected != "zip":
        raise _wrong_kind(extension, detected)
    xml_limits = XmlLimits(max_part_xml, max_xml, max_elements, max_paragraphs)
    with _open_zip(data) as archive:
        members, uncompressed = _check_directory(archive, len(data), max_uncompressed, max_ratio, max_members)
        _check_xml_sizes(archive, xml_limits)
        actual = _package_kind(archive)
        if actual != expected:
            raise _wrong_kind(extension, actual)
        _check_members(archive, xml_limits)
    if parse_limits is None:
        counts, segments = read_for_upload(data, expected, max_segments)
    else:
        try:
            counts, segments = run_bounded(read_for_upload, data, expected, max_segments, limits=parse_limits)
        except ParseLimitExceeded as exceeded:
            if exceeded.what == "time":
                raise UploadRejected("parse_timeout", {"seconds": _number(exceeded.limit)}) from exceeded
            raise UploadRejected("parse_memory", {"limit_mb": exceeded.limit}) from exceeded
    return UploadInfo(
        kind=expected,
        size=len(data),
        members=members,
        uncompressed_size=uncompressed,
        segments=len(segments),
        extracted=tuple(segments),
        **counts,
    )


def read_for_upload(data: bytes, kind: str, max_segments: int) -> tuple[dict[str, int], list[Segment]]:
    """The parsing half of the guard (run in the bounded child): the library must open the file, the
    engine must split it, and the segments must be few enough to store."""
    from ._package import PackageError
    from .extract import locate, segment_of

    counts = _open_with_library(data, kind)
    try:
        found = locate(data, kind)[1]
    except MemoryError:
        raise
    except PackageError as error:
        if error.code == "dtd":
            raise UploadRejected("dtd", {"part": part_of(error.part)}, detail=str(error)) from error
        _raise_if_out_of_memory(error)
        raise UploadRejected("broken", detail=f"engine: {error}") from error
    except Exception as error:  # whatever stops the engine makes the file unusable here
        _raise_if_out_of_memory(error)
        raise UploadRejected("broken", detail=f"engine: {type(error).__name__}: {error}") from error
    if len(found) > max_segments:
        raise UploadRejected("too_many_segments", {"segments": len(found), "limit": max_segments})
    return counts, [segment_of(order, item, kind) for order, item in enumerate(found)]


def sniff(data: bytes) -> str:
    """What the first bytes say the file is (a key of ``DETECTED_NAMES``)."""
    head = data[:16]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "zip"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return "executable"
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM")) or head[8:12] == b"WEBP":
        return "image"
    if head.startswith((b"Rar!", b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b", b"BZh", b"\xfd7zXZ")):
        return "archive"
    sample = data[:2048]
    try:
        text = sample.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    if "<html" in text.lower() or "<!doctype html" in text.lower():
        return "html"
    printable = sum(character.isprintable() or character in "\r\n\t" for character in text)
    return "text" if text and printable / len(text) > 0.95 else "unknown"


def _open_zip(data: bytes) -> zipfile.ZipFile:
    """Reading the central directory decompresses nothing; a damaged one is ``broken``."""
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRejected("broken", detail=f"zip directory: {error}") from error


def _check_directory(
    archive: zipfile.ZipFile, size: int, max_uncompressed: int, max_ratio: float, max_members: int
) -> tuple[int, int]:
    infos = archive.infolist()
    if len(infos) > max_members:
        raise UploadRejected("too_many_members", {"members": len(infos), "limit": max_members})
    if any(info.flag_bits & 0x1 for info in infos):
        raise UploadRejected("encrypted", detail="zip members encrypted")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        raise UploadRejected("broken", detail="duplicate zip member names")
    uncompressed = sum(info.file_size for info in infos)
    ratio = uncompressed / size
    if uncompressed > max_uncompressed or (uncompressed > RATIO_APPLIES_ABOVE and ratio > max_ratio):
        raise UploadRejected(
            "zip_bomb",
            {
                "uncompressed_mb": _mb(uncompressed),
                "ratio": round(ratio),
                "limit_mb": _mb(max_uncompressed),
                "ratio_floor_mb": _mb(RATIO_APPLIES_ABOVE),
                "max_ratio": max_ratio,
            },
        )
    return len(infos), uncompressed


def _package_kind(archive: zipfile.ZipFile) -> str:
    """pptx, docx... from the main part's content type in ``[Content_Types].xml``; ``zip`` without one."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        raw = archive.read("[Content_Types].xml")
    except KeyError:
        return "zip"
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise UploadRejected("broken", detail=f"[Content_Types].xml: {error}") from error
    try:
        root = fromstring(raw, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise UploadRejected("broken", detail=f"[Content_Types].xml: {error}") from error
    for element in root:
        kind = MAIN_CONTENT_TYPES.get((element.get("ContentType") or "").strip())
        if kind:
            return kind
    return "zip"


def _check_xml_sizes(archive: zipfile.ZipFile, limits: XmlLimits) -> None:
    """The declared unpacked size of each XML part, and of them all, before any is decompressed (zipfile
    never unpacks more than a member declares)."""
    xml = [info for info in archive.infolist() if info.filename.lower().endswith(_XML_NAMES)]
    if xml:
        _check_part_size(max(xml, key=lambda info: info.file_size), limits)
    total = sum(info.file_size for info in xml)
    if total > limits.max_xml:
        raise UploadRejected("xml_too_large", {"size_mb": _mb(total), "limit_mb": _mb(limits.max_xml)})


def _check_part_size(info: zipfile.ZipInfo, limits: XmlLimits) -> None:
    if info.file_size > limits.max_part_xml:
        part = part_of(info.filename)
        raise UploadRejected(
            "xml_part_too_large",
            {
                "part": part,
                "part_name": PART_NAMES[part],
                "size_mb": _mb(info.file_size),
                "limit_mb": _mb(limits.max_part_xml),
            },
            detail=info.filename,
        )


def part_of(name: str) -> str:
    """What the member ``name`` is, as a key of ``PART_NAMES``."""
    folded = name.lower()
    for pattern, part in _PART_PATTERNS:
        if pattern.search(folded):
            return part
    return "other"


def _check_members(archive: zipfile.ZipFile, limits: XmlLimits | None = None) -> None:
    """Read every member through in chunks (sizes are bounded by the directory check), so a bad CRC or a
    truncated stream is found here. Every XML part, known by its name or by how it begins, is decoded
    as a parser would decode it and may not declare a DTD (the tool of entity-expansion bombs), nor
    hold, with the others, more elements or paragraphs than the limits allow."""
    limits = limits or XmlLimits()
    tally = _Tally(limits)
    extra_xml = 0
    for info in archive.infolist():
        named_xml = info.filename.lower().endswith(_XML_NAMES)
        try:
            with archive.open(info) as member:
                first = member.read(_CHUNK)
                encoding = _xml_encoding(info.filename, first, named_xml)
                if encoding is None:
                    while member.read(_CHUNK):
                        pass
                    continue
                if not named_xml:
                    _check_part_size(info, limits)
                    extra_xml += info.file_size
                    tally.check_total(extra_xml)
                tally.scan(info.filename, encoding, first, member)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise UploadRejected("broken", detail=f"{info.filename}: {error}") from error


def _xml_encoding(name: str, first: bytes, named_xml: bool) -> str | None:
    """How a parser would decode this member if it is XML (by name, or beginning with ``<`` once
    decoded), else ``None``: the byte order mark first, then the first bytes, then the declaration."""
    for bom, encoding in _BOMS:
        if first.startswith(bom):
            return encoding
    encoding = None
    for start, wide in _WIDE_STARTS:
        if first.startswith(start):
            encoding = wide
            break
    if encoding is None:
        declared = _ENCODING.match(first[:1024])
        encoding = "utf-8"
        if declared is not None:
            try:
                encoding = codecs.lookup(declared.group(1).decode("ascii")).name
            except LookupError:
                if named_xml or first.lstrip().startswith(b"<"):
                    raise UploadRejected("broken", detail=f"{name}: unknown encoding {declared.group(1)!r}") from None
                return None
            if encoding.startswith(("utf-16", "utf-32")):  # declared wide, written narrow: read as UTF-8
                encoding = "utf-8"
    if named_xml:
        return encoding
    head = codecs.getincrementaldecoder(encoding)(errors="replace").decode(first[:64])
    return encoding if head.lstrip().startswith("<") and not name.lower().endswith(".svg") else None


class _Tally:
    """Counts start tags across the package's XML and refuses as soon as a count passes its limit."""

    def __init__(self, limits: XmlLimits):
        self.limits = limits
        self.elements = 0
        self.paragraphs = 0

    def check_total(self, extra_xml: int) -> None:
        if extra_xml > self.limits.max_xml:
            raise UploadRejected("xml_too_large", {"size_mb": _mb(extra_xml), "limit_mb": _mb(self.limits.max_xml)})

    def scan(self, name: str, encoding: str, first: bytes, member) -> None:
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        carry = ""
        chunk = first
        while True:
            final = not chunk
            text = carry + decoder.decode(chunk, final=final)
            if final:
                self._count(name, text)
                return
            cut = text.rfind("<")
            if cut == -1 or len(text) - cut > _CARRY:
                self._count(name, text)
                carry = ""
            else:
                self._count(name, text[:cut])
                carry = text[cut:]
            chunk = member.read(_CHUNK)

    def _count(self, name: str, text: str) -> None:
        if _DECLARATION.search(text):
            part = part_of(name)
            raise UploadRejected("dtd", {"part": part, "part_name": PART_NAMES[part]}, detail=f"{name}: declares a DTD")
        self.elements += text.count("<") - text.count("</") - text.count("<!") - text.count("<?")
        if self.elements > self.limits.max_elements:
            raise UploadRejected("too_many_elements", {"limit": self.limits.max_elements}, detail=name)
        self.paragraphs += sum(1 for _ in _PARAGRAPH.finditer(text))
        if self.paragraphs > self.limits.max_paragraphs:
            raise UploadRejected("too_many_paragraphs", {"limit": self.limits.max_paragraphs}, detail=name)


def _open_with_library(data: bytes, kind: str) -> dict[str, int]:
    """The final word: the library that will read the file must open it."""
    try:
        if kind == PPTX:
            from pptx import Presentation

            return {"slides": len(Presentation(io.BytesIO(data)).slides)}
        import docx

        return {"paragraphs": len(docx.Document(io.BytesIO(data)).paragraphs)}
    except MemoryError:
        raise
    except Exception as error:  # any failure of the library means the file is unusable
        _raise_if_out_of_memory(error)
        raise UploadRejected("broken", detail=f"{kind}: {type(error).__name__}: {error}") from error


def _raise_if_out_of_memory(error: Exception) -> None:
    """A parser that failed for want of memory has met the memory limit: the file is not damaged."""
    if is_out_of_memory(error):
        raise MemoryError(str(error)) from error


def _is_encrypted_office(data: bytes) -> bool:
    """A password-protected .pptx/.docx is an OLE2 container holding an ``EncryptedPackage`` stream."""
    return "EncryptedPackage".encode("utf-16-le") in data


def _wrong_kind(extension: str, detected: str) -> UploadRejected:
    return UploadRejected(
        "wrong_kind",
        {"extension": extension, "detected": detected, "detected_name": DETECTED_NAMES.get(detected, detected)},
    )


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def _mb(size: int) -> float | int:
    """Megabytes for a message: whole numbers without a decimal point."""
    value = round(size / MB, 1)
    return int(value) if value == int(value) else value
