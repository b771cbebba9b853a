"""A translated deck or document written as a file in the background: the job ``materials.export``.

The workbench starts it (``start_export``) for one version, one mode (the Chinese version or the
bilingual one) and one choice of shrinking to fit; the file is kept through Django's storage API
(``default_storage``, so on shared object storage when configured) under ``exports/job-<id>/``, and the
job's result points to the workbench's download address, which checks the reader's permission again.
Running the same job again writes the same file again in the same place.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peixun.jobs import services as jobs
from peixun.jobs import wording
from peixun.jobs.kinds import JobError, register
from peixun.jobs.models import Job
from peixun.materials.models import Material

from . import export

EXPORT = "materials.export"
CONTENT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

wording.add_messages(
    {
        "materials.export_writing": _("Writing the translations into the file…"),
        "materials.export_keeping": _("Keeping the file for download…"),
        "materials.export_gone": _(
            "This presentation or its version is no longer there, or you may no longer export it."
        ),
        # The document engine's refusal, already said in the starter's language.
        "materials.export_refused": "%(reason)s",
    }
)


def start_export(*, actor, material, version, mode: str, fit: bool | None) -> Job:
    """Start (or find, while the same export runs) the export of ``version`` of ``material``."""
    if mode not in export.EXPORT_MODES:
        raise ValidationError(_("Choose the Chinese version or the bilingual version."), code="mode")
    fit_key = {True: "fit", False: "nofit", None: "default"}[fit]
    return jobs.start(
        EXPORT,
        actor=actor,
        key=f"user-{actor.pk}:version-{version.pk}:{mode}:{fit_key}",
        params={"material": material.pk, "version": version.pk, "mode": mode, "fit": fit},
    )


def stored_name(job: Job, filename: str) -> str:
    return f"exports/job-{job.pk}/{filename}"


@register(EXPORT, title=_("Translated file"))
def export_file(job, params, progress):
    actor = job.started_by
    material = Material.objects.filter(pk=params["material"]).first()
    version = material.versions.filter(pk=params["version"]).first() if material else None
    if actor is None or version is None or not actor.has_perm("materials.export_translation", material):
        raise JobError("materials.export_gone")
    progress(0.1, "materials.export_writing")
    with wording.starters_language(job):
        try:
            data, filename = export.export_version(material, version, params["mode"], fit=params["fit"])
        except ValidationError as refusal:
            raise JobError("materials.export_refused", reason=" ".join(refusal.messages)) from refusal
    progress(0.9, "materials.export_keeping")
    name = stored_name(job, filename)
    if default_storage.exists(name):  # an earlier attempt of this job wrote it: the same file again
        default_storage.delete(name)
    kept = default_storage.save(name, ContentFile(data))
    return {
        "url": reverse("workbench:export_download", args=[material.pk, job.pk]),
        "download": True,
        "file": kept,
        "filename": filename,
        "content_type": CONTENT_TYPES.get(version.kind, "application/octet-stream"),
    }
