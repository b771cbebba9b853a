"""Hard requirements as named groups: what an explanation can blame, and how each is said in English.

A group key is a tuple whose first item is the kind:

==================  ===================================  ============================================
kind                key                                  demands
==================  ===================================  ============================================
calendar            ("calendar", course_id)              sessions only on course days (not the day off),
                                                         those still to place from the course's not_before
parts               ("parts", course_id, format)         sessions of that format only in their allowed parts
availability        ("availability", lecturer_id)        the lecturer teaches only inside their windows
lecturer_busy       ("lecturer_busy", lecturer_id)       the lecturer's busy slots stay free
venue_open          ("venue_open", venue_id)             the venue is used only on its open weekdays
venue_busy          ("venue_busy", venue_id)             the venue's busy slots stay free
venue_capacity      ("venue_capacity", venue_id, c_id)   the venue holds the course's class
pinned              ("pinned", session_id)               the session stays in its pinned slot
held                ("held", session_id)                 the held session stays where it was held (and its
                                                         module's days around it, where they can be)
module_days         ("module_days", module_id)           the module takes its consecutive course days
                                                         and its sessions fall on them
module_first_day    ("module_first_day", module_id)      the module starts on its fixed first day (for a
                                                         module that has begun: the day it began)
module_order        ("module_order", course_id)          the modules follow the course's order
==================  ===================================  ============================================

Never relaxed (the structure every timetable has): each session takes exactly one slot between its
course's first and last day; a class, a lecturer and a venue are in one session per slot at most;
a placed module lies inside its course and modules of one course do not overlap.
"""

from __future__ import annotations

from dataclasses import replace

from .problem import PART_NAMES, WEEKDAY_NAMES, Index, Slot
from .result import Requirement

#: The order in which the deletion filter tries to drop groups: the first ones are dropped whenever
#: the conflict stays without them, so explanations blame the later, more specific ones.
DROP_FIRST = (
    "held",
    "calendar",
    "parts",
    "module_order",
    "module_days",
    "venue_busy",
    "lecturer_busy",
    "module_first_day",
    "pinned",
    "venue_capacity",
    "venue_open",
    "availability",
)


def drop_rank(key: tuple) -> int:
    return DROP_FIRST.index(key[0])


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def join(items: list[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe_windows(windows) -> str:
    if not windows:
        return "no dates at all"
    return join([f"{w.start.isoformat()} to {w.end.isoformat()}" for w in windows])


def describe_slots(slots: list[Slot], limit: int = 4) -> str:
    shown = [s.describe() for s in sorted(slots)[:limit]]
    more = len(slots) - limit
    return join(shown + ([f"{more} more"] if more > 0 else []))


def format_name(fmt: str, n: int = 2) -> str:
    word = fmt.replace("_", " ")
    return word if n == 1 else ("lunches" if word == "lunch" else "dinners" if word == "dinner" else word + "s")


def requirement(idx: Index, key: tuple) -> Requirement:
    """The requirement group ``key`` in words; ``key`` stays on it, so that a conflict can be checked again."""
    return replace(_requirement(idx, key), key=tuple(key))


def _requirement(idx: Index, key: tuple) -> Requirement:
    kind = key[0]
    if kind == "calendar":
        c = idx.courses[key[1]]
        off = f", except {WEEKDAY_NAMES[c.day_off]}s" if c.day_off is not None else ""
        to_come = (
            f" Those still to place take no slot before {c.not_before.describe()}."
            if c.not_before is not None and c.not_before.date >= c.start
            else ""
        )
        return Requirement(
            kind,
            c.id,
            f"The sessions of {c.title} fall on its course days: {c.start.isoformat()} to "
            f"{c.end.isoformat()}{off}.{to_come}",
            {
                "course_id": c.id,
                "course": c.title,
                "start": c.start.isoformat(),
                "end": c.end.isoformat(),
                "day_off": c.day_off,
                "not_before": [c.not_before.date.isoformat(), c.not_before.part] if to_come else None,
            },
        )
    if kind == "parts":
        c = idx.courses[key[1]]
        fmt = key[2]
        parts = sorted({p for s in c.sessions if s.format == fmt for p in s.allowed_parts})
        return Requirement(
            kind,
            c.id,
            f"The {format_name(fmt)} of {c.title} take place only in the {join([PART_NAMES[p] for p in parts])}.",
            {"course_id": c.id, "course": c.title, "format": fmt, "parts": parts},
        )
    if kind in ("availability", "lecturer_busy"):
        lecturer = idx.lecturers[key[1]]
        if kind == "availability":
            return Requirement(
                kind,
                lecturer.id,
                f"{lecturer.name} can teach only from {describe_windows(lecturer.availability)}.",
                {
                    "lecturer_id": lecturer.id,
                    "lecturer": lecturer.name,
                    "windows": [[w.start.isoformat(), w.end.isoformat()] for w in lecturer.availability],
                },
            )
        return Requirement(
            kind,
            lecturer.id,
            f"{lecturer.name} is already busy elsewhere on {describe_slots(list(lecturer.busy))}.",
            {
                "lecturer_id": lecturer.id,
                "lecturer": lecturer.name,
                "busy": [[s.date.isoformat(), s.part] for s in sorted(lecturer.busy)],
            },
        )
    if kind in ("venue_open", "venue_busy", "venue_capacity"):
        venue = idx.venues[key[1]]
        if kind == "venue_open":
            days = [WEEKDAY_NAMES[d] for d in sorted(venue.open_weekdays)]
            said = f"is open only on {join(days)}" if days else "is never open"
            return Requirement(
                kind,
                venue.id,
                f"{venue.name} {said}.",
                {"venue_id": venue.id, "venue": venue.name, "open_weekdays": sorted(venue.open_weekdays)},
            )
        if kind == "venue_busy":
            return Requirement(
                kind,
                venue.id,
                f"{venue.name} is already booked on {describe_slots(list(venue.busy))}.",
                {
                    "venue_id": venue.id,
                    "venue": venue.name,
                    "busy": [[s.date.isoformat(), s.part] for s in sorted(venue.busy)],
                },
            )
        c = idx.courses[key[2]]
        return Requirement(
            kind,
            venue.id,
            f"{venue.name} holds {venue.capacity} people; the class of {c.title} has {c.capacity}.",
            {
                "venue_id": venue.id,
                "venue": venue.name,
                "venue_capacity": venue.capacity,
                "course_id": c.id,
                "course": c.title,
                "capacity": c.capacity,
            },
        )
    if kind == "pinned":
        s = idx.sessions[key[1]]
        return Requirement(
            kind,
            s.id,
            f"{s.title} is pinned to {s.pinned.describe()}.",
            {"session_id": s.id, "session": s.title, "date": s.pinned.date.isoformat(), "part": s.pinned.part},
        )
    if kind == "held":
        s = idx.sessions[key[1]]
        return Requirement(
            kind,
            s.id,
            f"{s.title} was already held on {s.pinned.describe()}: it stays there.",
            {"session_id": s.id, "session": s.title, "date": s.pinned.date.isoformat(), "part": s.pinned.part},
        )
    if kind in ("module_days", "module_first_day"):
        module = idx.modules[key[1]]
        c = idx.module_course[module.id]
        if kind == "module_days":
            return Requirement(
                kind,
                module.id,
                f"Module {module.title} of {c.title} takes {module.days} consecutive course days, and its sessions "
                "fall on them.",
                {
                    "module_id": module.id,
                    "module": module.title,
                    "course_id": c.id,
                    "course": c.title,
                    "days": module.days,
                },
            )
        return Requirement(
            kind,
            module.id,
            f"Module {module.title} of {c.title} {'began' if module.begun else 'starts'} on "
            f"{module.first_day.isoformat()}.",
            {
                "module_id": module.id,
                "module": module.title,
                "course_id": c.id,
                "course": c.title,
                "first_day": module.first_day.isoformat(),
                "begun": module.begun,
            },
        )
    if kind == "module_order":
        c = idx.courses[key[1]]
        titles = [m.title for m in c.modules_in_order()]
        return Requirement(
            kind,
            c.id,
            f"The modules of {c.title} follow the course's order: {join(titles)}.",
            {"course_id": c.id, "course": c.title, "modules": titles},
        )
    raise ValueError(f"unknown requirement kind {kind!r}")
