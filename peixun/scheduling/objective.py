"""The weighted soft goals, computed on plain data (independently of the CP-SAT model).

The objective is counted internally in tenths of a point, so that class hours (in tenths of an hour)
stay whole numbers; ``objective_of`` returns points. The CP-SAT model builds the same sums as linear
expressions with exactly defined auxiliary variables, so for every timetable it finds, its objective
value equals ``objective_of`` on that timetable (the tests check it).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping

from .calendar import CourseCalendar, course_calendar
from .problem import (
    PART_NAMES,
    PRACTICAL_FORMATS,
    SPREAD_FORMAT,
    WEEKDAY_NAMES,
    Index,
    Problem,
    Slot,
    Weights,
    min_teaching_days,
)
from .result import Assignment, UnmetGoal

SlotMap = Mapping[str, Slot]


def as_slot_map(assignments: Iterable[Assignment] | Iterable[tuple] | SlotMap) -> dict[str, Slot]:
    """Accept assignments as ``Assignment`` objects, ``(session_id, date, part)`` triples or a mapping."""
    if isinstance(assignments, Mapping):
        return {sid: Slot(*slot) for sid, slot in assignments.items()}
    out: dict[str, Slot] = {}
    for a in assignments:
        if isinstance(a, Assignment):
            out[a.session_id] = Slot(a.date, a.part)
        else:
            sid, day, part = a
            out[sid] = Slot(day, part)
    return out


def time_index(course_start: datetime.date, slot: Slot) -> int:
    """Slots of a course numbered in time order: three per calendar day from the course's first day."""
    return (slot.date - course_start).days * 3 + slot.part - 1


def dinner_spacing(cal: CourseCalendar, dinners: int) -> int:
    """Course days an even spread leaves between consecutive dinners."""
    return cal.n // dinners if dinners >= 2 else 0


def as_venue_map(assignments, venues: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The venue chosen for each session: ``venues`` if given, else the ``venue_id`` of ``Assignment`` objects."""
    if venues is not None:
        return {sid: vid for sid, vid in venues.items() if vid is not None}
    if isinstance(assignments, Mapping):
        return {}
    return {a.session_id: a.venue_id for a in assignments if isinstance(a, Assignment) and a.venue_id is not None}


def venue_of(session, venues: Mapping[str, str]) -> str | None:
    """The venue a session uses: its fixed one, or the alternative chosen for it."""
    return session.venue_id if session.venue_id is not None else venues.get(session.id)


def objective_of(problem: Problem, assignments, *, venues=None, index: Index | None = None) -> float:
    """The weighted objective, in points, of a (full or partial) timetable. ``venues`` maps sessions with
    alternative venues to the one chosen (``Assignment`` objects carry it in ``venue_id``)."""
    assignments = list(assignments) if not isinstance(assignments, Mapping) else assignments
    chosen = as_venue_map(assignments, venues)
    return sum(cost for cost, _ in goal_costs(problem, as_slot_map(assignments), chosen, index=index)) / 10


def unmet_goals(problem: Problem, assignments, *, venues=None, index: Index | None = None) -> list[UnmetGoal]:
    assignments = list(assignments) if not isinstance(assignments, Mapping) else assignments
    chosen = as_venue_map(assignments, venues)
    return [goal for _, goal in goal_costs(problem, as_slot_map(assignments), chosen, index=index)]


def costs_by_goal(problem: Problem, assignments, *, venues=None, index: Index | None = None) -> dict[str, float]:
    """Points per goal (every weight's name, 0 for a goal that is met or off)."""
    assignments = list(assignments) if not isinstance(assignments, Mapping) else assignments
    chosen = as_venue_map(assignments, venues)
    return tenths_by_goal(goal_costs(problem, as_slot_map(assignments), chosen, index=index))


def tenths_by_goal(costs: list[tuple[int, UnmetGoal]]) -> dict[str, float]:
    out = dict.fromkeys(Weights.names(), 0)
    for tenths, goal in costs:
        out[goal.code] += tenths
    return {code: value / 10 for code, value in out.items()}


def goal_costs(
    problem: Problem,
    slots: dict[str, Slot],
    venues: Mapping[str, str] | None = None,
    *,
    index: Index | None = None,
) -> list[tuple[int, UnmetGoal]]:
    """Every soft goal missed, with its cost in tenths of a point, in a stable order. ``venues``: the
    venue chosen for each session with alternatives (a session without one counts no venue)."""
    idx = index or Index(problem)
    venues = venues or {}
    out: list[tuple[int, UnmetGoal]] = []

    def add(tenths: int, code: str, course, message: str, params: dict, session_ids=()) -> None:
        if tenths:
            out.append((tenths, UnmetGoal(code, course.id, tenths / 10, message, params, tuple(session_ids))))

    for course in problem.courses:
        w = course.weights
        cal = course_calendar(course)
        placed = [(s, slots[s.id]) for s in course.sessions if s.id in slots]

        # Visiting lecturers: teaching days beyond the fewest needed, and trips beyond the first.
        by_lecturer: dict[str, list] = defaultdict(list)
        for s in course.sessions:
            for lid in s.lecturer_ids:
                if idx.lecturers[lid].visiting:
                    by_lecturer[lid].append(s)
        for lid in by_lecturer:
            lecturer = idx.lecturers[lid]
            sessions = by_lecturer[lid]
            used = sorted({slots[s.id].date for s in sessions if s.id in slots})
            if not used:
                continue
            minimum = min_teaching_days(sessions)
            extra_days = len(used) - minimum
            add(
                w.lecturer_days * 10 * extra_days,
                "lecturer_days",
                course,
                f"{lecturer.name} teaches on {len(used)} days in {course.title}; {minimum} would do.",
                {
                    "lecturer_id": lid,
                    "lecturer": lecturer.name,
                    "course": course.title,
                    "days": len(used),
                    "min_days": minimum,
                },
                [s.id for s in sessions],
            )
            teachable = sorted(set(trip_calendar(course, lecturer)) | set(used))
            used_set = set(used)
            trips = sum(
                1 for i, d in enumerate(teachable) if d in used_set and (i == 0 or teachable[i - 1] not in used_set)
            )
            add(
                w.lecturer_trips * 10 * (trips - 1),
                "lecturer_trips",
                course,
                f"{lecturer.name} comes to {course.title} on {trips} separate stretches of days instead of 1.",
                {"lecturer_id": lid, "lecturer": lecturer.name, "course": course.title, "trips": trips},
                [s.id for s in sessions],
            )

        # Practical sessions after their module's lectures.
        for module in course.modules:
            members = [(s, slot) for s, slot in placed if s.module_id == module.id]
            lectures = [(s, slot) for s, slot in members if s.format == "lecture"]
            if not lectures:
                continue
            last_session, last_slot = max(lectures, key=lambda sl: time_index(course.start, sl[1]))
            last = time_index(course.start, last_slot)
            for s, slot in members:
                if s.format in PRACTICAL_FORMATS and time_index(course.start, slot) < last:
                    add(
                        w.module_order * 10,
                        "module_order",
                        course,
                        f"In module {module.title}, {s.title} ({s.format.replace('_', ' ')}) comes before the lecture "
                        f"{last_session.title}.",
                        {
                            "module_id": module.id,
                            "module": module.title,
                            "session": s.title,
                            "format": s.format,
                            "lecture": last_session.title,
                            "lecture_id": last_session.id,
                        },
                        [s.id, last_session.id],
                    )

        # Class hours per day.
        limit = course.max_tenths_per_day
        if limit is not None:
            per_day: dict[datetime.date, int] = defaultdict(int)
            for s, slot in placed:
                per_day[slot.date] += s.tenths
            for day in sorted(per_day):
                excess = per_day[day] - limit
                if excess > 0:
                    add(
                        w.daily_hours * excess,
                        "daily_hours",
                        course,
                        f"{course.title} has {per_day[day] / 10:g} class hours on {day.isoformat()}, more than its "
                        f"limit of {limit / 10:g}.",
                        {
                            "course": course.title,
                            "date": day.isoformat(),
                            "hours": per_day[day] / 10,
                            "limit": limit / 10,
                        },
                        [s.id for s, slot in placed if slot.date == day],
                    )

        # Dinners spread over the course.
        dinners = [s for s in course.sessions if s.format == SPREAD_FORMAT]
        spacing = dinner_spacing(cal, len(dinners))
        placed_dinners = [(s, slots[s.id]) for s in dinners if s.id in slots]
        for i, (a, sa) in enumerate(placed_dinners):
            for b, sb in placed_dinners[i + 1 :]:
                apart = abs(cal.position(sa.date) - cal.position(sb.date))
                short = max(0, spacing - apart)
                add(
                    w.dinner_spread * 10 * short,
                    "dinner_spread",
                    course,
                    f"The dinners {a.title} and {b.title} are {apart} course days apart; an even spread puts "
                    f"{spacing} between dinners.",
                    {"first": a.title, "second": b.title, "apart": apart, "spacing": spacing},
                    [a.id, b.id],
                )

        # Lecturers' preferred weekdays and sessions' preferred slots.
        for s, slot in placed:
            for lid in s.lecturer_ids:
                lecturer = idx.lecturers[lid]
                if lecturer.preferred_weekdays and slot.date.weekday() not in lecturer.preferred_weekdays:
                    add(
                        w.preferred_weekday * 10,
                        "preferred_weekday",
                        course,
                        f"{s.title} is on a {WEEKDAY_NAMES[slot.date.weekday()]}, "
                        f"a day {lecturer.name} does not prefer.",
                        {
                            "session": s.title,
                            "lecturer_id": lid,
                            "lecturer": lecturer.name,
                            "weekday": slot.date.weekday(),
                            "preferred_weekdays": list(lecturer.preferred_weekdays),
                        },
                        [s.id],
                    )
            if s.preferred_slots and slot not in s.preferred_slots:
                add(
                    w.preferred_slot * 10,
                    "preferred_slot",
                    course,
                    f"{s.title} is on {slot.date.isoformat()} {PART_NAMES[slot.part]}, "
                    "not in one of its preferred slots.",
                    {
                        "session": s.title,
                        "date": slot.date.isoformat(),
                        "part": slot.part,
                        "preferred_slots": [[p.date.isoformat(), p.part] for p in s.preferred_slots],
                    },
                    [s.id],
                )

        _group_costs(course, slots, venues, idx, add)
    return out


def _group_costs(course, slots: dict[str, Slot], venues: Mapping[str, str], idx: Index, add) -> None:
    """Spread, compactness and venue stability of the course's groups; soft venue capacity per session."""
    w = course.weights
    for s in course.sessions:
        vid = venues.get(s.id) if s.venue_id is None else None
        if vid is None or s.venue_capacity != "soft":
            continue
        venue = idx.venues[vid]
        short = course.capacity - venue.capacity
        if short > 0:
            add(
                w.venue_capacity * 10 * short,
                "venue_capacity",
                course,
                f"{s.title} is at {venue.name}, which holds {venue.capacity} people; the class of {course.title} "
                f"has {course.capacity}.",
                {
                    "session": s.title,
                    "venue_id": vid,
                    "venue": venue.name,
                    "venue_capacity": venue.capacity,
                    "capacity": course.capacity,
                    "short": short,
                },
                [s.id],
            )
    for group in course.groups:
        members = [idx.sessions[sid] for sid in group.session_ids]
        placed = [(s, slots[s.id]) for s in members if s.id in slots]
        title = group.title or group.id
        base = {"group_id": group.id, "group": title}
        if group.spread_days:
            days = len({slot.date for _, slot in placed})
            missing = max(0, group.spread_days - days)
            add(
                w.spread * 10 * missing,
                "spread",
                course,
                f"The sessions of {title} fall on {days} distinct day(s); they should spread over {group.spread_days}.",
                {**base, "days": days, "spread_days": group.spread_days},
                [s.id for s, _ in placed],
            )
        if group.compact:
            taken = {slot for _, slot in placed}
            for s, slot in placed:
                if Slot(slot.date, slot.part - 1) in taken or Slot(slot.date, slot.part + 1) in taken:
                    continue
                add(
                    w.compactness * 10,
                    "compactness",
                    course,
                    f"{s.title} on {slot.date.isoformat()} {PART_NAMES[slot.part]} has no other session of {title} "
                    "next to it that day.",
                    {**base, "session": s.title, "date": slot.date.isoformat(), "part": slot.part},
                    [s.id],
                )
        if group.one_venue:
            used = sorted({vid for s in members if (vid := venue_of(s, venues)) is not None})
            if len(used) > 1:
                add(
                    w.venue_stability * 10 * (len(used) - 1),
                    "venue_stability",
                    course,
                    f"The sessions of {title} use {len(used)} venues ({', '.join(idx.venues[v].name for v in used)}) "
                    "instead of one.",
                    {**base, "venue_ids": used, "venues": [idx.venues[v].name for v in used], "count": len(used)},
                    [s.id for s in members if venue_of(s, venues) is not None],
                )


def trip_calendar(course, lecturer) -> list[datetime.date]:
    """The days on which a visiting lecturer could teach in the course: its course days inside their
    availability. A trip is a run of teaching days with no such day left out in between."""
    return [d for d in course.course_days() if lecturer.is_available(d)]
