"""The upload guard: decide what an uploaded file is, and refuse it early, safely and with a reason.

Everything cheap and safe comes first: size, name, magic bytes, then the zip's central directory
(member count, declared sizes and ratio) *before* any member is decompressed, so a zip bomb costs a
few microseconds. Only then are the members read (CRC-checked, in chunks), the file opened with
python-pptx or python-docx and walked by the engine; any failure there becomes ``broken``.

A refusal is :class:`UploadRejected` with a stable ``code`` and ``params``: the Django layer translates
by code (``REJECTION_MESSAGES`` holds the English templates), so codes and params are the contract.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from .segments import DOCX, PDF, PPTX

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 100 * MB
DEFAULT_MAX_UNCOMPRESSED = 500 * MB
DEFAULT_MAX_RATIO = 100
DEFAULT_MAX_MEMBERS = 10_000
#: Below this many unpacked bytes the ratio is not held against a file: a small text-only document
#: compresses well and is harmless whatever its ratio.
RATIO_APPLIES_ABOVE = 16 * MB
#: How much of each XML member is read for a document type declaration (which must precede the root).
_XML_HEAD = 4096
_CHUNK = 1024 * 1024

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
}


class UploadRejected(Exception):
    """A refused upload: ``code`` (a key of ``REJECTION_MESSAGES``), ``params`` for its message,
    ``message_en`` the English message; ``detail`` says what failed, for logs, never for users."""

    def __init__(self, code: str, params: dict[str, Any] | None = None, *, detail: str = ""):
        self.code = code
        self.params = dict(params or {})
        self.message_en = REJECTION_MESSAGES[code].format(**self.params)
        self.detail = detail
        super().__init__(f"{code}: {self.message_en}" + (f" ({detail})" if detail else ""))


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


def inspect_upload(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_uncompressed: int = DEFAULT_MAX_UNCOMPRESSED,
    max_ratio: float = DEFAULT_MAX_RATIO,
    max_members: int = DEFAULT_MAX_MEMBERS,
) -> UploadInfo:
    """Accept ``data`` as a deck, a Word document or a reference PDF, or raise :class:`UploadRejected`."""
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
    with _open_zip(data) as archive:
        members, uncompressed = _check_directory(archive, len(data), max_uncompressed, max_ratio, max_members)
        actual = _package_kind(archive)
        if actual != expected:
            raise _wrong_kind(extension, actual)
        _check_members(archive)
    counts = _open_with_library(data, expected)
    counts["segments"] = _count_segments(data, expected)
    return UploadInfo(kind=expected, size=len(data), members=members, uncompressed_size=uncompressed, **counts)


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


def _check_members(archive: zipfile.ZipFile) -> None:
    """Read every member through (sizes are bounded by the directory check) so a bad CRC or a truncated
    stream is found here; XML parts may not declare a DTD (entity expansion is the XML bomb's tool)."""
    for info in archive.infolist():
        try:
            with archive.open(info) as member:
                head = member.read(_XML_HEAD)
                while member.read(_CHUNK):
                    pass
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
            raise UploadRejected("broken", detail=f"{info.filename}: {error}") from error
        if info.filename.endswith((".xml", ".rels")) and b"<!DOCTYPE" in head.upper():
            raise UploadRejected("broken", detail=f"{info.filename}: declares a DTD")


def _open_with_library(data: bytes, kind: str) -> dict[str, int]:
    """The final word: the library that will read the file must open it."""
    try:
        if kind == PPTX:
            from pptx import Presentation

            return {"slides": len(Presentation(io.BytesIO(data)).slides)}
        import docx

        return {"paragraphs": len(docx.Document(io.BytesIO(data)).paragraphs)}
    except Exception as error:  # any failure of the library means the file is unusable
        raise UploadRejected("broken", detail=f"{kind}: {type(error).__name__}: {error}") from error


def _count_segments(data: bytes, kind: str) -> int:
    """The engine itself must find its way through the file, or the upload would fail later, in front
    of a translator rather than of the person uploading."""
    from .extract import locate

    try:
        return len(locate(data, kind)[1])
    except Exception as error:  # whatever stops the engine makes the file unusable here
        raise UploadRejected("broken", detail=f"engine: {type(error).__name__}: {error}") from error


def _is_encrypted_office(data: bytes) -> bool:
    """A password-protected .pptx/.docx is an OLE2 container holding an ``EncryptedPackage`` stream."""
    return "EncryptedPackage".encode("utf-16-le") in data


def _wrong_kind(extension: str, detected: str) -> UploadRejected:
    return UploadRejected(
        "wrong_kind",
        {"extension": extension, "detected": detected, "detected_name": DETECTED_NAMES.get(detected, detected)},
    )


def _mb(size: int) -> float | int:
    """Megabytes for a message: whole numbers without a decimal point."""
    value = round(size / MB, 1)
    return int(value) if value == int(value) else value
