"""Pages of the slide pictures: a slide's picture in the workbench (drawn in the background), the pictures
themselves, and the preview of a translated file after export. Each checks the workbench's permissions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from peixun.core.enums import Role
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.jobs.models import Job
from peixun.jobs.wording import say
from peixun.materials.models import Material, MaterialVersion

from . import thumbnails
from .templatetags.slide_pictures import picture_context
from .workbench import selectors
from .workbench.export import EXPORT_MODES


def _material(request, pk: int, permission: str) -> Material:
    material = get_scoped(selectors.visible_materials(request.user), reason_for(permission), pk=pk)
    require(request.user, permission, material)
    return material


def _version(material: Material, version_pk: int) -> MaterialVersion:
    version = MaterialVersion.objects.filter(material=material, pk=version_pk).first()
    if version is None:
        raise Http404
    version.material = material
    return version


def _png(folder: str | None, number: int):
    from django.core.files.storage import default_storage

    if folder is None:
        raise Http404
    kept = thumbnails.manifest(folder)
    if kept is None or not 1 <= number <= kept["drawn"]:
        raise Http404
    handle = default_storage.open(thumbnails.picture_name(folder, number), "rb")
    response = FileResponse(handle, content_type="image/png")
    # The picture of a file never changes (its folder names the file's checksum); it is not for shared caches.
    response["Cache-Control"] = "private, max-age=86400"
    return response


@login_required
def slide_picture(request, pk: int, version_pk: int, number: int):
    """A slide's (or the document's) picture block: the picture, or a block that asks again every 2 s."""
    material = _material(request, pk, "materials.view_workbench")
    version = _version(material, version_pk)
    thumbnails.ensure_drawing(version, actor=request.user)
    if version.kind == "pptx":
        context = picture_context(material, version, number)
        return render(request, "materials/thumbnails/_slide_picture.html", context)
    workbench_page = request.GET.get("page", "")
    workbench_page = int(workbench_page) if workbench_page.isascii() and workbench_page.isdigit() else None
    context = picture_context(material, version, None, workbench_page)
    if context["state"] != "ready" or workbench_page is None:
        return render(request, "materials/thumbnails/_pages.html", context)
    # Drawn, for the workbench's page of segments: laid out as that page read again would be, each
    # picture beside the segments on its page (out of band), the strip only if some page is not known.
    starts, pages_known = selectors.page_starts(version, selectors.segment_page(version, workbench_page).segments)
    context.update(starts=starts, pages_known=pages_known, unlocated=True)
    return render(request, "materials/thumbnails/_pages_drawn.html", context)


@login_required
def picture(request, pk: int, version_pk: int, number: int):
    material = _material(request, pk, "materials.view_workbench")
    version = _version(material, version_pk)
    return _png(thumbnails.version_folder(version), number)


# --- preview of the translated file ---------------------------------------------------------------


def _preview_job(material: Material, job_pk: int) -> Job:
    job = Job.objects.filter(pk=job_pk, kind=thumbnails.PREVIEW_KIND, params__material=material.pk).first()
    if job is None:
        raise Http404
    return job


@login_required
def previews(request, pk: int):
    """The choice of preview (GET), and asking for one (POST, then its page)."""
    material = _material(request, pk, "materials.export_translation")
    version = selectors.editable_version(material)
    if request.method == "POST" and version is not None:
        mode = request.POST.get("mode")
        if mode in EXPORT_MODES:
            fit = {"1": True, "0": False}.get(request.POST.get("fit", ""))
            job = thumbnails.start_preview(actor=request.user, material=material, version=version, mode=mode, fit=fit)
            return redirect("thumbnails:preview", pk=material.pk, job_pk=job.pk)
    context = {
        "material": material,
        "version": version,
        "available": thumbnails.available(),
        "bilingual_first": request.user.role == Role.LECTURER,
    }
    return render(request, "materials/thumbnails/previews.html", context)


def _preview_context(material: Material, job: Job) -> dict:
    folder = thumbnails.preview_folder(job)
    kept = thumbnails.manifest(folder) if folder else None
    return {
        "material": material,
        "job": job,
        "mode": job.params.get("mode"),
        "percent": round(job.progress * 100),
        "message": say(job.progress_message, job.progress_params) if not job.is_finished else "",
        "error": say(job.error_code, job.error_params, unknown="jobs.unexpected") if job.error_code else "",
        "pages": range(1, kept["drawn"] + 1) if kept else [],
        "count": kept["count"] if kept else 0,
    }


@login_required
def preview(request, pk: int, job_pk: int):
    material = _material(request, pk, "materials.export_translation")
    job = _preview_job(material, job_pk)
    return render(request, "materials/thumbnails/preview.html", _preview_context(material, job))


@login_required
def preview_status(request, pk: int, job_pk: int):
    material = _material(request, pk, "materials.export_translation")
    job = _preview_job(material, job_pk)
    return render(request, "materials/thumbnails/_preview_status.html", _preview_context(material, job))


@login_required
def preview_picture(request, pk: int, job_pk: int, number: int):
    material = _material(request, pk, "materials.export_translation")
    job = _preview_job(material, job_pk)
    return _png(thumbnails.preview_folder(job), number)
