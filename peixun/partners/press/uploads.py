"""What a translated document's file may be: a PDF, Word, PowerPoint or Excel file of at most 20 MB,
recognised by its content rather than its name.

PDF, .docx and .pptx go through the document engine's upload guard whole (signature, zip directory,
content type, members, then opened by the library that reads them). The guard does not take Excel
workbooks, so an .xlsx gets the same zip checks from its parts and is then opened with openpyxl.
"""

from __future__ import annotations

import io
import math
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _

from peixun.core.document_limits import LIMIT_MESSAGES, limit_params, upload_limits
from peixun.docengine import guard

MAX_BYTES = 20 * 1024 * 1024
ACCEPTED = {".pdf": "pdf", ".docx": "docx", ".pptx": "pptx", ".xlsx": "xlsx"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _messages() -> dict[str, str]:
    return {
        "empty": _("The file is empty."),
        "too_large": _("The file is %(size_mb)s MB; files of up to %(limit_mb)s MB are accepted."),
        "unsupported": _("Files ending in %(extension)s are not accepted: upload a PDF, .docx, .pptx or .xlsx file."),
        "legacy_format": _("This is an old-format Office file. Save it as .docx, .pptx or .xlsx and upload that copy."),
        "wrong_kind": _("The file is named %(extension)s but its content is not: it looks like %(detected)s."),
        "broken": _("The file is damaged and cannot be opened. Save it again and upload the new copy."),
        "zip_bomb": _(
            "The file would unpack to %(uncompressed_mb)s MB, far more than its size; it is refused as unsafe."
        ),
        "too_many_members": _("The file is made of %(members)s internal parts; at most %(limit)s are accepted."),
        "encrypted": _("The file is protected by a password. Remove the password and upload it again."),
        **LIMIT_MESSAGES,
    }


def _detected_name(detected: str) -> str:
    names = {
        "pdf": _("a PDF"),
        "docx": _("a Word document"),
        "pptx": _("a PowerPoint deck"),
        "xlsx": _("an Excel workbook"),
        "zip": _("a zip archive"),
        "ole2": _("an old-format Office file"),
        "executable": _("a program"),
        "image": _("an image"),
        "archive": _("a compressed archive"),
        "html": _("a web page"),
        "text": _("plain text"),
    }
    return names.get(detected, _("something else"))


def check_document_file(upload: UploadedFile) -> str:
    """The file's kind (pdf, docx, pptx or xlsx), or a ValidationError that says what is wrong."""
    size = upload.size or 0
    if size > MAX_BYTES:
        # Rounded up, so a file just over the limit never reads as being at it.
        size_mb = math.ceil(size * 10 / guard.MB) / 10
        raise _rejected(guard.UploadRejected("too_large", {"size_mb": size_mb, "limit_mb": MAX_BYTES // guard.MB}))
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ACCEPTED:
        raise _rejected(guard.UploadRejected("unsupported", {"extension": extension or "—"}))
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        if ACCEPTED[extension] == "xlsx":
            _inspect_workbook(data)
        else:
            guard.inspect_upload(data, upload.name, max_bytes=MAX_BYTES, **upload_limits())
    except guard.UploadRejected as rejected:
        raise _rejected(rejected) from rejected
    return ACCEPTED[extension]


def _inspect_workbook(data: bytes) -> None:
    if not data:
        raise guard.UploadRejected("empty")
    detected = guard.sniff(data)
    if detected == "ole2":
        raise guard.UploadRejected("encrypted" if guard._is_encrypted_office(data) else "legacy_format")
    if detected != "zip":
        raise guard._wrong_kind(".xlsx", detected)
    with guard._open_zip(data) as archive:
        guard._check_directory(
            archive, len(data), guard.DEFAULT_MAX_UNCOMPRESSED, guard.DEFAULT_MAX_RATIO, guard.DEFAULT_MAX_MEMBERS
        )
        kind = guard._package_kind(archive)
        if kind != "xlsx":
            raise guard._wrong_kind(".xlsx", kind)
        guard._check_members(archive, _xml_limits())
    try:
        from openpyxl import load_workbook

        load_workbook(io.BytesIO(data), read_only=True).close()
    except Exception as error:  # noqa: BLE001 - any failure of the library means the file is unusable
        raise guard.UploadRejected("broken", detail=f"xlsx: {type(error).__name__}: {error}") from error


def _xml_limits() -> guard.XmlLimits:
    limits = upload_limits()
    return guard.XmlLimits(limits["max_part_xml"], limits["max_xml"], limits["max_elements"], limits["max_paragraphs"])


def _rejected(rejected: guard.UploadRejected) -> ValidationError:
    params = limit_params(rejected.params)
    if rejected.code == "wrong_kind":
        params["detected"] = _detected_name(params.get("detected", ""))
    return ValidationError(_messages()[rejected.code] % params, code=rejected.code)


def stored_name(title: str, kind: str) -> str:
    """A name no earlier upload has: the title made safe, and a random part, so nothing is overwritten."""
    stem = slugify(title)[:60] or "document"
    return f"{stem}-{uuid.uuid4().hex[:12]}.{kind}"
