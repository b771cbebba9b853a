"""The start page's view: each role's tasks and the courses they follow, for today."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .selectors import home_context


@login_required
def home(request):
    """Each role's next tasks, counted and linked (peixun.home.selectors), and the courses they follow."""
    return render(request, "home/home.html", home_context(request.user, timezone.localdate()))
