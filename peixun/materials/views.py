"""The presentation pages: list, review queue, detail, creation, uploads, downloads and workflow actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from peixun.core.enums import Role
from peixun.core.files import file_response
from peixun.core.forms import add_service_errors
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.courses.models import Course, CourseModule
from peixun.courses.selectors import seats, visible_courses, with_seat_counts
from peixun.people.models import Lecturer

from . import services
from .enums import MaterialState, SegmentStatus, WorkflowAction
from .forms import ChecklistForm, CommentForm, CourseChoiceForm, MaterialForm, TranslatorForm, UploadForm
from .lists import MATERIALS
from .models import Material
from .selectors import (
    course_materials,
    editable_version,
    material_list,
    review_queue,
    segment_counts,
    timeline,
    version_diff,
    versions_of,
    visible_materials,
)

#: Who acts at each step, for the step indicator.
STEP_OWNERS = {
    MaterialState.ADAPTATION: gettext_lazy("Lecturer and programme staff"),
    MaterialState.TRANSLATION: gettext_lazy("Translator"),
    MaterialState.REVIEW: gettext_lazy("Academy reviewer"),
    MaterialState.ACCEPTABILITY: gettext_lazy("Programme staff"),
    MaterialState.READY: gettext_lazy("Programme staff"),
    MaterialState.DELIVERED: gettext_lazy("Lecturer"),
    MaterialState.FOLLOW_UP: gettext_lazy("Programme staff"),
    MaterialState.CLOSED: gettext_lazy("Nobody: the work is done"),
}
#: Steps in which the deck checks are worth showing.
CHECKED_STATES = (MaterialState.TRANSLATION, MaterialState.REVIEW, MaterialState.ACCEPTABILITY)


def _material(request, pk: int, permission: str = "materials.view_material") -> Material:
    material = get_scoped(visible_materials(request.user), reason_for("materials.view_material"), pk=pk)
    require(request.user, permission, material)
    return material


def _show_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _steps(material: Material) -> list[dict]:
    states = MaterialState.values
    current = states.index(material.state)
    return [
        {
            "state": state,
            "label": MaterialState(state).label,
            "owner": STEP_OWNERS[state],
            "status": "done" if index < current else ("current" if index == current else "todo"),
            "number": index + 1,
        }
        for index, state in enumerate(states)
    ]


def _workbench_url(material: Material) -> str:
    try:
        return reverse("workbench:edit", args=[material.pk])
    except NoReverseMatch:
        return ""


@login_required
def material_list_view(request):
    listing = MATERIALS.build(request, material_list(request.user))
    context = {
        "listing": listing,
        "materials": listing.rows,
        "can_add": request.user.has_perm("materials.add_material"),
    }
    return render(request, "materials/material_list.html", context)


@login_required
def review_queue_view(request):
    require(request.user, "materials.view_review_queue")
    coming = (
        visible_materials(request.user).filter(state__in=(MaterialState.ADAPTATION, MaterialState.TRANSLATION)).count()
    )
    context = {"materials": review_queue(request.user), "coming": coming}
    return render(request, "materials/review_queue.html", context)


def _findings(material: Material, version) -> list[dict]:
    if version is None or material.state not in CHECKED_STATES:
        return []
    issues = services.deck_findings(material, version)
    return [
        {
            "code": issue.code,
            "message": services.issue_message(issue.code, issue.params),
            "blocking": issue.code == "untranslated_segments",
            "slide": issue.params.get("slide"),
        }
        for issue in issues
    ]


@login_required
def material_detail(request, pk: int):
    material = _material(request, pk)
    user = request.user
    versions = versions_of(material)
    current = editable_version(material, versions)
    diff = []
    approved = material.approved_version
    if material.state == MaterialState.REVIEW and approved is not None and current is not None and approved != current:
        diff = version_diff(approved, current)
    transitions = services.available_transitions(user, material)
    counts = segment_counts(current) if current is not None else {}
    context = {
        "material": material,
        "steps": _steps(material),
        "versions": versions,
        "current": current,
        "counts": {
            "total": sum(counts.values()),
            "translated": counts.get(SegmentStatus.TRANSLATED, 0),
            "draft": counts.get(SegmentStatus.DRAFT, 0),
            "untranslated": counts.get(SegmentStatus.UNTRANSLATED, 0),
        },
        "events": timeline(material),
        "transitions": transitions,
        "checklist_form": ChecklistForm() if any(t.needs_checklist for t in transitions) else None,
        "can_upload": user.has_perm("materials.upload_version", material) and material.state in services.OPEN_STATES,
        "can_comment": user.has_perm("materials.comment", material),
        "translator_form": TranslatorForm(initial={"translator": material.translator_id})
        if user.has_perm("materials.assign_translator", material) and material.state in services.OPEN_STATES
        else None,
        "findings": _findings(material, current),
        "diff": diff,
        "approved": approved,
        "workbench_url": _workbench_url(material) if current is not None else "",
        "presented_on": services.presented_on(material),
        "session_minutes": services.session_minutes(material),
        "override": user.has_perm("materials.override_untranslated", material),
    }
    return render(request, "materials/material_detail.html", context)


def _creatable_courses(user):
    courses = Course.objects.select_related("academy").order_by("-start", "title_en")
    if user.is_programme_staff:
        return courses
    return courses.filter(sessions__lecturer_slots__lecturer__user=user).distinct()


@login_required
def material_create(request):
    user = request.user
    require(user, "materials.add_material")
    courses = _creatable_courses(user)
    chooser = CourseChoiceForm(request.GET or None, courses=courses)
    if not chooser.is_valid():
        return render(request, "materials/material_create.html", {"chooser": chooser, "course": None})
    course = chooser.cleaned_data["course"]
    sessions = course.sessions.order_by("date", "part_of_day", "id")
    modules = CourseModule.objects.filter(course=course).order_by("order", "id")
    if user.is_programme_staff:
        lecturers = Lecturer.objects.order_by("name")
        own_lecturer = None
    else:
        sessions = sessions.filter(lecturer_slots__lecturer__user=user)
        modules = modules.filter(sessions__lecturer_slots__lecturer__user=user).distinct()
        lecturers = Lecturer.objects.filter(user=user)
        own_lecturer = lecturers.first()
        if own_lecturer is None:
            raise PermissionDenied(_("Your login is not linked to a lecturer's profile; ask programme staff."))
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        sessions=sessions,
        modules=modules,
        lecturers=lecturers,
        own_lecturer=own_lecturer,
        initial={"session": request.GET.get("session")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material = services.create_material(
                actor=user,
                course=course,
                lecturer=data["lecturer"],
                title_en=data["title_en"],
                title_zh=data["title_zh"],
                session=data["session"],
                module=data["module"],
                file=data["file"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The presentation “%(title)s” was added.") % {"title": material.title})
            return redirect("materials:detail", pk=material.pk)
    return render(request, "materials/material_create.html", {"chooser": chooser, "course": course, "form": form})


@login_required
def material_upload(request, pk: int):
    material = _material(request, pk, "materials.upload_version")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        before = material.state
        try:
            version = services.upload_version(
                actor=request.user, material=material, file=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %(number)d was uploaded.") % {"number": version.number})
            if version.is_reference:
                messages.warning(request, _("A PDF is kept for reference only: it is not translated."))
            if before != material.state:
                messages.warning(
                    request, _("The presentation goes back to the academy's review, which will see what changed.")
                )
            return redirect("materials:detail", pk=material.pk)
    versions = versions_of(material)
    return render(request, "materials/material_upload.html", {"material": material, "form": form, "versions": versions})


@login_required
def version_download(request, pk: int, number: int):
    material = _material(request, pk)
    version = material.versions.filter(number=number).first()
    if version is None:
        raise Http404
    return file_response(version.file, filename=version.filename)


@login_required
@require_POST
def material_action(request, pk: int, action: str):
    material = _material(request, pk)
    if action not in WorkflowAction.values:
        raise Http404
    step = services.TRANSITIONS.get((material.state, action))
    if step is not None:
        require(request.user, step.permission, material)
    checklist = None
    if step is not None and step.needs_checklist:
        checklist = ChecklistForm(request.POST).ticked()
    try:
        event = services.transition(
            actor=request.user,
            material=material,
            action=action,
            comment=request.POST.get("comment", ""),
            checklist=checklist,
        )
    except ValidationError as error:
        _show_errors(request, error)
    else:
        messages.success(
            request,
            _("Done: %(action)s. The presentation is now at the step “%(step)s”.")
            % {"action": event.action_display, "step": MaterialState(event.to_state).label},
        )
    return redirect("materials:detail", pk=material.pk)


@login_required
@require_POST
def material_comment(request, pk: int):
    material = _material(request, pk, "materials.comment")
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment first."))
    else:
        try:
            services.add_comment(actor=request.user, material=material, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(request, _("Your comment was added to the timeline."))
    return redirect("materials:detail", pk=material.pk)


@login_required
@require_POST
def material_translator(request, pk: int):
    material = _material(request, pk, "materials.assign_translator")
    form = TranslatorForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an active user with the translator role."))
    else:
        try:
            services.assign_translator(
                actor=request.user, material=material, translator=form.cleaned_data["translator"]
            )
        except ValidationError as error:
            _show_errors(request, error)
        else:
            messages.success(
                request,
                _("%(name)s translates this presentation now; they were told by e-mail.")
                % {"name": form.cleaned_data["translator"]},
            )
    return redirect("materials:detail", pk=material.pk)


def courses_with_materials(user):
    """The courses whose presentations the user may list (a translator sees no course otherwise)."""
    courses = Course.objects.select_related("academy")
    if not user.is_authenticated or not user.is_active:
        return courses.none()
    if user.is_programme_staff or user.role in (Role.COORDINATOR, Role.REVIEWER):
        return visible_courses(user)  # all of them, or the academy's
    if user.role == Role.LECTURER:
        return courses.filter(
            Q(sessions__lecturer_slots__lecturer__user=user) | Q(materials__lecturer__user=user)
        ).distinct()
    if user.role == Role.TRANSLATOR:
        return courses.filter(materials__translator=user).distinct()
    return courses.none()


@login_required
def course_materials_view(request, course_pk: int):
    """The course's "Presentations" tab."""
    course = get_scoped(
        with_seat_counts(courses_with_materials(request.user)),
        reason_for("materials.view_course_materials"),
        pk=course_pk,
    )
    require(request.user, "materials.view_course_materials", course)
    context = {
        "course": course,
        "tab": "materials",
        "seats": seats(course),
        **course_materials_context(request, course),
    }
    return render(request, "materials/course_materials.html", context)


def course_materials_context(request, course: Course) -> dict:
    """What ``materials/_course_materials.html`` needs, for any page that shows a course's presentations."""
    return {
        "course_materials": list(course_materials(request.user, course)),
        "can_add_material": request.user.has_perm("materials.add_material"),
    }
