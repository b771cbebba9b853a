"""Pictures of a deck's slides or a document's pages: LibreOffice draws a PDF, pypdfium2 turns its pages into PNGs.

No Django here. :func:`libreoffice` says whether LibreOffice is installed (a lookup of ``soffice`` or
``libreoffice`` on a PATH the caller may give); :func:`render_pages` converts a ``.pptx``/``.docx`` in a
temporary folder with a user profile of its own (so two conversions never share LibreOffice's lock),
held to a timeout, with no network and a bounded number of pages and pixels. Every failure raises
:class:`RenderError` with a code (``RENDER_CODES``).
"""

from __future__ import annotations

import functools
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

#: The codes of :class:`RenderError`.
RENDER_CODES = ("unavailable", "unsupported", "broken", "timeout", "failed", "bad_pdf", "too_large")

DEFAULT_WIDTH = 480
#: No picture is taller than this many times its width (a long Word page stays small).
MAX_ASPECT = 3
MAX_WIDTH = 1600
DEFAULT_MAX_PAGES = 300
DEFAULT_TIMEOUT = 180
#: A file larger than this is not handed to LibreOffice (the upload guard allows 50 MB).
MAX_INPUT_BYTES = 60 * 1024 * 1024


class RenderError(Exception):
    """A file that could not be drawn: ``code`` is one of ``RENDER_CODES``, ``params`` its details."""

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Rendered:
    """The pictures of a file: one PNG per slide or page (up to the limit), and how many pages it has;
    ``texts``: the text drawn on each pictured page (to find a segment's page, ``pages.locate``)."""

    pages: list[bytes]
    page_count: int
    texts: tuple[str, ...] = ()

    @property
    def truncated(self) -> bool:
        return len(self.pages) < self.page_count


def libreoffice(search_path: str | None = None) -> str | None:
    """The LibreOffice program to run, or None when it is not installed.

    ``search_path`` is a PATH (``os.pathsep``-separated folders) to look in instead of the process's."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name, path=search_path)
        if found:
            return found
    return None


def render_pages(
    data: bytes,
    kind: str,
    *,
    width: int = DEFAULT_WIDTH,
    max_pages: int = DEFAULT_MAX_PAGES,
    timeout: float = DEFAULT_TIMEOUT,
    search_path: str | None = None,
) -> Rendered:
    """One PNG per slide or page of ``data`` (a ``kind`` of ``"pptx"`` or ``"docx"``), ``width`` pixels wide.

    Only the first ``max_pages`` pages are drawn; ``Rendered.page_count`` tells how many there are."""
    if kind not in ("pptx", "docx"):
        raise RenderError("unsupported", kind=kind)
    if not data.startswith(b"PK\x03\x04"):
        # LibreOffice would draw anything it can read as plain text: only an Office package is drawn.
        raise RenderError("broken")
    if len(data) > MAX_INPUT_BYTES:
        raise RenderError("too_large", size=len(data))
    program = libreoffice(search_path)
    if program is None:
        raise RenderError("unavailable")
    width = max(16, min(int(width), MAX_WIDTH))
    with tempfile.TemporaryDirectory(prefix="peixun-render-") as folder:
        pdf = _convert(program, Path(folder), data, kind, timeout)
        return _rasterise(pdf, width, max_pages)


@functools.cache
def _no_network_prefix() -> tuple[str, ...]:
    """``unshare`` into an empty network namespace when this machine allows it (no network at all for
    LibreOffice: a deck's links to outside pictures are not fetched); otherwise nothing."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return ()
    for prefix in ((unshare, "--net"), (unshare, "--map-root-user", "--net")):
        try:
            probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=10, check=False)  # noqa: S603
        except (OSError, subprocess.SubprocessError):
            continue
        if probe.returncode == 0:
            return prefix
    return ()


def _convert(program: str, folder: Path, data: bytes, kind: str, timeout: float) -> bytes:
    source = folder / f"file.{kind}"
    source.write_bytes(data)
    profile = folder / "profile"
    outdir = folder / "out"
    command = [
        *_no_network_prefix(),
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(source),
    ]
    # No network: an empty network namespace where the machine allows one, and no proxy in any case.
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "LANG": "C.UTF-8",
        "SAL_USE_VCLPLUGIN": "svp",
        "no_proxy": "*",
    }
    try:
        process = subprocess.Popen(  # noqa: S603  (our own arguments: the program found on PATH, temporary paths)
            command,
            cwd=folder,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as error:
        raise RenderError("unavailable", reason=str(error)) from error
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as expired:
        _kill_group(process)
        raise RenderError("timeout", seconds=timeout) from expired
    finally:
        # LibreOffice may leave a helper behind in its process group: none outlives the conversion.
        _kill_group(process)
    pdf = outdir / "file.pdf"
    if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        tail = (output or b"").decode("utf-8", "replace")[-300:]
        raise RenderError("failed", returncode=process.returncode, output=tail)
    return pdf.read_bytes()


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    if process.poll() is None:
        process.kill()
    process.wait()


def _rasterise(pdf: bytes, width: int, max_pages: int) -> Rendered:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(pdf)
    except pypdfium2.PdfiumError as error:
        raise RenderError("bad_pdf", reason=str(error)) from error
    try:
        count = len(document)
        if count == 0:
            raise RenderError("failed", reason="no pages")
        pages, texts = [], []
        for index in range(min(count, max(0, max_pages))):
            page = document[index]
            texts.append(_page_text(page))
            pages.append(_page_png(page, width))
        return Rendered(pages=pages, page_count=count, texts=tuple(texts))
    finally:
        document.close()


def _page_text(page) -> str:
    text_page = page.get_textpage()
    try:
        return text_page.get_text_range()
    finally:
        text_page.close()


def _page_png(page, width: int) -> bytes:
    import io

    page_width, page_height = page.get_size()
    if page_width <= 0 or page_height <= 0:
        raise RenderError("bad_pdf", reason="empty page")
    scale = width / page_width
    # A very tall page is drawn to the allowed height: its top part, never a huge picture.
    max_height = width * MAX_ASPECT
    crop_bottom = max(0.0, page_height - max_height / scale)
    try:
        bitmap = page.render(scale=scale, crop=(0, crop_bottom, 0, 0))
        image = bitmap.to_pil()
    finally:
        page.close()
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
