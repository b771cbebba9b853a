"""Pages to build a timetable with the engine, review the proposal beside the current one, and
accept or discard it; for one course, or for several at once (the portfolio). A build runs as a job
(``timetables.jobs``): the page starts it and follows it to its proposal."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from peixun.core.confirm import Confirmation, ConfirmForm, ask
from peixun.core.params import parse_ids
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.courses.held import held_sessions
from peixun.courses.models import Course, Session
from peixun.courses.selectors import course_for, course_sessions, visible_courses
from peixun.courses.services import update_course
from peixun.courses.tabs import course_context
from peixun.curriculum.enums import PartOfDay
from peixun.jobs.views import answer_started
from peixun.scheduling.io import problem_to_dict
from peixun.scheduling.problem import Weights
from peixun.timetables import goals, services
from peixun.timetables.adapter import build_problem, is_new, outline_of
from peixun.timetables.explain import describe_outcome
from peixun.timetables.jobs import start_build
from peixun.timetables.models import TimetableProposal
from peixun.timetables.selectors import build_progress as progress_of
from peixun.timetables.selectors import timetable_grid

WEIGHT_LABELS = {
    "lecturer_days": gettext_lazy("A visiting lecturer's teaching days beyond the fewest needed (per day)"),
    "lecturer_trips": gettext_lazy("A visiting lecturer's extra trips (per trip)"),
    "module_order": gettext_lazy("A workshop or site visit before its module's lectures (per session)"),
    "daily_hours": gettext_lazy("Class hours above the daily limit (per tenth of an hour)"),
    "dinner_spread": gettext_lazy("Partner dinners bunched together (per day closer than an even spread)"),
    "preferred_weekday": gettext_lazy("A session on a weekday its lecturer does not prefer"),
    "preferred_slot": gettext_lazy("A session outside its preferred times"),
    "spread": gettext_lazy("A module's sessions on fewer days than it has (per day short)"),
    "compactness": gettext_lazy("A session with no other next to it that day (per session)"),
    "venue_stability": gettext_lazy("A module's sessions in more than one venue (per extra venue)"),
    "venue_capacity": gettext_lazy("A venue too small for the class, where that is allowed (per seat short)"),
}


class TimetableSettingsForm(forms.Form):
    """The goals in plain words: how much each matters, and the course's two timetabling settings."""

    fixed_module_order = forms.BooleanField(
        label=gettext_lazy("Modules in their order"),
        required=False,
        help_text=gettext_lazy("Keep the modules in the order listed on the Modules tab."),
    )
    max_class_hours_per_day = forms.DecimalField(
        label=gettext_lazy("Class hours a day, at most"), min_value=1, max_value=12, decimal_places=1
    )

    def __init__(self, *args, levels: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for goal in goals.GOALS:
            choices = [(key, label) for key, label, _factor in goals.LEVELS]
            if levels[goal.key] == goals.CUSTOM:
                choices.append((goals.CUSTOM, gettext_lazy("As programme staff set it")))
            # Not required: a goal the page did not send (a page opened before it existed) keeps its level.
            self.fields[f"goal_{goal.key}"] = forms.ChoiceField(
                label=goal.label,
                help_text=goal.help_text,
                choices=choices,
                initial=levels[goal.key],
                required=False,
            )
        self.current_levels = levels

    def levels(self) -> dict[str, str]:
        return {
            goal.key: self.cleaned_data[f"goal_{goal.key}"] or self.current_levels[goal.key] for goal in goals.GOALS
        }


class TimetableWeightsForm(forms.Form):
    """The engine's weights as numbers, for programme staff (the Advanced section)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Weights.names():
            # Not required: a weight the page did not send (a page opened before it existed) keeps its value.
            self.fields[f"weight_{name}"] = forms.IntegerField(
                label=WEIGHT_LABELS.get(name, name),
                min_value=0,
                max_value=1000,
                initial=getattr(Weights(), name),
                required=False,
            )

    def weights(self) -> dict[str, int]:
        defaults = Weights()
        values = {
            name: self.cleaned_data[f"weight_{name}"]
            if self.cleaned_data[f"weight_{name}"] is not None
            else self.initial.get(f"weight_{name}", getattr(defaults, name))
            for name in Weights.names()
        }
        return {name: value for name, value in values.items() if value != getattr(defaults, name)}


def _settings_initial(course: Course) -> dict:
    return {"fixed_module_order": course.fixed_module_order, "max_class_hours_per_day": course.max_class_hours_per_day}


def _weights_initial(course: Course) -> dict:
    return {f"weight_{name}": value for name, value in goals.current_weights(course.timetable_weights).items()}


def _save_timetabling(request, course: Course, **fields) -> bool:
    try:
        update_course(actor=request.user, course=course, **fields)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, _("The timetabling settings were saved."))
    return True


def _token(request) -> str:
    """The page's build token: the line that polls while the page's own request is open reads the best
    timetable so far under it (``build_progress``)."""
    return request.POST.get("build_token", "")


@login_required
def build_progress(request, token: str):
    """The best timetable so far of a build still running (polled by the page while it waits)."""
    return render(request, "timetables/build/_progress.html", {"progress": progress_of(request.user.pk, token)})


def _time_limit(request) -> float:
    try:
        return float(request.POST.get("time_limit") or services.DEFAULT_TIME_LIMIT)
    except ValueError:
        return services.DEFAULT_TIME_LIMIT


@login_required
def course_build(request, pk: int):
    course = course_for(request.user, pk, "courses.build_timetable")
    advanced = request.user.has_perm("timetables.advanced_settings", course)
    levels = goals.levels_of(course.timetable_weights)
    posted = request.POST if request.method == "POST" else None
    form = TimetableSettingsForm(
        posted if posted and "save_settings" in posted else None, levels=levels, initial=_settings_initial(course)
    )
    weights_form = TimetableWeightsForm(
        posted if posted and "save_weights" in posted else None, initial=_weights_initial(course)
    )
    if posted and "save_settings" in posted:
        if form.is_valid() and _save_timetabling(
            request,
            course,
            fixed_module_order=form.cleaned_data["fixed_module_order"],
            max_class_hours_per_day=form.cleaned_data["max_class_hours_per_day"],
            timetable_weights=goals.stored_weights(form.levels(), course.timetable_weights),
        ):
            return redirect("timetabling:course_build", pk=course.pk)
    elif posted and "preset" in posted:
        preset = posted["preset"]
        if preset not in goals.PRESETS:
            messages.error(request, _("Choose one of the presets shown."))
        elif _save_timetabling(
            request, course, timetable_weights=goals.stored_weights(goals.preset_levels(preset), None)
        ):
            return redirect("timetabling:course_build", pk=course.pk)
    elif posted and "save_weights" in posted:
        require(request.user, "timetables.advanced_settings", course)
        if weights_form.is_valid() and _save_timetabling(request, course, timetable_weights=weights_form.weights()):
            return redirect("timetabling:course_build", pk=course.pk)
    elif posted:
        job = start_build(actor=request.user, courses=[course], time_limit=_time_limit(request), token=_token(request))
        return answer_started(request, job, back=reverse("timetabling:course_build", args=[course.pk]))
    proposals = course.timetable_proposals.select_related("created_by")[:10]
    in_use = goals.preset_of(course.timetable_weights)
    context = course_context(
        course,
        "timetable",
        form=form,
        weights_form=weights_form if advanced else None,
        presets=[(key, label, text, key == in_use) for key, (label, text, _levels) in goals.PRESETS.items()],
        proposals=proposals,
        time_limit=int(services.DEFAULT_TIME_LIMIT),
        build_token=uuid.uuid4().hex,
    )
    return render(request, "timetables/build/course_build.html", context)


def _proposal(request, pk: int) -> TimetableProposal:
    proposal = get_scoped(
        TimetableProposal.objects.filter(courses__in=visible_courses(request.user)).distinct(),
        reason_for("courses.view_course"),
        pk=pk,
    )
    for course in proposal.courses.all():
        if not request.user.has_perm("courses.build_timetable", course):
            raise PermissionDenied(reason_for("courses.build_timetable"))
    return proposal


def _moves(course: Course, proposal: TimetableProposal, held: dict) -> tuple[list[dict], list, list[dict]]:
    """What moves where in one course, its timetable as proposed (unsaved copies of its sessions), and
    its sessions already held (which stay where they are, with the reason)."""
    placements = proposal.placements
    moves, proposed, fixed = [], [], []
    for session in course_sessions(course):
        session.held_reason = held.get(session.pk)
        if session.held_reason:
            fixed.append(
                {
                    "session": session,
                    "date": session.date,
                    "part": PartOfDay(session.part_of_day).label,
                    "reason": session.held_reason.label,
                }
            )
        planned = placements.get(str(session.pk))
        if planned:
            date, part = datetime.date.fromisoformat(planned[0]), planned[1]
            if (date, part) != (session.date, session.part_of_day):
                moves.append(
                    {
                        "session": session,
                        "from_date": session.date,
                        "from_part": PartOfDay(session.part_of_day).label,
                        "to_date": date,
                        "to_part": PartOfDay(part).label,
                        "held_reason": session.held_reason,
                    }
                )
                session.moved_from = (session.date, PartOfDay(session.part_of_day).label)
                session.date, session.part_of_day = date, part
        proposed.append(session)
    new = {outline_of(key): value for key, value in placements.items() if is_new(key)}
    if new:
        modules = course.modules.filter(pk__in={m for m, _ in new}).select_related("template")
        for module in modules:
            for outline in module.template.outline.all() if module.template_id else []:
                if (module.pk, outline.pk) not in new:
                    continue
                day, part, *chosen_venue = new[module.pk, outline.pk]  # the venue, when the engine chose one
                session = Session(
                    course=course,
                    module=module,
                    date=datetime.date.fromisoformat(day),
                    part_of_day=part,
                    format=outline.format,
                    title_en=outline.title_en,
                    title_zh=outline.title_zh,
                    class_hours=outline.class_hours,
                    venue_id=chosen_venue[0] if chosen_venue else None,
                )
                session.is_new = True
                moves.append(
                    {
                        "session": session,
                        "from_date": None,
                        "from_part": None,
                        "to_date": session.date,
                        "to_part": PartOfDay(part).label,
                        "held_reason": None,
                    }
                )
                proposed.append(session)
    return moves, proposed, fixed


@login_required
def proposal_detail(request, pk: int):
    proposal = _proposal(request, pk)
    courses = list(proposal.courses.select_related("academy").order_by("start", "pk"))
    # As of now, not as of the build: a session held since then is shown held, and its move refused.
    held = held_sessions([course.pk for course in courses])
    reviews = []
    for course in courses:
        moves, proposed, fixed = _moves(course, proposal, held)
        module_changes = [
            (module, module.first_day, datetime.date.fromisoformat(proposal.module_first_days[str(module.pk)]))
            for module in course.modules.all()
            if str(module.pk) in proposal.module_first_days
            and module.first_day != datetime.date.fromisoformat(proposal.module_first_days[str(module.pk)])
        ]
        reviews.append(
            {
                "course": course,
                "moves": moves,
                "held": fixed,
                "module_changes": module_changes,
                "grid": timetable_grid(course, sorted(proposed, key=lambda s: (s.date, s.part_of_day))),
            }
        )
    waiting = proposal.status == TimetableProposal.Status.PROPOSED
    blocked = [m for r in reviews for m in r["moves"] if m["held_reason"]] if waiting else []
    context = {
        "proposal": proposal,
        "reviews": reviews,
        "parts": PartOfDay.choices,
        "outcome": describe_outcome(proposal),
        "can_decide": waiting,
        "blocked": blocked,
        "can_restore": proposal.status == TimetableProposal.Status.DISCARDED
        and services.why_not_restorable(proposal) is None,
    }
    return render(request, "timetables/build/proposal_detail.html", context)


@login_required
@require_POST
def proposal_accept(request, pk: int):
    proposal = _proposal(request, pk)
    try:
        moved = services.accept_proposal(actor=request.user, proposal=proposal)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("timetabling:proposal", pk=proposal.pk)
    messages.success(
        request,
        ngettext(
            "The timetable was accepted: %(count)d session was placed.",
            "The timetable was accepted: %(count)d sessions were placed.",
            moved,
        )
        % {"count": moved},
    )
    courses = list(proposal.courses.all())
    if len(courses) == 1:
        return redirect("courses:timetable", pk=courses[0].pk)
    return redirect("timetabling:proposal", pk=proposal.pk)


@login_required
def proposal_discard(request, pk: int):
    """Discard a proposal, once the confirmation page has been answered."""
    proposal = _proposal(request, pk)
    form = ConfirmForm.from_request(request)
    if form.is_confirmed():
        if form.run(
            lambda _reason: services.discard_proposal(actor=request.user, proposal=proposal), refusals_to=request
        ):
            messages.success(request, _("The proposal was discarded; the timetable is as it was."))
        return redirect("timetabling:proposal", pk=proposal.pk)
    confirmation = Confirmation(
        title=_("Discard timetable proposal #%(number)s?") % {"number": proposal.pk},
        button=_("Discard the proposal"),
        cancel_url=reverse("timetabling:proposal", args=[proposal.pk]),
        facts=[(_("Courses"), ", ".join(str(course) for course in proposal.courses.all()))],
        consequences=[_("The proposal is set aside and the timetable stays as it is now. Nobody is told.")],
        undo=_(
            "Yes: the proposal's page keeps a Restore button for as long as the timetable of its courses does not "
            "change."
        ),
    )
    return ask(request, form, confirmation)


@login_required
@require_POST
def proposal_restore(request, pk: int):
    proposal = _proposal(request, pk)
    try:
        services.restore_proposal(actor=request.user, proposal=proposal)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The proposal was restored; it waits for review again."))
    return redirect("timetabling:proposal", pk=proposal.pk)


@login_required
def portfolio(request):
    require(request.user, "courses.build_portfolio")
    courses = visible_courses(request.user).order_by("start", "title_en")
    if request.method == "POST":
        chosen = list(courses.filter(pk__in=parse_ids(request.POST.getlist("courses")) or ()))
        if len(chosen) < 2:
            messages.error(request, _("Choose at least two courses to build together."))
        else:
            job = start_build(
                actor=request.user,
                courses=chosen,
                time_limit=_time_limit(request),
                token=_token(request),
                portfolio=True,
            )
            return answer_started(request, job, back=reverse("timetabling:portfolio"))
    proposals = TimetableProposal.objects.filter(created_by=request.user).prefetch_related("courses")[:10]
    context = {
        "courses": courses,
        "proposals": proposals,
        "time_limit": int(services.DEFAULT_TIME_LIMIT) * 2,
        "build_token": uuid.uuid4().hex,
    }
    return render(request, "timetables/build/portfolio.html", context)


@login_required
def course_problem(request, pk: int):
    """The course as a timetabling problem, in the engine's JSON format (docs/timetable-format.md)."""
    course = course_for(request.user, pk, "courses.build_timetable")
    require(request.user, "timetables.advanced_settings", course)
    response = JsonResponse(
        problem_to_dict(build_problem([course])), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = f'attachment; filename="timetable-problem-course-{course.pk}.json"'
    return response
