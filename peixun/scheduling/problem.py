"""What the solver is asked: courses, their modules and sessions, lecturers and venues, as plain data.

Everything here is frozen and hashable. Ids are strings and unique across the whole problem within
their kind (two sessions never share an id, even in different courses; the same for modules).
``validate_problem`` checks what the types cannot say and raises :class:`ProblemError` naming the
field, as ``courses[0].sessions[3].lecturer_ids[1]``.
"""

from __future__ import annotations

import datetime
import functools
import math
from dataclasses import dataclass, field, fields
from typing import NamedTuple

MORNING, AFTERNOON, EVENING = 1, 2, 3
#: Parts of the day, numbered as ``peixun.curriculum.enums.PartOfDay``.
PARTS: tuple[int, ...] = (MORNING, AFTERNOON, EVENING)
PART_NAMES = {MORNING: "morning", AFTERNOON: "afternoon", EVENING: "evening"}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

FORMATS = ("lecture", "workshop", "site_visit", "dinner", "lunch", "exhibition")
#: Formats that follow their module's lectures (the ``module_order`` soft goal).
PRACTICAL_FORMATS = ("workshop", "site_visit")
#: The format whose sessions are spread over the course (the ``dinner_spread`` soft goal).
SPREAD_FORMAT = "dinner"

#: Allowed parts of the day the JSON loader gives a session that names none. The engine itself only
#: reads ``Session.allowed_parts``; callers building dataclasses fill it (the Django adapter from the
#: session's format with this same table).
DEFAULT_ALLOWED_PARTS: dict[str, tuple[int, ...]] = {
    "lecture": PARTS,
    "workshop": PARTS,
    "site_visit": PARTS,
    "exhibition": PARTS,
    "dinner": (EVENING,),
    "lunch": (MORNING, AFTERNOON),
}


class ProblemError(ValueError):
    """A malformed problem. ``path`` names the field (``courses[0].end``); ``str()`` is ``path: reason``."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}" if path else reason)


class Slot(NamedTuple):
    """A part of one day: the unit of the timetable."""

    date: datetime.date
    part: int

    def describe(self) -> str:
        return f"{self.date.isoformat()} {PART_NAMES.get(self.part, self.part)}"


@dataclass(frozen=True)
class Window:
    """Dates from ``start`` to ``end``, both included."""

    start: datetime.date
    end: datetime.date

    def __contains__(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Weights:
    """Weights of the soft goals, in points per unit (docs/timetable-format.md explains each)."""

    #: per teaching day of a visiting lecturer in a course beyond the fewest their sessions need
    lecturer_days: int = 3
    #: per extra trip of a visiting lecturer in a course (a run of teaching days after the first)
    lecturer_trips: int = 20
    #: per workshop or site visit placed before one of its module's lectures
    module_order: int = 10
    #: per class hour (tenths count) above the course's daily limit, per day
    daily_hours: int = 5
    #: per course day by which two dinners are closer than an even spread, per pair of dinners
    dinner_spread: int = 2
    #: per lecturer of a session held on a weekday that lecturer does not prefer
    preferred_weekday: int = 2
    #: per session placed outside the slots it prefers
    preferred_slot: int = 5
    #: per day a group of sessions falls short of the distinct days it should spread over
    spread: int = 4
    #: per session of a compact group with no other session of the group next to it on its day
    compactness: int = 3
    #: per venue a group of sessions uses beyond the first
    venue_stability: int = 5
    #: per seat a venue chosen under a soft capacity rule lacks for the class
    venue_capacity: int = 1

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    days: int
    order: int = 0
    first_day: datetime.date | None = None
    #: Some of its sessions were held: ``first_day`` is where it began, history rather than a choice.
    begun: bool = False


@dataclass(frozen=True)
class Session:
    id: str
    course_id: str
    title: str
    format: str
    class_hours: float = 0.0
    module_id: str | None = None
    lecturer_ids: tuple[str, ...] = ()
    venue_id: str | None = None
    allowed_parts: tuple[int, ...] = PARTS
    pinned: Slot | None = None
    preferred_slots: tuple[Slot, ...] = ()
    #: Already held (it has begun, or has a roll call, check-ins, feedback or credited hours): ``pinned``
    #: is where it took place, a fact. No per-slot rule applies to it (course days, day off, parts,
    #: availability, venues), nor its module's days, nor a clash with another held session; the rest of
    #: the timetable is built around it.
    held: bool = False
    #: Venues the engine chooses from (``venue_id`` is then ``None``): the session takes one of them.
    venue_ids: tuple[str, ...] = ()
    #: ``"hard"``: only alternatives that hold the class; ``"soft"``: a smaller one costs ``venue_capacity``
    #: per missing seat.
    venue_capacity: str = "hard"

    @property
    def venue_choices(self) -> tuple[str, ...]:
        """Every venue the session may use: its fixed venue, or its alternatives."""
        return (self.venue_id,) if self.venue_id is not None else self.venue_ids

    @property
    def tenths(self) -> int:
        """Class hours in tenths of an hour, the unit the engine counts in."""
        return round(self.class_hours * 10)


@dataclass(frozen=True)
class Group:
    """Sessions of one course that share goals: spread over ``spread_days`` distinct days at least,
    ``compact`` (no session of the group alone in its part of a day, with no other next to it), and
    ``one_venue`` (all in one venue where they can be)."""

    id: str
    session_ids: tuple[str, ...]
    title: str = ""
    spread_days: int | None = None
    compact: bool = False
    one_venue: bool = False


VENUE_CAPACITY_RULES = ("hard", "soft")


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    start: datetime.date
    end: datetime.date
    day_off: int | None = 6
    capacity: int = 55
    fixed_module_order: bool = False
    max_class_hours_per_day: float | None = None
    weights: Weights = field(default_factory=Weights)
    modules: tuple[Module, ...] = ()
    sessions: tuple[Session, ...] = ()
    #: The first slot still to come (a course in session): sessions neither held nor pinned take no
    #: earlier slot. ``None``: every slot of the course is still to come.
    not_before: Slot | None = None
    groups: tuple[Group, ...] = ()

    def all_days(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    def course_days(self) -> list[datetime.date]:
        """The days sessions may be held: every day from start to end but the weekly day off."""
        return [d for d in self.all_days() if d.weekday() != self.day_off]

    def is_course_day(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end and day.weekday() != self.day_off

    def is_to_come(self, slot: Slot) -> bool:
        """Whether a session that is neither held nor pinned may still take ``slot``."""
        return self.not_before is None or slot >= self.not_before

    def modules_in_order(self) -> list[Module]:
        """The course's module order: by ``order``, then as listed."""
        return [m for _, m in sorted(enumerate(self.modules), key=lambda im: (im[1].order, im[0]))]

    @property
    def max_tenths_per_day(self) -> int | None:
        if self.max_class_hours_per_day is None:
            return None
        return round(self.max_class_hours_per_day * 10)


@dataclass(frozen=True)
class Lecturer:
    id: str
    name: str
    availability: tuple[Window, ...] = ()
    visiting: bool = False
    preferred_weekdays: tuple[int, ...] = ()
    busy: tuple[Slot, ...] = ()

    def is_available(self, day: datetime.date) -> bool:
        memo = self._available
        if day not in memo:
            memo[day] = any(day in w for w in self.availability)
        return memo[day]

    @functools.cached_property
    def _available(self) -> dict[datetime.date, bool]:
        return {}


@dataclass(frozen=True)
class Venue:
    id: str
    name: str
    open_weekdays: tuple[int, ...] = (0, 1, 2, 3, 4, 5, 6)
    capacity: int = 1000
    busy: tuple[Slot, ...] = ()

    def is_open(self, day: datetime.date) -> bool:
        return day.weekday() in self.open_weekdays


@dataclass(frozen=True)
class Problem:
    courses: tuple[Course, ...]
    lecturers: tuple[Lecturer, ...] = ()
    venues: tuple[Venue, ...] = ()
    seed: int = 0

    def sessions(self) -> list[Session]:
        return [s for c in self.courses for s in c.sessions]


class Index:
    """Lookups by id over a (validated) problem, built once per solve."""

    def __init__(self, problem: Problem):
        self.problem = problem
        self.courses = {c.id: c for c in problem.courses}
        self.lecturers = {lecturer.id: lecturer for lecturer in problem.lecturers}
        self.venues = {v.id: v for v in problem.venues}
        self.lecturer_busy = {lecturer.id: frozenset(lecturer.busy) for lecturer in problem.lecturers}
        self.venue_busy = {v.id: frozenset(v.busy) for v in problem.venues}
        self.sessions: dict[str, Session] = {}
        self.modules: dict[str, Module] = {}
        self.module_course: dict[str, Course] = {}
        for c in problem.courses:
            for m in c.modules:
                self.modules[m.id] = m
                self.module_course[m.id] = c
            for s in c.sessions:
                self.sessions[s.id] = s
        self.sessions_of_lecturer: dict[str, list[Session]] = {lid: [] for lid in self.lecturers}
        self.sessions_of_venue: dict[str, list[Session]] = {vid: [] for vid in self.venues}
        self.sessions_of_module: dict[str, list[Session]] = {mid: [] for mid in self.modules}
        #: sessions that may use the venue: its fixed sessions and those naming it as an alternative
        self.venue_users: dict[str, list[Session]] = {vid: [] for vid in self.venues}
        for s in problem.sessions():
            for lid in s.lecturer_ids:
                self.sessions_of_lecturer[lid].append(s)
            if s.venue_id is not None:
                self.sessions_of_venue[s.venue_id].append(s)
            if s.module_id is not None:
                self.sessions_of_module[s.module_id].append(s)
            for vid in s.venue_choices:
                self.venue_users[vid].append(s)
        #: per session, the other sessions of the groups that want one venue with it
        self.venue_partners: dict[str, list[str]] = {}
        for c in problem.courses:
            for g in c.groups:
                if g.one_venue:
                    for sid in g.session_ids:
                        self.venue_partners.setdefault(sid, []).extend(x for x in g.session_ids if x != sid)

    def course_of(self, session: Session) -> Course:
        return self.courses[session.course_id]


def usable_parts(sessions: list[Session]) -> set[int]:
    """The parts of the day these sessions may take: their allowed parts, and where held ones were held."""
    return {p for s in sessions for p in ((s.pinned.part,) if s.held else s.allowed_parts)}


def _slots_needed(sessions: list[Session]) -> int:
    """Slots these sessions of one lecturer take: one each, but held ones held together share theirs."""
    return sum(1 for s in sessions if not s.held) + len({s.pinned for s in sessions if s.held})


def most_per_day(sessions: list[Session]) -> int:
    """The most of these sessions (of one lecturer) one day can hold."""
    held = [s for s in sessions if s.held]
    return len(usable_parts(sessions)) + len(held) - len({s.pinned for s in held})


def min_teaching_days(sessions: list[Session]) -> int:
    """A lower bound on the days a lecturer needs for these sessions (of one course): one session per
    usable part of a day at most, and the sessions of different modules on different days (held
    sessions aside: they may lie outside their module's days)."""
    if not sessions:
        return 0

    def fewest(group: list[Session]) -> int:
        return math.ceil(_slots_needed(group) / max(1, len(usable_parts(group))))

    by_module: dict[str, list[Session]] = {}
    for s in sessions:
        if s.module_id is not None and not s.held:
            by_module.setdefault(s.module_id, []).append(s)
    return max(fewest(sessions), sum(fewest(group) for group in by_module.values()))


def validate_problem(problem: Problem) -> None:
    """Check what the dataclass types cannot; raise :class:`ProblemError` naming the first bad field.

    Conditions that make a problem impossible but not malformed (a lecturer with too little time, a
    venue that is too small, a session pinned onto a day off) are not errors here: the solver
    reports them as conflicts.
    """
    lecturer_ids = _unique_ids("lecturers", [x.id for x in problem.lecturers])
    venue_ids = _unique_ids("venues", [x.id for x in problem.venues])
    _unique_ids("courses", [x.id for x in problem.courses])
    if not problem.courses:
        raise ProblemError("courses", "a problem needs at least one course")
    seen_sessions: dict[str, str] = {}
    seen_modules: dict[str, str] = {}
    seen_groups: dict[str, str] = {}
    for li, lecturer in enumerate(problem.lecturers):
        path = f"lecturers[{li}]"
        for wi, window in enumerate(lecturer.availability):
            if window.end < window.start:
                raise ProblemError(f"{path}.availability[{wi}].end", "the window ends before it starts")
        _check_weekdays(f"{path}.preferred_weekdays", lecturer.preferred_weekdays)
        _check_slots(f"{path}.busy", lecturer.busy)
    for vi, venue in enumerate(problem.venues):
        path = f"venues[{vi}]"
        _check_weekdays(f"{path}.open_weekdays", venue.open_weekdays)
        if venue.capacity < 0:
            raise ProblemError(f"{path}.capacity", "must not be negative")
        _check_slots(f"{path}.busy", venue.busy)
    for ci, course in enumerate(problem.courses):
        path = f"courses[{ci}]"
        if course.end < course.start:
            raise ProblemError(f"{path}.end", f"the course ends ({course.end}) before it starts ({course.start})")
        if (course.end - course.start).days > 366:
            raise ProblemError(f"{path}.end", "a course lasts at most a year")
        if course.day_off is not None and course.day_off not in range(7):
            raise ProblemError(
                f"{path}.day_off", f"must be a weekday number 0 (Monday) to 6 (Sunday), not {course.day_off}"
            )
        if course.capacity < 1:
            raise ProblemError(f"{path}.capacity", "must be at least 1")
        if course.not_before is not None:
            _check_slots(f"{path}.not_before", (course.not_before,), single=True)
        if course.max_class_hours_per_day is not None and not 0 <= course.max_class_hours_per_day <= 36:
            raise ProblemError(f"{path}.max_class_hours_per_day", "must be between 0 and 36")
        for name in Weights.names():
            value = getattr(course.weights, name)
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1000:
                raise ProblemError(f"{path}.weights.{name}", f"must be a whole number from 0 to 1000, not {value!r}")
        module_ids: set[str] = set()
        for mi, module in enumerate(course.modules):
            mpath = f"{path}.modules[{mi}]"
            if not module.id:
                raise ProblemError(f"{mpath}.id", "must not be empty")
            if module.id in seen_modules:
                raise ProblemError(f"{mpath}.id", f"duplicate module id {module.id!r} (also {seen_modules[module.id]})")
            seen_modules[module.id] = mpath
            module_ids.add(module.id)
            if not 2 <= module.days <= 6:
                raise ProblemError(f"{mpath}.days", f"a module takes 2 to 6 days, not {module.days}")
            if module.begun and module.first_day is None:
                raise ProblemError(f"{mpath}.first_day", "a module that has begun needs the day it began")
        for si, session in enumerate(course.sessions):
            spath = f"{path}.sessions[{si}]"
            if not session.id:
                raise ProblemError(f"{spath}.id", "must not be empty")
            if session.id in seen_sessions:
                raise ProblemError(
                    f"{spath}.id", f"duplicate session id {session.id!r} (also {seen_sessions[session.id]})"
                )
            seen_sessions[session.id] = spath
            if session.course_id != course.id:
                raise ProblemError(
                    f"{spath}.course_id",
                    f"the session is listed in course {course.id!r} but names {session.course_id!r}",
                )
            if session.format not in FORMATS:
                raise ProblemError(f"{spath}.format", f"unknown format {session.format!r}; one of {', '.join(FORMATS)}")
            if not 0 <= session.class_hours <= 12 or abs(session.class_hours * 10 - session.tenths) > 1e-6:
                raise ProblemError(
                    f"{spath}.class_hours", f"must be 0 to 12 hours in steps of 0.1, not {session.class_hours}"
                )
            if session.module_id is not None and session.module_id not in module_ids:
                raise ProblemError(
                    f"{spath}.module_id", f"unknown module {session.module_id!r} in course {course.id!r}"
                )
            if len(set(session.lecturer_ids)) != len(session.lecturer_ids):
                raise ProblemError(f"{spath}.lecturer_ids", "a lecturer is listed twice")
            for li, lid in enumerate(session.lecturer_ids):
                if lid not in lecturer_ids:
                    raise ProblemError(f"{spath}.lecturer_ids[{li}]", f"unknown lecturer {lid!r}")
            if session.venue_id is not None and session.venue_id not in venue_ids:
                raise ProblemError(f"{spath}.venue_id", f"unknown venue {session.venue_id!r}")
            if session.venue_ids and session.venue_id is not None:
                raise ProblemError(f"{spath}.venue_ids", "name either one venue_id or alternative venue_ids, not both")
            if len(set(session.venue_ids)) != len(session.venue_ids):
                raise ProblemError(f"{spath}.venue_ids", "a venue is listed twice")
            for vi, vid in enumerate(session.venue_ids):
                if vid not in venue_ids:
                    raise ProblemError(f"{spath}.venue_ids[{vi}]", f"unknown venue {vid!r}")
            if session.venue_capacity not in VENUE_CAPACITY_RULES:
                raise ProblemError(
                    f"{spath}.venue_capacity", f"must be 'hard' or 'soft', not {session.venue_capacity!r}"
                )
            if session.format == "site_visit" and not session.venue_choices:
                raise ProblemError(f"{spath}.venue_id", "a site visit needs the venue it visits")
            if not session.allowed_parts:
                raise ProblemError(f"{spath}.allowed_parts", "at least one part of the day")
            if len(set(session.allowed_parts)) != len(session.allowed_parts):
                raise ProblemError(f"{spath}.allowed_parts", "a part of the day is listed twice")
            for pi, part in enumerate(session.allowed_parts):
                if part not in PARTS:
                    raise ProblemError(f"{spath}.allowed_parts[{pi}]", f"must be 1, 2 or 3, not {part!r}")
            if session.pinned is not None:
                _check_slots(f"{spath}.pinned", (session.pinned,), single=True)
            elif session.held:
                raise ProblemError(f"{spath}.pinned", "a held session needs the slot where it was held")
            _check_slots(f"{spath}.preferred_slots", session.preferred_slots)
        course_sessions = {s.id for s in course.sessions}
        for gi, group in enumerate(course.groups):
            gpath = f"{path}.groups[{gi}]"
            if not group.id:
                raise ProblemError(f"{gpath}.id", "must not be empty")
            if group.id in seen_groups:
                raise ProblemError(f"{gpath}.id", f"duplicate group id {group.id!r} (also {seen_groups[group.id]})")
            seen_groups[group.id] = gpath
            if not group.session_ids:
                raise ProblemError(f"{gpath}.session_ids", "a group needs at least one session")
            if len(set(group.session_ids)) != len(group.session_ids):
                raise ProblemError(f"{gpath}.session_ids", "a session is listed twice")
            for gsi, sid in enumerate(group.session_ids):
                if sid not in course_sessions:
                    raise ProblemError(
                        f"{gpath}.session_ids[{gsi}]", f"unknown session {sid!r} in course {course.id!r}"
                    )
            if group.spread_days is not None and (
                not isinstance(group.spread_days, int) or isinstance(group.spread_days, bool) or group.spread_days < 1
            ):
                raise ProblemError(
                    f"{gpath}.spread_days", f"must be a whole number of days from 1, not {group.spread_days!r}"
                )


def problem_warnings(problem: Problem) -> list[tuple[str, str]]:
    """What is allowed but cannot be met in full, as (field path, reason): a group asked to spread over
    more days than its sessions or its course (or module) days can give. Such a goal always costs."""
    out: list[tuple[str, str]] = []
    for ci, course in enumerate(problem.courses):
        sessions = {s.id: s for s in course.sessions}
        modules = {m.id: m for m in course.modules}
        for gi, group in enumerate(course.groups):
            if group.spread_days is None:
                continue
            members = [sessions[sid] for sid in group.session_ids if sid in sessions]
            module_ids = {s.module_id for s in members}
            if None in module_ids:
                days = len(course.course_days())
                where = f"{days} course days"
            else:
                days = sum(modules[mid].days for mid in module_ids)
                where = f"{days} days of its module{'s' if len(module_ids) > 1 else ''}"
            most = min(days, len(members))
            if group.spread_days > most:
                reason = (
                    f"asks for {group.spread_days} distinct days, but its {len(members)} session(s) on {where} "
                    f"can use at most {most}"
                )
                out.append((f"courses[{ci}].groups[{gi}].spread_days", reason))
    return out


def _unique_ids(path: str, ids: list[str]) -> set[str]:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if not value:
            raise ProblemError(f"{path}[{i}].id", "must not be empty")
        if value in seen:
            raise ProblemError(f"{path}[{i}].id", f"duplicate id {value!r}")
        seen.add(value)
    return seen


def _check_weekdays(path: str, days: tuple[int, ...]) -> None:
    for i, d in enumerate(days):
        if d not in range(7):
            raise ProblemError(f"{path}[{i}]", f"must be a weekday number 0 (Monday) to 6 (Sunday), not {d!r}")
    if len(set(days)) != len(days):
        raise ProblemError(path, "a weekday is listed twice")


def _check_slots(path: str, slots: tuple[Slot, ...], single: bool = False) -> None:
    for i, slot in enumerate(slots):
        where = path if single else f"{path}[{i}]"
        if slot.part not in PARTS:
            raise ProblemError(f"{where}.part", f"must be 1, 2 or 3, not {slot.part!r}")
