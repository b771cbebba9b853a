"""Courses to the timetable engine and back.

The engine (``peixun.scheduling``) knows nothing of Django: it takes plain dataclasses. This module
builds them from the database, for the courses being timetabled, with everything those courses share
with the rest of the world (lecturers' and venues' other bookings) as fixed busy slots; and it maps
the engine's answer back to model ids.

A course in session brings its history: sessions already held (``courses.held``) go to the engine
as held where they took place, a module that has begun keeps its first day, and nothing still to
place goes before the first part of a day that has not begun.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.academies.models import Venue
from peixun.courses.held import begun_first_day, first_slot_to_come, held_sessions
from peixun.courses.models import Course, CourseModule, Session, SessionLecturer
from peixun.curriculum.enums import FORMAT_PARTS, SessionFormat
from peixun.curriculum.models import OutlineSession
from peixun.people.models import Availability, Lecturer
from peixun.scheduling import problem as engine
from peixun.scheduling.result import Result

#: Time zones of home cities inside China: lecturers elsewhere are "visiting" (they fly in).
CHINA_TIME_ZONES = {"Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "Asia/Urumqi", "Asia/Kashgar", "PRC"}


def course_key(pk: int) -> str:
    return f"c{pk}"


def module_key(pk: int) -> str:
    return f"m{pk}"


def session_key(pk: int) -> str:
    return f"s{pk}"


def lecturer_key(pk: int) -> str:
    return f"l{pk}"


def venue_key(pk: int) -> str:
    return f"v{pk}"


def outline_key(module_pk: int, outline_pk: int) -> str:
    """A session the module's outline asks for and the course does not have yet."""
    return f"n{module_pk}_{outline_pk}"


def pk_of(key: str) -> int:
    return int(key[1:])


def is_new(key: str) -> bool:
    return key.startswith("n")


def outline_of(key: str) -> tuple[int, int]:
    module_pk, outline_pk = key[1:].split("_")
    return int(module_pk), int(outline_pk)


def weights_for(course: Course) -> engine.Weights:
    known = set(engine.Weights.names())
    return engine.Weights(**{k: int(v) for k, v in (course.timetable_weights or {}).items() if k in known})


def build_problem(courses: Sequence[Course], *, seed: int = 0, now: datetime.datetime | None = None) -> engine.Problem:
    """The timetabling problem of ``courses``: their modules and sessions to place, every lecturer and
    venue they use, and those lecturers' and venues' bookings in all other courses; as of ``now``
    (sessions held by then stay where they were held, nothing goes before a part of a day begun by then)."""
    now = now or timezone.now()
    course_ids = [course.pk for course in courses]
    held = held_sessions(course_ids, now)
    to_come = {course.pk: engine.Slot(*first_slot_to_come(course.academy, now)) for course in courses}
    sessions = list(
        Session.objects.filter(course_id__in=course_ids)
        .prefetch_related(
            Prefetch("lecturer_slots", queryset=SessionLecturer.objects.only("session_id", "lecturer_id"))
        )
        .order_by("course_id", "date", "part_of_day", "pk")
    )
    modules = list(
        CourseModule.objects.filter(course_id__in=course_ids)
        .prefetch_related("template__outline__venues")
        .order_by("course_id", "order", "pk")
    )
    lecturer_ids = sorted({slot.lecturer_id for s in sessions for slot in s.lecturer_slots.all()})
    with_sessions = {s.module_id for s in sessions if s.module_id}
    outlines = [
        (m, outline)
        for m in modules
        if m.pk not in with_sessions and m.template is not None
        for outline in m.template.outline.all()
    ]
    academies = {course.pk: course.academy for course in courses}
    outline_venues = {o.pk: o.venue_for(academies[m.course_id]) for m, o in outlines}
    class_sizes = {course.pk: course.capacity for course in courses}
    alternatives = {
        (m.pk, o.pk): venue_alternatives(o, academies[m.course_id], class_sizes[m.course_id]) for m, o in outlines
    }
    for m, o in outlines:
        if o.format == SessionFormat.SITE_VISIT and outline_venues[o.pk] is None:
            raise ValidationError(
                _(
                    "The site visit “%(session)s” of the module template “%(module)s” has no venue within reach of "
                    "%(academy)s; add one near the academy to the template's outline."
                )
                % {"session": o, "module": m.template, "academy": academies[m.course_id]}
            )
    missing = [s for s in sessions if s.format == SessionFormat.SITE_VISIT and not s.venue_id]
    if missing:
        raise ValidationError(
            _("The site visit “%(session)s” has no venue; give it the venue it visits first.") % {"session": missing[0]}
        )
    venue_ids = sorted(
        {s.venue_id for s in sessions if s.venue_id}
        | {v.pk for v in outline_venues.values() if v}
        | {v.pk for vs in alternatives.values() for v in vs}
    )

    lecturers = Lecturer.objects.filter(pk__in=lecturer_ids).prefetch_related(
        Prefetch("availability", queryset=Availability.objects.order_by("start"))
    )
    lecturer_busy: dict[int, list[engine.Slot]] = defaultdict(list)
    for lecturer_id, date, part in (
        SessionLecturer.objects.filter(lecturer_id__in=lecturer_ids)
        .exclude(session__course_id__in=course_ids)
        .values_list("lecturer_id", "date", "part_of_day")
    ):
        lecturer_busy[lecturer_id].append(engine.Slot(date, part))
    venue_busy: dict[int, list[engine.Slot]] = defaultdict(list)
    for venue_id, date, part in (
        Session.objects.filter(venue_id__in=venue_ids)
        .exclude(course_id__in=course_ids)
        .values_list("venue_id", "date", "part_of_day")
    ):
        venue_busy[venue_id].append(engine.Slot(date, part))

    sessions_by_course: dict[int, list[Session]] = defaultdict(list)
    for session in sessions:
        sessions_by_course[session.course_id].append(session)
    modules_by_course: dict[int, list[CourseModule]] = defaultdict(list)
    for module in modules:
        modules_by_course[module.course_id].append(module)
    by_pk = {course.pk: course for course in courses}
    for module in modules:
        module.course = by_pk[module.course_id]
    held_dates: dict[int, set[datetime.date]] = defaultdict(set)
    for session in sessions:
        if session.pk in held and session.module_id:
            held_dates[session.module_id].add(session.date)

    return engine.Problem(
        courses=tuple(
            engine.Course(
                id=course_key(course.pk),
                title=course.title_en,
                start=course.start,
                end=course.end,
                day_off=course.day_off,
                capacity=course.capacity,
                fixed_module_order=course.fixed_module_order,
                max_class_hours_per_day=float(course.max_class_hours_per_day),
                weights=weights_for(course),
                modules=tuple(
                    engine.Module(
                        id=module_key(m.pk),
                        title=m.title_en,
                        days=m.days,
                        order=m.order,
                        first_day=begun_first_day(m, held_dates[m.pk]),
                        begun=begun_first_day(m, held_dates[m.pk]) is not None,
                    )
                    for m in modules_by_course[course.pk]
                ),
                sessions=tuple(_session(s, s.pk in held, to_come[course.pk]) for s in sessions_by_course[course.pk])
                + tuple(
                    _outline_session(course, m, outline, outline_venues[outline.pk], alternatives[(m.pk, outline.pk)])
                    for m, outline in outlines
                    if m.course_id == course.pk
                ),
                not_before=to_come[course.pk],
                groups=_groups(course, modules_by_course[course.pk], sessions_by_course[course.pk], outlines),
            )
            for course in courses
        ),
        lecturers=tuple(
            engine.Lecturer(
                id=lecturer_key(lecturer.pk),
                name=lecturer.name,
                availability=tuple(engine.Window(w.start, w.end) for w in lecturer.availability.all()),
                visiting=lecturer.time_zone not in CHINA_TIME_ZONES,
                preferred_weekdays=tuple(sorted(lecturer.preferred_weekdays or ())),
                busy=tuple(sorted(set(lecturer_busy[lecturer.pk]))),
            )
            for lecturer in lecturers
        ),
        venues=tuple(
            engine.Venue(
                id=venue_key(venue.pk),
                name=venue.name_en,
                open_weekdays=tuple(sorted(venue.open_days)),
                capacity=venue.capacity,
                busy=tuple(sorted(set(venue_busy[venue.pk]))),
            )
            for venue in Venue.objects.filter(pk__in=venue_ids).order_by("pk")
        ),
        seed=seed,
    )


def _session(session: Session, held: bool, to_come: engine.Slot) -> engine.Session:
    slot = engine.Slot(session.date, session.part_of_day)
    return engine.Session(
        id=session_key(session.pk),
        course_id=course_key(session.course_id),
        title=session.title_en,
        format=session.format,
        class_hours=float(session.class_hours),
        module_id=module_key(session.module_id) if session.module_id else None,
        lecturer_ids=tuple(lecturer_key(slot.lecturer_id) for slot in session.lecturer_slots.all()),
        venue_id=venue_key(session.venue_id) if session.venue_id else None,
        allowed_parts=tuple(int(part) for part in FORMAT_PARTS[session.format]),
        # Held: where it took place. Pinned: where people put it, and where a part of a day that has
        # begun keeps what it holds (a session with its own later times, not yet begun).
        pinned=slot if held or session.pinned or slot < to_come else None,
        held=held,
        # Where people put it: moving it costs the "preferred slot" weight, so the engine moves
        # sessions only where that buys more than it costs.
        preferred_slots=(engine.Slot(session.date, session.part_of_day),),
    )


#: Formats whose sessions should sit next to each other in a day (the compactness goal): the class's
#: teaching, not its meals.
COMPACT_FORMATS = (SessionFormat.LECTURE, SessionFormat.WORKSHOP, SessionFormat.SITE_VISIT, SessionFormat.EXHIBITION)


def venue_alternatives(outline: OutlineSession, academy, class_size: int) -> list[Venue]:
    """The outline's venues a course at ``academy`` may choose from: those within reach that hold the
    class, the one ``venue_for`` names first. Empty when there is no choice to make (the first venue is
    the only one that fits, a site visit, which visits its host, or no venue big enough: the engine then
    reports it too small). When the first is too small and only one other fits, that one alone."""
    if outline.format == SessionFormat.SITE_VISIT:
        return []
    first = outline.venue_for(academy)
    near = [v for v in sorted(outline.venues.all(), key=lambda v: v.pk) if v.is_within_reach_of(academy)]
    fitting = [v for v in near if v.capacity >= class_size]
    if not fitting or fitting == [first]:
        return []
    return sorted(fitting, key=lambda v: (v != first, v.pk))


def _groups(
    course: Course, modules: list[CourseModule], sessions: list[Session], outlines: list
) -> tuple[engine.Group, ...]:
    """Each module's sessions spread over its days (as many as it has sessions) and keep one venue;
    the class's teaching sessions of the course sit next to each other in a day."""
    members: dict[int, list[str]] = defaultdict(list)
    formats: dict[str, str] = {}
    for s in sessions:
        formats[session_key(s.pk)] = s.format
        if s.module_id:
            members[s.module_id].append(session_key(s.pk))
    for m, outline in outlines:
        if m.course_id == course.pk:
            formats[outline_key(m.pk, outline.pk)] = outline.format
            members[m.pk].append(outline_key(m.pk, outline.pk))
    groups = []
    for module in modules:
        ids = tuple(members[module.pk])
        if len(ids) < 2:
            continue
        groups.append(
            engine.Group(
                id=f"g{module.pk}",
                title=module.title_en,
                session_ids=ids,
                spread_days=min(module.days, len(ids)),
                one_venue=True,
            )
        )
    teaching = tuple(key for key, fmt in formats.items() if fmt in COMPACT_FORMATS)
    if len(teaching) >= 2:
        groups.append(engine.Group(id=f"k{course.pk}", title=course.title_en, session_ids=teaching, compact=True))
    return tuple(groups)


def _outline_session(
    course: Course,
    module: CourseModule,
    outline: OutlineSession,
    venue: Venue | None,
    alternatives: Sequence[Venue] = (),
) -> engine.Session:
    if alternatives:
        return engine.Session(
            id=outline_key(module.pk, outline.pk),
            course_id=course_key(course.pk),
            title=outline.title_en,
            format=outline.format,
            class_hours=float(outline.class_hours),
            module_id=module_key(module.pk),
            venue_ids=tuple(venue_key(v.pk) for v in alternatives),
            allowed_parts=tuple(int(part) for part in FORMAT_PARTS[outline.format]),
        )
    return engine.Session(
        id=outline_key(module.pk, outline.pk),
        course_id=course_key(course.pk),
        title=outline.title_en,
        format=outline.format,
        class_hours=float(outline.class_hours),
        module_id=module_key(module.pk),
        venue_id=venue_key(venue.pk) if venue else None,
        allowed_parts=tuple(int(part) for part in FORMAT_PARTS[outline.format]),
    )


@dataclass(frozen=True)
class Placement:
    """Where the engine puts each session and module, by model id."""

    sessions: dict[int, tuple[datetime.date, int]]
    module_first_days: dict[int, datetime.date]
    #: (course module id, outline session id) → slot, for sessions to create from a module's outline
    new_sessions: dict[tuple[int, int], tuple[datetime.date, int]] = field(default_factory=dict)
    #: (course module id, outline session id) → venue id, for those the engine chose among alternatives
    new_session_venues: dict[tuple[int, int], int] = field(default_factory=dict)


def placement_of(result: Result, problem: engine.Problem | None = None) -> Placement:
    chosen = set()
    if problem is not None:
        chosen = {s.id for s in problem.sessions() if s.venue_ids}
    return Placement(
        sessions={pk_of(a.session_id): (a.date, a.part) for a in result.assignments if not is_new(a.session_id)},
        module_first_days={pk_of(key): day for key, day in result.module_first_days.items()},
        new_sessions={outline_of(a.session_id): (a.date, a.part) for a in result.assignments if is_new(a.session_id)},
        new_session_venues={
            outline_of(a.session_id): pk_of(a.venue_id)
            for a in result.assignments
            if is_new(a.session_id) and a.venue_id is not None and (problem is None or a.session_id in chosen)
        },
    )


def current_placement(courses: Iterable[Course]) -> Placement:
    course_ids = [course.pk for course in courses]
    return Placement(
        sessions={
            pk: (date, part)
            for pk, date, part in Session.objects.filter(course_id__in=course_ids).values_list(
                "pk", "date", "part_of_day"
            )
        },
        module_first_days=dict(
            CourseModule.objects.filter(course_id__in=course_ids, first_day__isnull=False).values_list(
                "pk", "first_day"
            )
        ),
    )
