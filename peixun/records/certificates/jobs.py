"""A class's certificates as one download, made in the background: the job ``certificates.course_zip``.

The course's certificates tab starts it (``start_course_zip``); the job draws one PDF per official
holding a certificate of the course that is not revoked (telling whose it is drawing), puts them in a
zip kept through Django's storage API (``default_storage``) under ``certificates/job-<id>/``, and points
to the tab's download address, which checks the reader's permission again. Running the same job again
writes the same zip again in the same place.
"""

from __future__ import annotations

import io
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from peixun.courses.models import Course
from peixun.jobs import services as jobs
from peixun.jobs import wording
from peixun.jobs.kinds import JobError, register
from peixun.jobs.models import Job

from .codes import display_code

COURSE_ZIP = "certificates.course_zip"

wording.add_messages(
    {
        "certificates.drawing": _("Drawing the certificate of %(name)s (%(done)s of %(total)s)…"),
        "certificates.zipping": _("Putting the certificates in one file…"),
        "certificates.none": _("This course has no certificates to download: issue them first."),
        "certificates.gone": _("This course is no longer there, or you may no longer manage its certificates."),
    }
)


def start_course_zip(*, actor, course: Course, base_url: str) -> Job:
    """Start (or find, while it runs) the zip of ``course``'s certificates; ``base_url`` begins the
    verification address each certificate's QR code holds."""
    return jobs.start(
        COURSE_ZIP,
        actor=actor,
        key=f"user-{actor.pk}:course-{course.pk}",
        params={"course": course.pk, "base_url": base_url.rstrip("/")},
    )


def pdf_name(certificate) -> str:
    from .pdf import latin_name

    name = slugify(latin_name(certificate.official)) or f"official-{certificate.official_id}"
    return f"{display_code(certificate.code)}-{name}.pdf"


@register(COURSE_ZIP, title=_("Certificates of a class"))
def course_zip(job, params, progress):
    from .pdf import certificate_pdf

    actor = job.started_by
    course = Course.objects.filter(pk=params["course"]).first()
    if actor is None or course is None or not actor.has_perm("certificates.manage_course", course):
        raise JobError("certificates.gone")
    certificates = list(
        course.certificates.filter(revoked_at__isnull=True)
        .select_related("official", "course__academy")
        .order_by("official__search_key", "pk")
    )
    if not certificates:
        raise JobError("certificates.none")
    buffer = io.BytesIO()
    with wording.starters_language(job), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, certificate in enumerate(certificates):
            progress(
                0.95 * done / len(certificates),
                "certificates.drawing",
                {"name": certificate.official.name_zh, "done": done + 1, "total": len(certificates)},
            )
            verify = params["base_url"] + reverse("certificates:verify", args=[display_code(certificate.code)])
            archive.writestr(pdf_name(certificate), certificate_pdf(certificate, verify_url=verify))
    progress(0.97, "certificates.zipping")
    filename = f"{slugify(course.title_en) or 'course'}-{course.pk}-certificates.zip"
    name = f"certificates/job-{job.pk}/{filename}"
    if default_storage.exists(name):  # an earlier attempt of this job wrote it: the same file again
        default_storage.delete(name)
    kept = default_storage.save(name, ContentFile(buffer.getvalue()))
    return {
        "url": reverse("certificates:course_zip_download", args=[course.pk, job.pk]),
        "download": True,
        "file": kept,
        "filename": filename,
        "content_type": "application/zip",
        "certificates": len(certificates),
    }
