"""A greedy scheduler: the benchmark's baseline and the solver's first hint.

Course by course, it lays the modules end to end in the course's module order, each at the first
start where all of its sessions find a free slot, and gives every session the free slot that costs
least right now (the same soft goals as the objective, looked at one session at a time). It never
moves a session once placed, so it can fail where a timetable exists; it then reports the sessions
it could not place.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from .calendar import CourseCalendar, candidate_slots, course_calendar, slot_allowed, usable_venues
from .objective import dinner_spacing, objective_of, time_index, trip_calendar
from .problem import EVENING, PRACTICAL_FORMATS, SPREAD_FORMAT, Course, Index, Problem, Session, Slot

__all__ = ["GreedySolution", "greedy", "objective_of"]


@dataclass
class GreedySolution:
    slots: dict[str, Slot]
    module_first_days: dict[str, datetime.date]
    unplaced: list[str] = field(default_factory=list)
    unplaced_modules: list[str] = field(default_factory=list)
    #: the venue chosen for each session with alternative venues
    venues: dict[str, str] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not self.unplaced and not self.unplaced_modules


class _Board:
    """Who is where: class, lecturer and venue occupancy, with undo for trial placements."""

    def __init__(self, idx: Index):
        self.idx = idx
        self.taken: set[tuple[str, str, Slot]] = set()
        for lecturer in idx.problem.lecturers:
            self.taken.update(("l", lecturer.id, slot) for slot in lecturer.busy)
        for venue in idx.problem.venues:
            self.taken.update(("v", venue.id, slot) for slot in venue.busy)
        self.slots: dict[str, Slot] = {}
        self.venues: dict[str, str] = {}
        self.journal: list[tuple[str, list[tuple[str, str, Slot]]]] = []

    def venue(self, session: Session, slot: Slot) -> str | None:
        """The venue the session would use in ``slot``: its fixed one, or the first free usable
        alternative, preferring those its groups already use (None if none is free)."""
        if session.venue_id is not None:
            return session.venue_id
        course = self.idx.courses[session.course_id]
        usable = [v for v in usable_venues(self.idx, session, slot, course=course) if ("v", v, slot) not in self.taken]
        if not usable:
            return None
        liked = {self.venues.get(sid) for sid in self.idx.venue_partners.get(session.id, ())}
        fitting = [v for v in usable if venue_fits_hard(self.idx, v, course)]
        return min(usable, key=lambda v: (v not in liked, v not in fitting, session.venue_ids.index(v)))

    def keys(self, session: Session, slot: Slot, venue: str | None = None) -> list[tuple[str, str, Slot]]:
        keys = [("c", session.course_id, slot)]
        keys += [("l", lid, slot) for lid in session.lecturer_ids]
        if venue is not None:
            keys.append(("v", venue, slot))
        return keys

    def free(self, session: Session, slot: Slot) -> bool:
        if session.venue_ids and self.venue(session, slot) is None:
            return False
        return not any(k in self.taken for k in self.keys(session, slot, session.venue_id))

    def place(self, session: Session, slot: Slot) -> None:
        if session.held:  # where it was held is a fact; it keeps its first venue
            venue = session.venue_choices[0] if session.venue_choices else None
        else:
            venue = self.venue(session, slot)
        keys = self.keys(session, slot, venue)
        self.taken.update(keys)
        self.slots[session.id] = slot
        if session.venue_ids and venue is not None:
            self.venues[session.id] = venue
        self.journal.append((session.id, keys))

    def mark(self) -> int:
        return len(self.journal)

    def undo(self, mark: int) -> None:
        while len(self.journal) > mark:
            sid, keys = self.journal.pop()
            self.taken.difference_update(keys)
            del self.slots[sid]
            self.venues.pop(sid, None)


class _CourseState:
    """What the local cost of a placement needs to know about a course so far."""

    def __init__(self, course: Course, cal: CourseCalendar, idx: Index):
        self.course = course
        self.cal = cal
        self.idx = idx
        self.hours: dict[datetime.date, int] = defaultdict(int)
        self.lecturer_days: dict[str, set[datetime.date]] = defaultdict(set)
        self.lecture_last: dict[str, int] = {}
        self.dinner_positions: list[int] = []
        self.spacing = dinner_spacing(cal, sum(1 for s in course.sessions if s.format == SPREAD_FORMAT))
        self.trip_days = {
            lid: trip_calendar(course, idx.lecturers[lid])
            for lid in {lid for s in course.sessions for lid in s.lecturer_ids}
            if idx.lecturers[lid].visiting
        }

    def cost(self, session: Session, slot: Slot) -> int:
        w = self.course.weights
        cost = 0
        limit = self.course.max_tenths_per_day
        if limit is not None:
            before = max(0, self.hours[slot.date] - limit)
            after = max(0, self.hours[slot.date] + session.tenths - limit)
            cost += w.daily_hours * (after - before)
        for lid in session.lecturer_ids:
            lecturer = self.idx.lecturers[lid]
            if lecturer.preferred_weekdays and slot.date.weekday() not in lecturer.preferred_weekdays:
                cost += 10 * w.preferred_weekday
            if lecturer.visiting:
                used = self.lecturer_days[lid]
                if used and slot.date not in used:
                    cost += 10 * w.lecturer_days
                    days = self.trip_days[lid]
                    if slot.date in days:
                        i = days.index(slot.date)
                        neighbours = {days[j] for j in (i - 1, i + 1) if 0 <= j < len(days)}
                        if not neighbours & used:
                            cost += 10 * w.lecturer_trips
        if session.preferred_slots and slot not in session.preferred_slots:
            cost += 10 * w.preferred_slot
        if session.format in PRACTICAL_FORMATS and session.module_id in self.lecture_last:
            if time_index(self.course.start, slot) < self.lecture_last[session.module_id]:
                cost += 10 * w.module_order
        if session.format == SPREAD_FORMAT and self.spacing:
            pos = self.cal.position(slot.date)
            cost += 10 * w.dinner_spread * sum(max(0, self.spacing - abs(pos - p)) for p in self.dinner_positions)
        # Keep evenings for what can only happen then.
        if slot.part == EVENING and session.allowed_parts != (EVENING,):
            cost += 1
        return cost

    def record(self, session: Session, slot: Slot) -> None:
        self.hours[slot.date] += session.tenths
        for lid in session.lecturer_ids:
            self.lecturer_days[lid].add(slot.date)
        if session.format == "lecture" and session.module_id is not None:
            t = time_index(self.course.start, slot)
            self.lecture_last[session.module_id] = max(self.lecture_last.get(session.module_id, -1), t)
        if session.format == SPREAD_FORMAT:
            self.dinner_positions.append(self.cal.position(slot.date))

    def copy(self) -> _CourseState:
        other = _CourseState.__new__(_CourseState)
        other.__dict__.update(self.__dict__)
        other.hours = defaultdict(int, self.hours)
        other.lecturer_days = defaultdict(set, {k: set(v) for k, v in self.lecturer_days.items()})
        other.lecture_last = dict(self.lecture_last)
        other.dinner_positions = list(self.dinner_positions)
        return other


def venue_fits_hard(idx: Index, venue_id: str, course: Course) -> bool:
    return idx.venues[venue_id].capacity >= course.capacity


def _session_order(sessions: list[Session]) -> list[Session]:
    """Lectures first, practical sessions last, each group most constrained first."""
    rank = {"lecture": 0, "workshop": 2, "site_visit": 2}
    return sorted(sessions, key=lambda s: (rank.get(s.format, 1), len(s.allowed_parts), -len(s.lecturer_ids)))


def greedy(problem: Problem, *, index: Index | None = None) -> GreedySolution:
    """The greedy timetable; if it leaves something unplaced, the same again with the sessions outside
    modules placed first, then with the courses in reverse order; the most complete attempt wins."""
    idx = index or Index(problem)
    best = None
    for loose_first, reverse in ((False, False), (True, False), (False, True)):
        attempt = _greedy(problem, idx, loose_first=loose_first, reverse=reverse)
        if attempt.complete:
            return attempt
        if best is None or len(attempt.unplaced) + len(attempt.unplaced_modules) < len(best.unplaced) + len(
            best.unplaced_modules
        ):
            best = attempt
    return best


def _greedy(problem: Problem, idx: Index, *, loose_first: bool, reverse: bool) -> GreedySolution:
    board = _Board(idx)
    first_days: dict[str, datetime.date] = {}
    unplaced: list[str] = []
    unplaced_modules: list[str] = []

    # Held sessions, then pinned ones, first: nothing may take their slots. Held sessions are where
    # they were held, even together.
    for s in problem.sessions():
        if s.held:
            board.place(s, s.pinned)
    for s in problem.sessions():
        if s.pinned is not None and not s.held:
            course = idx.course_of(s)
            if slot_allowed(idx, s, s.pinned, course=course) and board.free(s, s.pinned):
                board.place(s, s.pinned)
            else:
                unplaced.append(s.id)

    for course in reversed(problem.courses) if reverse else problem.courses:
        cal = course_calendar(course)
        state = _CourseState(course, cal, idx)
        for s in course.sessions:
            if s.id in board.slots:
                state.record(s, board.slots[s.id])
        candidates = {s.id: candidate_slots(cal, idx, s) for s in course.sessions}

        def place_all(
            sessions: list[Session], allowed_dates: set[datetime.date] | None, st: _CourseState, candidates=candidates
        ) -> bool:
            for s in _session_order([s for s in sessions if s.id not in board.slots]):
                options = [
                    slot
                    for slot in candidates[s.id]
                    if (allowed_dates is None or slot.date in allowed_dates) and board.free(s, slot)
                ]
                if not options:
                    return False
                best = min(options, key=lambda slot: (st.cost(s, slot), slot))
                board.place(s, best)
                st.record(s, best)
            return True

        if loose_first:
            loose = [s for s in course.sessions if s.module_id is None and s.id not in board.slots]
            for s in sorted(loose, key=lambda s: len(candidates[s.id])):
                if not place_all([s], None, state):
                    unplaced.append(s.id)
        cursor = 0
        occupied: set[int] = set()
        ordered = course.modules_in_order()
        for k, module in enumerate(ordered):
            lo, hi = cal.module_starts[module.id]
            packed = min(hi, cal.n - sum(m.days for m in ordered[k:]))
            earliest = cursor if course.fixed_module_order else lo
            # End to end first (leaving room for the modules after it), then anywhere still free.
            starts = list(range(max(lo, cursor), packed + 1))
            starts += [j for j in range(max(lo, earliest), hi + 1) if j not in starts]
            members = [s for s in course.sessions if s.module_id == module.id]
            pinned_dates = {board.slots[s.id].date for s in members if s.id in board.slots and not s.held}
            placed = False
            for start in starts:
                span = set(range(start, start + module.days))
                dates = cal.module_dates(module, start)
                if span & occupied or len(dates) < module.days or not pinned_dates <= set(dates):
                    continue
                mark, trial = board.mark(), state.copy()
                if place_all(members, set(dates), trial):
                    state = trial
                    first_days[module.id] = dates[0]
                    cursor = start + module.days
                    occupied |= span
                    placed = True
                    break
                board.undo(mark)
            if not placed:
                unplaced.extend(s.id for s in members if s.id not in board.slots)
                unplaced_modules.append(module.id)
        loose = [s for s in course.sessions if s.module_id is None and s.id not in board.slots]
        for s in sorted(loose, key=lambda s: len(candidates[s.id])):
            if s.id not in unplaced and not place_all([s], None, state):
                unplaced.append(s.id)
    return GreedySolution(dict(board.slots), first_days, unplaced, unplaced_modules, dict(board.venues))
