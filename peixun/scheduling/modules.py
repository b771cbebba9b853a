"""Modules one at a time: the best each can do at each possible start, and timetables composed from them.

A course's soft goals are nearly all local to its modules: a module's sessions stay on its days, its
visiting lecturers usually teach nowhere else in the course, and modules never share a day. So for
every module and every course day it may start on, a small CP-SAT model finds the best timetable of
that module's sessions alone (its *table* entry). Two things follow:

- a lower bound for the whole course: the objective is at least the sum, over the modules, of the
  entries at their starts (module days are disjoint, and every other cost is at least zero); the
  cheapest placement of the modules is therefore a lower bound for the course;
- good timetables: place the modules where their entries add up to least, take each module's own
  best timetable there, and let CP-SAT fit the sessions outside modules around them.

Placements are tried cheapest first, and the search stops as soon as a composed timetable costs no
more than the next placement's bound (then no placement can do better).
"""

from __future__ import annotations

import contextvars
import heapq
import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

from ortools.sat.python import cp_model

from . import effort
from .calendar import CourseCalendar, candidate_slots, course_calendar, slot_allowed, usable_venues
from .model import TimetableModel, least_excess
from .objective import goal_costs
from .problem import EVENING, Course, Index, Module, Problem, Slot
from .validate import check_timetable

#: The tie-break below the objective in a module's own model: evenings left free for dinners.
_SCALE = 1000


@dataclass
class ModuleTable:
    """Per module id, per start (course-day index): the best objective (tenths) or None if impossible."""

    course: Course
    cal: CourseCalendar
    best: dict[str, dict[int, int | None]] = field(default_factory=dict)
    #: the module's own best timetable at that start (session id to slot)
    timetables: dict[tuple[str, int], dict[str, Slot]] = field(default_factory=dict)
    exact: bool = True
    solves: int = 0
    #: starts taken from an earlier start's timetable, moved (no solve)
    moved: int = 0

    def bound(self) -> int:
        """A lower bound on the course's objective (tenths) from the modules alone."""
        course = self.course
        if not course.modules:
            return 0
        if not course.fixed_module_order:
            total = 0
            for module in course.modules:
                values = [v for v in self.best[module.id].values() if v is not None]
                total += min(values) if values else 0
            return total
        first = next(self.placements(), None)
        return first[0] if first is not None else 0

    def placements(self):
        """Module placements (starts in the course's module order, no overlap) by increasing bound."""
        ordered = self.course.modules_in_order()
        if not ordered:
            yield 0, ()
            return
        # Cheapest completion of modules k.. starting at or after day i, for an admissible A* estimate.
        n = self.cal.n
        rest = [[0] * (n + 2) for _ in range(len(ordered) + 1)]
        infinity = 10**12
        for k in range(len(ordered) - 1, -1, -1):
            module = ordered[k]
            row = rest[k]
            row[n + 1] = row[n] = infinity
            for i in range(n - 1, -1, -1):
                here = infinity
                value = self.best[module.id].get(i)
                if value is not None and i + module.days <= n:
                    tail = rest[k + 1][i + module.days] if k + 1 < len(ordered) else 0
                    here = value + tail
                row[i] = min(here, row[i + 1])
        heap = [(rest[0][0], 0, ())]
        counter = itertools.count()
        while heap:
            estimate, _, starts = heapq.heappop(heap)
            if estimate >= infinity:
                return
            k = len(starts)
            if k == len(ordered):
                yield estimate, starts
                continue
            module = ordered[k]
            earliest = starts[-1] + ordered[k - 1].days if starts else 0
            spent = sum(self.best[ordered[i].id][s] for i, s in enumerate(starts))
            for j, value in sorted(self.best[module.id].items()):
                if value is None or j < earliest or j + module.days > n:
                    continue
                tail = rest[k + 1][j + module.days] if k + 1 < len(ordered) else 0
                if tail >= infinity:
                    continue
                heapq.heappush(heap, (spent + value + tail, next(counter), (*starts, j)))


def _module_problem(problem: Problem, idx: Index, course: Course, module: Module, start_day) -> Problem:
    """The module's sessions alone, starting on ``start_day``; the course's pinned sessions outside
    modules only take their slot (no cost), and lecturers teaching elsewhere in the course are
    counted as resident, so that nothing is counted twice across modules."""
    sessions = [s for s in course.sessions if s.module_id == module.id]
    ids = {lid for s in sessions for lid in s.lecturer_ids}
    local = {
        lid
        for lid in ids
        if idx.lecturers[lid].visiting
        and all(s.module_id == module.id for s in course.sessions if lid in s.lecturer_ids)
    }
    holders = [
        replace(
            s,
            class_hours=0.0,
            lecturer_ids=(),
            venue_id=None,
            venue_ids=(),
            format="exhibition",
            allowed_parts=(s.pinned.part,),
            preferred_slots=(),
        )
        for s in course.sessions
        if s.module_id is None and s.pinned is not None
    ]
    # A group of sessions outside the module costs nothing here (every cost is at least zero).
    own = {s.id for s in sessions}
    small = replace(
        course,
        groups=tuple(g for g in course.groups if set(g.session_ids) <= own),
        modules=(replace(module, first_day=start_day),),
        sessions=tuple(sessions + holders),
        weights=replace(course.weights, dinner_spread=0),
        fixed_module_order=False,
    )
    lecturers = tuple(
        replace(lecturer, visiting=lecturer.id in local) for lecturer in problem.lecturers if lecturer.id in ids
    )
    venue_ids = {v for s in sessions for v in s.venue_choices}
    return Problem((small,), lecturers, tuple(v for v in problem.venues if v.id in venue_ids), seed=problem.seed)


def _signature(small: Problem, cal: CourseCalendar, start: int) -> tuple:
    """What a module's own optimum depends on, relative to its first day (so starts that look the
    same are solved once)."""
    course = small.courses[0]
    sidx = Index(small)
    scal = course_calendar(course)
    days = cal.days[start : start + course.modules[0].days]
    offset = {d: i for i, d in enumerate(days)}
    parts = []
    for s in course.sessions:
        slots = candidate_slots(scal, sidx, s)
        prefs = tuple(
            sum(
                1
                for lid in s.lecturer_ids
                if sidx.lecturers[lid].preferred_weekdays and d.weekday() not in sidx.lecturers[lid].preferred_weekdays
            )
            for d in days
        )
        wanted = tuple(sorted((offset[p.date], p.part) for p in s.preferred_slots if p.date in offset))
        where = tuple(
            sorted(
                (offset[sl.date], sl.part, tuple(usable_venues(sidx, s, sl, course=course)) if s.venue_ids else ())
                for sl in slots
                if sl.date in offset
            )
        )
        parts.append((s.id, where, prefs, wanted))
    trips = tuple(
        (lecturer.id, tuple(lecturer.is_available(d) for d in days))
        for lecturer in small.lecturers
        if lecturer.visiting
    )
    # Held sessions stay where they were held, whatever the start: only the same start looks the same.
    held = start if any(s.held for s in course.sessions) else None
    return (tuple(parts), trips, held)


def module_tables(
    problem: Problem,
    idx: Index,
    course: Course,
    *,
    deadline: float,
    workers: int = 2,
    seed: int = 0,
    per_solve: float = 1.0,
    move: bool = True,
) -> ModuleTable:
    """Every module of ``course`` alone at every start it may take, by CP-SAT until ``deadline`` (wall
    clock). ``per_solve`` caps each module's solve in CP-SAT's deterministic time (about a second of
    one core's work for 1.0), not in seconds: a busy machine then slows the table down but does not
    change it (a wall-clock cap of 0.25 s cut the hardest module of course-4w short on some runs and
    not on others, and the whole course then took four times longer; docs/benchmarks.md). ``move``: a
    start may take an earlier start's timetable, moved, where that is provably optimal (below)."""
    cal = course_calendar(course)
    table = ModuleTable(course, cal)
    jobs: list[tuple[str, int, Problem]] = []
    groups: dict[tuple, list[tuple[str, int]]] = {}
    for module in course.modules:
        table.best[module.id] = {}
        lo, hi = cal.module_starts[module.id]
        if not any(s.module_id == module.id for s in course.sessions):
            table.best[module.id] = {j: 0 for j in range(lo, hi + 1) if j + module.days <= cal.n}
            for j in table.best[module.id]:
                table.timetables[(module.id, j)] = {}
            continue
        for j in range(lo, hi + 1):
            if j + module.days > cal.n:
                continue
            small = _module_problem(problem, idx, course, module, cal.days[j])
            key = (module.id, _signature(small, cal, j))
            if key not in groups:
                groups[key] = []
                jobs.append((module.id, j, small))
            groups[key].append((module.id, j))

    # A start whose module may take the timetable of an earlier start moved by the difference, when that
    # timetable costs the module's floor (its daily-hours excess, which no timetable can beat): then
    # the moved one, if it keeps every rule there and costs the floor too, is optimal without a solve.
    # (Two thirds of year-8x12's module starts cost their floor, and most of a small module's solve is
    # CP-SAT's fixed cost, docs/benchmarks.md.) Not with held sessions or alternative venues.
    movable = move and not any(s.held or len(s.venue_choices) > 1 for s in course.sessions)

    def floor_of(small: Problem) -> int:
        only = small.courses[0]
        return only.weights.daily_hours * least_excess(only, course_calendar(only))

    def moved(small: Problem, module_id: str, start: int, floor: int, at_floor: list[tuple[int, dict[str, Slot]]]):
        """An earlier start's timetable at the ``floor``, moved to ``start``, if it keeps every rule and
        costs the floor there; else None."""
        only = small.courses[0]
        sidx = Index(small)
        held = {s.id: s.pinned for s in only.sessions if s.module_id != module_id and s.pinned is not None}
        for earlier, slots in reversed(at_floor):
            shift = start - earlier
            if not all(0 <= cal.index[slot.date] + shift < cal.n for slot in slots.values()):
                continue
            trial = {sid: Slot(cal.days[cal.index[slot.date] + shift], slot.part) for sid, slot in slots.items()}
            every = {**held, **trial}
            if check_timetable(small, every, {module_id: cal.days[start]}, index=sidx):
                continue
            if sum(cost for cost, _ in goal_costs(small, every, index=sidx)) == floor:
                return trial
        return None

    def solve(job):
        module_id, start, small = job
        left = deadline - time.perf_counter()
        if left <= 0:
            return job, "unknown", None, None
        model = TimetableModel(small, Index(small))
        if model.trivially_infeasible:
            return job, "infeasible", None, None
        model.build()
        evenings = [v for pairs in model.x.values() for slot, v in pairs if slot.part == EVENING]
        model.model.minimize(
            _SCALE * (cp_model.LinearExpr.weighted_sum(model.obj_vars, model.obj_coeffs) + model.offset)
            + cp_model.LinearExpr.sum(evenings)
        )
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = left
        solver.parameters.max_deterministic_time = per_solve
        solver.parameters.linearization_level = 0
        code = solver.solve(model.model)
        effort.record(solver)
        if code == cp_model.INFEASIBLE:
            return job, "infeasible", None, None
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return job, "unknown", None, None
        values = solver.response_proto.solution
        slots = {}
        for sid, pairs in model.x.items():
            for slot, v in pairs:
                if values[v.index]:
                    slots[sid] = slot
        if code == cp_model.OPTIMAL:
            return job, "optimal", round(solver.objective_value) // _SCALE, slots
        return job, "feasible", int(solver.best_objective_bound // _SCALE), slots

    at_floor: dict[str, list[tuple[int, dict[str, Slot]]]] = {}

    def run(job):
        """A start moved from its module's first start where that is optimal, else solved."""
        module_id, start, small = job
        floor = floor_of(small)
        trial = moved(small, module_id, start, floor, at_floor[module_id]) if at_floor.get(module_id) else None
        if trial is not None:
            return (job, "optimal", floor, trial), False
        found = solve(job)
        _, status, value, slots = found
        if movable and status == "optimal" and value == floor:
            own = {s.id for s in small.courses[0].sessions if s.module_id == module_id}
            at_floor.setdefault(module_id, []).append((start, {sid: slot for sid, slot in slots.items() if sid in own}))
        return found, True

    # Two waves: each module's first start, then the others (each may be moved from its module's first).
    firsts: dict[str, tuple] = {}
    for job in jobs:
        firsts.setdefault(job[0], job)
    waves = [list(firsts.values()), [job for job in jobs if firsts[job[0]] is not job]]
    done = []
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        for wave in waves:
            # Each job in a copy of this context, so that its solve counts in the caller's tally (effort.py).
            futures = [pool.submit(contextvars.copy_context().run, run, job) for job in wave]
            done += [future.result() for future in futures]
    results = [found for found, _ in done]
    table.solves = sum(solved for _, solved in done)
    table.moved = len(jobs) - table.solves
    by_job = {(job[0], job[1]): (status, value, slots) for job, status, value, slots in results}
    for members in groups.values():
        module_id, representative = members[0]
        status, value, slots = by_job[(module_id, representative)]
        if status != "optimal":
            table.exact = False
        for _, j in members:
            if status == "infeasible":
                table.best[module_id][j] = None
                continue
            # Unknown: a bound of zero keeps the table a valid lower bound.
            table.best[module_id][j] = value if value is not None else 0
            if slots is not None:
                shift = j - representative
                table.timetables[(module_id, j)] = {
                    sid: slot if idx.sessions[sid].held else Slot(cal.days[cal.index[slot.date] + shift], slot.part)
                    for sid, slot in slots.items()
                    if idx.sessions.get(sid) is not None and idx.sessions[sid].module_id == module_id
                }
    return table


def compose(
    sub: Problem,
    course: Course,
    table: ModuleTable,
    starts: tuple[int, ...],
    *,
    time_limit: float,
    seed: int = 0,
) -> tuple[dict[str, Slot], dict, int, dict[str, str]] | None:
    """A timetable of ``course`` (the only course of ``sub``, whose lecturers and venues carry the
    other courses' slots as busy) with its modules at ``starts``: each module keeps its own best
    timetable where that is still allowed, and CP-SAT places every other session around them.
    Returns (slots, module first days, objective in tenths, chosen venues) or None."""
    cal = table.cal
    sub_idx = Index(sub)
    fixed: dict[str, Slot] = {}
    modules = []
    for module, j in zip(course.modules_in_order(), starts, strict=True):
        own = table.timetables.get((module.id, j))
        if own is None:
            return None
        modules.append(replace(module, first_day=cal.days[j]))
        for sid, slot in own.items():
            if slot_allowed(sub_idx, sub_idx.sessions[sid], slot, course=course):
                fixed[sid] = slot
    sessions = tuple(replace(s, pinned=fixed[s.id]) if s.id in fixed else s for s in course.sessions)
    narrowed = replace(course, modules=tuple(modules), sessions=sessions)
    narrowed_problem = Problem((narrowed,), sub.lecturers, sub.venues, seed=sub.seed)
    model = TimetableModel(narrowed_problem, Index(narrowed_problem))
    if model.trivially_infeasible:
        return None
    model.build()
    outcome = model.solve(time_limit=time_limit, workers=1, seed=seed)
    if outcome.status not in ("optimal", "feasible"):
        return None
    return outcome.slots, {m.id: m.first_day for m in modules}, outcome.objective_tenths, outcome.venues
