"""Pictures of a version's slides or pages, and of an exported translation's: drawn by background jobs, kept in storage.

Pictures are PNG files in Django's storage (``default_storage``), never served from a public URL (the
views in ``thumbnail_views.py`` check the workbench's permissions):

- a version's: ``thumbnails/versions/<version pk>-<first 16 of its SHA-256>/<n>.png``;
- an export's: ``thumbnails/exports/<SHA-256 of the exported file>/<n>.png`` (the same translations in
  the same mode give the same file, so they are drawn once).

Each folder's ``pages.json`` (``{"count": pages in the file, "drawn": pictures kept}``, and for a Word
version ``"segments"``: the page each segment's text was found on, by key, ``docengine.pages.locate``)
is written last: a folder without it is not ready. Two job kinds draw them: ``materials.thumbnails`` (one per version,
key ``version:<pk>``, started when a deck or document is uploaded and again on demand) and
``materials.export_preview`` (the translated file written in the job, then drawn). Without LibreOffice
(``PEIXUN_LIBREOFFICE_PATH``, a PATH to look in; unset: the server's PATH) nothing is started and the
workbench says so.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peixun.docengine.render import RenderError, libreoffice, render_pages
from peixun.jobs import dispatch
from peixun.jobs import services as job_services
from peixun.jobs.enums import UNFINISHED, JobState
from peixun.jobs.kinds import JobError, register
from peixun.jobs.models import Job
from peixun.jobs.wording import add_messages

from .models import Material, MaterialVersion

VERSION_KIND = "materials.thumbnails"
PREVIEW_KIND = "materials.export_preview"
WIDTH = 480
MAX_PAGES = 300
#: Pictures of an export shown on its preview page (the file itself has them all).
PREVIEW_PAGES = 120
MANIFEST = "pages.json"

add_messages(
    {
        "materials.thumbnails.drawing": _("Drawing the slides and pages…"),
        "materials.thumbnails.exporting": _("Writing the translated file…"),
        "materials.thumbnails.storing": _("Keeping %(count)s pictures…"),
        "materials.thumbnails.unavailable": _("Slide pictures need LibreOffice on the server; the text is all here."),
        "materials.thumbnails.unsupported": _("Only PowerPoint decks and Word documents are drawn."),
        "materials.thumbnails.broken": _("The file is not a PowerPoint or Word file that can be drawn."),
        "materials.thumbnails.timeout": _("LibreOffice took too long to draw the file."),
        "materials.thumbnails.failed": _("LibreOffice could not draw the file."),
        "materials.thumbnails.bad_pdf": _("LibreOffice could not draw the file."),
        "materials.thumbnails.too_large": _("The file is too large to be drawn."),
        "materials.thumbnails.gone": _("The version or presentation no longer exists."),
        "materials.thumbnails.refused": _("The translated file could not be written: %(reason)s"),
    }
)


def available() -> bool:
    """Whether LibreOffice is installed where ``PEIXUN_LIBREOFFICE_PATH`` (or the server's PATH) says."""
    return libreoffice(getattr(settings, "PEIXUN_LIBREOFFICE_PATH", None)) is not None


def version_folder(version: MaterialVersion) -> str:
    return f"thumbnails/versions/{version.pk}-{version.sha256[:16]}"


def export_folder(sha256: str) -> str:
    return f"thumbnails/exports/{sha256}"


def version_key(version: MaterialVersion) -> str:
    return f"version:{version.pk}"


def manifest(folder: str) -> dict | None:
    """The folder's ``pages.json``, or None while its pictures are not all kept."""
    name = f"{folder}/{MANIFEST}"
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        return json.loads(handle.read().decode("utf-8"))


def picture_name(folder: str, number: int) -> str:
    return f"{folder}/{number}.png"


@dataclass(frozen=True)
class Pictures:
    """Where a version's pictures are: ``state`` is ready, drawing, failed, unavailable or none (a PDF)."""

    state: str
    count: int = 0
    drawn: int = 0
    error: str = ""
    #: A Word version's page of each segment found on one, by key; None when pictures kept before pages
    #: were looked for.
    segment_pages: dict | None = None

    def has(self, number: int | None) -> bool:
        return self.state == "ready" and number is not None and 1 <= number <= self.drawn

    def page_of(self, key: str) -> int | None:
        """The pictured page a Word segment is on, or None when it is not known."""
        number = (self.segment_pages or {}).get(key)
        return number if self.has(number) else None


def pictures_of(version: MaterialVersion) -> Pictures:
    """The state of ``version``'s pictures (looked up once per version object)."""
    cached = getattr(version, "_pictures", None)
    if cached is not None:
        return cached
    found = _look_up(version)
    version._pictures = found
    return found


def _look_up(version: MaterialVersion) -> Pictures:
    if version.kind not in ("pptx", "docx"):
        return Pictures("none")
    kept = manifest(version_folder(version))
    if kept is not None:
        return Pictures("ready", count=kept["count"], drawn=kept["drawn"], segment_pages=kept.get("segments"))
    job = Job.objects.filter(kind=VERSION_KIND, key=version_key(version)).order_by("-pk").first()
    if job is not None and job.state == JobState.FAILED:
        from peixun.jobs.wording import say

        return Pictures("failed", error=say(job.error_code, job.error_params, unknown="jobs.unexpected"))
    if not available():
        return Pictures("unavailable")
    return Pictures("drawing")


_ON_UPLOAD = contextvars.ContextVar("peixun_pictures_on_upload", default=True)


@contextlib.contextmanager
def not_on_upload():
    """Uploads inside this block start no drawing (the demo loader: the pictures are drawn on demand)."""
    token = _ON_UPLOAD.set(False)
    try:
        yield
    finally:
        _ON_UPLOAD.reset(token)


def start_on_upload(version: MaterialVersion, *, actor=None) -> Job | None:
    """What an upload calls: :func:`start_drawing`, by a worker. Not inside :func:`not_on_upload`, nor
    without a broker, where the drawing would hold up the upload's own answer (tens of seconds for a long
    deck): the workbench then draws on demand, when its picture block first asks."""
    if not _ON_UPLOAD.get() or not dispatch.has_broker():
        return None
    return start_drawing(version, actor=actor)


def start_drawing(version: MaterialVersion, *, actor=None) -> Job | None:
    """Ask for ``version``'s pictures (a job, run after the commit); None when there is nothing to start:
    a PDF, LibreOffice missing, or pictures already kept. A second ask while one runs gets that job."""
    if version.kind not in ("pptx", "docx") or not available() or manifest(version_folder(version)) is not None:
        return None
    return job_services.start(VERSION_KIND, actor=actor, key=version_key(version), params={"version": version.pk})


def ensure_drawing(version: MaterialVersion, *, actor=None) -> Job | None:
    """Start the pictures when none are kept and no job is drawing them (a failed job is not retried
    here: the workbench says why, and a new upload draws again)."""
    unfinished_or_failed = Job.objects.filter(
        kind=VERSION_KIND, key=version_key(version), state__in=[*UNFINISHED, JobState.FAILED]
    )
    if unfinished_or_failed.exists():
        return None
    return start_drawing(version, actor=actor)


def _store(folder: str, rendered, segment_pages: dict | None = None) -> int:
    """Keep the pictures and then the manifest; what an earlier attempt left is replaced."""
    for number, png in enumerate(rendered.pages, start=1):
        name = picture_name(folder, number)
        if default_storage.exists(name):
            default_storage.delete(name)
        default_storage.save(name, ContentFile(png))
    name = f"{folder}/{MANIFEST}"
    if default_storage.exists(name):
        default_storage.delete(name)
    kept = {"count": rendered.page_count, "drawn": len(rendered.pages)}
    if segment_pages is not None:
        kept["segments"] = segment_pages
    content = json.dumps(kept)
    default_storage.save(name, ContentFile(content.encode("utf-8")))
    return len(rendered.pages)


def _render(data: bytes, kind: str, max_pages: int):
    try:
        return render_pages(
            data,
            kind,
            width=WIDTH,
            max_pages=max_pages,
            search_path=getattr(settings, "PEIXUN_LIBREOFFICE_PATH", None),
        )
    except RenderError as error:
        raise JobError(f"materials.thumbnails.{error.code}") from error


@register(VERSION_KIND, title=_("Slide pictures"))
def draw_version(job, params, progress):
    version = MaterialVersion.objects.filter(pk=params.get("version")).first()
    if version is None:
        raise JobError("materials.thumbnails.gone")
    folder = version_folder(version)
    if manifest(folder) is None:
        progress(0.1, "materials.thumbnails.drawing")
        with version.file.open("rb") as handle:
            data = handle.read()
        rendered = _render(data, version.kind, MAX_PAGES)
        progress(0.9, "materials.thumbnails.storing", {"count": len(rendered.pages)})
        _store(folder, rendered, segment_pages(version, rendered.texts) if version.kind == "docx" else None)
    return {"version": version.pk}


def segment_pages(version: MaterialVersion, page_texts) -> dict[str, int]:
    """The page of each of ``version``'s segments found on the drawn pages (``page_texts``), by key."""
    from peixun.docengine.pages import locate

    segments = list(version.segments.order_by("order").values_list("key", "source"))
    found = locate([source for _key, source in segments], page_texts)
    return {key: page for (key, _source), page in zip(segments, found, strict=True) if page is not None}


# --- the preview of an export ------------------------------------------------------------------


def start_preview(*, actor, material: Material, version: MaterialVersion, mode: str, fit: bool | None) -> Job:
    """Write the translation in ``mode`` and draw it, in a job; asking again while it runs gets that job."""
    key = f"version:{version.pk}:{mode}:{fit}"
    params = {"material": material.pk, "version": version.pk, "mode": mode, "fit": fit}
    return job_services.start(PREVIEW_KIND, actor=actor, key=key, params=params)


def preview_folder(job: Job) -> str | None:
    """The folder of a finished preview job's pictures."""
    sha = (job.result or {}).get("sha256", "") if job.state == JobState.SUCCEEDED else ""
    return export_folder(sha) if sha and len(sha) == 64 and sha.isalnum() else None


@register(PREVIEW_KIND, title=_("Preview of the translated slides"))
def draw_export(job, params, progress):
    from django.core.exceptions import ValidationError

    from .workbench.export import export_version

    version = MaterialVersion.objects.filter(pk=params.get("version"), material_id=params.get("material")).first()
    if version is None:
        raise JobError("materials.thumbnails.gone")
    material = version.material
    progress(0.05, "materials.thumbnails.exporting")
    try:
        data, _filename = export_version(material, version, params.get("mode", "translated"), fit=params.get("fit"))
    except ValidationError as refusal:
        raise JobError("materials.thumbnails.refused", reason=" ".join(refusal.messages)) from refusal
    sha = hashlib.sha256(data).hexdigest()
    folder = export_folder(sha)
    if manifest(folder) is None:
        progress(0.2, "materials.thumbnails.drawing")
        rendered = _render(data, version.kind, PREVIEW_PAGES)
        progress(0.9, "materials.thumbnails.storing", {"count": len(rendered.pages)})
        _store(folder, rendered)
    url = reverse("thumbnails:preview", args=[material.pk, job.pk])
    return {"sha256": sha, "url": url}
