"""The people pages: the official search and detail, lecturers, and a lecturer's availability."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from peixun.core import clock
from peixun.core.confirm import Confirmation, ConfirmForm, ask
from peixun.core.enums import Role
from peixun.core.forms import add_service_errors
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.core.selectors import events_for
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment, Session
from peixun.courses.selectors import visible_courses

from . import services
from .forms import AvailabilityForm
from .lists import LECTURERS, OFFICIALS
from .models import Lecturer
from .selectors import official_rows, visible_officials


@login_required
def official_search(request):
    require(request.user, "people.search_officials")
    listing = OFFICIALS.build(request, visible_officials(request.user))
    listing.page.object_list = official_rows(listing.page.object_list)
    template = "people/_official_results.html" if request.htmx else "people/official_search.html"
    return render(request, template, {"listing": listing, "page": listing.page, "query": listing.params.get("q", "")})


@login_required
def official_detail(request, pk: int):
    official = get_scoped(visible_officials(request.user), reason_for("people.see_official"), pk=pk)
    require(request.user, "people.see_official", official)
    enrolments = (
        Enrolment.objects.filter(official=official, course__in=visible_courses(request.user))
        .select_related("course__academy", "unit")
        .order_by("-course__start")
    )
    history = None
    if request.user.is_programme_staff or request.user.role == Role.COORDINATOR:
        history = events_for(*[e for e in enrolments if request.user.has_perm("courses.view_history", e.course)])
    context = {"official": official, "enrolments": enrolments, "history": history}
    return render(request, "people/official_detail.html", context)


@login_required
def lecturer_list(request):
    require(request.user, "people.see_lecturer")
    listing = LECTURERS.build(request, Lecturer.objects.select_related("affiliation").prefetch_related("topics"))
    return render(request, "people/lecturer_list.html", {"listing": listing, "lecturers": listing.rows})


@login_required
def lecturer_detail(request, pk: int):
    require(request.user, "people.see_lecturer")
    lecturer = get_scoped(
        Lecturer.objects.select_related("affiliation").prefetch_related("topics", "availability"),
        _("Log in to see lecturers."),
        pk=pk,
    )
    sessions = (
        Session.objects.filter(lecturer_slots__lecturer=lecturer, course__in=visible_courses(request.user))
        .select_related("course__academy", "venue")
        .order_by("date", "part_of_day")
    )
    return render(
        request,
        "people/lecturer_detail.html",
        {"lecturer": lecturer, "sessions": sessions, "confirmed": EnrolmentStatus.CONFIRMED},
    )


def _lecturer_to_manage(request, pk: int) -> Lecturer:
    lecturer = get_scoped(Lecturer.objects.all(), reason_for("people.manage_availability"), pk=pk)
    require(request.user, "people.manage_availability", lecturer)
    return lecturer


@login_required
def lecturer_availability(request, pk: int):
    lecturer = _lecturer_to_manage(request, pk)
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_availability(actor=request.user, lecturer=lecturer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The window was added."))
            return redirect("people:availability", pk=lecturer.pk)
    context = {
        "lecturer": lecturer,
        "form": form,
        "windows": lecturer.availability.all(),
        "history": events_for(lecturer),
    }
    return render(request, "people/lecturer_availability.html", context)


@login_required
def availability_remove(request, pk: int, window_pk: int):
    """Remove an availability window, once the confirmation page has been answered."""
    lecturer = _lecturer_to_manage(request, pk)
    window = get_scoped(lecturer.availability.all(), _("This window belongs to another lecturer."), pk=window_pk)
    form = ConfirmForm.from_request(request)
    if form.is_confirmed():
        if form.run(
            lambda _reason: services.remove_availability(actor=request.user, window=window), refusals_to=request
        ):
            messages.success(request, _("The window was removed."))
        return redirect("people:availability", pk=lecturer.pk)
    dates = f"{clock.day(window.start)} – {clock.day(window.end)}"
    confirmation = Confirmation(
        title=_("Remove the window %(dates)s?") % {"dates": dates},
        button=_("Remove the window"),
        cancel_url=reverse("people:availability", args=[lecturer.pk]),
        facts=[(_("Lecturer"), lecturer.display_name), (_("Dates"), dates)]
        + ([(_("Note"), window.note)] if window.note else []),
        consequences=[
            _("%(lecturer)s can no longer be timetabled on these dates, unless another window covers them.")
            % {"lecturer": lecturer.display_name},
            _("A window with sessions already timetabled in it cannot be removed: move those sessions first."),
        ],
        undo=_("Yes: add the same dates again as a new window on the availability page."),
    )
    return ask(request, form, confirmation)
