"""Partners and their engagements (staff), a partner contact's own engagements, and the public
acknowledgements page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from peixun.core.forms import add_service_errors
from peixun.core.params import query_id
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.core.selectors import events_for
from peixun.courses.models import Session
from peixun.courses.selectors import visible_courses
from peixun.people.models import Organisation

from . import services
from .forms import EngagementForm, ReportForm, session_choices
from .models import Engagement
from .selectors import (
    acknowledgements,
    by_course,
    engagements_of,
    mark_delivery,
    partner_contacts,
    partner_organisations,
    sponsored_without_engagement,
    visible_engagements,
)

#: How many sponsored sessions without an engagement the partners' list names before it only counts them.
UNRECORDED_SHOWN = 8


def _show_warnings(request, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


@login_required
def partner_list(request):
    require(request.user, "partners.view_partners")
    query = request.GET.get("q", "").strip()
    unrecorded = sponsored_without_engagement()
    context = {
        "partners": partner_organisations(query),
        "query": query,
        "unrecorded": list(unrecorded[:UNRECORDED_SHOWN]),
        "unrecorded_total": unrecorded.count(),
    }
    return render(request, "partners/partner_list.html", context)


def _partner(request, org_pk: int) -> Organisation:
    require(request.user, "partners.view_partners")
    return get_scoped(Organisation.objects.all(), reason_for("partners.view_partners"), pk=org_pk)


@login_required
def partner_detail(request, org_pk: int):
    partner = _partner(request, org_pk)
    engagements = engagements_of(request.user, partner)
    context = {
        "partner": partner,
        "contacts": partner_contacts(partner),
        "groups": by_course(engagements),
        "engagement_count": len(engagements),
        "short_count": sum(e.falls_short for e in engagements),
        "unrecorded": list(sponsored_without_engagement(partner)),
        "show_notes": True,
    }
    return render(request, "partners/partner_detail.html", context)


def _initial_from_query(request) -> dict:
    """Prefill from the links on the partner pages: ?partner=&course=&session=."""
    initial: dict = {}
    for name in ("partner", "course", "session"):
        value = query_id(request.GET, name)
        if value is not None:
            initial[name] = value
    session_pk = initial.get("session")
    if session_pk:
        session = Session.objects.filter(pk=session_pk).first()
        if session is not None:
            initial.setdefault("course", session.course_id)
            initial.setdefault("partner", session.sponsor_id)
            if session.format in Engagement.Kind.values:
                initial["kind"] = session.format
    return initial


@login_required
def engagement_add(request):
    require(request.user, "partners.manage_engagements")
    form = EngagementForm(request.POST or None, initial=_initial_from_query(request))
    if request.method == "POST" and form.is_valid():
        try:
            engagement, warnings = services.create_engagement(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _show_warnings(request, warnings)
            messages.success(request, _("The engagement was recorded."))
            return redirect("partners:detail", org_pk=engagement.partner_id)
    return render(request, "partners/engagement_form.html", {"form": form})


def _engagement(request, pk: int, permission: str) -> Engagement:
    engagement = get_scoped(visible_engagements(request.user), reason_for(permission), pk=pk)
    require(request.user, permission, engagement)
    return engagement


@login_required
def engagement_edit(request, pk: int):
    require(request.user, "partners.manage_engagements")
    engagement = _engagement(request, pk, "partners.manage_engagements")
    initial = {name: getattr(engagement, name) for name in services.ENGAGEMENT_FIELDS}
    initial["partner"], initial["course"], initial["session"] = (
        engagement.partner_id,
        engagement.course_id,
        engagement.session_id,
    )
    form = EngagementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.update_engagement(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _show_warnings(request, warnings)
            messages.success(request, _("The engagement was saved."))
            return redirect("partners:detail", org_pk=form.cleaned_data["partner"].pk)
    context = {"form": form, "engagement": engagement, "history": events_for(engagement)}
    return render(request, "partners/engagement_form.html", context)


@login_required
@require_GET
def session_choices_view(request):
    """The session field's options for the course just chosen (htmx swaps them in)."""
    require(request.user, "partners.manage_engagements")
    choices = session_choices(query_id(request.GET, "course"))
    return render(request, "partners/_session_options.html", {"choices": choices})


@login_required
def course_engagements(request, course_pk: int):
    course = get_scoped(visible_courses(request.user), reason_for("courses.view_course"), pk=course_pk)
    require(request.user, "partners.view_course_engagements", course)
    engagements = mark_delivery(Engagement.objects.filter(course=course).select_related("partner", "course", "session"))
    unrecorded = sponsored_without_engagement().filter(course=course)
    context = {
        "course": course,
        "groups": by_course(engagements),
        "unrecorded": list(unrecorded),
        "show_notes": request.user.is_programme_staff,
    }
    return render(request, "partners/course_engagements.html", context)


# A partner contact's own pages ---------------------------------------------------------------


@login_required
def my_engagements(request):
    if request.user.is_programme_staff:
        return redirect("partners:list")
    require(request.user, "partners.view_own_engagements")
    engagements = mark_delivery(visible_engagements(request.user))
    context = {"partner": request.user.partner, "groups": by_course(engagements), "show_notes": False}
    return render(request, "partners/mine.html", context)


@login_required
def report_delivery(request, pk: int):
    if not request.user.is_programme_staff:
        require(request.user, "partners.view_own_engagements")
    engagement = get_scoped(
        visible_engagements(request.user), _("This engagement belongs to another organisation."), pk=pk
    )
    require(request.user, "partners.report_delivery", engagement)
    [engagement] = mark_delivery([engagement])
    blocked = services.why_not_reportable(engagement)
    form = ReportForm(
        request.POST or None,
        initial={
            "delivered_en": engagement.delivered_en,
            "delivered_zh": engagement.delivered_zh,
            "guests_delivered": engagement.guests_delivered,
        },
    )
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            services.report_delivery(actor=request.user, engagement=engagement, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you: what took place is recorded."))
            if request.user.is_programme_staff:
                return redirect("partners:detail", org_pk=engagement.partner_id)
            return redirect("partners:mine")
    context = {"engagement": engagement, "form": form, "blocked": blocked}
    return render(request, "partners/report_form.html", context)


# Public --------------------------------------------------------------------------------------


def thanks(request):
    """Public: the partners and lecturers the programme thanks, from what was delivered and held."""
    return render(request, "partners/thanks.html", {"years": acknowledgements(), "tab": "thanks"})
