"""Timetables as pages read them: a course's days and parts of the day with the sessions in each, the
proposals still waiting for a decision and the best timetable so far of a build still running."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.core.cache import cache
from django.utils import timezone

from peixun.courses.models import Course, Session
from peixun.courses.selectors import visible_courses
from peixun.curriculum.enums import PartOfDay

from .models import TimetableProposal


def timetable_grid(course: Course, sessions: Iterable[Session]) -> list[dict]:
    """Every day of ``course``, today and its day off marked, with ``sessions`` in their parts of the day."""
    by_slot: dict[tuple[datetime.date, int], list[Session]] = {}
    for session in sessions:
        by_slot.setdefault((session.date, session.part_of_day), []).append(session)
    today = timezone.localdate(timezone=course.academy.zone)
    return [
        {
            "date": day,
            "today": day == today,
            "day_off": day.weekday() == course.day_off,
            "slots": [{"part": part, "sessions": by_slot.get((day, part), [])} for part in PartOfDay.values],
        }
        for day in course.all_days()
    ]


def proposals_waiting(user) -> list[TimetableProposal]:
    """Timetables built and not yet accepted or discarded, among the courses the user sees, oldest first."""
    courses = visible_courses(user).values("pk")
    return list(
        TimetableProposal.objects.filter(status=TimetableProposal.Status.PROPOSED, courses__in=courses)
        .distinct()
        .prefetch_related("courses")
        .order_by("created_at", "pk")
    )


#: A build's token: the page makes one for each build, so that it can ask how the build is going.
BUILD_TOKEN = re.compile(r"[0-9a-f]{32}")


def progress_key(user_pk: int, token: str) -> str:
    return f"timetable-build:{user_pk}:{token}"


def build_progress(user_pk: int, token: str) -> dict | None:
    """The best timetable so far of the user's build ``token`` (``objective``, ``bound`` in points,
    ``elapsed_s``), from the shared cache; None before the first one, or for an unknown token."""
    if not BUILD_TOKEN.fullmatch(token):
        return None
    return cache.get(progress_key(user_pk, token))
