"""Reads that are scoped to what a user may see."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from peixun.core.enums import Role

from .enums import ACTIVE_STATUSES, EnrolmentStatus
from .models import Course, Enrolment, Session


def visible_courses(user) -> QuerySet[Course]:
    courses = Course.objects.select_related("academy")
    if not user.is_authenticated or not user.is_active:
        return courses.none()
    if user.is_programme_staff:
        return courses
    if user.role in (Role.COORDINATOR, Role.REVIEWER):
        return courses.filter(academy_id=user.academy_id)
    if user.role == Role.UNIT_CONTACT:
        return courses.filter(quotas__unit_id=user.sending_unit_id).distinct()
    if user.role == Role.LECTURER:
        return courses.filter(sessions__lecturer_slots__lecturer__user=user).distinct()
    if user.role == Role.OFFICIAL:
        return courses.filter(enrolments__official__user=user, enrolments__status__in=ACTIVE_STATUSES).distinct()
    return courses.none()


def _count_enrolments(status: str):
    # A subquery, not an aggregate over a join: the scoping filters of visible_courses() join
    # enrolments too, and an aggregate would count only the rows that survived them.
    return Coalesce(
        Subquery(
            Enrolment.objects.filter(course=OuterRef("pk"), status=status)
            .order_by()
            .values("course")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def with_seat_counts(courses: QuerySet[Course]) -> QuerySet[Course]:
    return courses.annotate(
        confirmed_count=_count_enrolments(EnrolmentStatus.CONFIRMED),
        waitlisted_count=_count_enrolments(EnrolmentStatus.WAITLISTED),
    )


def visible_enrolments(user, course: Course) -> QuerySet[Enrolment]:
    """The enrolments of a course the user may see: a unit's contact sees only the unit's nominees."""
    enrolments = Enrolment.objects.filter(course=course)
    if not user.is_authenticated or not user.is_active:
        return enrolments.none()
    if user.is_programme_staff or (user.role == Role.COORDINATOR and course.academy_id == user.academy_id):
        return enrolments
    if user.role == Role.UNIT_CONTACT:
        return enrolments.filter(unit_id=user.sending_unit_id)
    return enrolments.none()


def course_sessions(course: Course) -> QuerySet[Session]:
    return (
        course.sessions.select_related("venue", "sponsor", "module")
        .prefetch_related("lecturers")
        .order_by("date", "part_of_day", "id")
    )
