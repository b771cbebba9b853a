"""The academy pages: the list of academies with their venues, and one academy's courses and venues."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from peixun.core.permissions import get_scoped, reason_for, require
from peixun.courses.selectors import visible_courses, with_seat_counts

from .models import Academy


@login_required
def academy_list(request):
    require(request.user, "academies.see_academy")
    return render(request, "academies/academy_list.html", {"academies": Academy.objects.prefetch_related("venues")})


@login_required
def academy_detail(request, pk: int):
    require(request.user, "academies.see_academy")
    academy = get_scoped(Academy.objects.all(), reason_for("academies.see_academy"), pk=pk)
    courses = with_seat_counts(visible_courses(request.user).filter(academy=academy)).order_by("-start")
    venues = academy.venues.all()
    return render(request, "academies/academy_detail.html", {"academy": academy, "courses": courses, "venues": venues})
