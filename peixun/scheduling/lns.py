"""Neighbourhoods for the whole-problem large-neighbourhood search: which sessions to free next.

From a complete timetable, :meth:`Search.lns <peixun.scheduling.solver.Search.lns>` repeatedly frees
a few sessions, keeps every other one where it is, re-solves the freed ones with CP-SAT in a short
time and keeps the result when the objective is no worse. This module only chooses what to free:

- ``group``: a group of a course (the goals ``spread``, ``compactness``, ``venue_stability``), with
  the other sessions of its modules (a group's sessions move within their module's days);
- ``day``: every session on a few consecutive days, of a course and the courses sharing its
  lecturers or venues;
- ``lecturer``: a lecturer's sessions in one week (or more), with their courses' sessions on those days;
- ``courses``: a course and some of the courses it shares lecturers or venues with, whole;
- ``modules``: a course with modules, whole, each module's sessions limited to the timetables of its
  module table (at any start: the solver's restricted move), so that whole modules move between
  days; drawn only when some course has modules.

A neighbourhood starts from an **anchor course**, drawn with a weight that grows with what the course
might still gain (its objective minus its bound), and grows to about ``size`` sessions. Each kind has
its own size, adapted to how its solves go: a solve proven optimal within its limit makes the next
neighbourhood of that kind larger, a solve cut short makes it smaller. The kind itself is drawn by
how well it has been doing: each kind has a score, a moving average of whether its solves improved
the timetable (every kind starts at 1 and never falls below ``FLOOR``, so none is given up for good:
on a large portfolio the group and lecturer moves pay early, the day windows later). Every choice comes from one
``random.Random(seed)``, in a fixed order, so a seed gives the same sequence of neighbourhoods for
the same sequence of timetables.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from .problem import Index, Problem, Slot

KINDS = ("group", "day", "lecturer", "courses", "modules")
#: The size (sessions) each kind starts with, and the limits it adapts within.
START_SIZE = 12.0
MIN_SIZE = 3.0
MAX_SIZE = 400.0
GROW = 1.25
SHRINK = 1 / 1.25
#: How fast a kind's score follows its latest solves, and the least weight a kind keeps.
MEMORY = 0.8
FLOOR = 0.1


@dataclass(frozen=True)
class Neighbourhood:
    kind: str
    anchor: str  # the course it started from
    free: frozenset[str]  # the sessions it frees
    course_ids: tuple[str, ...]  # the courses of those sessions, in problem order


class Neighbourhoods:
    """Draws neighbourhoods of one problem and adapts their sizes (see the module's docstring)."""

    def __init__(self, problem: Problem, idx: Index, seed: int):
        self.problem = problem
        self.idx = idx
        self.rng = random.Random(seed)
        self.size = dict.fromkeys(KINDS, START_SIZE)
        self.order = {c.id: i for i, c in enumerate(problem.courses)}
        self.movable = {c.id: [s.id for s in c.sessions if s.pinned is None] for c in problem.courses}
        self.neighbours = neighbours(problem)
        self.drawn = dict.fromkeys(KINDS, 0)
        self.with_modules = {c.id for c in problem.courses if c.modules}
        #: the kinds this problem can use
        self.kinds = tuple(k for k in KINDS if k != "modules" or self.with_modules)
        self.improved = dict.fromkeys(KINDS, 0)
        self.score = dict.fromkeys(KINDS, 1.0)

    def feedback(self, kind: str, proven: bool, improved: bool = False) -> None:
        """A solve of a ``kind`` neighbourhood ended proven optimal (grow) or cut short (shrink), and
        ``improved`` the timetable or not (the kind's score)."""
        factor = GROW if proven else SHRINK
        self.size[kind] = min(MAX_SIZE, max(MIN_SIZE, self.size[kind] * factor))
        self.improved[kind] += improved
        self.score[kind] = MEMORY * self.score[kind] + (1 - MEMORY) * (1.0 if improved else 0.0)

    def draw(self, slots: dict[str, Slot], gains: dict[str, int]) -> Neighbourhood | None:
        """The next neighbourhood of the timetable ``slots``; ``gains``: per course, what it might still
        gain (tenths; 0 for a course proven optimal). None when no course has anything to free."""
        anchors = [cid for cid in sorted(gains, key=self.order.__getitem__) if self.movable[cid]]
        if not anchors:
            return None
        # Courses that might gain are drawn by what they might gain; a proven course only a little,
        # since moving it may still make room for a neighbour.
        weights = [gains[cid] + 1 if gains[cid] > 0 else 0.05 for cid in anchors]
        anchor = self.rng.choices(anchors, weights)[0]
        kind = self.rng.choices(self.kinds, [max(FLOOR, self.score[k]) for k in self.kinds])[0]
        target = round(self.size[kind])
        free = getattr(self, f"_{kind}")(anchor, slots, target)
        if not free:
            kind = "courses"
            free = self._courses(anchor, slots, round(self.size[kind]))
        self.drawn[kind] += 1
        course_ids = tuple(sorted({self.idx.sessions[sid].course_id for sid in free}, key=self.order.__getitem__))
        return Neighbourhood(kind, anchor, frozenset(free), course_ids)

    # -- the kinds ----------------------------------------------------------------------------------

    def _group(self, anchor: str, slots: dict[str, Slot], target: int) -> set[str]:
        course = self.idx.courses[anchor]
        groups = list(course.groups)
        if not groups:
            return self._day(anchor, slots, target)
        self.rng.shuffle(groups)
        free: set[str] = set()
        for group in groups:
            if len(free) >= target:
                break
            free.update(group.session_ids)
            for module_id in sorted({self.idx.sessions[sid].module_id for sid in group.session_ids} - {None}):
                free.update(s.id for s in self.idx.sessions_of_module[module_id])
        return self._movable(free)

    def _day(self, anchor: str, slots: dict[str, Slot], target: int) -> set[str]:
        courses = self.neighbours[anchor]
        days = sorted({slots[sid].date for sid in self.movable[anchor] if sid in slots})
        if not days:
            return set()
        first = days[self.rng.randrange(len(days))]
        by_day: dict[datetime.date, list[str]] = {}
        for cid in courses:
            for sid in self.movable[cid]:
                if sid in slots:
                    by_day.setdefault(slots[sid].date, []).append(sid)
        free: set[str] = set()
        span = sorted(d for d in by_day if d >= first)
        before = sorted((d for d in by_day if d < first), reverse=True)
        # Grow one day at a time, alternately after and before the first day.
        while len(free) < target and (span or before):
            if span:
                free.update(by_day[span.pop(0)])
            if len(free) < target and before:
                free.update(by_day[before.pop(0)])
        return free

    def _lecturer(self, anchor: str, slots: dict[str, Slot], target: int) -> set[str]:
        course = self.idx.courses[anchor]
        lecturers = sorted({lid for s in course.sessions if s.pinned is None for lid in s.lecturer_ids})
        if not lecturers:
            return self._day(anchor, slots, target)
        lecturer = lecturers[self.rng.randrange(len(lecturers))]
        theirs = [s.id for s in self.idx.sessions_of_lecturer[lecturer] if s.pinned is None and s.id in slots]
        mine = [sid for sid in theirs if self.idx.sessions[sid].course_id == anchor]
        weeks = sorted({_monday(slots[sid].date) for sid in theirs})
        week = _monday(slots[mine[self.rng.randrange(len(mine))]].date) if mine else weeks[0]
        # Weeks nearest the chosen one first, until the target is reached.
        weeks.sort(key=lambda w: (abs((w - week).days), w))
        free: set[str] = set()
        for monday in weeks:
            if len(free) >= target:
                break
            sunday = monday + datetime.timedelta(days=6)
            chosen = [sid for sid in theirs if monday <= slots[sid].date <= sunday]
            free.update(chosen)
            # Their courses' sessions on those days, so that the lecturer's sessions can swap with them.
            days = {slots[sid].date for sid in chosen}
            for cid in sorted({self.idx.sessions[sid].course_id for sid in chosen}, key=self.order.__getitem__):
                free.update(sid for sid in self.movable[cid] if sid in slots and slots[sid].date in days)
        return free

    def _courses(self, anchor: str, slots: dict[str, Slot], target: int) -> set[str]:
        free = set(self.movable[anchor])
        others = sorted(self.neighbours[anchor] - {anchor}, key=self.order.__getitem__)
        self.rng.shuffle(others)
        for cid in others:
            if len(free) + len(self.movable[cid]) > target:
                break
            free.update(self.movable[cid])
        return free

    def _modules(self, anchor: str, slots: dict[str, Slot], target: int) -> set[str]:
        """The anchor course whole, when it has modules (the solver limits them to their tables)."""
        return set(self.movable[anchor]) if anchor in self.with_modules else set()

    def _movable(self, sids: set[str]) -> set[str]:
        return {sid for sid in sids if self.idx.sessions[sid].pinned is None}


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def neighbours(problem: Problem) -> dict[str, set[str]]:
    """Per course: the course and every course sharing a lecturer or venue with it on overlapping dates."""
    uses = {
        c.id: {f"l:{lid}" for s in c.sessions for lid in s.lecturer_ids}
        | {f"v:{v}" for s in c.sessions for v in s.venue_choices}
        for c in problem.courses
    }
    out = {c.id: {c.id} for c in problem.courses}
    for i, a in enumerate(problem.courses):
        for b in problem.courses[i + 1 :]:
            if a.start <= b.end and b.start <= a.end and uses[a.id] & uses[b.id]:
                out[a.id].add(b.id)
                out[b.id].add(a.id)
    return out
