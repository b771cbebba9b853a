"""Timetables as pages read them: a course's days and parts of the day with the sessions in each, and the
proposals still waiting for a decision."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

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
