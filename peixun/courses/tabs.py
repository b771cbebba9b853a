"""What every tab of a course's pages gives its template: the course, the tab shown and its seats."""

from __future__ import annotations

from .models import Course
from .selectors import seats


def course_context(course: Course, tab: str, **extra) -> dict:
    """The template context of one tab of ``course``'s pages, with ``extra`` for that tab."""
    return {"course": course, "tab": tab, "seats": seats(course), **extra}
