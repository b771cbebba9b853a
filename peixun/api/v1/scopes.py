"""The one place the API imports the pages' scopes and rules from: the API reads exactly what the pages read."""

from peixun.academies.models import Academy, Venue
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.courses.models import Course, CourseModule, Session, SessionLecturer
from peixun.courses.selectors import course_for, visible_courses, with_seat_counts
from peixun.curriculum.models import Module, OutlineSession, Topic

__all__ = [
    "Academy",
    "Course",
    "CourseModule",
    "Module",
    "OutlineSession",
    "Session",
    "SessionLecturer",
    "Topic",
    "Venue",
    "course_for",
    "get_scoped",
    "reason_for",
    "require",
    "visible_courses",
    "with_seat_counts",
]

#: The page rule behind each resource (its permission name in the rules).
SEE_ACADEMIES = "academies.see_academy"
SEE_MODULE_TEMPLATES = "api.view_module_templates"
SEE_TOPICS = "api.view_topics"
SEE_COURSE = "courses.view_course"
