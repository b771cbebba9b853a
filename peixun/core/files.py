"""Stored files: every upload and generated file goes through Django's storage API, on the local disk by
default or in S3-compatible object storage (``PEIXUN_S3_BUCKET``, docs/operations.md, "Files"), so that
every app server and worker sees the same files.

A view checks its permissions first and then answers with ``file_response``: the file streamed from the
storage, or, on object storage, a redirect to a signed address that expires after
``PEIXUN_SIGNED_URL_SECONDS``. Code that needs a path on disk (a converter run as a program) asks
``local_copy`` for a temporary copy; nothing reads ``MEDIA_ROOT`` or a file's ``.path`` directly.
"""

from __future__ import annotations

import mimetypes
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename

GENERATED = "generated"


def _storage_and_name(file: FieldFile | str, storage: Storage | None) -> tuple[Storage, str]:
    if isinstance(file, FieldFile):
        return storage or file.storage, file.name
    return storage or default_storage, file


def signs_urls(storage: Storage) -> bool:
    """Whether downloads from ``storage`` are redirects to signed addresses (object storage with signed
    query strings, unless ``PEIXUN_S3_DOWNLOADS=stream``) rather than streamed through Peixun."""
    return (
        getattr(settings, "PEIXUN_S3_DOWNLOADS", "redirect") == "redirect"
        and bool(getattr(storage, "querystring_auth", False))
        and hasattr(storage, "bucket_name")
    )


def file_response(
    file: FieldFile | str,
    *,
    filename: str,
    content_type: str | None = None,
    private: bool = True,
    storage: Storage | None = None,
) -> HttpResponse:
    """The stored ``file`` as a download named ``filename``. Call it only once the reader may have it.

    On object storage the answer is a redirect to an address signed for ``PEIXUN_SIGNED_URL_SECONDS``
    that names the download and its type itself; elsewhere the file is streamed from the storage. A file
    the storage does not have is a 404.
    """
    storage, name = _storage_and_name(file, storage)
    if not name:
        raise Http404
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if signs_urls(storage):
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
                "ResponseCacheControl": "private, no-store" if private else "public, max-age=300",
            },
            expire=settings.PEIXUN_SIGNED_URL_SECONDS,
        )
        response = HttpResponseRedirect(url)
        # The address expires: neither the browser nor a proxy may keep the redirect.
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def save_generated(data: bytes, *, folder: str, filename: str, storage: Storage | None = None) -> str:
    """Keep a file Peixun made (an export, a zip of certificates) and return its name in the storage.

    Each file gets a folder of its own with an unguessable name (``generated/<folder>/<yyyy>/<mm>/<token>/``),
    so nothing is overwritten and the file keeps the name its reader will download it as.
    """
    storage = storage or default_storage
    today = timezone.now()
    token = secrets.token_hex(16)
    safe = get_valid_filename(PurePath(filename).name) or "file"
    name = f"{GENERATED}/{folder}/{today:%Y}/{today:%m}/{token}/{safe}"
    return storage.save(name, ContentFile(data))


def read_bytes(file: FieldFile | str, *, storage: Storage | None = None) -> bytes:
    """The whole stored file."""
    storage, name = _storage_and_name(file, storage)
    with storage.open(name, "rb") as handle:
        return handle.read()


@contextmanager
def local_copy(file: FieldFile | str, *, storage: Storage | None = None) -> Iterator[Path]:
    """A temporary copy of a stored file on this machine's disk, for code that must be given a path (a
    converter run as a program). The copy keeps the file's suffix and is removed afterwards."""
    storage, name = _storage_and_name(file, storage)
    folder = Path(tempfile.mkdtemp(prefix="peixun-"))
    try:
        target = folder / (get_valid_filename(PurePath(name).name) or "file")
        with storage.open(name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, 1 << 20)
        yield target
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def generated_file(data: bytes, *, folder: str, filename: str, content_type: str = "") -> dict:
    """Keep a generated file and describe it for a job's result (``{"file": generated_file(...)}``): its
    name in the storage, the name it downloads as and its type. ``jobs:file`` serves it."""
    return {
        "name": save_generated(data, folder=folder, filename=filename),
        "filename": PurePath(filename).name,
        "content_type": content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream",
    }
