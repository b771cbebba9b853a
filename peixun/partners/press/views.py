"""The press archive and the translated documents: public to read, programme staff add and edit."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from peixun.core.files import file_response
from peixun.core.forms import add_service_errors
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.core.selectors import events_for

from . import services
from .forms import DocumentForm, PressItemForm
from .lists import PRESS
from .selectors import press_years, visible_documents, visible_press_items
from .uploads import CONTENT_TYPES

PER_PAGE = 20


@require_safe
def press_list(request):
    items = visible_press_items(request.user)
    listing = PRESS.build(request, items)
    chosen = {f.name: f.value for f in listing.filters}
    # The year chips count what the search and the outlet found, in every year.
    years = press_years(PRESS.filter(request, items, skip=["year"])[0])
    context = {
        "listing": listing,
        "page": listing.page,
        "query": chosen["q"],
        "year": int(chosen["year"]) if chosen["year"] else None,
        "years": years,
        "total": sum(n for _year, n in years),
        "tab": "press",
    }
    return render(request, "partners/press/press_list.html", context)


@require_safe
def press_detail(request, pk: int):
    item = get_scoped(visible_press_items(request.user), reason_for("partners.view_press_item"), pk=pk)
    require(request.user, "partners.view_press_item", item)
    courses = item.courses.order_by("-start")
    return render(request, "partners/press/press_detail.html", {"item": item, "courses": courses, "tab": "press"})


def _press_fields(data: dict) -> dict:
    return {name: data[name] for name in services.PRESS_FIELDS}


@login_required
def press_add(request):
    require(request.user, "partners.manage_press")
    form = PressItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.create_press_item(
                actor=request.user, courses=form.cleaned_data["courses"], **_press_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The press item was added."))
            return redirect("press:detail", pk=item.pk)
    return render(request, "partners/press/press_form.html", {"form": form, "tab": "press"})


@login_required
def press_edit(request, pk: int):
    require(request.user, "partners.manage_press")
    item = get_scoped(visible_press_items(request.user), reason_for("partners.manage_press"), pk=pk)
    initial = {name: getattr(item, name) for name in services.PRESS_FIELDS} | {"courses": list(item.courses.all())}
    form = PressItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_press_item(
                actor=request.user, item=item, courses=form.cleaned_data["courses"], **_press_fields(form.cleaned_data)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The press item was saved."))
            return redirect("press:detail", pk=item.pk)
    context = {"form": form, "item": item, "history": events_for(item), "tab": "press"}
    return render(request, "partners/press/press_form.html", context)


# Translated documents ------------------------------------------------------------------------


@require_safe
def document_list(request):
    documents = visible_documents(request.user).order_by("-date", "-pk")
    page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "partners/press/document_list.html", {"page": page, "tab": "documents"})


_DOCUMENT_DETAILS = ("title_en", "title_zh", "date", "jurisdiction", "summary_en", "summary_zh", "published")


@login_required
def document_add(request):
    require(request.user, "partners.manage_press")
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_translated_document(
                actor=request.user,
                translated_file=data["translated_file"],
                source_file=data["source_file"],
                **{name: data[name] for name in _DOCUMENT_DETAILS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect("press:documents")
    return render(request, "partners/press/document_form.html", {"form": form, "tab": "documents"})


@login_required
def document_edit(request, pk: int):
    require(request.user, "partners.manage_press")
    document = get_scoped(visible_documents(request.user), reason_for("partners.manage_press"), pk=pk)
    initial = {name: getattr(document, name) for name in _DOCUMENT_DETAILS}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_translated_document(
                actor=request.user,
                document=document,
                translated_file=data["translated_file"],
                source_file=data["source_file"],
                **{name: data[name] for name in _DOCUMENT_DETAILS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document was saved."))
            return redirect("press:documents")
    context = {"form": form, "document": document, "history": events_for(document), "tab": "documents"}
    return render(request, "partners/press/document_form.html", context)


@require_safe
def document_file(request, pk: int, which: str):
    """A document's file, to anyone when the document is published, else to programme staff only."""
    # The list of documents shows visible_documents(); its files answer to the same scope and rule.
    document = get_scoped(visible_documents(request.user), reason_for("partners.view_document"), pk=pk)
    require(request.user, "partners.view_document", document)
    stored = document.translated_file if which == "translation" else document.source_file
    if not stored:
        raise Http404
    extension = PurePath(stored.name).suffix.lower()
    filename = f"{slugify(document.title_en) or 'document'}-{which}{extension}"
    return file_response(
        stored,
        filename=filename,
        content_type=CONTENT_TYPES.get(extension.lstrip("."), "application/octet-stream"),
        private=not document.published,
    )
