"""The course pages: list, detail, timetable, sessions, modules, roster, nominations, quotas and history."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peixun.academies.models import Academy
from peixun.core import clock
from peixun.core.confirm import ConfirmForm, Reason, ask
from peixun.core.forms import add_service_errors
from peixun.core.i18n import pick
from peixun.core.models import AuditEvent
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.core.selectors import events_for
from peixun.curriculum.enums import PartOfDay
from peixun.people.selectors import search_officials
from peixun.timetables.selectors import timetable_grid

from . import confirmations, services
from .enums import ACTIVE_STATUSES, EnrolmentStatus
from .forms import AddModuleForm, CourseForm, CourseModuleForm, OfficialChoiceForm, QuotaForm, SessionForm
from .held import held_reason
from .lists import COURSES
from .models import Course, CourseModule, Enrolment
from .selectors import (
    course_for,
    course_modules,
    course_sessions,
    module_summaries,
    nominable_officials,
    roster,
    substitutes_for,
    visible_courses,
    visible_enrolments,
    with_seat_counts,
)
from .tabs import course_context


def _course(request, pk: int, permission: str = "courses.view_course") -> Course:
    """The course, if the user may see it and do ``permission``, with its seats counted."""
    return course_for(request.user, pk, permission)


def _show_warnings(request, warnings: list[str]) -> None:
    for warning in warnings:
        messages.warning(request, warning)


@login_required
def course_list(request):
    listing = COURSES.build(request, with_seat_counts(visible_courses(request.user)))
    return render(request, "courses/course_list.html", {"listing": listing, "courses": listing.rows})


@login_required
def course_create(request):
    require(request.user, "courses.add_course")
    academies = Academy.objects.all()
    if not request.user.is_programme_staff:
        academies = academies.filter(pk=request.user.academy_id)
    form = CourseForm(request.POST or None, academies=academies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request.user, "courses.add_course_at", data["academy"])
        try:
            course, warnings = services.create_course(actor=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _show_warnings(request, warnings)
            messages.success(request, _("The course “%(course)s” was created.") % {"course": course})
            return redirect("courses:detail", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form})


@login_required
def course_edit(request, pk: int):
    course = _course(request, pk, "courses.change_course")
    fields = ("title_en", "title_zh", "start", "end", "day_off", "capacity", "status")
    form = CourseForm(request.POST or None, editing=True, initial={f: getattr(course, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            warnings = services.update_course(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _show_warnings(request, warnings)
            messages.success(request, _("The course was saved."))
            return redirect("courses:detail", pk=course.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@login_required
def course_detail(request, pk: int):
    course = _course(request, pk)
    return render(
        request,
        "courses/course_detail.html",
        course_context(course, "overview", modules=module_summaries(course)),
    )


@login_required
def course_timetable(request, pk: int):
    course = _course(request, pk)
    grid = timetable_grid(course, course_sessions(course))
    hours = sum(s.class_hours for row in grid for slot in row["slots"] for s in slot["sessions"])
    parts = [(value, label, clock.clock_range(*course.academy.part_times(value))) for value, label in PartOfDay.choices]
    context = course_context(course, "timetable", grid=grid, parts=parts, total_hours=hours)
    return render(request, "courses/course_timetable.html", context)


@login_required
def session_create(request, pk: int):
    course = _course(request, pk, "courses.change_course")
    initial = {"date": request.GET.get("date"), "part_of_day": request.GET.get("part"), "class_hours": "3.0"}
    form = SessionForm(request.POST or None, course=course, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_session(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session was added to the timetable."))
            return redirect("courses:timetable", pk=course.pk)
    return render(request, "courses/session_form.html", course_context(course, "timetable", form=form))


@login_required
def session_edit(request, pk: int, session_pk: int):
    course = _course(request, pk, "courses.change_course")
    session = get_scoped(course.sessions.all(), _("This session belongs to another course."), pk=session_pk)
    fields = (
        "date",
        "part_of_day",
        "format",
        "title_en",
        "title_zh",
        "module",
        "venue",
        "sponsor",
        "class_hours",
        "start_time",
        "end_time",
        "pinned",
    )
    initial = {f: getattr(session, f) for f in fields} | {"lecturers": list(session.lecturers.all())}
    form = SessionForm(request.POST or None, course=course, initial=initial)
    held = held_reason(session)
    if held is not None:
        for name in services.HELD_FIELDS:
            form.fields[name].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(actor=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The session was saved."))
            return redirect("courses:timetable", pk=course.pk)
    history = events_for(session)
    context = course_context(course, "timetable", form=form, session=session, history=history, held_reason=held)
    return render(request, "courses/session_form.html", context)


@login_required
def session_delete(request, pk: int, session_pk: int):
    """Remove a session, once the confirmation page has been answered with a reason."""
    course = _course(request, pk, "courses.change_course")
    session = get_scoped(
        course.sessions.select_related("venue").prefetch_related("lecturers"),
        _("This session belongs to another course."),
        pk=session_pk,
    )
    form = ConfirmForm.from_request(
        request,
        reason=Reason.REQUIRED,
        reason_label=_("Why is the session removed?"),
        reason_missing=_("Say why the session is removed."),
        reason_help=_("Kept in the course's history and told to its lecturers and the confirmed officials."),
    )
    if form.run(lambda reason: services.delete_session(actor=request.user, session=session, reason=reason)):
        messages.success(request, _("The session “%(session)s” was removed.") % {"session": session})
        return redirect("courses:timetable", pk=course.pk)
    officials = course.enrolments.filter(status=EnrolmentStatus.CONFIRMED).count()
    return ask(request, form, confirmations.remove_session(session, officials=officials))


@login_required
def module_list(request, pk: int):
    course = _course(request, pk)
    modules = course_modules(course)
    form = AddModuleForm()
    context = course_context(course, "modules", modules=modules, form=form)
    return render(request, "courses/course_modules.html", context)


@login_required
@require_POST
def module_add(request, pk: int):
    course = _course(request, pk, "courses.change_course")
    form = AddModuleForm(request.POST)
    if form.is_valid():
        module = services.add_module_from_template(
            actor=request.user, course=course, template=form.cleaned_data["template"]
        )
        messages.success(request, _("The module “%(module)s” was added; set its first day.") % {"module": module})
        return redirect("courses:module_edit", pk=course.pk, module_pk=module.pk)
    messages.error(request, _("Choose a module template to add."))
    return redirect("courses:modules", pk=course.pk)


@login_required
def module_edit(request, pk: int, module_pk: int):
    course = _course(request, pk, "courses.change_course")
    module = get_scoped(
        CourseModule.objects.filter(course=course), _("This module belongs to another course."), pk=module_pk
    )
    fields = ("title_en", "title_zh", "objectives_en", "objectives_zh", "days", "first_day", "order")
    form = CourseModuleForm(request.POST or None, initial={f: getattr(module, f) for f in fields})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_course_module(actor=request.user, module=module, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The module was saved. The template is unchanged."))
            return redirect("courses:modules", pk=course.pk)
    context = course_context(course, "modules", form=form, module=module, history=events_for(module))
    return render(request, "courses/module_form.html", context)


def _roster_lists(rows) -> dict:
    groups: dict[str, list] = {status: [] for status in EnrolmentStatus.values}
    for row in rows:
        groups[row.status].append(row)
    groups[EnrolmentStatus.WAITLISTED].sort(key=lambda r: (r.priority, r.nominated_at, r.enrolment_id))
    return groups


NOMINABLE_SHOWN = 15


def _nominable_matches(request, course: Course) -> dict:
    query = request.GET.get("q", "").strip()
    matches = search_officials(nominable_officials(request.user, course), query)[:NOMINABLE_SHOWN] if query else []
    return {"query": query, "matches": matches}


@login_required
def course_roster(request, pk: int):
    course = _course(request, pk, "courses.view_roster")
    rows = roster(request.user, course)
    groups = _roster_lists(rows)
    # Those who set the quotas have them a click away ("Unit quotas"); a unit's contact sees their own
    # here, with the places used (their roster holds only their unit's officials).
    can_set_quotas = request.user.has_perm("courses.set_quota", course)
    quota_notes = []
    if not can_set_quotas:
        quotas = course.quotas.filter(unit_id=request.user.sending_unit_id)
        used = sum(row.status in ACTIVE_STATUSES for row in rows)
        quota_notes = [
            _("%(unit)s: %(used)s of %(seats)s places of its quota used, priority %(priority)s")
            % {"unit": pick(en, zh), "used": used, "seats": n, "priority": p}
            for en, zh, n, p in quotas.values_list("unit__name_en", "unit__name_zh", "seats", "priority")
        ]
    can_nominate = request.user.has_perm("courses.nominate", course)
    context = course_context(
        course,
        "roster",
        confirmed=groups[EnrolmentStatus.CONFIRMED],
        waitlisted=groups[EnrolmentStatus.WAITLISTED],
        nominated=groups[EnrolmentStatus.NOMINATED],
        closed=[
            e
            for s in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.SUBSTITUTED, EnrolmentStatus.DECLINED)
            for e in groups[s]
        ],
        quota_notes=quota_notes,
        can_set_quotas=can_set_quotas,
        can_nominate=can_nominate,
        can_decide=request.user.has_perm("courses.decide_enrolment", Enrolment(course=course)),
        # Row actions post to this prefix plus the enrolment id and the action, built once for all rows.
        enrolments_url=reverse("courses:roster", args=[course.pk]).removesuffix("roster/") + "enrolments/",
        **(_nominable_matches(request, course) if can_nominate else {}),
    )
    return render(request, "courses/course_roster.html", context)


@login_required
def nominable(request, pk: int):
    """The officials a user may still nominate into the course, found by name as they type."""
    course = _course(request, pk, "courses.nominate")
    return render(request, "courses/_nominable.html", {"course": course, **_nominable_matches(request, course)})


@login_required
@require_POST
def nominate(request, pk: int):
    course = _course(request, pk, "courses.nominate")
    form = OfficialChoiceForm(request.POST, officials=nominable_officials(request.user, course))
    if form.is_valid():
        official = form.cleaned_data["official"]
        try:
            services.nominate_official(actor=request.user, course=course, official=official)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(official)s was nominated.") % {"official": official})
    else:
        messages.error(request, _("Choose one of your unit's officials who is not on this course yet."))
    return redirect("courses:roster", pk=course.pk)


def _enrolment(request, pk: int, enrolment_pk: int, permission: str) -> Enrolment:
    course = _course(request, pk)
    enrolment = get_scoped(
        visible_enrolments(request.user, course).select_related("official", "unit"),
        reason_for(permission),
        pk=enrolment_pk,
    )
    enrolment.course = course
    require(request.user, permission, enrolment)
    return enrolment


@login_required
@require_POST
def enrolment_confirm(request, pk: int, enrolment_pk: int):
    enrolment = _enrolment(request, pk, enrolment_pk, "courses.decide_enrolment")
    try:
        result = services.confirm_nomination(actor=request.user, enrolment=enrolment)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("courses:roster", pk=pk)
    official = enrolment.official
    if result.status == EnrolmentStatus.CONFIRMED:
        messages.success(request, _("%(official)s is confirmed.") % {"official": official})
    else:
        messages.warning(request, _("The course is full: %(official)s is on the waitlist.") % {"official": official})
    return redirect("courses:roster", pk=pk)


@login_required
def enrolment_decline(request, pk: int, enrolment_pk: int):
    """Decline a nomination, once the confirmation page has been answered with a reason."""
    enrolment = _enrolment(request, pk, enrolment_pk, "courses.decide_enrolment")
    form = ConfirmForm.from_request(
        request,
        reason=Reason.REQUIRED,
        reason_label=_("Why is the nomination declined?"),
        reason_missing=_("Say why the nomination is declined."),
        reason_help=_("Kept in the course's history and told to the official and their unit."),
    )
    if form.run(lambda reason: services.decline_nomination(actor=request.user, enrolment=enrolment, reason=reason)):
        messages.success(request, _("The nomination of %(official)s was declined.") % {"official": enrolment.official})
        return redirect("courses:roster", pk=pk)
    return ask(request, form, confirmations.decline(enrolment))


@login_required
def enrolment_withdraw(request, pk: int, enrolment_pk: int):
    """Withdraw an official, once the confirmation page has been answered with a reason."""
    enrolment = _enrolment(request, pk, enrolment_pk, "courses.withdraw_enrolment")
    form = ConfirmForm.from_request(
        request,
        reason=Reason.REQUIRED,
        reason_label=_("Why is the official withdrawn?"),
        reason_missing=_("Say why the official is withdrawn."),
        reason_help=_("Kept in the course's history and told to the official and their unit."),
    )
    if done := form.run(
        lambda reason: services.withdraw_enrolment(actor=request.user, enrolment=enrolment, reason=reason)
    ):
        messages.success(request, _("%(official)s was withdrawn.") % {"official": enrolment.official})
        if (promoted := done.value) is not None:
            messages.success(
                request,
                _("%(official)s moved up from the waitlist to the free seat; both were told by e-mail.")
                % {"official": promoted.official},
            )
        return redirect("courses:roster", pk=pk)
    return ask(request, form, confirmations.withdraw(enrolment))


@login_required
def enrolment_substitute(request, pk: int, enrolment_pk: int):
    enrolment = _enrolment(request, pk, enrolment_pk, "courses.substitute_enrolment")
    course = enrolment.course
    form = OfficialChoiceForm(request.POST or None, officials=substitutes_for(enrolment))
    if request.method == "POST" and form.is_valid():
        try:
            replacement = services.substitute_official(
                actor=request.user, enrolment=enrolment, official=form.cleaned_data["official"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(new)s takes the place of %(old)s.") % {"new": replacement.official, "old": enrolment.official},
            )
            return redirect("courses:roster", pk=course.pk)
    context = course_context(course, "roster", form=form, enrolment=enrolment)
    return render(request, "courses/substitute_form.html", context)


@login_required
def course_quotas(request, pk: int):
    course = _course(request, pk, "courses.set_quota")
    form = QuotaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_unit_quota(actor=request.user, course=course, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The quota was saved."))
            return redirect("courses:quotas", pk=course.pk)
    quotas = with_quota_use(course)
    return render(request, "courses/course_quotas.html", course_context(course, "roster", form=form, quotas=quotas))


def with_quota_use(course: Course):
    from django.db.models import OuterRef, Subquery

    used = (
        Enrolment.objects.filter(course=course, unit=OuterRef("unit"), status__in=ACTIVE_STATUSES)
        .values("unit")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return course.quotas.select_related("unit").annotate(used=Subquery(used))


@login_required
def course_history(request, pk: int):
    course = _course(request, pk, "courses.view_history")
    events = AuditEvent.objects.filter(course=course).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "courses/course_history.html", course_context(course, "history", page=page))
