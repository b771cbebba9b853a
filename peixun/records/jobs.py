"""Checking an uploaded sheet of training taken elsewhere, as a background job: ``records.import_check``.

The upload page keeps the file (``imports.create_import_batch``) and starts the check (``start_check``);
the job reads and checks every row (telling how many rows it has read), and keeps what it found in its
result: each row's cells, what was read from them and what is wrong, in the uploader's language. The
preview page shows that result; applying the batch checks the file again inside its own transaction,
all or nothing. Certificates' jobs live in ``certificates/jobs.py`` (imported below, so that they are
registered with this app's).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peixun.jobs import services as jobs
from peixun.jobs import wording
from peixun.jobs.kinds import JobError, register
from peixun.jobs.models import Job

from . import imports
from .models import ImportBatch

CHECK = "records.import_check"

wording.add_messages(
    {
        "records.import_reading": _("Reading the sheet…"),
        "records.import_rows": _("%(read)s of %(total)s rows read."),
        "records.import_matching": _("Checking the rows against the officials and their records…"),
        "records.import_gone": _("This import is no longer waiting to be checked."),
    }
)


def start_check(*, actor, batch: ImportBatch) -> Job:
    """Start (or find, while it runs) the check of ``batch``."""
    return jobs.start(CHECK, actor=actor, key=f"batch-{batch.pk}", params={"batch": batch.pk})


def _row(result: imports.RowResult) -> dict:
    return {
        "row_number": result.row_number,
        "values": result.values,
        "messages": result.messages,
        "official": result.official.pk if result.official is not None else None,
        "date": result.date.isoformat() if result.date else "",
        "title": result.title,
        "provider": result.provider,
        "credited_hours": str(result.credited_hours) if result.credited_hours is not None else "",
    }


@register(CHECK, title=_("Import check"))
def check(job, params, progress):
    batch = ImportBatch.objects.filter(pk=params["batch"], status=ImportBatch.Status.PREVIEWED).first()
    if batch is None:
        raise JobError("records.import_gone")
    progress(0.05, "records.import_reading")

    def rows_read(read: int, total: int) -> None:
        progress(0.05 + 0.8 * read / max(total, 1), "records.import_rows", {"read": read, "total": total})
        if read == total:  # every row read: the officials and their records are looked up next
            progress(0.9, "records.import_matching")

    with wording.starters_language(job):
        try:
            rows = imports.parse_batch(batch, progress=rows_read)
        except imports.SheetError as error:
            rows, sheet_errors = [], error.messages
        else:
            sheet_errors = []
    return {
        "url": reverse("records:import_preview", args=[batch.pk]),
        "follow": True,
        "batch": batch.pk,
        "rows": [_row(row) for row in rows],
        "sheet_errors": sheet_errors,
    }


from .certificates import jobs as certificate_jobs  # noqa: E402, F401  (registers the certificates' kind)
