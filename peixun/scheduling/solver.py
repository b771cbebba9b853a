"""``solve(problem)``: validate, check, start from greedy, optimise course by course, prove if impossible.

The objective is a sum over courses, and courses meet only where they share a lecturer or a venue
on the same dates. So the solver works course by course (block coordinate descent):

1. Greedy gives a first timetable (``first_feasible_s`` when it places every session); courses it
   could not complete are solved first, so that a whole timetable exists early.
2. Every course's module table (``modules.py``: each module alone at each possible start) gives a
   lower bound for the course and the pieces of composed timetables.
3. With several courses, a new timetable is first built course by course in order of start, each
   course placed as below around the courses already built only (``Search.construct``); greedy's is
   kept when a course cannot be built. Then each course in turn: composed timetables (cheapest
   module placements first), then CP-SAT restricted to the modules' own timetables, then the full
   model, all with every other course held
   where it is (the slots the others give a shared lecturer or venue become busy slots of this
   course), hinted with the course's current timetable and told its bound. A course keeps a new
   timetable only if it costs no more, so it never gets worse.
4. A course's bound is the largest of its daily-hours floor, its module table and, when it shares
   nothing with a course running at the same time, its own CP-SAT bound; a course that shares
   lecturers or venues is also solved alone (a relaxation) for a bound. The sum of the bounds is the
   bound of the whole problem, so ``optimal`` means proven optimal for the whole portfolio.
5. Remaining time goes to the courses furthest from their bound, until a pass changes nothing and
   every course is optimal around the others, or a pass gains too little (it stalls).
6. The time still left goes to a large-neighbourhood search of the whole problem (``lns.py``): a
   group, some days, a lecturer's week or a few courses freed, everything else held where it is,
   CP-SAT on them with a small cap, kept when no worse; until the deadline or a proof of optimality.
   Small problems are first solved whole once for a bound.

With several courses, steps 2–5 (the course passes) share a budget: they end once ``_PASSES`` of the
time limit has gone, so that the neighbourhood search always gets the rest (on a large portfolio the
passes alone would take every second). Courses a pass does not reach keep the timetable they have;
a course without one is still solved, whatever the budget. The budget never decides an answer:
sessions not yet placed are placed with the whole time, and ``infeasible`` still needs a proof.

Each complete timetable better than the last is reported to ``progress`` as it is found.

When a course cannot be fitted around the others, the solver solves it together with the courses
it shares lecturers or venues with, and if that fails the whole problem at once.

``infeasible`` needs a proof: conflicting sets that CP-SAT finds infeasible on their own (the
sessions and courses they speak of alone, no other course placed anywhere: ``explain.confirm``), or
the whole model proven infeasible. A course that cannot be placed (around the others, or within a
bound) proves nothing by itself: the whole model is solved, and its timetable is the answer, or it
proves the problem infeasible, or the answer is ``unknown``.

The search is :class:`Search`, one method per phase; :func:`solve` runs it.
"""

from __future__ import annotations

import contextlib
import functools
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from . import effort, explain
from .calendar import course_calendar
from .greedy import GreedySolution, greedy
from .lns import Neighbourhoods, neighbours
from .model import TimetableModel, least_excess
from .modules import ModuleTable, compose, module_tables
from .objective import goal_costs, tenths_by_goal, venue_of
from .problem import Course, Index, Problem, Slot, problem_warnings, validate_problem
from .result import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Assignment, Conflict, Improvement, Result
from .validate import check_timetable
from .venues import rechoose

DEFAULT_TIME_LIMIT = 30.0
DEFAULT_WORKERS = 2
# How a course's time is shared (measured on bench/timetable.py, see docs/benchmarks.md): module tables
# first for every course (with several courses, this share of the time), then per course
# composed timetables (at most this many, leaving this share of the course's time), a restricted
# solve, and a polishing solve. With several courses the first pass stops each course after its
# composed timetables (when it has a table); the restricted and polishing solves come in later passes.
_TABLES = 0.45
_COMPOSE_CAP = 40
# Each course's module tables may take up to this many times its share (by sessions) of the tables' time
# left: a three-week course's five-day module needs several times what its sessions would give it, and
# the two-week courses before it leave their unused time. On year-8x12 (quiet machine, two runs each) the
# table entries without a timetable, which composition must pass over, fell from 118-138 to none, and
# the gap at 60 s from 1.9-2.5 % to 1.3-1.8 % (docs/benchmarks.md).
_TABLE_SLICE = 4.0
# Placements passed over because a module's table entry has no timetable (cut short by the tables'
# deadline on a busy machine) do not count in the cap, up to this many.
_COMPOSE_SKIP = 400
_COMPOSE_LEAVE = 0.5
_RESTRICTED = True
# The first pass's share of the passes' time when courses are coupled (the rest: the passes after it).
_FIRST_PASS = 0.85
# With several courses, the first pass composes every course that has a module table (the cheapest
# move, and on year-8x12 the one that gains most) until this share of the time limit, even past the
# passes' end: the module tables and compositions alone took 33 s of 60 on a busy machine.
_FIRST_PASS_END = 0.8
# With several courses, the course passes (module tables, first pass, bounds, further passes) end once
# this share of the time limit has gone; the neighbourhood search gets the rest. Measured on
# year-8x12, academies-3x4 and the cb-* instances (docs/benchmarks.md).
_PASSES = 0.5
# A further pass that gains less than this share of the objective ends the passes (they stall).
_STALL = 0.005
# With several courses, each restricted or polishing solve of a course pass is also capped at this much
# CP-SAT deterministic time, so that the first pass reaches every course before the search starts (on
# year-8x12 the polishing of the first courses took the whole budget).
_PASS_WORK = 0.5
# The bounds of coupled courses without modules (each solved alone) may run past the passes' end up
# to this share of the time limit: without them the portfolio's bound is only the daily-hours floor.
_BOUNDS = 0.15
# The whole-problem neighbourhood search: each neighbourhood's solve is capped at this much CP-SAT
# deterministic time (about a second of one core per unit), so a busy machine does the same work.
_LNS_WORK = 0.5
# Problems with at most this many sessions are also solved whole once (hinted with the timetable
# so far) when the neighbourhood search starts: its bound may prove the timetable optimal. Larger ones
# spend too long in presolve (year-8x12, 3,500 sessions: 11 s, and no solution in 60 s; academies-3x4,
# 661 sessions: 3.3 s of a 30 s run on a busy machine, neither a better timetable nor a better bound).
_WHOLE_SESSIONS = 300
_WHOLE_SHARE = 0.25
#: The share of the time limit kept for what follows the search (the last CP-SAT solve stopping, the
#: independent check, the goals' costs): 60 s runs ended 0.2-0.7 s late without it.
_FINISH = 0.02
#: A course :meth:`Search.construct` cannot place around the courses built is placed with at most this
#: many of them (those sharing the most lecturers with it).
_REPAIR_COURSES = 8
#: The whole problem's venues are chosen again (every slot kept; ``venues.rechoose``) when the neighbourhood
#: search starts and after every this many neighbourhoods, each time in at most this many seconds.
_VENUES_EVERY = 40
_VENUES_SECONDS = 2.0


@dataclass
class _Block:
    """A course and what the search knows about it."""

    course: Course
    objective: int | None = None  # tenths of a point, of the current timetable
    bound: int = 0  # a proven lower bound, tenths of a point
    proven: bool = False  # objective == bound, proven
    coupled: bool = False  # shares a lecturer or venue with a course running at the same time
    table: ModuleTable | None = None
    composed: bool = False
    restricted: bool = False  # the restricted solve has been tried


def subproblem(
    problem: Problem, idx: Index, courses: list[Course], fixed: dict[str, Slot], venues: dict[str, str] | None = None
) -> Problem:
    """``courses`` alone, with the slots ``fixed`` (sessions of other courses) turned into busy slots
    of the lecturers and venues they use (``venues``: the venues chosen for sessions with alternatives)."""
    venues = venues or {}
    first = min(c.start for c in courses)
    last = max(c.end for c in courses)
    lecturer_ids = {lid for c in courses for s in c.sessions for lid in s.lecturer_ids}
    venue_ids = {v for c in courses for s in c.sessions for v in s.venue_choices}
    extra_l: dict[str, set[Slot]] = {lid: set() for lid in lecturer_ids}
    extra_v: dict[str, set[Slot]] = {vid: set() for vid in venue_ids}
    for sid, slot in fixed.items():
        if not first <= slot.date <= last:
            continue
        s = idx.sessions[sid]
        for lid in s.lecturer_ids:
            if lid in extra_l:
                extra_l[lid].add(slot)
        if venue_of(s, venues) in extra_v:
            extra_v[venue_of(s, venues)].add(slot)
    lecturers = tuple(
        replace(lecturer, busy=tuple(sorted(set(lecturer.busy) | extra_l[lecturer.id])))
        for lecturer in problem.lecturers
        if lecturer.id in lecturer_ids
    )
    venues = tuple(
        replace(venue, busy=tuple(sorted(set(venue.busy) | extra_v[venue.id])))
        for venue in problem.venues
        if venue.id in venue_ids
    )
    return Problem(tuple(courses), lecturers, venues, seed=problem.seed)


def _coupled(problem: Problem) -> set[str]:
    """Courses that share a lecturer or venue with another course whose dates overlap theirs."""
    out: set[str] = set()
    users: dict[str, list[Course]] = {}
    for course in problem.courses:
        keys = {f"l:{lid}" for s in course.sessions for lid in s.lecturer_ids}
        keys |= {f"v:{v}" for s in course.sessions for v in s.venue_choices}
        for key in sorted(keys):
            users.setdefault(key, []).append(course)
    for courses in users.values():
        for i, a in enumerate(courses):
            for b in courses[i + 1 :]:
                if a.start <= b.end and b.start <= a.end:
                    out |= {a.id, b.id}
    return out


class _Done(Exception):  # noqa: N818 - not an error: the search has its answer
    """The search has its answer (an infeasibility proven, or none to be had in time)."""

    def __init__(self, result: Result):
        super().__init__(result.status)
        self.result = result


class Search:
    """One call of :func:`solve`: the problem, the timetable so far, what is known about each course,
    and one method per phase. :meth:`run` calls the phases in order; a phase that settles the answer
    (a proven infeasibility, or ``unknown``) raises ``_Done``.

    The phases: :meth:`prepare` (validation, the direct checks), :meth:`first_timetable` (greedy),
    :meth:`complete` (sessions greedy could not place), :meth:`tabulate_all` (module tables),
    :meth:`first_pass` (every course once around the others), :meth:`unstick` (courses that did not
    fit, with their neighbours, then the whole model), :meth:`bound_coupled` (coupled courses alone,
    for their bounds), :meth:`further_passes`, :meth:`lns` (the whole problem, neighbourhood by
    neighbourhood), and :meth:`result`. Whenever a phase finds a course it
    cannot place, :meth:`suspect_infeasible` decides: only a confirmed conflicting set or an infeasible
    whole model make the answer ``infeasible``; otherwise the whole model is solved, or the answer is
    ``unknown``.
    """

    def __init__(
        self,
        problem: Problem,
        *,
        time_limit: float = DEFAULT_TIME_LIMIT,
        workers: int = DEFAULT_WORKERS,
        seed: int | None = None,
        prechecks: bool = True,
        hint: bool = True,
        max_conflicts: int = 3,
        log: bool = False,
        progress: Callable[[Improvement], None] | None = None,
    ):
        self.started = time.perf_counter()
        self.problem = problem
        self.time_limit = time_limit
        self.workers = workers
        self.seed = problem.seed if seed is None else seed
        self.use_prechecks = prechecks
        self.use_greedy = hint
        self.max_conflicts = max_conflicts
        self.log = log
        self.stats: dict = {
            "workers": workers,
            "seed": self.seed,
            "time_limit": time_limit,
            "courses": len(problem.courses),
        }
        self.idx: Index | None = None
        self.warnings: tuple[dict[str, str], ...] = ()
        self.current = GreedySolution({}, {})
        self.first_feasible: float | None = None
        self.blocks: list[_Block] = []
        self.coupled: set[str] = set()
        self.relaxed_done: set[str] = set()
        self.phase_s: dict[str, float] = {}
        self.progress = progress
        self.reported: int | None = None  # the objective (tenths) of the last timetable reported
        self.whole_bound = 0  # a lower bound on the whole problem from a whole-model solve, tenths
        self.current_phase = "first_timetable"
        # While :meth:`construct` builds a timetable: the courses built so far (others are not in the way).
        self.built: set[str] | None = None
        self.constructed = False
        # When the course passes end (seconds from the start): see ``_PASSES``.
        self.passes_end = time_limit * (_PASSES if len(problem.courses) > 1 else 1.0)
        self.first_pass_end = time_limit * (_FIRST_PASS_END if len(problem.courses) > 1 else 1.0)
        self.pass_work = _PASS_WORK if len(problem.courses) > 1 else None
        self.stats["passes_end_s"] = round(self.passes_end, 3)

    # -- the clock --------------------------------------------------------------------------------

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def left(self) -> float:
        """Seconds left for the search: the time limit less what finishing needs (``_FINISH``)."""
        return self.time_limit * (1 - _FINISH) - self.elapsed()

    def passes_left(self) -> float:
        """The course passes' time still left (never more than the whole time left)."""
        return min(self.left(), self.passes_end - self.elapsed())

    @contextlib.contextmanager
    def phase(self, name: str):
        began, outer = time.perf_counter(), self.current_phase
        self.current_phase = name
        try:
            yield
        finally:
            self.current_phase = outer
            self.phase_s[name] = round(self.phase_s.get(name, 0.0) + time.perf_counter() - began, 3)

    def share(self, block: _Block, pool: list[_Block], fraction: float = 1.0, left: float | None = None) -> float:
        """The block's share (by sessions) of the ``pool``'s time: ``left`` (the passes' time by default)."""
        left = self.passes_left() if left is None else left
        return left * fraction * len(block.course.sessions) / max(1, sum(len(b.course.sessions) for b in pool))

    # -- the search -------------------------------------------------------------------------------

    def run(self) -> Result:
        """The phases in order. ``stats['deterministic_time']`` is CP-SAT's deterministic time summed over
        every solve of the call (``cpsat_solves`` of them): the engine's work, whatever the machine's load."""
        with effort.measured() as work:
            try:
                for step in (
                    self.prepare,
                    self.first_timetable,
                    self.complete,
                    self.tabulate_all,
                    self.construct,
                    self.first_pass,
                    self.unstick,
                    self.bound_coupled,
                    self.further_passes,
                    self.lns,
                ):
                    self.current_phase = step.__name__
                    step()
                result = self.result()
            except _Done as done:
                result = done.result
        self.stats["deterministic_time"] = round(work.deterministic_time, 3)
        self.stats["cpsat_solves"] = work.solves
        return result

    def prepare(self) -> None:
        """Validate, index, and run the direct checks; a conflict they find ends the search only once
        CP-SAT has confirmed it."""
        validate_problem(self.problem)
        self.idx = Index(self.problem)
        self.warnings = tuple({"path": path, "message": message} for path, message in problem_warnings(self.problem))
        if self.use_prechecks:
            conflicts = explain.prechecks(self.problem, self.idx)
            if conflicts:
                confirmed = self.confirmed(conflicts)
                if confirmed:
                    raise _Done(self.infeasible(confirmed, 0.0))
                self.stats["unconfirmed_prechecks"] = [c.code for c in conflicts]

    def first_timetable(self) -> None:
        """Greedy's timetable (complete or not), and each course's daily-hours floor as its first bound."""
        problem, idx = self.problem, self.idx
        if self.use_greedy:
            self.current = greedy(problem, index=idx)
            self.stats["greedy_s"] = round(self.elapsed(), 3)
            self.stats["greedy_complete"] = self.current.complete
            if self.current.complete:
                self.first_feasible = self.elapsed()
                self.stats["greedy_objective"] = (
                    sum(c for c, _ in goal_costs(problem, self.current.slots, self.current.venues, index=idx)) / 10
                )
        self.coupled = _coupled(problem)
        self.blocks = [
            _Block(c, coupled=c.id in self.coupled) for c in sorted(problem.courses, key=lambda c: (c.start, c.id))
        ]
        for block in self.blocks:
            cal = course_calendar(block.course)
            block.bound = block.course.weights.daily_hours * least_excess(block.course, cal)
            block.objective = _course_objective(problem, idx, block.course, self.current)
        self.stats["sub_solves"] = 0
        self.stats["sub_solve_s"] = 0.0
        self.stats["phase_s"] = self.phase_s
        self.stats["improvements"] = 0
        self.report()

    def complete(self) -> None:
        """Sessions greedy could not place: fit them in first, so that a whole timetable exists early."""
        for block in self.blocks:
            if block.objective is None and self.left() > 0:
                budget = min(self.left() / 4, max(0.5, 0.05 * self.time_limit))
                status = self.improve_plain(block, budget)
                if status == "impossible" or (status == INFEASIBLE and not block.coupled):
                    self.suspect_infeasible()

    def tabulate_all(self) -> None:
        """Module tables of every course (bounds, and the pieces timetables are composed of)."""
        if len(self.blocks) <= 1:
            return
        tables_until = time.perf_counter() + _TABLES * self.left()
        with_modules = [b for b in self.blocks if b.course.modules]
        for i, block in enumerate(with_modules):
            todo = sum(len(b.course.sessions) for b in with_modules[i:])
            share = min(1.0, _TABLE_SLICE * len(block.course.sessions) / todo)
            slice_end = time.perf_counter() + (tables_until - time.perf_counter()) * share
            self.tabulate(block, max(slice_end, time.perf_counter() + 0.05))

    def construct(self) -> None:
        """With several courses: a new timetable built course by course, in order of start, each course
        placed around the courses already built (and every course's pinned and held sessions) as the
        first pass would place it (composed from its module table, or solved), and no longer around
        greedy's timetable of the courses still to come, which held their lecturers and venues on
        arbitrary slots. On year-8x12 this took the first complete timetable from 9,600-10,000 to about
        8,950 (docs/benchmarks.md). It replaces the first pass. The timetable is incomplete while it is
        built, so nothing is reported until the last course is in; if a course cannot be placed around
        the ones before it (which proves nothing: greedy's timetable exists), or the timetable built
        breaks a rule, greedy's timetable is put back and the first pass runs as before."""
        if len(self.blocks) < 2 or self.first_pass_end - self.elapsed() <= 0.05:
            return
        current = self.current
        saved = (
            dict(current.slots),
            dict(current.venues),
            dict(current.module_first_days),
            list(current.unplaced),
            [(b.objective, b.proven, b.composed, b.restricted) for b in self.blocks],
        )
        self.built = set()
        for block in self.blocks:
            block.objective, block.proven = None, False
        placed = True
        for i, block in enumerate(self.blocks):
            left = max(0.05 * len(self.blocks[i:]), self.first_pass_end - self.elapsed())
            self.improve(block, self.share(block, self.blocks[i:], 1.0, left), light=self.pass_work is not None)
            if block.objective is None:
                # Not found within the pass's share (a search cut short proves nothing): once more, with
                # as much time as a course greedy could not complete gets.
                self.improve_plain(block, min(self.left() / 4, max(0.5, 0.05 * self.time_limit)))
            if block.objective is None and not self.place_with_built(block):
                placed = False
                self.stats["construct_failed"] = block.course.id
                break
            self.built.add(block.course.id)
        self.built = None
        broken = placed and check_timetable(
            self.problem, current.slots, current.module_first_days, venues=current.venues, index=self.idx
        )
        self.stats["construct"] = {
            "placed": placed,
            "courses": len(self.blocks) if placed else i,
            "s": round(self.elapsed(), 3),
        }
        if placed and not broken:
            self.constructed = True
            self.stats["first_pass_courses"] = len(self.blocks)
            self.report()
            return
        # Put greedy's timetable back (and the pass's state of each course) for the first pass.
        slots, venues, first_days, unplaced, blocks = saved
        current.slots.clear()
        current.slots.update(slots)
        current.venues.clear()
        current.venues.update(venues)
        current.module_first_days.clear()
        current.module_first_days.update(first_days)
        current.unplaced[:] = unplaced
        for block, (objective, proven, composed, restricted) in zip(self.blocks, blocks, strict=True):
            block.objective, block.proven, block.composed, block.restricted = objective, proven, composed, restricted

    @functools.cached_property
    def neighbours(self) -> dict[str, set[str]]:
        """Per course, the courses sharing a lecturer or venue with it on overlapping dates."""
        return neighbours(self.problem)

    def place_with_built(self, block: _Block) -> bool:
        """A course that cannot be placed around the courses built, placed together with the built courses
        that share the most lecturers with it (then venues), up to ``_REPAIR_COURSES``, around the rest:
        those may move to make room. Whether it was placed (the first timetable found is taken)."""
        course = block.course
        lecturers = {lid for s in course.sessions for lid in s.lecturer_ids}
        venues = {v for s in course.sessions for v in s.venue_choices}

        def shared(other: Course) -> tuple[int, int]:
            theirs = other.sessions
            return (
                len(lecturers & {lid for s in theirs for lid in s.lecturer_ids}),
                len(venues & {v for s in theirs for v in s.venue_choices}),
            )

        near = self.neighbours[course.id]
        built = [b.course for b in self.blocks if b.course.id in self.built and b.course.id in near]
        built.sort(key=shared, reverse=True)
        courses = [course, *built[:_REPAIR_COURSES]]
        budget = min(self.left() / 4, max(1.0, 0.05 * self.time_limit))
        status, _, outcome = self.solve_courses(courses, self.others_fixed(courses), budget, stop_at_first=True)
        repairs = self.stats.setdefault("construct_repairs", {"tried": 0, "placed": 0})
        repairs["tried"] += 1
        if status not in (OPTIMAL, FEASIBLE):
            return False
        self.adopt(courses, outcome)
        repairs["placed"] += 1
        return True

    def first_pass(self) -> None:
        """Every course once, around the others (unless :meth:`construct` has built the timetable)."""
        self.stuck: list[_Block] = []
        if self.constructed:
            return
        reached = 0
        for i, block in enumerate(self.blocks):
            # A course with a table is only composed (light) and may go on until ``first_pass_end``.
            light = self.pass_work is not None and block.table is not None and block.objective is not None
            left = min(self.left(), self.first_pass_end - self.elapsed()) if light else self.passes_left()
            if left <= 0.05:
                if block.objective is not None:
                    continue  # the passes' time is up: the course keeps its timetable, the search takes it
                # A course without a timetable is solved whatever the budget (a share of all the time left).
                budget = self.share(block, [b for b in self.blocks[i:] if b.objective is None], 0.5, self.left())
            else:
                budget = self.share(block, self.blocks[i:], _FIRST_PASS if self.coupled else 1.0, left)
            reached += 1
            status = self.improve(block, budget, light=light)
            if status == "impossible" or (status == INFEASIBLE and not block.coupled):
                self.suspect_infeasible()
            elif status == INFEASIBLE:
                self.stuck.append(block)
        self.stats["first_pass_courses"] = reached

    def unstick(self) -> None:
        """Courses that could not be fitted around the others: with their neighbours, then everything at once."""
        for block in self.stuck:
            if block.objective is not None and all(s.id in self.current.slots for s in block.course.sessions):
                continue
            group = [b.course for b in self.blocks if b.course.id in neighbours(self.problem)[block.course.id]]
            status, _, outcome = self.solve_courses(group, self.others_fixed(group), self.left() / 3)
            if status in (OPTIMAL, FEASIBLE):
                self.adopt(group, outcome)
                continue
            status = self.whole_model(self.left())
            if status == INFEASIBLE:
                self.prove_infeasible(whole_model_infeasible=True)
            break

    def bound_coupled(self) -> None:
        """Bounds of courses without modules that share lecturers or venues: each course alone."""
        until = min(self.time_limit, max(self.passes_end, self.elapsed() + _BOUNDS * self.time_limit))
        for block in self.blocks:
            left = min(self.left(), until - self.elapsed())
            if block.coupled and block.table is None and not block.proven and left > 0.05:
                pool = [b for b in self.blocks if b.coupled and b.table is None and not b.proven]
                if self.relax(block, min(left / 4, self.share(block, pool, 1.0, left))) in (INFEASIBLE, "impossible"):
                    self.suspect_infeasible()

    def further_passes(self) -> None:
        """The courses furthest from their bound first: a coupled course is first solved alone (its exact
        bound), then again around the others. Stop when the time is up, or when a whole pass changed
        nothing and every course was proven optimal around the others (a fixed point), or when a pass
        gained less than ``_STALL`` of the objective (the neighbourhood search then takes over)."""
        passes = 0
        while self.passes_left() > 0.05 and len(self.blocks) > 1:
            todo = [b for b in self.blocks if not b.proven and b.objective is not None]
            if not todo:
                break
            todo.sort(key=lambda b: b.bound - b.objective)
            changed, settled = False, True
            total_before = self.total()
            passes += 1
            for block in todo:
                if self.passes_left() <= 0.05:
                    settled = False
                    break
                budget = self.share(block, todo)
                if block.coupled and block.course.id not in self.relaxed_done:
                    before = block.objective
                    if self.relax(block, budget / 2) in (INFEASIBLE, "impossible"):
                        self.suspect_infeasible()
                    changed |= block.objective != before
                    budget /= 2
                    if block.course.id not in self.relaxed_done:
                        settled = False
                if not block.proven:
                    before = block.objective
                    status = self.improve(block, budget)
                    changed |= block.objective != before
                    settled &= status == OPTIMAL
            if not changed and settled:
                break
            total_after = self.total()
            if total_before and total_after is not None and total_before - total_after < _STALL * total_before:
                self.stats["passes_stalled"] = True
                break
        self.stats["further_passes"] = passes

    def lns(self) -> None:
        """The whole problem, by large-neighbourhood search, until the deadline or a proof of optimality.

        Small problems are first solved whole once (hinted with the timetable so far), for its bound.
        Then, repeatedly, a neighbourhood (``lns.Neighbourhoods``: a group, some days, a lecturer's
        week, some courses) is freed, every other session keeps its slot, and CP-SAT re-solves the
        neighbourhood's courses with a small deterministic-time cap; the result is kept when their
        objective is no higher (equal: the search drifts to another timetable of the same cost).

        ``stats['lns_started_s']`` says when it started; ``stats['lns']`` the objective before and after
        it, how many neighbourhoods it solved, how many improved the timetable, and per kind how often
        it was drawn and improved (the same on every run for a seed and one worker); when it did not
        run, ``stats['lns_skipped']`` says why (``optimal``, ``incomplete``, ``no_time``)."""
        if any(b.objective is None for b in self.blocks):
            self.stats["lns_skipped"] = "incomplete"
            return
        if self.optimal():
            self.stats["lns_skipped"] = "optimal"
            return
        if self.left() <= 0.05:
            self.stats["lns_skipped"] = "no_time"
            return
        started = self.elapsed()
        total_before = self.total()
        with self.phase("whole_bound"):
            self.bound_whole()
        by_id = {b.course.id: b for b in self.blocks}
        hoods = Neighbourhoods(self.problem, self.idx, self.seed)
        tried = kept = proven = 0
        # The venues of the whole problem are chosen again first, then after every _VENUES_EVERY neighbourhoods.
        venues_at = 0 if any(s.venue_ids for s in self.idx.sessions.values()) else None
        with self.phase("lns"):
            while self.left() > 0.05 and not self.optimal():
                if venues_at is not None and tried >= venues_at:
                    venues_at = tried + _VENUES_EVERY
                    self.rechoose_venues()
                    continue
                gains = {cid: max(0, b.objective - b.bound) for cid, b in by_id.items()}
                hood = hoods.draw(self.current.slots, gains)
                if hood is None:
                    break
                courses = [by_id[cid].course for cid in hood.course_ids]
                before = sum(by_id[cid].objective for cid in hood.course_ids)
                floor = sum(by_id[cid].bound for cid in hood.course_ids)
                only = {s.id: {self.current.slots[s.id]} for c in courses for s in c.sessions if s.id not in hood.free}
                anchor = by_id[hood.anchor]
                if hood.kind == "modules" and anchor.table is not None and anchor.table.timetables:
                    # The course's modules on their own best timetables, at any start (the restricted move).
                    only = self.table_domains(anchor)
                tried += 1
                status, _, outcome = self.solve_courses(
                    courses, self.others_fixed(courses), self.left(), floor, only, work_limit=_LNS_WORK
                )
                proven += status == OPTIMAL
                improved = status in (OPTIMAL, FEASIBLE) and outcome.objective_tenths < before
                hoods.feedback(hood.kind, status == OPTIMAL, improved)
                if status in (OPTIMAL, FEASIBLE) and outcome.objective_tenths <= before:
                    kept += improved
                    self.adopt(courses, outcome)
        self.stats["lns_started_s"] = round(started, 3)
        self.stats["lns"] = {
            "objective_before": total_before / 10,
            "objective_after": self.total() / 10,
            "neighbourhoods": tried,
            "improving": kept,
            "proven": proven,
            "kinds": dict(hoods.drawn),
            "improving_kinds": dict(hoods.improved),
            "sizes": {kind: round(size, 1) for kind, size in hoods.size.items()},
        }

    def bound_whole(self) -> None:
        """A small problem solved whole (hinted with the timetable so far) with a share of the time left:
        its bound bounds the whole problem, and its timetable is kept when it costs less."""
        if len(self.problem.sessions()) > _WHOLE_SESSIONS or len(self.blocks) < 2:
            return
        before = self.total()
        status, _, outcome = self.solve_courses(
            list(self.problem.courses), {}, _WHOLE_SHARE * self.left(), sum(b.bound for b in self.blocks)
        )
        if status in (OPTIMAL, FEASIBLE):
            self.whole_bound = max(self.whole_bound, math.ceil(outcome.bound_tenths - 1e-6))
            if outcome.objective_tenths < before:
                self.adopt(list(self.problem.courses), outcome)

    def rechoose_venues(self) -> None:
        """Every session held to its slot, every venue choice made again at once (``venues.rechoose``)."""
        current = self.current
        better = rechoose(
            self.problem,
            self.idx,
            current.slots,
            current.venues,
            time_limit=min(self.left(), _VENUES_SECONDS),
            workers=self.workers,
            seed=self.seed,
        )
        passes = self.stats.setdefault("venue_passes", {"tried": 0, "improving": 0})
        passes["tried"] += 1
        if better is None:
            return
        changed = {sid for sid, vid in better.items() if current.venues.get(sid) != vid}
        courses = [c for c in self.problem.courses if any(s.id in changed for s in c.sessions)]
        slots = {s.id: current.slots[s.id] for c in courses for s in c.sessions}
        self.adopt_slots(courses, slots, {}, better)
        passes["improving"] += 1

    def total(self) -> int | None:
        """The objective of the current timetable (tenths), None while it is incomplete."""
        if any(b.objective is None for b in self.blocks):
            return None
        return sum(b.objective for b in self.blocks)

    def lower_bound(self) -> int:
        """The best proven lower bound on the whole problem (tenths)."""
        return max(sum(b.bound for b in self.blocks), self.whole_bound)

    def optimal(self) -> bool:
        total = self.total()
        return total is not None and total <= self.lower_bound()

    def report(self) -> None:
        """Tell ``progress`` about the current timetable when it is complete and better than the last one told."""
        total = self.total()
        if self.built is not None or total is None or (self.reported is not None and total >= self.reported):
            return  # (while :meth:`construct` builds, the timetable is not whole)
        self.reported = total
        self.stats["improvements"] = self.stats.get("improvements", 0) + 1
        if self.progress is not None:
            current = self.current
            self.progress(
                Improvement(
                    objective=total / 10,
                    bound=min(total, self.lower_bound()) / 10,
                    elapsed_s=round(self.elapsed(), 3),
                    phase=self.current_phase,
                    assignments=self.assignments(),
                    module_first_days=dict(current.module_first_days),
                )
            )

    def assignments(self) -> tuple[Assignment, ...]:
        idx, current = self.idx, self.current
        order = {s.id: i for i, s in enumerate(self.problem.sessions())}
        return tuple(
            Assignment(sid, slot.date, slot.part, venue_of(idx.sessions[sid], current.venues))
            for sid, slot in sorted(current.slots.items(), key=lambda kv: order[kv[0]])
        )

    def result(self) -> Result:
        """The timetable found, checked by the independent checker, with its objective and bound; or
        ``unknown`` when some course has none."""
        problem, idx, current = self.problem, self.idx, self.current
        if any(b.objective is None for b in self.blocks):
            return self.unknown()
        broken = check_timetable(problem, current.slots, current.module_first_days, venues=current.venues, index=idx)
        if broken:  # never expected: every step keeps the hard rules; refuse rather than propose a wrong timetable
            self.stats["internal_violations"] = sorted({v.code for v in broken})
            return Result(UNKNOWN, wall_s=round(self.elapsed(), 3), warnings=self.warnings, stats=self.stats)
        costs = goal_costs(problem, current.slots, current.venues, index=idx)
        objective = sum(c for c, _ in costs)
        bound = min(objective, self.lower_bound())
        status = OPTIMAL if objective == bound else FEASIBLE
        gap = 0.0 if objective == bound else round((objective - bound) / max(abs(objective), 1), 6)
        self.stats["courses_proven"] = sum(1 for b in self.blocks if b.proven)
        assignments = self.assignments()
        return Result(
            status,
            objective=objective / 10,
            bound=bound / 10,
            gap=gap,
            wall_s=round(self.elapsed(), 3),
            first_feasible_s=round(self.first_feasible, 3),
            assignments=assignments,
            module_first_days=dict(current.module_first_days),
            unmet_soft_goals=tuple(goal for _, goal in costs),
            goal_costs=tenths_by_goal(costs),
            warnings=self.warnings,
            stats=self.stats,
        )

    # -- infeasibility: only with a proof ---------------------------------------------------------

    def suspect_infeasible(self) -> None:
        """A course could not be placed. That proves nothing about the problem (the others' timetables
        were in the way, or a bound was assumed): look for a proof, and if there is none, solve the
        whole model. Returns only when a whole timetable has been adopted."""
        self.stats["suspicions"] = self.stats.get("suspicions", 0) + 1
        self.prove_infeasible(whole_model_infeasible=False)

    def prove_infeasible(self, *, whole_model_infeasible: bool) -> None:
        """Answer ``infeasible`` with conflicting sets that CP-SAT confirms infeasible on their own, or,
        when none is found, with the whole model proven infeasible (``whole_model_infeasible`` says it
        already is). Without either, solve the whole model: its timetable is adopted (and this returns),
        or the answer is ``unknown``.

        The whole model is solved first (with half the time left): on most problems it settles the
        question at once, and the conflicting sets then get the rest of the time."""
        explain_started = self.elapsed()
        if not whole_model_infeasible:
            # Stopped at its first timetable: the neighbourhood search improves it from there.
            status = self.whole_model(0.5 * self.left(), first_only=True)
            if status in (OPTIMAL, FEASIBLE):
                return
            # "impossible": a session or module has no slot in the exact model even alone, a proof too.
            whole_model_infeasible = status in (INFEASIBLE, "impossible")
        found = explain.solver_conflicts(
            self.problem,
            self.idx,
            time_limit=max(1.0, 0.75 * self.left()),  # the rest to confirm them
            seed=self.seed,
            workers=1,
            max_conflicts=self.max_conflicts,
        )
        confirmed = self.confirmed(found)
        if confirmed:
            raise _Done(self.infeasible(confirmed, explain_started))
        if whole_model_infeasible:
            self.stats["proof"] = "whole_model"
            raise _Done(self.infeasible([explain.whole_problem(self.problem, self.idx)], explain_started))
        self.stats["explain_s"] = round(self.elapsed() - explain_started, 3)
        self.stats["unproven"] = True
        raise _Done(self.unknown())

    def confirmed(self, conflicts) -> list[Conflict]:
        """The conflicts CP-SAT proves infeasible on their own (each within a share of the time left)."""
        out = []
        for i, conflict in enumerate(conflicts):
            budget = max(0.5, self.left() / (2 * (len(conflicts) - i)))
            if explain.confirm(self.problem, self.idx, conflict, time_limit=budget, seed=self.seed):
                out.append(conflict)
        self.stats["conflicts_confirmed"] = f"{len(out)}/{len(conflicts)}"
        return out

    def whole_model(self, budget: float, first_only: bool = False) -> str:
        """CP-SAT on the whole problem at once (hinted with the timetable so far); its timetable is adopted.
        ``first_only``: stop at the first timetable (then its bound proves nothing)."""
        with self.phase("whole"):
            status, _, outcome = self.solve_courses(list(self.problem.courses), {}, budget, stop_at_first=first_only)
        if status in (OPTIMAL, FEASIBLE):
            self.adopt(list(self.problem.courses), outcome)
            if not first_only or status == OPTIMAL:
                self.whole_bound = max(self.whole_bound, math.ceil(outcome.bound_tenths - 1e-6))
        return status

    def infeasible(self, conflicts, explain_started: float) -> Result:
        self.stats["explain_s"] = round(self.elapsed() - explain_started, 3)
        return Result(
            INFEASIBLE,
            wall_s=round(self.elapsed(), 3),
            explanation=tuple(conflicts),
            warnings=self.warnings,
            stats=self.stats,
        )

    def unknown(self) -> Result:
        problem, current = self.problem, self.current
        self.stats["unplaced"] = [s.id for s in problem.sessions() if s.id not in current.slots]
        self.stats["unplaced_modules"] = [
            m.id for c in problem.courses for m in c.modules if m.id not in current.module_first_days
        ]
        return Result(UNKNOWN, wall_s=round(self.elapsed(), 3), warnings=self.warnings, stats=self.stats)

    # -- one course (or a group) at a time --------------------------------------------------------

    def others_fixed(self, courses: list[Course]) -> dict[str, Slot]:
        """The slots of the other courses' sessions (while :meth:`construct` builds: of the courses built,
        and every pinned or held session)."""
        mine = {c.id for c in courses}
        sessions, built = self.idx.sessions, self.built
        return {
            sid: slot
            for sid, slot in self.current.slots.items()
            if sessions[sid].course_id not in mine
            and (built is None or sessions[sid].course_id in built or sessions[sid].pinned is not None)
        }

    def solve_courses(
        self,
        courses: list[Course],
        fixed: dict[str, Slot],
        budget: float,
        floor: int = 0,
        only=None,
        *,
        work_limit: float | None = None,
        stop_at_first: bool = False,
    ):
        """CP-SAT on ``courses`` with the ``fixed`` sessions' slots busy: (status, model, outcome).
        Besides CP-SAT's statuses: "impossible" (a session or module has no slot even alone) and
        "unknown" for a restricted model without one."""
        problem, idx, current = self.problem, self.idx, self.current
        sub = subproblem(problem, idx, courses, fixed, current.venues)
        sub_idx = Index(sub)
        model = TimetableModel(sub, sub_idx, only=only)
        if model.trivially_infeasible and only is not None:
            return "unknown", None, None
        if model.trivially_infeasible:
            alone = subproblem(problem, idx, courses, {})
            if fixed and not TimetableModel(alone, Index(alone)).trivially_infeasible:
                return INFEASIBLE, None, None
            return "impossible", None, None
        own = GreedySolution(
            {sid: slot for sid, slot in current.slots.items() if sid in sub_idx.sessions},
            {mid: day for mid, day in current.module_first_days.items() if mid in sub_idx.modules},
            venues={sid: v for sid, v in current.venues.items() if sid in sub_idx.sessions},
        )
        model.build(hint=own)
        if floor:
            # A proven lower bound as a constraint: the search stops as soon as it reaches it.
            model.model.add(cp_model.LinearExpr.weighted_sum(model.obj_vars, model.obj_coeffs) + model.offset >= floor)
        if len(own.slots) == len(sub_idx.sessions) and not _clashes(sub, own.slots, fixed, idx, current.venues):
            model.complete_hint()
        outcome = model.solve(
            time_limit=max(0.05, budget),
            workers=self.workers,
            seed=self.seed,
            log=self.log,
            work_limit=work_limit,
            stop_at_first=stop_at_first,
        )
        self.stats["sub_solves"] += 1
        self.stats["sub_solve_s"] = round(self.stats["sub_solve_s"] + outcome.wall_s, 3)
        return outcome.status, model, outcome

    def adopt(self, courses: list[Course], outcome) -> None:
        """Take the courses' timetable from a CP-SAT outcome."""
        slots = {s.id: outcome.slots[s.id] for c in courses for s in c.sessions}
        first_days = {}
        for c in courses:
            cal = course_calendar(c)
            for m in c.modules:
                first_days[m.id] = cal.days[outcome.module_starts[m.id]]
        self.adopt_slots(courses, slots, first_days, outcome.venues)

    def adopt_slots(self, courses: list[Course], slots: dict[str, Slot], first_days: dict, venues: dict) -> None:
        current = self.current
        for c in courses:
            for sess in c.sessions:
                current.slots[sess.id] = slots[sess.id]
                if sess.venue_ids:
                    current.venues[sess.id] = venues[sess.id]
        current.module_first_days.update(first_days)
        current.unplaced = [sid for sid in current.unplaced if sid not in slots]
        for b in self.blocks:
            if b.course in courses:
                b.objective = _course_objective(self.problem, self.idx, b.course, current)
                b.proven = b.objective is not None and b.objective <= b.bound
        if self.first_feasible is None and all(b.objective is not None for b in self.blocks):
            self.first_feasible = self.elapsed()
        self.report()

    def tabulate(self, block: _Block, deadline: float) -> None:
        course = block.course
        with self.phase("tables"):
            alone = subproblem(self.problem, self.idx, [course], {})
            block.table = module_tables(
                alone, Index(alone), course, deadline=deadline, workers=self.workers, seed=self.seed
            )
        self.stats["module_solves"] = self.stats.get("module_solves", 0) + block.table.solves
        block.bound = max(block.bound, block.table.bound())
        block.proven = block.objective is not None and block.objective <= block.bound

    def improve(self, block: _Block, budget: float, light: bool = False) -> str:
        """Re-solve one course around the others; keep the result if it is no worse.

        The first time, the course's module table gives a bound and composed timetables (cheapest
        placements first); CP-SAT then polishes the best one with the rest of the budget. ``light``
        (the first pass over several courses): a course with a table and a timetable stops after its
        composed timetables (``"composed"``), and is solved with CP-SAT by a later pass or the search."""
        course = block.course
        finish = time.perf_counter() + budget
        if course.modules and block.table is None:
            self.tabulate(block, time.perf_counter() + 0.45 * budget)
        if block.table is not None and not block.composed:
            block.composed = True
            self.compose(block, budget, finish)
            block.proven = block.objective is not None and block.objective <= block.bound
            if light and block.objective is not None and not block.proven:
                return "composed"
        if block.table is not None and not block.restricted and not block.proven:
            block.restricted = True
            if block.table.timetables and _RESTRICTED:
                self.restricted(block, finish)
        block.proven = block.objective is not None and block.objective <= block.bound
        if block.proven:
            return OPTIMAL
        with self.phase("polish"):
            status, _, outcome = self.solve_courses(
                [course],
                self.others_fixed([course]),
                finish - time.perf_counter(),
                block.bound,
                work_limit=self.pass_work,
            )
        if status in (OPTIMAL, FEASIBLE):
            if block.objective is None or outcome.objective_tenths <= block.objective:
                self.adopt([block.course], outcome)
            if not block.coupled:
                block.bound = max(block.bound, math.ceil(outcome.bound_tenths - 1e-6))
        block.proven = block.objective is not None and block.objective <= block.bound
        return status

    def compose(self, block: _Block, budget: float, finish: float) -> None:
        """Composed timetables from the module table, cheapest placements first; keep each that is better."""
        course = block.course
        sub = subproblem(self.problem, self.idx, [course], self.others_fixed([course]), self.current.venues)
        tried = skipped = 0
        ordered = course.modules_in_order()
        for lower, starts in block.table.placements():
            if block.objective is not None and block.objective <= lower:
                break
            if tried >= _COMPOSE_CAP or time.perf_counter() > finish - _COMPOSE_LEAVE * budget:
                break
            if any((m.id, j) not in block.table.timetables for m, j in zip(ordered, starts, strict=True)):
                # A module whose table entry has no timetable (its solve cut short): nothing to compose.
                skipped += 1
                if skipped > _COMPOSE_SKIP:
                    break
                continue
            tried += 1
            with self.phase("compose"):
                composed = compose(
                    sub, course, block.table, starts, time_limit=max(0.05, min(1.0, budget / 4)), seed=self.seed
                )
            if composed is None:
                continue
            slots, first_days, objective, venues = composed
            if block.objective is None or objective < block.objective:
                self.adopt_slots([course], slots, first_days, venues)
        self.stats["compositions"] = self.stats.get("compositions", 0) + tried
        self.stats["compositions_skipped"] = self.stats.get("compositions_skipped", 0) + skipped

    def restricted(self, block: _Block, finish: float) -> None:
        """Every module on one of its own best timetables (at any start), the rest free."""
        course = block.course
        only = self.table_domains(block)
        remaining = finish - time.perf_counter()
        with self.phase("restricted"):
            status, _, outcome = self.solve_courses(
                [course], self.others_fixed([course]), remaining * 0.5, block.bound, only, work_limit=self.pass_work
            )
        if status in (OPTIMAL, FEASIBLE) and (block.objective is None or outcome.objective_tenths < block.objective):
            self.adopt([course], outcome)

    def table_domains(self, block: _Block) -> dict[str, set[Slot]]:
        """Per session of the course's modules: the slots its module's table timetables give it (at
        every start), and its current slot."""
        only: dict[str, set[Slot]] = {}
        for own in block.table.timetables.values():
            for sid, slot in own.items():
                only.setdefault(sid, set()).add(slot)
        for sid in only:
            if sid in self.current.slots:
                only[sid].add(self.current.slots[sid])
        return only

    def improve_plain(self, block: _Block, budget: float) -> str:
        status, _, outcome = self.solve_courses([block.course], self.others_fixed([block.course]), budget)
        if status in (OPTIMAL, FEASIBLE) and (block.objective is None or outcome.objective_tenths <= block.objective):
            self.adopt([block.course], outcome)
        return status

    def relax(self, block: _Block, budget: float) -> str:
        """Solve the course alone: a lower bound, and its timetable if it fits around the others."""
        status, _, outcome = self.solve_courses([block.course], {}, budget, block.bound)
        if status in (OPTIMAL, FEASIBLE):
            block.bound = max(block.bound, math.ceil(outcome.bound_tenths - 1e-6))
            if status == OPTIMAL:
                self.relaxed_done.add(block.course.id)
            alone = {s.id: outcome.slots[s.id] for s in block.course.sessions}
            better = block.objective is None or outcome.objective_tenths < block.objective
            others = self.others_fixed([block.course])
            chosen = {**self.current.venues, **outcome.venues}
            if better and not _clashes(Problem((block.course,)), alone, others, self.idx, chosen):
                self.adopt([block.course], outcome)
        elif status == INFEASIBLE:
            self.relaxed_done.add(block.course.id)
        block.proven = block.objective is not None and block.objective <= block.bound
        return status


def solve(
    problem: Problem,
    *,
    time_limit: float = DEFAULT_TIME_LIMIT,
    workers: int = DEFAULT_WORKERS,
    seed: int | None = None,
    prechecks: bool = True,
    hint: bool = True,
    max_conflicts: int = 3,
    log: bool = False,
    progress: Callable[[Improvement], None] | None = None,
) -> Result:
    """Propose a timetable for every course of ``problem``, or explain why none exists.

    ``time_limit`` (seconds of wall time) covers everything, the explanation included; ``workers`` is
    CP-SAT's number of search workers and ``seed`` its random seed (the problem's own by default).
    For a fixed seed and worker count the result is the same on every run when each CP-SAT search
    ends by proving its answer (small problems, optimal answers); a search cut short by the clock may
    stop elsewhere. One worker is the most repeatable. ``prechecks=False`` skips the direct checks,
    so explanations come from the solver alone; ``hint=False`` skips greedy.

    ``progress``, when given, is called with an :class:`~peixun.scheduling.result.Improvement` each time
    the engine holds a complete timetable better than the last one it reported (the first complete one
    included), in the order found, so each costs less than the one before. The search uses the whole
    ``time_limit`` unless it proves its timetable optimal first.

    ``infeasible`` is answered only with a proof: conflicting sets that CP-SAT finds infeasible on
    their own (no other course placed anywhere), or the whole model proven infeasible. Without one the
    whole model is solved; ``unknown`` means neither a timetable nor a proof was found in time.
    Raises :class:`~peixun.scheduling.problem.ProblemError` for a malformed problem.
    """
    return Search(
        problem,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        prechecks=prechecks,
        hint=hint,
        max_conflicts=max_conflicts,
        log=log,
        progress=progress,
    ).run()


def ids(courses: list[Course]) -> set[str]:
    return {c.id for c in courses}


def _clashes(sub: Problem, slots: dict[str, Slot], fixed: dict[str, Slot], idx: Index, venues: dict[str, str]) -> bool:
    """Whether the timetable of ``sub`` uses a lecturer or venue slot that the ``fixed`` sessions use
    (``venues``: the venues chosen for sessions with alternatives, on both sides)."""
    taken = set()
    for sid, slot in fixed.items():
        s = idx.sessions[sid]
        taken.update(("l", lid, slot) for lid in s.lecturer_ids)
        if venue_of(s, venues) is not None:
            taken.add(("v", venue_of(s, venues), slot))
    for course in sub.courses:
        for s in course.sessions:
            slot = slots.get(s.id)
            if slot is None:
                continue
            if any(("l", lid, slot) in taken for lid in s.lecturer_ids):
                return True
            if venue_of(s, venues) is not None and ("v", venue_of(s, venues), slot) in taken:
                return True
    return False


def _course_objective(problem: Problem, idx: Index, course: Course, current: GreedySolution) -> int | None:
    """The course's objective (tenths) in the current timetable; None while it is incomplete."""
    if any(s.id not in current.slots for s in course.sessions):
        return None
    if any(m.id not in current.module_first_days for m in course.modules):
        return None
    single = Problem((course,), problem.lecturers, problem.venues)
    return sum(c for c, _ in goal_costs(single, current.slots, current.venues, index=idx))
