"""Reads that are scoped to what a user may see."""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db import connections, router
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.dateparse import parse_datetime

from peixun.core.enums import Role
from peixun.core.i18n import choice_label, pick, picker
from peixun.core.permissions import require
from peixun.people.enums import PositionCategory
from peixun.people.models import Official

from .enums import ACTIVE_STATUSES, EnrolmentStatus
from .models import Course, CourseModule, Enrolment, Session

#: Who sees the courses of their academy, and only those.
ACADEMY_ROLES = (Role.COORDINATOR, Role.REVIEWER)


def visible_courses(user) -> QuerySet[Course]:
    courses = Course.objects.select_related("academy")
    if not user.is_authenticated or not user.is_active:
        return courses.none()
    if user.is_programme_staff:
        return courses
    if user.role in ACADEMY_ROLES:
        return courses.filter(academy_id=user.academy_id)
    if user.role == Role.UNIT_CONTACT:
        return courses.filter(quotas__unit_id=user.sending_unit_id).distinct()
    if user.role == Role.LECTURER:
        return courses.filter(sessions__lecturer_slots__lecturer__user=user).distinct()
    if user.role == Role.OFFICIAL:
        return courses.filter(enrolments__official__user=user, enrolments__status__in=ACTIVE_STATUSES).distinct()
    return courses.none()


def sees_course(user, course: Course) -> bool:
    """Whether ``course`` is among visible_courses(user), asking the database only where the rule needs it."""
    if user.is_authenticated and user.is_active and user.role in ACADEMY_ROLES and not user.is_programme_staff:
        return course.academy_id == user.academy_id
    return visible_courses(user).filter(pk=course.pk).exists()


#: The enrolments of the outer course in one status, counted (``%s``: the status). A correlated subquery,
#: not an aggregate over a join: the scoping filters of visible_courses() join enrolments too, and an
#: aggregate would count only the rows that survived them. Hand-written because the ORM's Subquery cost
#: more to build than the page spent on everything else about the course (docs/benchmarks.md, pages,
#: 2026-11-28). It names the course table, so it annotates a course queryset, never one used inside
#: another query.
COUNT_ENROLMENTS_SQL = (
    'SELECT COUNT(*) FROM "courses_enrolment"'
    ' WHERE "courses_enrolment"."course_id" = "courses_course"."id" AND "courses_enrolment"."status" = %s'
)


def _count_enrolments(status: str) -> RawSQL:
    """The course's enrolments in ``status`` (COUNT_ENROLMENTS_SQL)."""
    return RawSQL(COUNT_ENROLMENTS_SQL, [status], output_field=IntegerField())  # noqa: S611 (a literal)


def with_seat_counts(courses: QuerySet[Course]) -> QuerySet[Course]:
    """The courses with ``confirmed_count`` and ``waitlisted_count``, in the same query."""
    return courses.annotate(
        confirmed_count=_count_enrolments(EnrolmentStatus.CONFIRMED),
        waitlisted_count=_count_enrolments(EnrolmentStatus.WAITLISTED),
    )


def seats(course: Course) -> dict:
    """Seats taken, waitlisted and left, as the course header shows them (counts set by a selector above)."""
    taken = course.confirmed_count
    return {"taken": taken, "waitlisted": course.waitlisted_count, "left": max(0, course.capacity - taken)}


def course_for(user, pk: int, permission: str = "courses.view_course") -> Course:
    """Course ``pk`` with its academy and its seats counted, if ``user`` may see it (the rule behind
    visible_courses()) and do ``permission``; refused with the reason, or not found."""
    # The ORM: a hand-written statement saved 0.6 ms a page but bypassed the routers and overflowed on a
    # 20-digit id (docs/benchmarks.md, pages, 2026-12-07); Django answers an id out of range with no rows.
    course = next(iter(with_seat_counts(Course.objects.select_related("academy")).filter(pk=pk)), None)
    if course is None:
        raise Http404
    require(user, "courses.view_course", course)
    if permission != "courses.view_course":
        require(user, permission, course)
    return course


EVERY_UNIT = "every unit"


def enrolment_scope(user, course: Course) -> str | int | None:
    """Whose enrolments of a course the user may see: EVERY_UNIT's (staff, the academy's coordinators),
    one unit's (its id: the unit's contact sees only the unit's nominees), or None (nobody's)."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_programme_staff or (user.role == Role.COORDINATOR and course.academy_id == user.academy_id):
        return EVERY_UNIT
    if user.role == Role.UNIT_CONTACT:
        return user.sending_unit_id
    return None


def visible_enrolments(user, course: Course) -> QuerySet[Enrolment]:
    """The enrolments of a course the user may see (enrolment_scope)."""
    enrolments = Enrolment.objects.filter(course=course)
    scope = enrolment_scope(user, course)
    if scope is None:
        return enrolments.none()
    if scope == EVERY_UNIT:
        return enrolments
    return enrolments.filter(unit_id=scope)


def nominable_officials(user, course: Course) -> QuerySet[Official]:
    """The officials ``user`` may nominate into the course (who may nominate at all is ``courses.nominate``):
    those not on it yet, of the user's own unit, or for programme staff of any unit with a quota."""
    on_course = Enrolment.objects.filter(course=course, status__in=ACTIVE_STATUSES).values("official_id")
    officials = Official.objects.select_related("sending_unit").exclude(pk__in=on_course)
    if user.is_programme_staff:
        return officials.filter(sending_unit__quotas__course=course)
    return officials.filter(sending_unit_id=user.sending_unit_id)


def substitutes_for(enrolment: Enrolment) -> QuerySet[Official]:
    """The officials who may take a nominee's place: of the same unit, and not on the course yet."""
    on_course = Enrolment.objects.filter(course_id=enrolment.course_id, status__in=ACTIVE_STATUSES).values(
        "official_id"
    )
    return (
        Official.objects.filter(sending_unit_id=enrolment.unit_id)
        .exclude(pk__in=on_course)
        .select_related("sending_unit")
    )


def course_modules(course: Course) -> list[CourseModule]:
    """The course's modules in order with their templates, each with ``topic_names`` in the active
    language (the modules tab).

    The names come from one flat query on the module-topic table: cheaper than prefetching the topics
    as objects, which the pages only ever print.
    """
    modules = list(course.modules.select_related("template"))
    names: dict[int, list[str]] = {module.pk: [] for module in modules}
    topics = (
        CourseModule.topics.through.objects.filter(coursemodule_id__in=names)
        .order_by("topic__order", "topic__slug")
        .values_list("coursemodule_id", "topic__name_en", "topic__name_zh")
    )
    for module_id, name_en, name_zh in topics if names else ():
        names[module_id].append(pick(name_en, name_zh))
    for module in modules:
        module.topic_names = names[module.pk]
    return modules


class ModuleSummary(NamedTuple):
    """A module as the course's overview lists it."""

    title: str
    days: int
    first_day: datetime.date | None
    topic_names: list[str]


def module_summaries(course: Course) -> list[ModuleSummary]:
    """The course's modules in order with their topics' names, in the active language, from one query
    (a row per module and topic)."""
    rows = course.modules.order_by("order", "id", "topics__order", "topics__slug").values_list(
        "pk", "title_en", "title_zh", "days", "first_day", "topics__name_en", "topics__name_zh"
    )
    modules: dict[int, ModuleSummary] = {}
    for pk, title_en, title_zh, days, first_day, topic_en, topic_zh in rows:
        if pk not in modules:
            modules[pk] = ModuleSummary(pick(title_en, title_zh), days, first_day, [])
        if topic_en is not None:
            modules[pk].topic_names.append(pick(topic_en, topic_zh))
    return list(modules.values())


def course_sessions(course: Course) -> QuerySet[Session]:
    return (
        course.sessions.select_related("venue", "sponsor", "module")
        .prefetch_related("lecturers")
        .order_by("date", "part_of_day", "id")
    )


class RosterRow(NamedTuple):
    """One official on a course's roster, as the roster page and its exports show them (a tuple:
    55 of them are made on every roster page)."""

    enrolment_id: int
    official_id: int
    status: str
    priority: int
    nominated: str  # the time of nomination as the database writes it: read by nominated_at, for the few who wait
    name_zh: str
    name_pinyin: str
    name_en: str
    position_category: str
    title_en: str
    title_zh: str
    jurisdiction: str
    unit: str
    email: str
    phone: str

    @property
    def nominated_at(self) -> datetime.datetime:
        moment = parse_datetime(self.nominated)
        return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)  # SQLite keeps UTC without a zone

    @property
    def status_label(self) -> str:
        return choice_label(EnrolmentStatus, self.status)

    @property
    def post(self) -> str:
        """The official's post as they write it, or their position category."""
        return pick(self.title_en, self.title_zh) or choice_label(PositionCategory, self.position_category)


#: The roster of a course (``%s``: the course), by name, for roster(): the enrolment and its official with their
#: place and sending unit in both languages. The second and third parameters keep a unit's contact to their
#: unit's nominees: ``TRUE, NULL`` for every unit, ``FALSE, unit id`` for one. The time of nomination is read
#: as text, parsed only for the few who wait (RosterRow.nominated_at).
#: Hand-written because the ORM's four-table values() query costs more to build than to run and read: on
#: 2026-12-07, 1.2-1.4 ms of CPU a call against 3.2-3.7 ms for the ORM's, and the roster page on the ORM fell
#: under a fifth of the ceiling (docs/benchmarks.md, pages). tests/courses/test_roster_sql.py compares the two.
ROSTER_SQL = """
SELECT e.id AS enrolment_id, e.official_id AS official_id, e.status AS status, e.priority AS priority,
       CAST(e.nominated_at AS TEXT) AS nominated,
       o.name_zh AS name_zh, o.name_pinyin AS name_pinyin, o.name_en AS name_en,
       o.position_category AS position_category, o.title_en AS title_en, o.title_zh AS title_zh,
       j.name_en AS jurisdiction_en, j.name_zh AS jurisdiction_zh,
       u.name_en AS unit_en, u.name_zh AS unit_zh,
       o.email AS email, o.phone AS phone
FROM courses_enrolment e
INNER JOIN people_official o ON o.id = e.official_id
LEFT OUTER JOIN people_jurisdiction j ON j.id = o.jurisdiction_id
INNER JOIN people_organisation u ON u.id = e.unit_id
WHERE e.course_id = %s AND (%s OR e.unit_id = %s)
ORDER BY o.search_key, e.id
"""


def roster(user, course: Course, statuses=None) -> list[RosterRow]:
    """The officials of a course the user may see (enrolment_scope), by name, read as plain rows
    (ROSTER_SQL): a 55-seat roster stays cheap to show and export. ``statuses`` keeps those in them."""
    scope = enrolment_scope(user, course)
    if scope is None or (statuses is not None and not statuses):
        return []
    every = scope == EVERY_UNIT
    with connections[router.db_for_read(Enrolment)].cursor() as cursor:
        cursor.execute(ROSTER_SQL, [course.pk, every, None if every else scope])
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    kept = None if statuses is None else {str(status) for status in statuses}
    choose = picker()
    return [
        RosterRow(
            enrolment_id=row["enrolment_id"],
            official_id=row["official_id"],
            status=row["status"],
            priority=row["priority"],
            nominated=row["nominated"],
            name_zh=row["name_zh"],
            name_pinyin=row["name_pinyin"],
            name_en=row["name_en"],
            position_category=row["position_category"],
            title_en=row["title_en"],
            title_zh=row["title_zh"],
            jurisdiction=choose(row["jurisdiction_en"], row["jurisdiction_zh"]) or "",
            unit=choose(row["unit_en"], row["unit_zh"]),
            email=row["email"],
            phone=row["phone"],
        )
        for row in rows
        if kept is None or row["status"] in kept
    ]
