"""Pages of the translation workbench, the translation memory and the glossary."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from peixun.core.confirm import Confirmation, ConfirmForm, ask
from peixun.core.enums import Role
from peixun.core.forms import add_service_errors
from peixun.core.lists import MAX_QUERY
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.curriculum.models import Topic
from peixun.jobs.enums import JobState
from peixun.jobs.selectors import visible_jobs
from peixun.jobs.views import answer_started, kept_file
from peixun.materials import machine
from peixun.materials import memory as memory_services
from peixun.materials.lists import GLOSSARY
from peixun.materials.models import GlossaryTerm, Material, Segment

from . import jobs, selectors, services

MEMORY_PAGE = 50
#: Where a save refused without JavaScript leaves what was typed for the page it goes back to.
REFUSED_SAVE = "workbench_refused_save"


class SegmentForm(forms.Form):
    target = forms.CharField(required=False, widget=forms.Textarea, strip=False, max_length=20_000)


class TmxImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("TMX file"))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)


class GlossaryTermForm(forms.Form):
    english = forms.CharField(label=gettext_lazy("English"), max_length=200)
    chinese = forms.CharField(
        label=gettext_lazy("Chinese"),
        max_length=200,
        help_text=gettext_lazy("Accepted renderings separated by “|”, the preferred one first."),
    )
    topic = forms.ModelChoiceField(label=gettext_lazy("Topic"), queryset=Topic.objects.all(), required=False)
    notes = forms.CharField(label=gettext_lazy("Notes"), max_length=300, required=False)


def _material(request, pk: int, permission: str) -> Material:
    material = get_scoped(selectors.visible_materials(request.user), reason_for(permission), pk=pk)
    require(request.user, permission, material)
    return material


def _workbench_context(request, material: Material, version, page, views, progress) -> dict:
    can_edit = request.user.has_perm("materials.translate_material", material) and selectors.is_open_for_translation(
        material
    )
    return {
        "material": material,
        "version": version,
        "page": page,
        "views": views,
        "progress": progress,
        "can_edit": can_edit,
        "is_open": selectors.is_open_for_translation(material),
        "can_export": request.user.has_perm("materials.export_translation", material),
        "export_choices": _export_choices(request, version),
        "machine_available": can_edit and machine.enabled(),
    }


def _add_machine_suggestions(request, views) -> bool:
    """Machine translations of the page's segments, beside the memory's; a failure is said, not raised."""
    from peixun.materials.chip_markup import PROTECTED

    try:
        answers = machine.suggestions([selectors.machine_source(view.segment) for view in views], protected=PROTECTED)
    except machine.MachineUnavailable as unavailable:
        messages.error(request, unavailable.message)
        return False
    for view, answer in zip(views, answers, strict=True):
        view.machine = selectors.machine_suggestion(view.segment, answer)
    return True


def _keep_refused(request, material: Material, segment: Segment | None, errors: list[str]) -> None:
    """A save refused without JavaScript: what was typed and why it was refused, for the page the
    translator is sent back to (``_show_refused``); nothing was saved."""
    request.session[REFUSED_SAVE] = {
        "material": material.pk,
        "segment": segment.pk if segment is not None else None,
        "typed": request.POST.get("target", "")[:20_000],
        "errors": errors,
    }


def _show_refused(request, material: Material, context: dict) -> None:
    """The refused save's text back in its segment's box with the errors under it; where the box is
    not on the page (the presentation has moved on), the errors and the text above the segments."""
    refused = request.session.pop(REFUSED_SAVE, None)
    if not isinstance(refused, dict) or refused.get("material") != material.pk:
        return
    errors = [str(message) for message in refused.get("errors") or []]
    typed = str(refused.get("typed") or "")
    view = next((view for view in context["views"] if view.segment.pk == refused.get("segment")), None)
    if view is not None and context["can_edit"]:
        view.markup, view.errors = typed, errors
    else:
        context["refused"] = {"errors": errors, "typed": typed}


@login_required
def workbench_edit(request, pk: int):
    material = _material(request, pk, "materials.view_workbench")
    version = selectors.editable_version(material)
    if version is None:
        context = _workbench_context(request, material, None, None, [], None)
        return render(request, "materials/workbench/workbench.html", context)
    page = selectors.segment_page(version, request.GET.get("page"))
    views = selectors.segment_views(page.segments)
    context = _workbench_context(request, material, version, page, views, selectors.progress_of(version))
    context["pages_known"] = selectors.with_pages(version, views)
    _show_refused(request, material, context)
    if context["machine_available"] and request.GET.get("machine") == "1" and views:
        context["machine_shown"] = _add_machine_suggestions(request, views)
    next_segment = selectors.first_untranslated(version)
    if next_segment is not None:
        context["next_url"] = f"?page={selectors.page_of_segment(next_segment)}#seg-{next_segment.pk}"
    return render(request, "materials/workbench/workbench.html", context)


@login_required
@require_POST
def workbench_save(request, pk: int, segment_pk: int):
    material = _material(request, pk, "materials.translate_material")
    version = selectors.editable_version(material)
    not_current = _("This segment is not part of the version being translated.")
    earlier = None
    if version is not None:
        earlier = Segment.objects.filter(version__material=material, pk=segment_pk).exclude(version=version).first()
    if earlier is not None:
        # A page of an earlier version: the text goes back to the same place in the new one, unsaved.
        segment = version.segments.filter(key=earlier.key).first()
        if request.htmx:
            return _earlier_segment(request, material, version, earlier, segment, not_current)
        _keep_refused(request, material, segment, [not_current])
        url = reverse("workbench:edit", args=[material.pk])
        if segment is None:
            return redirect(url)
        segment.version = version
        return redirect(f"{url}?page={selectors.page_of_segment(segment)}#seg-{segment.pk}")
    segments = Segment.objects.filter(version=version) if version else Segment.objects.none()
    segment = get_scoped(segments, not_current, pk=segment_pk)
    segment.version = version
    version.material = material
    form = SegmentForm(request.POST)
    error = None
    errors: list[str] = []
    if form.is_valid():
        try:
            segment = services.save_segment(
                actor=request.user,
                segment=segment,
                target=form.cleaned_data["target"],
                done=request.POST.get("status") == "translated",
            )
        except ValidationError as refusal:
            errors = refusal.messages
            error = " ".join(errors)
    else:
        errors = [message for field_errors in form.errors.values() for message in field_errors]
        error = " ".join(errors)
    if not request.htmx:
        if error:
            # Nothing was saved: the page shows the box again with what was typed, to be corrected.
            _keep_refused(request, material, segment, errors)
        else:
            messages.success(request, _("The translation was saved."))
        url = reverse("workbench:edit", args=[material.pk])
        return redirect(f"{url}?page={selectors.page_of_segment(segment)}#seg-{segment.pk}")
    view = selectors.segment_views([segment])[0]
    if error is not None:
        # Nothing was saved: the box keeps what the translator typed, to be corrected.
        view.markup = request.POST.get("target", "")[:20_000]
        view.errors = errors
    context = _workbench_context(request, material, version, None, [view], selectors.progress_of(version))
    context.update(view=view, saved=error is None, oob=True)
    return render(request, "materials/workbench/_segment.html", context)


def _earlier_segment(request, material: Material, version, earlier: Segment, current: Segment | None, reason: str):
    """A save from a page of an earlier version, over htmx: nothing is saved and the card stays where it is
    with what was typed and why; its one button takes the text to the same segment of the new version (the
    plain form's answer, ``_keep_refused``). The page's other boxes keep their text meanwhile."""
    view = selectors.segment_views([earlier])[0]
    view.markup = request.POST.get("target", "")[:20_000]
    view.earlier = True
    view.in_new_version = current is not None
    if current is not None:
        view.errors = [reason, _("Your text is still here: take it to the new version to save it there.")]
    else:
        view.errors = [reason, _("The new version has no such segment: copy your text to keep it.")]
    context = _workbench_context(request, material, version, None, [view], selectors.progress_of(version))
    context.update(view=view, saved=False, oob=True)
    return render(request, "materials/workbench/_segment.html", context)


def _export_choices(request, version) -> list[tuple[str, str, str, str]]:
    """The files offered: (mode, fit, label, test id), the lecturer's usual one (bilingual) first."""
    chinese = ("translated", "0", _("Download Chinese version"), "export-translated")
    bilingual = ("bilingual", "1", _("Download bilingual version"), "export-bilingual")
    choices = [bilingual, chinese] if request.user.role == Role.LECTURER else [chinese, bilingual]
    if version is not None and version.kind == "pptx":
        choices.append(("translated", "1", _("Download Chinese version, shrunk to fit"), "export-translated-fit"))
    return choices


@login_required
def workbench_export(request, pk: int):
    """The translated files to ask for (GET), and asking for one (POST): a job writes it (``jobs.py``),
    the page follows it and then offers the download."""
    material = _material(request, pk, "materials.export_translation")
    version = selectors.editable_version(material)
    if version is None:
        messages.error(request, _("This presentation has no PowerPoint or Word version to export yet."))
        return redirect("workbench:edit", pk=material.pk)
    if request.method != "POST":
        context = {"material": material, "export_choices": _export_choices(request, version)}
        return render(request, "materials/workbench/export.html", context)
    default = "bilingual" if request.user.role == Role.LECTURER else "translated"
    mode = request.POST.get("mode") or default
    fit = {"1": True, "0": False}.get(request.POST.get("fit", ""))  # else the mode's default
    try:
        job = jobs.start_export(actor=request.user, material=material, version=version, mode=mode, fit=fit)
    except ValidationError as refusal:
        return HttpResponse(" ".join(refusal.messages), status=400, content_type="text/plain; charset=utf-8")
    return answer_started(request, job, back=reverse("workbench:edit", args=[material.pk]))


@login_required
@require_GET
def export_download(request, pk: int, job_pk: int):
    """A translated file a job wrote, for whoever may still export the presentation and follow the job."""
    material = _material(request, pk, "materials.export_translation")
    finished = visible_jobs(request.user).filter(
        kind=jobs.EXPORT, state=JobState.SUCCEEDED, params__material=material.pk
    )
    job = get_scoped(finished, reason_for("jobs.follow_job"), pk=job_pk)
    require(request.user, "jobs.follow_job", job)
    return kept_file(request, job)


# --- translation memory ----------------------------------------------------------------------


@login_required
def memory_page(request):
    require(request.user, "materials.view_memory")
    # A NUL byte cannot be part of a PostgreSQL string: the search drops it, as the lists' search boxes do.
    query = request.GET.get("q", "").replace("\x00", "")[:MAX_QUERY]
    page = Paginator(memory_services.search_memory(query), MEMORY_PAGE).get_page(request.GET.get("page"))
    return render(request, "materials/workbench/memory.html", _memory_context(request, query, page, TmxImportForm()))


def _memory_context(request, query: str, page, form) -> dict:
    """The memory page: its entries name the presentation they came from only to those who may open it."""
    entries = page.object_list
    material_ids = {entry.material_id for entry in entries if entry.material_id}
    openable = set(selectors.visible_materials(request.user).filter(pk__in=material_ids).values_list("pk", flat=True))
    for entry in entries:
        entry.shown_material = entry.material if entry.material_id in openable else None
    return {
        "counts": memory_services.memory_counts(),
        "query": query,
        "page": page,
        "form": form,
        "can_import": request.user.has_perm("materials.import_memory"),
    }


@login_required
@require_POST
def memory_import(request):
    require(request.user, "materials.import_memory")
    form = TmxImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = memory_services.import_tmx(
                actor=request.user, file=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            message = ngettext(
                "The file was imported: %(count)s new entry.", "The file was imported: %(count)s new entries.", added
            )
            messages.success(request, message % {"count": added})
            return redirect("workbench:memory")
    page = Paginator(memory_services.search_memory(""), MEMORY_PAGE).get_page(1)
    return render(request, "materials/workbench/memory.html", _memory_context(request, "", page, form), status=400)


@login_required
def memory_tmx(request):
    require(request.user, "materials.export_memory")
    response = HttpResponse(memory_services.export_tmx(), content_type="application/x-tmx+xml; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="peixun-memory.tmx"'
    return response


# --- glossary --------------------------------------------------------------------------------


def _term_data(form: GlossaryTermForm) -> dict:
    return {name: form.cleaned_data[name] for name in services.GLOSSARY_FIELDS}


@login_required
def glossary_page(request):
    require(request.user, "materials.view_glossary")
    form = GlossaryTermForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "materials.change_glossary")
        if form.is_valid():
            try:
                term = services.add_glossary_term(actor=request.user, **_term_data(form))
            except ValidationError as refusal:
                add_service_errors(form, refusal)
            else:
                messages.success(request, _("“%(term)s” was added to the glossary.") % {"term": term.english})
                return redirect("workbench:glossary")
    listing = GLOSSARY.build(request, selectors.search_glossary(""))
    for term in listing.rows:
        term.renderings = [part.strip() for part in term.chinese.split("|") if part.strip()]
    context = {
        "form": form,
        "listing": listing,
        "page": listing.page,
        "can_change": request.user.has_perm("materials.change_glossary"),
    }
    return render(request, "materials/workbench/glossary.html", context, status=400 if form.errors else 200)


@login_required
def glossary_edit(request, term_pk: int):
    require(request.user, "materials.change_glossary")
    term = get_scoped(GlossaryTerm.objects.all(), reason_for("materials.change_glossary"), pk=term_pk)
    initial = {name: getattr(term, name) for name in services.GLOSSARY_FIELDS}
    form = GlossaryTermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_glossary_term(actor=request.user, term=term, **_term_data(form))
        except ValidationError as refusal:
            add_service_errors(form, refusal)
        else:
            messages.success(request, _("The term was saved."))
            return redirect("workbench:glossary")
    return render(request, "materials/workbench/glossary_term.html", {"form": form, "term": term})


@login_required
def glossary_delete(request, term_pk: int):
    """Remove a term from the glossary, once the confirmation page has been answered."""
    require(request.user, "materials.change_glossary")
    term = get_scoped(GlossaryTerm.objects.all(), reason_for("materials.change_glossary"), pk=term_pk)
    form = ConfirmForm.from_request(request)
    if form.run(lambda _reason: services.delete_glossary_term(actor=request.user, term=term)):
        messages.success(request, _("“%(term)s” was removed from the glossary.") % {"term": term.english})
        return redirect("workbench:glossary")
    confirmation = Confirmation(
        title=_("Remove “%(term)s” from the glossary?") % {"term": term.english},
        button=_("Remove from the glossary"),
        cancel_url=reverse("workbench:glossary_edit", args=[term.pk]),
        facts=[(_("English"), term.english), (_("Chinese"), term.chinese)]
        + ([(_("Notes"), term.notes)] if term.notes else []),
        consequences=[
            _("The workbench no longer suggests this rendering or checks segments against it."),
            _("Translations already made with it stay as they are."),
        ],
        undo=_("Yes: add the term again on the glossary page, with the English and Chinese shown here."),
    )
    return ask(request, form, confirmation)
