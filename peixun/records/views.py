"""Training records, corrections, imports of training taken elsewhere, and compliance reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peixun.attendance.services import credit_ended_sessions
from peixun.core import clock
from peixun.core.confirm import Confirmation, ConfirmForm, Reason, ask
from peixun.core.forms import add_service_errors
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.core.spreadsheets import xlsx_response
from peixun.jobs.enums import JobState
from peixun.jobs.views import status_context
from peixun.people.models import Official

from . import imports, selectors, services
from . import jobs as records_jobs
from .certificates.codes import display_code
from .certificates.selectors import visible_certificates
from .enums import STATUS_ORDER, ComplianceStatus, EntrySource
from .forms import ExternalTrainingForm, ImportUploadForm
from .lists import compliance_list
from .models import Certificate, ImportBatch
from .reports import build_report
from .selectors import compliance_for, ledger_of, record_officials, upcoming_enrolments

ENTRIES_PER_PAGE = 50


# Training records ----------------------------------------------------------------------------------


def record_official(request, pk: int) -> Official:
    """The official whose training record the user asks for, if they may read it: the record page and its
    PDF (the transcript) both come through here, so they answer alike."""
    official = get_scoped(record_officials(request.user), reason_for("records.view_record"), pk=pk)
    require(request.user, "records.view_record", official)
    return official


def own_record_official(request) -> Official:
    """The official the user is, for "My training record" and its PDF."""
    require(request.user, "records.view_own_record")
    return get_scoped(
        record_officials(request.user), reason_for("records.view_own_record"), pk=request.user.official.pk
    )


def record_certificates(user, official: Official) -> list[Certificate]:
    """The official's certificates that the reader may download (the PDF's scope), each with its display code."""
    found = list(visible_certificates(user).filter(official=official).order_by("-issued_at", "-pk"))
    for certificate in found:
        certificate.display_code = display_code(certificate.code)
    return found


def _record_context(request, official: Official, **extra) -> dict:
    # Sessions that have ended since the last periodic run are credited now: a record never waits for it.
    credit_ended_sessions(official=official)
    today = timezone.localdate()
    return {
        "official": official,
        "today": today,
        "compliance": compliance_for(official, today),
        "entries": Paginator(ledger_of(official), ENTRIES_PER_PAGE).get_page(request.GET.get("page")),
        "upcoming": upcoming_enrolments(request.user, official, today),
        "can_correct": request.user.has_perm("records.correct_entry", official),
        "certificates": record_certificates(request.user, official),
        **extra,
    }


@login_required
def my_record(request):
    official = own_record_official(request)
    return render(request, "records/record.html", _record_context(request, official, mine=True))


@login_required
def official_record(request, pk: int):
    official = record_official(request, pk)
    form = None
    if request.user.has_perm("records.add_entry", official):
        form = ExternalTrainingForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                entry = services.add_external_training(actor=request.user, official=official, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("“%(title)s” (%(hours)s class hours) was added to the record.")
                    % {"title": entry.title, "hours": entry.hours},
                )
                return redirect("records:official_record", pk=official.pk)
    elif request.method == "POST":
        require(request.user, "records.add_entry", official)
    return render(request, "records/record.html", _record_context(request, official, form=form, mine=False))


@login_required
def correct_entry(request, pk: int, entry_pk: int):
    """Cancel an entry by a reversing correction, once the confirmation page has been answered with a reason."""
    official = record_official(request, pk)
    require(request.user, "records.correct_entry", official)
    entry = get_scoped(ledger_of(official), _("This entry belongs to another official's record."), pk=entry_pk)
    if entry.source == EntrySource.CORRECTION or hasattr(entry, "reversed_by"):
        return render(request, "records/correct_entry.html", {"official": official, "entry": entry})
    form = ConfirmForm.from_request(
        request,
        reason=Reason.REQUIRED,
        reason_label=_("Reason for the correction"),
        reason_missing=_("Say why the entry is being corrected."),
        reason_help=_("The entry stays in the record, cancelled by a correction that shows this reason."),
    )
    if form.run(lambda reason: services.reverse_entry(actor=request.user, entry=entry, reason=reason)):
        messages.success(
            request,
            _("“%(title)s” of %(date)s was cancelled by a correction.")
            % {"title": entry.title, "date": clock.day(entry.date)},
        )
        return redirect("records:official_record", pk=official.pk)
    return ask(request, form, _correction_confirmation(official, entry))


def _correction_confirmation(official: Official, entry) -> Confirmation:
    hours = f"{entry.hours.normalize():f}"
    return Confirmation(
        title=_("Cancel “%(title)s” of %(date)s?") % {"title": entry.title, "date": clock.day(entry.date)},
        button=_("Cancel this entry"),
        cancel_url=reverse("records:official_record", args=[official.pk]),
        facts=[
            (_("Official"), str(official)),
            (_("Date"), clock.day(entry.date)),
            (_("Training"), f"{entry.title} · {entry.get_source_display()}"),
            (_("Provider"), entry.provider or "—"),
            (_("Class hours"), hours),
        ],
        consequences=[
            _("A correction of −%(hours)s class hours cancels the entry; the official's compliance counts it no more.")
            % {"hours": hours},
            _(
                "Nothing in a training record is changed or deleted: a correction with the opposite hours cancels "
                "the entry, and both stay visible."
            ),
        ],
        undo=_("No: a correction cannot itself be reversed; enter the training again instead."),
    )


# Imports ----------------------------------------------------------------------------------------


def _batch(request, batch_pk: int) -> ImportBatch:
    require(request.user, "records.import")
    return get_scoped(ImportBatch.objects.select_related("uploaded_by"), reason_for("records.import"), pk=batch_pk)


@login_required
def import_upload(request):
    require(request.user, "records.import")
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = imports.create_import_batch(actor=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            records_jobs.start_check(actor=request.user, batch=batch)
            return redirect("records:import_preview", batch_pk=batch.pk)
    recent = ImportBatch.objects.select_related("uploaded_by").order_by("-uploaded_at", "-pk")[:10]
    return render(request, "records/import_upload.html", {"form": form, "recent": recent})


@login_required
def import_preview(request, batch_pk: int):
    """The check of an uploaded sheet: how far its job is while it runs, then every row and what is wrong."""
    batch = _batch(request, batch_pk)
    rows, sheet_errors, check = [], [], None
    if batch.status == ImportBatch.Status.PREVIEWED:
        check = selectors.import_check(batch)
        if check is not None and check.state == JobState.SUCCEEDED:
            rows, sheet_errors = selectors.checked_rows(check), check.result.get("sheet_errors", [])
    entries = (
        batch.entries.select_related("official__sending_unit").order_by("pk")
        if batch.status == ImportBatch.Status.APPLIED
        else []
    )
    with_errors = [row for row in rows if not row.ok]
    context = {
        "batch": batch,
        "rows": rows,
        "sheet_errors": sheet_errors,
        "with_errors": len(with_errors),
        "ready": len(rows) - len(with_errors),
        "check": status_context(request, check) if check is not None and check.state != JobState.SUCCEEDED else None,
        "checked": check is not None and check.state == JobState.SUCCEEDED,
        "can_apply": batch.status == ImportBatch.Status.PREVIEWED and rows and not with_errors and not sheet_errors,
        "entries": entries,
        "columns": imports.COLUMNS,
    }
    return render(request, "records/import_preview.html", context)


@login_required
@require_POST
def import_check(request, batch_pk: int):
    """Check the sheet again (after a check that failed or was cancelled)."""
    batch = _batch(request, batch_pk)
    if batch.status == ImportBatch.Status.PREVIEWED:
        records_jobs.start_check(actor=request.user, batch=batch)
    return redirect("records:import_preview", batch_pk=batch.pk)


@login_required
@require_POST
def import_apply(request, batch_pk: int):
    batch = _batch(request, batch_pk)
    try:
        batch = imports.apply_import(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, _("Nothing was imported."))
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(rows)s entries of training elsewhere were added to the officials' records.") % {"rows": batch.rows},
        )
    return redirect("records:import_preview", batch_pk=batch.pk)


@login_required
def import_discard(request, batch_pk: int):
    """Set an import aside, once the confirmation page has been answered."""
    batch = _batch(request, batch_pk)
    form = ConfirmForm.from_request(request)
    if form.is_confirmed():
        if not form.run(lambda _reason: imports.discard_import(actor=request.user, batch=batch), refusals_to=request):
            return redirect("records:import_preview", batch_pk=batch.pk)
        messages.success(request, _("The import of “%(file)s” was discarded.") % {"file": batch.filename})
        return redirect("records:import")
    confirmation = Confirmation(
        title=_("Discard the import of “%(file)s”?") % {"file": batch.filename},
        button=_("Discard this import"),
        cancel_url=reverse("records:import_preview", args=[batch.pk]),
        facts=[(_("File"), batch.filename), (_("Uploaded"), clock.when(batch.uploaded_at))],
        consequences=[
            _("Nothing from this file is added to any training record, and it can no longer be applied."),
            _("The file itself is kept with the record of the import."),
        ],
        undo=_("Not as such: upload the file again to check and import it."),
    )
    return ask(request, form, confirmation)


@login_required
def import_template(request):
    require(request.user, "records.import")
    return xlsx_response("training-import-template.xlsx", imports.template_workbook())


# Compliance reports ----------------------------------------------------------------------------------


@login_required
def compliance_report(request):
    require(request.user, "records.view_compliance")
    report = build_report(request.user, request.GET)
    listing = compliance_list(report.rules).build(request, report.rows)
    statuses = [(status, ComplianceStatus(status).label) for status in STATUS_ORDER]
    context = {"report": report, "listing": listing, "page": listing.page, "statuses": statuses}
    return render(request, "records/compliance.html", context)
