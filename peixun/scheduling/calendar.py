"""Course days, module windows and the slots each session may take: shared by the model, greedy and checks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .problem import PARTS, Course, Index, Module, Session, Slot


@dataclass
class CourseCalendar:
    """A course's days, numbered: ``index[date]`` is the course-day index (0 for the first course day)."""

    course: Course
    days: list[datetime.date]
    index: dict[datetime.date, int]
    #: per module id, the course-day indexes at which it may start (lo, hi); lo > hi when it cannot
    module_starts: dict[str, tuple[int, int]]
    #: per module id, the course days (indexes) of its held sessions that its days were narrowed to
    #: cover; only modules whose held sessions fit in its days this way
    held_days: dict[str, list[int]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.days)

    def module_dates(self, module: Module, start: int) -> list[datetime.date]:
        return self.days[start : start + module.days]

    def position(self, day: datetime.date) -> int:
        """The course-day index of any date of the course; a day off counts as the course day before it."""
        if day in self.index:
            return self.index[day]
        before = [i for d, i in self.index.items() if d < day]
        return max(before) if before else 0


def course_calendar(course: Course) -> CourseCalendar:
    days = course.course_days()
    index = {d: i for i, d in enumerate(days)}
    n = len(days)
    ordered = course.modules_in_order()
    starts: dict[str, list[int]] = {}
    for k, module in enumerate(ordered):
        if course.fixed_module_order:
            lo = sum(m.days for m in ordered[:k])
            hi = n - sum(m.days for m in ordered[k:])
        else:
            lo, hi = 0, n - module.days
        if module.first_day is not None:
            fixed = index.get(module.first_day)
            if fixed is None or not lo <= fixed <= hi:
                lo, hi = 1, 0
            else:
                lo = hi = fixed
        starts[module.id] = [lo, hi]
    # A module whose sessions were held keeps its days around them, where its days can hold them all.
    held_days: dict[str, list[int]] = {}
    for module in ordered:
        held = sorted(
            {index.get(s.pinned.date) for s in course.sessions if s.held and s.module_id == module.id} - {None}
        )
        lo, hi = starts[module.id]
        if held and max(lo, held[-1] - module.days + 1) <= min(hi, held[0]):
            starts[module.id] = [max(lo, held[-1] - module.days + 1), min(hi, held[0])]
            held_days[module.id] = held
    if course.fixed_module_order:
        for k in range(1, len(ordered)):
            prev, cur = starts[ordered[k - 1].id], starts[ordered[k].id]
            cur[0] = max(cur[0], prev[0] + ordered[k - 1].days)
        for k in range(len(ordered) - 2, -1, -1):
            cur, nxt = starts[ordered[k].id], starts[ordered[k + 1].id]
            cur[1] = min(cur[1], nxt[1] - ordered[k].days)
    return CourseCalendar(course, days, index, {mid: (lo, hi) for mid, (lo, hi) in starts.items()}, held_days)


def session_dates(
    cal: CourseCalendar, idx: Index, session: Session, *, module_window: bool = True
) -> list[datetime.date]:
    """Course days the session may fall on, from its course and (optionally) its module's window alone."""
    if session.module_id is None or not module_window:
        return list(cal.days)
    lo, hi = cal.module_starts[session.module_id]
    if lo > hi:
        return []
    days = idx.modules[session.module_id].days
    return cal.days[lo : hi + days]


def slot_allowed(idx: Index, session: Session, slot: Slot, *, course: Course) -> bool:
    """Whether the slot keeps every per-slot hard rule for the session (not clashes, not modules).
    A held session keeps only the slot where it was held."""
    if session.held:
        return slot == session.pinned
    if slot.part not in session.allowed_parts or not course.is_course_day(slot.date):
        return False
    if session.pinned is None and not course.is_to_come(slot):
        return False
    for lid in session.lecturer_ids:
        lecturer = idx.lecturers[lid]
        if not lecturer.is_available(slot.date) or slot in idx.lecturer_busy[lid]:
            return False
    if session.venue_id is not None:
        venue = idx.venues[session.venue_id]
        if venue.capacity < course.capacity or not venue.is_open(slot.date) or slot in idx.venue_busy[venue.id]:
            return False
    elif session.venue_ids and not usable_venues(idx, session, slot, course=course):
        return False
    return session.pinned is None or slot == session.pinned


def venue_fits(idx: Index, session: Session, venue_id: str, *, course: Course) -> bool:
    """Whether the session may use the venue at all: it holds the class, or the session's capacity rule is soft."""
    soft = session.venue_capacity == "soft" and session.venue_id is None
    return soft or idx.venues[venue_id].capacity >= course.capacity


def usable_venues(idx: Index, session: Session, slot: Slot, *, course: Course) -> list[str]:
    """The session's venues (its fixed one or its alternatives) it may use in ``slot``: open, not booked,
    and big enough unless its capacity rule is soft. A held session may use any of them."""
    if session.held:
        return list(session.venue_choices)
    return [
        vid
        for vid in session.venue_choices
        if venue_fits(idx, session, vid, course=course)
        and idx.venues[vid].is_open(slot.date)
        and slot not in idx.venue_busy[vid]
    ]


def candidate_slots(cal: CourseCalendar, idx: Index, session: Session, *, module_window: bool = True) -> list[Slot]:
    """Every slot the session may take by the per-slot rules and its module's window, in time order."""
    course = cal.course
    if session.held:
        return [session.pinned]
    if session.pinned is not None:
        dates = session_dates(cal, idx, session, module_window=module_window)
        pinned = session.pinned
        return [pinned] if pinned.date in dates and slot_allowed(idx, session, pinned, course=course) else []
    out = []
    for day in session_dates(cal, idx, session, module_window=module_window):
        for part in PARTS:
            slot = Slot(day, part)
            if slot_allowed(idx, session, slot, course=course):
                out.append(slot)
    return out
