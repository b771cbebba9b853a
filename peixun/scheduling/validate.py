"""Every hard rule, checked on a finished timetable: independent of the CP-SAT model.

``check_timetable`` takes the problem, the session slots and the modules' first days (for instance a
timetable someone edited by hand) and lists every broken rule as a :class:`Violation`. An empty list
means the timetable keeps every hard rule.
"""

from __future__ import annotations

import datetime
import itertools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .calendar import course_calendar
from .objective import as_slot_map, as_venue_map, costs_by_goal, venue_of
from .problem import PART_NAMES, WEEKDAY_NAMES, Index, Problem, Slot

#: Violation codes, in the order the checker looks for them.
CODES = (
    "unknown_session",
    "session_unassigned",
    "outside_course",
    "day_off",
    "part_not_allowed",
    "pinned_moved",
    "before_not_before",
    "lecturer_unavailable",
    "lecturer_busy",
    "venue_closed",
    "venue_busy",
    "venue_too_small",
    "site_visit_without_venue",
    "venue_not_chosen",
    "venue_not_an_option",
    "class_clash",
    "lecturer_clash",
    "venue_clash",
    "module_unplaced",
    "module_start_not_course_day",
    "module_overruns_course",
    "module_moved",
    "module_overlap",
    "module_order",
    "session_outside_module",
)


@dataclass(frozen=True)
class Violation:
    code: str
    message: str
    session_ids: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)


def check_timetable(
    problem: Problem,
    assignments,
    module_first_days: Mapping[str, datetime.date] | None = None,
    *,
    venues: Mapping[str, str | None] | None = None,
    index: Index | None = None,
) -> list[Violation]:
    """List every hard rule the timetable breaks.

    ``assignments``: ``Assignment`` objects, ``(session_id, date, part)`` triples or a mapping from
    session id to ``(date, part)``. ``module_first_days``: module id to first day; a module missing from
    it is reported as unplaced. ``venues``: the venue chosen for each session with alternative venues
    (``Assignment`` objects carry it in ``venue_id``).
    """
    idx = index or Index(problem)
    if not isinstance(assignments, Mapping):
        assignments = list(assignments)
    chosen = as_venue_map(assignments, venues)
    slots = as_slot_map(assignments)
    first_days = dict(module_first_days or {})
    out: list[Violation] = []

    def add(code: str, message: str, session_ids=(), **params) -> None:
        out.append(Violation(code, message, tuple(session_ids), params))

    for sid in slots:
        if sid not in idx.sessions:
            add(
                "unknown_session",
                f"The timetable places {sid!r}, which is not a session of the problem.",
                [sid],
                session_id=sid,
            )

    for course in problem.courses:
        for s in course.sessions:
            if s.id not in slots:
                add("session_unassigned", f"{s.title} has no slot.", [s.id], session=s.title)
                continue
            slot = slots[s.id]
            when = slot.describe()
            base = {"session": s.title, "date": slot.date.isoformat(), "part": slot.part}
            if s.held:
                # Where it was held is a fact: only that it stays there is a rule.
                if slot != s.pinned:
                    add(
                        "pinned_moved",
                        f"{s.title} was held on {s.pinned.describe()} but is placed on {when}.",
                        [s.id],
                        pinned_date=s.pinned.date.isoformat(),
                        pinned_part=s.pinned.part,
                        held=True,
                        **base,
                    )
                continue
            if not course.start <= slot.date <= course.end:
                add(
                    "outside_course",
                    f"{s.title} is on {when}, outside {course.title} ({course.start.isoformat()} to "
                    f"{course.end.isoformat()}).",
                    [s.id],
                    course_id=course.id,
                    **base,
                )
            elif slot.date.weekday() == course.day_off:
                add(
                    "day_off",
                    f"{s.title} is on {when}, the day off of {course.title}.",
                    [s.id],
                    course_id=course.id,
                    **base,
                )
            if slot.part not in s.allowed_parts:
                add(
                    "part_not_allowed",
                    f"{s.title} is in the {PART_NAMES.get(slot.part, slot.part)}, but may only be in the "
                    f"{', '.join(PART_NAMES[p] for p in s.allowed_parts)}.",
                    [s.id],
                    allowed_parts=list(s.allowed_parts),
                    **base,
                )
            if s.pinned is not None and slot != s.pinned:
                add(
                    "pinned_moved",
                    f"{s.title} is pinned to {s.pinned.describe()} but placed on {when}.",
                    [s.id],
                    pinned_date=s.pinned.date.isoformat(),
                    pinned_part=s.pinned.part,
                    **base,
                )
            if s.pinned is None and not course.is_to_come(slot):
                add(
                    "before_not_before",
                    f"{s.title} is on {when}, before {course.not_before.describe()}, the first slot of "
                    f"{course.title} still to come.",
                    [s.id],
                    course_id=course.id,
                    not_before_date=course.not_before.date.isoformat(),
                    not_before_part=course.not_before.part,
                    **base,
                )
            for lid in s.lecturer_ids:
                lecturer = idx.lecturers[lid]
                if not lecturer.is_available(slot.date):
                    add(
                        "lecturer_unavailable",
                        f"{lecturer.name} teaches {s.title} on {when}, outside their availability.",
                        [s.id],
                        lecturer_id=lid,
                        lecturer=lecturer.name,
                        **base,
                    )
                if slot in idx.lecturer_busy[lid]:
                    add(
                        "lecturer_busy",
                        f"{lecturer.name} teaches {s.title} on {when}, when they are busy elsewhere.",
                        [s.id],
                        lecturer_id=lid,
                        lecturer=lecturer.name,
                        **base,
                    )
            venue_id = s.venue_id
            if s.venue_ids:
                venue_id = chosen.get(s.id)
                if venue_id is None:
                    add(
                        "venue_not_chosen",
                        f"{s.title} has no venue chosen from its alternatives.",
                        [s.id],
                        venue_ids=list(s.venue_ids),
                        **base,
                    )
                elif venue_id not in s.venue_ids:
                    add(
                        "venue_not_an_option",
                        f"{s.title} is placed at {venue_id!r}, which is not one of its alternative venues.",
                        [s.id],
                        venue_id=venue_id,
                        venue_ids=list(s.venue_ids),
                        **base,
                    )
                    venue_id = None
            if venue_id is not None:
                venue = idx.venues[venue_id]
                vp = {"venue_id": venue.id, "venue": venue.name, **base}
                if not venue.is_open(slot.date):
                    add(
                        "venue_closed",
                        f"{s.title} is at {venue.name} on {when}, a {WEEKDAY_NAMES[slot.date.weekday()]}, when it "
                        "is closed.",
                        [s.id],
                        **vp,
                    )
                if slot in idx.venue_busy[venue.id]:
                    add(
                        "venue_busy",
                        f"{s.title} is at {venue.name} on {when}, when it is already booked.",
                        [s.id],
                        **vp,
                    )
                if venue.capacity < course.capacity and (s.venue_id is not None or s.venue_capacity == "hard"):
                    add(
                        "venue_too_small",
                        f"{venue.name} holds {venue.capacity} people; the class of {course.title} has "
                        f"{course.capacity}.",
                        [s.id],
                        venue_capacity=venue.capacity,
                        capacity=course.capacity,
                        **vp,
                    )
            elif s.format == "site_visit":
                add("site_visit_without_venue", f"The site visit {s.title} has no venue.", [s.id], session=s.title)

    # One session per slot for a class, a lecturer and a venue.
    # Held sessions may share a slot with each other: that is what happened.
    holders: dict[tuple[str, str, Slot], list[str]] = defaultdict(list)
    for course in problem.courses:
        for s in course.sessions:
            if s.id not in slots:
                continue
            slot = slots[s.id]
            holders[("class", course.id, slot)].append(s.id)
            for lid in s.lecturer_ids:
                holders[("lecturer", lid, slot)].append(s.id)
            venue_id = venue_of(s, chosen)
            if venue_id is not None and venue_id in idx.venues:
                holders[("venue", venue_id, slot)].append(s.id)
    for (kind, who, slot), sids in holders.items():
        if len(sids) < 2 or all(idx.sessions[x].held for x in sids):
            continue
        titles = ", ".join(idx.sessions[x].title for x in sids)
        params = {"date": slot.date.isoformat(), "part": slot.part, "sessions": [idx.sessions[x].title for x in sids]}
        if kind == "class":
            course = idx.courses[who]
            add(
                "class_clash",
                f"The class of {course.title} has {titles} all on {slot.describe()}.",
                sids,
                course_id=who,
                **params,
            )
        elif kind == "lecturer":
            name = idx.lecturers[who].name
            add(
                "lecturer_clash",
                f"{name} is in {titles} at once, on {slot.describe()}.",
                sids,
                lecturer_id=who,
                lecturer=name,
                **params,
            )
        else:
            name = idx.venues[who].name
            add(
                "venue_clash",
                f"{name} holds {titles} at once, on {slot.describe()}.",
                sids,
                venue_id=who,
                venue=name,
                **params,
            )

    # Modules: placed on consecutive course days, apart, in order; their sessions on their days.
    for course in problem.courses:
        cal = course_calendar(course)
        module_dates: dict[str, list[datetime.date]] = {}
        for module in course.modules:
            mp = {"module_id": module.id, "module": module.title, "course_id": course.id}
            first = first_days.get(module.id)
            if first is None:
                add("module_unplaced", f"Module {module.title} has no first day.", **mp)
                continue
            if first not in cal.index:
                add(
                    "module_start_not_course_day",
                    f"Module {module.title} starts on {first.isoformat()}, which is not a course day of "
                    f"{course.title}.",
                    first_day=first.isoformat(),
                    **mp,
                )
                continue
            dates = cal.module_dates(module, cal.index[first])
            if len(dates) < module.days:
                add(
                    "module_overruns_course",
                    f"Module {module.title} needs {module.days} course days from {first.isoformat()}, but "
                    f"{course.title} has only {len(dates)} left.",
                    first_day=first.isoformat(),
                    days=module.days,
                    **mp,
                )
            if module.first_day is not None and module.first_day != first:
                add(
                    "module_moved",
                    f"Module {module.title} is fixed to start on {module.first_day.isoformat()} but starts on "
                    f"{first.isoformat()}.",
                    first_day=first.isoformat(),
                    fixed_first_day=module.first_day.isoformat(),
                    **mp,
                )
            module_dates[module.id] = dates
        for a, b in itertools.combinations([m for m in course.modules if m.id in module_dates], 2):
            shared = sorted(set(module_dates[a.id]) & set(module_dates[b.id]))
            if shared:
                add(
                    "module_overlap",
                    f"Modules {a.title} and {b.title} share {len(shared)} course day(s), from {shared[0].isoformat()}.",
                    module_ids=[a.id, b.id],
                    modules=[a.title, b.title],
                    dates=[d.isoformat() for d in shared],
                )
        if course.fixed_module_order:
            ordered = [m for m in course.modules_in_order() if m.id in module_dates]
            for a, b in zip(ordered, ordered[1:], strict=False):
                if module_dates[a.id] and module_dates[b.id] and module_dates[b.id][0] <= module_dates[a.id][-1]:
                    add(
                        "module_order",
                        f"Module {b.title} starts before module {a.title} has ended, "
                        "against the course's module order.",
                        module_ids=[a.id, b.id],
                        modules=[a.title, b.title],
                    )
        for s in course.sessions:
            if s.held or s.module_id is None or s.id not in slots or s.module_id not in module_dates:
                continue
            dates = module_dates[s.module_id]
            if slots[s.id].date not in dates:
                module = idx.modules[s.module_id]
                add(
                    "session_outside_module",
                    f"{s.title} is on {slots[s.id].date.isoformat()}, "
                    f"not one of the days of its module {module.title}.",
                    [s.id],
                    module_id=module.id,
                    module=module.title,
                    date=slots[s.id].date.isoformat(),
                )
    return out


def timetable_costs(
    problem: Problem, assignments, *, venues: Mapping[str, str | None] | None = None, index: Index | None = None
) -> dict[str, float]:
    """Points per soft goal of a timetable (every weight's name), computed from the timetable alone, not
    from the CP-SAT model: what the engine reports as ``goal_costs`` and what a test compares the
    model's own per-goal sums with."""
    return costs_by_goal(problem, assignments, venues=venues, index=index)
