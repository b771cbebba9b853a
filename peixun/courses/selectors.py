"""Reads that are scoped to what a user may see."""

from __future__ import annotations

import datetime
import functools
from typing import NamedTuple

from django.db import connection, models
from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404
from django.utils.dateparse import parse_datetime

from peixun.academies.models import Academy
from peixun.core.enums import Role
from peixun.core.i18n import choice_label, pick, picker
from peixun.core.permissions import require
from peixun.people.enums import PositionCategory
from peixun.people.models import Jurisdiction, Official, Organisation

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


def _count_enrolments(status: str) -> RawSQL:
    """The course's enrolments in ``status``, counted by a correlated subquery.

    A subquery, not an aggregate over a join: the scoping filters of visible_courses() join enrolments
    too, and an aggregate would count only the rows that survived them. Written as SQL because the
    ORM's Subquery cost more to build than the page spent on everything else about the course; it
    refers to the course table by name, so it annotates a course queryset, never one used inside
    another query.
    """
    quote = connection.ops.quote_name
    enrolment, course = quote(Enrolment._meta.db_table), quote(Course._meta.db_table)
    # Names from the models, quoted; the status is a parameter.
    return RawSQL(  # noqa: S611
        f"SELECT COUNT(*) FROM {enrolment} WHERE {enrolment}.{quote('course_id')} = {course}.{quote('id')}"  # noqa: S608
        f" AND {enrolment}.{quote('status')} = %s",
        [status],
        output_field=IntegerField(),
    )


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


@functools.cache
def _course_select(vendor: str) -> tuple[str, list[tuple[int, models.Field, list]], list[str], list[str]]:
    """course_for()'s SELECT (the course, its academy and its seats) and the converters of its columns.

    Written once per process from the models, as the roster's is: the ORM spent more building and
    compiling this query than the database spent answering it, on every course page.
    """
    quote = connection.ops.quote_name
    course, academy = quote(Course._meta.db_table), quote(Academy._meta.db_table)
    fields = [*Course._meta.concrete_fields, *Academy._meta.concrete_fields]
    columns = [f"{quote(field.model._meta.db_table)}.{quote(field.column)}" for field in fields]
    counts = [_count_enrolments(status).sql for status in (EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED)]
    sql = (
        f"SELECT {', '.join(columns)}, ({counts[0]}), ({counts[1]})"  # noqa: S608 (names from the models)
        f" FROM {course} INNER JOIN {academy}"
        f" ON {academy}.{quote(Academy._meta.pk.column)} = {course}.{quote(Course.academy.field.column)}"
        f" WHERE {course}.{quote(Course._meta.pk.column)} = %s"
    )
    # What the ORM would do to each value on its way in (SQLite's dates arrive as text, say).
    converters = []
    for i, field in enumerate(fields):
        if found := connection.ops.get_db_converters(field.cached_col) + field.get_db_converters(connection):
            converters.append((i, field, found))
    attnames = [field.attname for field in fields]
    n = len(Course._meta.concrete_fields)
    return sql, converters, attnames[:n], attnames[n:]


def _course_with_seats(pk: int) -> Course | None:
    sql, converters, course_fields, academy_fields = _course_select(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED, pk])
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for i, field, found in converters:
        for convert in found:
            row[i] = convert(row[i], field.cached_col, connection)
    n = len(course_fields)
    course = Course.from_db(connection.alias, course_fields, row[:n])
    course.academy = Academy.from_db(connection.alias, academy_fields, row[n:-2])
    course.confirmed_count, course.waitlisted_count = row[-2:]
    return course


def course_for(user, pk: int, permission: str = "courses.view_course") -> Course:
    """Course ``pk`` with its academy and its seats counted, if ``user`` may see it (the rule behind
    visible_courses()) and do ``permission``; refused with the reason, or not found."""
    course = _course_with_seats(pk)
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


def _column(alias: str, model, field: str) -> str:
    """``alias."column"`` of a model's field, quoted, for the SQL written below."""
    return f"{alias}.{connection.ops.quote_name(model._meta.get_field(field).column)}"


@functools.cache
def _roster_select(vendor: str) -> str:
    """The roster's SELECT ... ORDER BY, with a slot for its conditions (see roster()).

    Written as SQL from the models' own table and column names: building this four-table query with
    the ORM cost as much as the rest of the roster page's queries together, on every request.
    """
    quote = connection.ops.quote_name
    enrolment = [_column("e", Enrolment, f) for f in ("id", "official", "status", "priority")]
    # As text: loading 55 time stamps cost more than the rest of the rows, and only the waiting few need theirs.
    enrolment.append(f"CAST({_column('e', Enrolment, 'nominated_at')} AS TEXT)")
    official = [
        _column("o", Official, f)
        for f in ("name_zh", "name_pinyin", "name_en", "position_category", "title_en", "title_zh")
    ]
    places = [_column("j", Jurisdiction, f) for f in ("name_en", "name_zh")]
    units = [_column("u", Organisation, f) for f in ("name_en", "name_zh")]
    contact = [_column("o", Official, f) for f in ("email", "phone")]
    # Names from the models, quoted; every value is a parameter.
    return (
        f"SELECT {', '.join(enrolment + official + places + units + contact)}"  # noqa: S608
        f" FROM {quote(Enrolment._meta.db_table)} e"
        f" INNER JOIN {quote(Official._meta.db_table)} o ON o.{quote('id')} = {_column('e', Enrolment, 'official')}"
        f" LEFT OUTER JOIN {quote(Jurisdiction._meta.db_table)} j"
        f" ON j.{quote('id')} = {_column('o', Official, 'jurisdiction')}"
        f" INNER JOIN {quote(Organisation._meta.db_table)} u ON u.{quote('id')} = {_column('e', Enrolment, 'unit')}"
        f" WHERE {_column('e', Enrolment, 'course')} = %s{{conditions}}"
        f" ORDER BY {_column('o', Official, 'search_key')}, {_column('e', Enrolment, 'id')}"
    )


def roster(user, course: Course, statuses=None) -> list[RosterRow]:
    """The officials of a course the user may see (enrolment_scope), by name, read as plain rows: a
    55-seat roster stays cheap to show and export."""
    scope = enrolment_scope(user, course)
    if scope is None or (statuses is not None and not statuses):
        return []
    conditions, params = "", [course.pk]
    if scope != EVERY_UNIT:
        conditions += f" AND {_column('e', Enrolment, 'unit')} = %s"
        params.append(scope)
    if statuses is not None:
        conditions += f" AND {_column('e', Enrolment, 'status')} IN ({', '.join(['%s'] * len(statuses))})"
        params += [str(s) for s in statuses]
    with connection.cursor() as cursor:
        cursor.execute(_roster_select(connection.vendor).replace("{conditions}", conditions), params)
        rows = cursor.fetchall()
    # The first eleven columns are the row's own; then the place and the unit, each in both languages, then
    # e-mail and phone. Positional: keywords cost a named tuple more than the rest of its making.
    choose = picker()
    return [RosterRow(*row[:11], choose(row[11], row[12]) or "", choose(row[13], row[14]), *row[15:]) for row in rows]
