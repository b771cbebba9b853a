from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Session
from peixun.courses.selectors import visible_courses, with_seat_counts


@require_POST
def set_language(request):
    """Switch the interface language; a logged-in user's choice is remembered on their account."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    translation.activate(language)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


@login_required
def home(request):
    user = request.user
    if user.role == Role.PARTNER:
        return redirect("partners:mine")  # all a partner contact has here are their engagements
    today = timezone.localdate()
    courses = with_seat_counts(visible_courses(user)).filter(end__gte=today).order_by("start")[:12]
    context = {"courses": courses, "today": today}
    if user.role == Role.COORDINATOR or user.is_programme_staff:
        context["pending"] = (
            visible_courses(user)
            .filter(end__gte=today)
            .annotate(pending=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.NOMINATED)))
            .filter(pending__gt=0)
            .order_by("start")
        )
    if user.role == Role.LECTURER and hasattr(user, "lecturer"):
        context["sessions"] = (
            Session.objects.filter(lecturer_slots__lecturer=user.lecturer, date__gte=today)
            .select_related("course__academy", "venue")
            .order_by("date", "part_of_day")[:20]
        )
    if user.role == Role.OFFICIAL and hasattr(user, "official"):
        context["sessions"] = (
            Session.objects.filter(
                course__enrolments__official=user.official,
                course__enrolments__status=EnrolmentStatus.CONFIRMED,
                date__gte=today,
            )
            .select_related("course__academy", "venue")
            .prefetch_related("lecturers")
            .order_by("date", "part_of_day")[:20]
        )
    return render(request, "core/home.html", context)
