"""Feedback pages: an official's forms on their phone, results for staff, coordinators and lecturers,
and the follow-up with interested officials."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peixun.core.forms import add_service_errors
from peixun.core.params import query_id
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.core.selectors import events_for
from peixun.people.models import Official

from . import release, reports, results, selectors, services
from .forms import EvaluationForm, FollowUpCreateForm, FollowUpForm
from .lists import FOLLOW_UPS
from .models import RATINGS, FollowUp

# An official's feedback ------------------------------------------------------------------------------


@login_required
def mine(request):
    require(request.user, "feedback.rate_sessions")
    official = request.user.official
    sessions = selectors.sessions_for_official(official, timezone.now())
    context = {
        "to_rate": sessions.to_rate,
        "done": sessions.done,
        "coming": sessions.coming,
        "open_days": settings.PEIXUN_FEEDBACK_OPEN_DAYS,
    }
    return render(request, "feedback/mine.html", context)


@login_required
def rate(request, session_pk: int):
    require(request.user, "feedback.rate_sessions")
    official = request.user.official
    session = get_scoped(
        selectors.feedback_sessions(official).select_related("course__academy", "module").prefetch_related("lecturers"),
        _("You can give feedback only on sessions of courses you take part in."),
        pk=session_pk,
    )
    refusal = selectors.rating_refusal(session, timezone.now())
    if refusal:
        raise PermissionDenied(refusal)
    if session.rated:
        if request.method == "POST":
            messages.info(request, services.already_answered_message(session))
            return redirect("feedback:mine")
        return render(request, "feedback/rate.html", {"session": session, "answered": True})
    form = EvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.submit_evaluation(
                actor=request.user,
                session=session,
                answers=form.answers(),
                comment=form.cleaned_data["comment"],
                wants_follow_up=form.cleaned_data["wants_follow_up"],
                name_shared_with_lecturer=form.cleaned_data["share_name_with_lecturer"],
            )
        except services.AlreadyAnswered as refusal:
            messages.info(request, refusal.messages[0])
            return redirect("feedback:mine")
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you! Your feedback on “%(session)s” is saved.") % {"session": session})
            if evaluation.wants_follow_up:
                messages.success(request, _("The programme team will get in touch with you to follow up."))
            return redirect("feedback:mine")
    return render(request, "feedback/rate.html", {"session": session, "form": form})


# Results ------------------------------------------------------------------------------------------------


@login_required
def dashboard(request):
    require(request.user, "feedback.view_dashboard")
    report = reports.build_dashboard(
        request.user, request.GET, today=timezone.localdate(), page_number=request.GET.get("page")
    )
    context = {"report": report, "query": _query_without_page(request), **_figures_context()}
    return render(request, "feedback/dashboard.html", context)


@login_required
def my_results(request):
    require(request.user, "feedback.view_own_results")
    report = reports.build_lecturer_results(
        request.user, request.GET, today=timezone.localdate(), page_number=request.GET.get("page")
    )
    context = {
        "report": report,
        "lecturer": request.user.lecturer,
        "query": _query_without_page(request),
        **_figures_context(),
    }
    return render(request, "feedback/my_results.html", context)


def _figures_context() -> dict:
    return {
        "rating_labels": results.short_labels(),
        "min_responses": selectors.MIN_ANONYMOUS_RESPONSES,
        "release_batch": release.release_batch(),
    }


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def session_results(request, session_pk: int):
    session = get_scoped(
        selectors.result_sessions(request.user).prefetch_related("lecturers", "module__topics"),
        reason_for("feedback.view_session_results"),
        pk=session_pk,
    )
    require(request.user, "feedback.view_session_results", session)
    anonymous = not request.user.has_perm("feedback.view_respondents", session)
    now = timezone.now()
    stats = results.session_stats(session, anonymous=anonymous, now=now)
    context = {
        "session": session,
        "stats": stats,
        "distribution": results.distribution(session, anonymous=anonymous, now=now),
        "anonymous": anonymous,
        **_figures_context(),
    }
    if anonymous:
        context["comments"] = selectors.anonymous_comments(session, now=now)
        context["holding"] = release.holding(session, now=now)
    else:
        context["responses"] = selectors.responses(session)
    return render(request, "feedback/session_results.html", context)


# Follow-up ---------------------------------------------------------------------------------------------


@login_required
def follow_up_list(request):
    require(request.user, "feedback.manage_follow_ups")
    listing = FOLLOW_UPS.build(request, selectors.visible_follow_ups(request.user))
    context = {
        "listing": listing,
        "page": listing.page,
        "today": timezone.localdate(),
        "active_states": selectors.ACTIVE_FOLLOW_UP_STATES,
    }
    return render(request, "feedback/follow_ups.html", context)


@login_required
def follow_up_create(request):
    require(request.user, "feedback.manage_follow_ups")
    official = None
    official_pk = query_id(request.GET, "official")
    if official_pk is not None:
        official = get_scoped(
            Official.objects.select_related("sending_unit"), reason_for("feedback.manage_follow_ups"), pk=official_pk
        )
    form = FollowUpCreateForm(request.POST or None, official=official)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up = services.create_follow_up(actor=request.user, **form.follow_up_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The follow-up with %(official)s was added.") % {"official": follow_up.official}
            )
            return redirect("feedback:follow_up", pk=follow_up.pk)
    return render(request, "feedback/follow_up_form.html", {"form": form, "official": official})


def _follow_up(request, pk: int) -> FollowUp:
    require(request.user, "feedback.manage_follow_ups")
    return get_scoped(
        selectors.visible_follow_ups(request.user).select_related("evaluation"),
        reason_for("feedback.manage_follow_ups"),
        pk=pk,
    )


@login_required
def follow_up_detail(request, pk: int):
    follow_up = _follow_up(request, pk)
    initial = {"owner": follow_up.owner, "due": follow_up.due, "state": follow_up.state, "notes": follow_up.notes}
    form = FollowUpForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_follow_up(actor=request.user, follow_up=follow_up, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The follow-up was saved."))
            return redirect("feedback:follow_up", pk=follow_up.pk)
    evaluation = follow_up.evaluation
    context = {
        "follow_up": follow_up,
        "form": form,
        "history": events_for(follow_up),
        "others": selectors.follow_ups_for_official(request.user, follow_up.official).filter(~Q(pk=follow_up.pk)),
        "overdue": bool(
            follow_up.due
            and follow_up.due < timezone.localdate()
            and follow_up.state in selectors.ACTIVE_FOLLOW_UP_STATES
        ),
        "answers": [(results.short_label(name), getattr(evaluation, name)) for name, _label in RATINGS]
        if evaluation
        else [],
    }
    return render(request, "feedback/follow_up.html", context)


@login_required
@require_POST
def follow_up_take(request, pk: int):
    """The person looking at a follow-up becomes its owner, in one tap."""
    follow_up = _follow_up(request, pk)
    services.update_follow_up(actor=request.user, follow_up=follow_up, owner=request.user)
    messages.success(request, _("The follow-up is yours now."))
    return redirect("feedback:follow_up", pk=follow_up.pk)


@login_required
def my_follow_ups(request):
    require(request.user, "feedback.view_own_follow_ups")
    rows = selectors.lecturer_follow_ups(request.user.lecturer)
    return render(request, "feedback/my_follow_ups.html", {"rows": rows, "today": timezone.localdate()})
