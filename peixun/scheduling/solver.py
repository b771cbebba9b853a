"""``solve(problem)``: validate, check directly, start from greedy, optimise course by course, explain if impossible.

The objective is a sum over courses, and courses meet only where they share a lecturer or a venue
on the same dates. So the solver works course by course (block coordinate descent):

1. Greedy gives a first timetable (``first_feasible_s`` when it places every session); courses it
   could not complete are solved first, so that a whole timetable exists early.
2. Every course's module table (``modules.py``: each module alone at each possible start) gives a
   lower bound for the course and the pieces of composed timetables.
3. Each course in turn: composed timetables (cheapest module placements first), then CP-SAT
   restricted to the modules' own timetables, then the full model, all with every other course held
   where it is (the slots the others give a shared lecturer or venue become busy slots of this
   course), hinted with the course's current timetable and told its bound. A course keeps a new
   timetable only if it costs no more, so it never gets worse.
4. A course's bound is the largest of its daily-hours floor, its module table and, when it shares
   nothing with a course running at the same time, its own CP-SAT bound; a course that shares
   lecturers or venues is also solved alone (a relaxation) for a bound. The sum of the bounds is the
   bound of the whole problem, so ``optimal`` means proven optimal for the whole portfolio.
5. Remaining time goes to the courses furthest from their bound, until a pass changes nothing and
   every course is optimal around the others.

When a course cannot be fitted around the others, the solver solves it together with the courses
it shares lecturers or venues with, and if that fails the whole problem at once; only that can
prove a portfolio infeasible, and then ``explain`` says why. A course impossible on its own is
explained at once.
"""

from __future__ import annotations

import contextlib
import math
import time
from dataclasses import dataclass, replace

from ortools.sat.python import cp_model

from . import explain
from .calendar import course_calendar
from .greedy import GreedySolution, greedy
from .model import TimetableModel, least_excess
from .modules import ModuleTable, compose, module_tables
from .objective import goal_costs
from .problem import Course, Index, Problem, Slot, validate_problem
from .result import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Assignment, Result
from .validate import check_timetable

DEFAULT_TIME_LIMIT = 30.0
DEFAULT_WORKERS = 2
# How a course's time is shared (measured on bench/timetable.py, see docs/benchmarks.md): module tables
# first for every course (this share of the time), then per course composed timetables (at most this
# many, leaving this share of the course's time), a restricted solve, and a polishing solve.
_TABLES = 0.45
_COMPOSE_CAP = 40
_COMPOSE_LEAVE = 0.5
_RESTRICTED = True


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


def subproblem(problem: Problem, idx: Index, courses: list[Course], fixed: dict[str, Slot]) -> Problem:
    """``courses`` alone, with the slots ``fixed`` (sessions of other courses) turned into busy slots
    of the lecturers and venues they use."""
    first = min(c.start for c in courses)
    last = max(c.end for c in courses)
    lecturer_ids = {lid for c in courses for s in c.sessions for lid in s.lecturer_ids}
    venue_ids = {s.venue_id for c in courses for s in c.sessions if s.venue_id is not None}
    extra_l: dict[str, set[Slot]] = {lid: set() for lid in lecturer_ids}
    extra_v: dict[str, set[Slot]] = {vid: set() for vid in venue_ids}
    for sid, slot in fixed.items():
        if not first <= slot.date <= last:
            continue
        s = idx.sessions[sid]
        for lid in s.lecturer_ids:
            if lid in extra_l:
                extra_l[lid].add(slot)
        if s.venue_id in extra_v:
            extra_v[s.venue_id].add(slot)
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
        keys |= {f"v:{s.venue_id}" for s in course.sessions if s.venue_id is not None}
        for key in sorted(keys):
            users.setdefault(key, []).append(course)
    for courses in users.values():
        for i, a in enumerate(courses):
            for b in courses[i + 1 :]:
                if a.start <= b.end and b.start <= a.end:
                    out |= {a.id, b.id}
    return out


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
) -> Result:
    """Propose a timetable for every course of ``problem``, or explain why none exists.

    ``time_limit`` (seconds of wall time) covers everything, the explanation included; ``workers`` is
    CP-SAT's number of search workers and ``seed`` its random seed (the problem's own by default).
    For a fixed seed and worker count the result is the same on every run when each CP-SAT search
    ends by proving its answer (small problems, optimal answers); a search cut short by the clock may
    stop elsewhere. One worker is the most repeatable. ``prechecks=False`` skips the direct checks,
    so explanations come from the solver alone; ``hint=False`` skips greedy.
    Raises :class:`~peixun.scheduling.problem.ProblemError` for a malformed problem.
    """
    started = time.perf_counter()
    validate_problem(problem)
    idx = Index(problem)
    seed = problem.seed if seed is None else seed
    stats: dict = {"workers": workers, "seed": seed, "time_limit": time_limit, "courses": len(problem.courses)}

    def elapsed() -> float:
        return time.perf_counter() - started

    def left() -> float:
        return time_limit - elapsed()

    def infeasible(conflicts, explain_started: float) -> Result:
        stats["explain_s"] = round(elapsed() - explain_started, 3)
        return Result(INFEASIBLE, wall_s=round(elapsed(), 3), explanation=tuple(conflicts), stats=stats)

    def explain_now() -> Result:
        explain_started = elapsed()
        conflicts = explain.solver_conflicts(
            problem, idx, time_limit=max(1.0, left()), seed=seed, workers=1, max_conflicts=max_conflicts
        )
        if not conflicts:
            conflicts = [explain.diagnose(idx, list(problem.courses), [], minimal=False)]
        return infeasible(conflicts, explain_started)

    if prechecks:
        conflicts = explain.prechecks(problem, idx)
        if conflicts:
            return infeasible(conflicts, 0.0)

    current = GreedySolution({}, {})
    first_feasible = None
    if hint:
        current = greedy(problem, index=idx)
        stats["greedy_s"] = round(elapsed(), 3)
        stats["greedy_complete"] = current.complete
        if current.complete:
            first_feasible = elapsed()
            stats["greedy_objective"] = sum(c for c, _ in goal_costs(problem, current.slots, index=idx)) / 10

    coupled = _coupled(problem)
    blocks = [_Block(c, coupled=c.id in coupled) for c in sorted(problem.courses, key=lambda c: (c.start, c.id))]
    for block in blocks:
        cal = course_calendar(block.course)
        block.bound = block.course.weights.daily_hours * least_excess(block.course, cal)
        block.objective = _course_objective(problem, idx, block.course, current)
    stats["sub_solves"] = 0
    stats["sub_solve_s"] = 0.0
    phase_s: dict[str, float] = {}
    stats["phase_s"] = phase_s

    @contextlib.contextmanager
    def phase(name: str):
        began = time.perf_counter()
        try:
            yield
        finally:
            phase_s[name] = round(phase_s.get(name, 0.0) + time.perf_counter() - began, 3)

    relaxed_done: set[str] = set()

    def others_fixed(courses: list[Course]) -> dict[str, Slot]:
        mine = {c.id for c in courses}
        return {sid: slot for sid, slot in current.slots.items() if idx.sessions[sid].course_id not in mine}

    def run(courses: list[Course], fixed: dict[str, Slot], budget: float, floor: int = 0, only=None):
        sub = subproblem(problem, idx, courses, fixed)
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
        )
        model.build(hint=own)
        if floor:
            # A proven lower bound as a constraint: the search stops as soon as it reaches it.
            model.model.add(cp_model.LinearExpr.weighted_sum(model.obj_vars, model.obj_coeffs) + model.offset >= floor)
        if len(own.slots) == len(sub_idx.sessions) and not _clashes(sub, own.slots, fixed, idx):
            model.complete_hint()
        outcome = model.solve(time_limit=max(0.05, budget), workers=workers, seed=seed, log=log)
        stats["sub_solves"] += 1
        stats["sub_solve_s"] = round(stats["sub_solve_s"] + outcome.wall_s, 3)
        return outcome.status, model, outcome

    def adopt(courses: list[Course], outcome) -> None:
        nonlocal first_feasible
        for c in courses:
            for s in c.sessions:
                current.slots[s.id] = outcome.slots[s.id]
            cal = course_calendar(c)
            for m in c.modules:
                current.module_first_days[m.id] = cal.days[outcome.module_starts[m.id]]
        current.unplaced = [sid for sid in current.unplaced if sid not in outcome.slots]
        for b in blocks:
            if b.course in courses:
                b.objective = _course_objective(problem, idx, b.course, current)
        if first_feasible is None and all(b.objective is not None for b in blocks):
            first_feasible = elapsed()

    def adopt_slots(course: Course, slots: dict[str, Slot], first_days: dict) -> None:
        nonlocal first_feasible
        for sess in course.sessions:
            current.slots[sess.id] = slots[sess.id]
        current.module_first_days.update(first_days)
        current.unplaced = [sid for sid in current.unplaced if sid not in slots]
        for b in blocks:
            if b.course is course:
                b.objective = _course_objective(problem, idx, course, current)
        if first_feasible is None and all(b.objective is not None for b in blocks):
            first_feasible = elapsed()

    def tabulate(block: _Block, deadline: float) -> None:
        course = block.course
        with phase("tables"):
            alone = subproblem(problem, idx, [course], {})
            block.table = module_tables(alone, Index(alone), course, deadline=deadline, workers=workers, seed=seed)
        stats["module_solves"] = stats.get("module_solves", 0) + block.table.solves
        block.bound = max(block.bound, block.table.bound())
        block.proven = block.objective is not None and block.objective <= block.bound

    def improve(block: _Block, budget: float) -> str:
        """Re-solve one course around the others; keep the result if it is no worse.

        The first time, the course's module table gives a bound and composed timetables (cheapest
        placements first); CP-SAT then polishes the best one with the rest of the budget."""
        course = block.course
        finish = time.perf_counter() + budget
        if course.modules and block.table is None:
            tabulate(block, time.perf_counter() + 0.45 * budget)
        if block.table is not None and not block.composed:
            block.composed = True
            sub = subproblem(problem, idx, [course], others_fixed([course]))
            tried = 0
            for lower, starts in block.table.placements():
                if block.objective is not None and block.objective <= lower:
                    break
                if tried >= _COMPOSE_CAP or time.perf_counter() > finish - _COMPOSE_LEAVE * budget:
                    break
                tried += 1
                with phase("compose"):
                    composed = compose(
                        sub, course, block.table, starts, time_limit=max(0.05, min(1.0, budget / 4)), seed=seed
                    )
                if composed is None:
                    continue
                slots, first_days, objective = composed
                if block.objective is None or objective < block.objective:
                    adopt_slots(course, slots, first_days)
            stats["compositions"] = stats.get("compositions", 0) + tried
            block.proven = block.objective is not None and block.objective <= block.bound
            if not block.proven and block.table.timetables and _RESTRICTED:
                # Every module on one of its own best timetables (at any start), the rest free.
                only: dict[str, set[Slot]] = {}
                for own in block.table.timetables.values():
                    for sid, slot in own.items():
                        only.setdefault(sid, set()).add(slot)
                for sid in only:
                    if sid in current.slots:
                        only[sid].add(current.slots[sid])
                remaining = finish - time.perf_counter()
                with phase("restricted"):
                    status, _, outcome = run([course], others_fixed([course]), remaining * 0.5, block.bound, only)
                if status in (OPTIMAL, FEASIBLE) and (
                    block.objective is None or outcome.objective_tenths < block.objective
                ):
                    adopt([course], outcome)
        block.proven = block.objective is not None and block.objective <= block.bound
        if block.proven:
            return OPTIMAL
        with phase("polish"):
            status, _, outcome = run([course], others_fixed([course]), finish - time.perf_counter(), block.bound)
        if status in (OPTIMAL, FEASIBLE):
            if block.objective is None or outcome.objective_tenths <= block.objective:
                adopt([block.course], outcome)
            if not block.coupled:
                block.bound = max(block.bound, math.ceil(outcome.bound_tenths - 1e-6))
        block.proven = block.objective is not None and block.objective <= block.bound
        return status

    def improve_plain(block: _Block, budget: float) -> str:
        status, _, outcome = run([block.course], others_fixed([block.course]), budget)
        if status in (OPTIMAL, FEASIBLE) and (block.objective is None or outcome.objective_tenths <= block.objective):
            adopt([block.course], outcome)
        return status

    def relax(block: _Block, budget: float) -> str:
        """Solve the course alone: a lower bound, and its timetable if it fits around the others."""
        status, _, outcome = run([block.course], {}, budget, block.bound)
        if status in (OPTIMAL, FEASIBLE):
            block.bound = max(block.bound, math.ceil(outcome.bound_tenths - 1e-6))
            if status == OPTIMAL:
                relaxed_done.add(block.course.id)
            alone = {s.id: outcome.slots[s.id] for s in block.course.sessions}
            better = block.objective is None or outcome.objective_tenths < block.objective
            if better and not _clashes(Problem((block.course,)), alone, others_fixed([block.course]), idx):
                adopt([block.course], outcome)
        elif status == INFEASIBLE:
            relaxed_done.add(block.course.id)
        block.proven = block.objective is not None and block.objective <= block.bound
        return status

    def share(block: _Block, pool: list[_Block], fraction: float = 1.0) -> float:
        return left() * fraction * len(block.course.sessions) / max(1, sum(len(b.course.sessions) for b in pool))

    # Sessions greedy could not place: fit them in first, so that a full timetable exists early.
    for block in blocks:
        if block.objective is None and left() > 0:
            status = improve_plain(block, min(left() / 4, max(0.5, 0.05 * time_limit)))
            if status == "impossible" or (status == INFEASIBLE and not block.coupled):
                return explain_now()  # nothing else shares its lecturers or venues: it is impossible alone
    # Module tables of every course (bounds, and the pieces timetables are composed of).
    if len(blocks) > 1:
        tables_until = time.perf_counter() + _TABLES * left()
        with_modules = [b for b in blocks if b.course.modules]
        for i, block in enumerate(with_modules):
            todo = sum(len(b.course.sessions) for b in with_modules[i:])
            slice_end = time.perf_counter() + (tables_until - time.perf_counter()) * len(block.course.sessions) / todo
            tabulate(block, max(slice_end, time.perf_counter() + 0.05))
    # Pass 1: every course once, around the others.
    stuck: list[_Block] = []
    for i, block in enumerate(blocks):
        status = improve(block, share(block, blocks[i:], 0.85 if coupled else 1.0))
        if status == "impossible" or (status == INFEASIBLE and not block.coupled):
            return explain_now()
        if status == INFEASIBLE:
            stuck.append(block)
    # Courses that could not be fitted around the others: with their neighbours, then everything at once.
    for block in stuck:
        if block.objective is not None and all(s.id in current.slots for s in block.course.sessions):
            continue
        group = [b.course for b in blocks if b.course.id in _neighbours(problem, block.course)]
        status, _, outcome = run(group, others_fixed(group), left() / 3)
        if status in (OPTIMAL, FEASIBLE):
            adopt(group, outcome)
            continue
        status, _, outcome = run(list(problem.courses), {}, left())
        if status == INFEASIBLE:
            return explain_now()
        if status in (OPTIMAL, FEASIBLE):
            adopt(list(problem.courses), outcome)
        break
    # Bounds of courses without modules that share lecturers or venues: each course alone.
    for block in blocks:
        if block.coupled and block.table is None and not block.proven and left() > 0.1 * time_limit:
            pool = [b for b in blocks if b.coupled and b.table is None and not b.proven]
            if relax(block, min(left() / 4, share(block, pool, 0.5))) in (INFEASIBLE, "impossible"):
                return explain_now()
    # Further passes, the courses furthest from their bound first: a coupled course is first solved
    # alone (its exact bound), then again around the others. Stop when the time is up, or when a whole
    # pass changed nothing and every course was proven optimal around the others (a fixed point).
    while left() > 0.05 and len(blocks) > 1:
        todo = [b for b in blocks if not b.proven and b.objective is not None]
        if not todo:
            break
        todo.sort(key=lambda b: b.bound - b.objective)
        changed, settled = False, True
        for block in todo:
            if left() <= 0.05:
                settled = False
                break
            budget = share(block, todo)
            if block.coupled and block.course.id not in relaxed_done:
                before = block.objective
                if relax(block, budget / 2) in (INFEASIBLE, "impossible"):
                    return explain_now()
                changed |= block.objective != before
                budget /= 2
                if block.course.id not in relaxed_done:
                    settled = False
            if not block.proven:
                before = block.objective
                status = improve(block, budget)
                changed |= block.objective != before
                settled &= status == OPTIMAL
        if not changed and settled:
            break

    if any(b.objective is None for b in blocks):
        stats["unplaced"] = [s.id for s in problem.sessions() if s.id not in current.slots]
        stats["unplaced_modules"] = [
            m.id for c in problem.courses for m in c.modules if m.id not in current.module_first_days
        ]
        return Result(UNKNOWN, wall_s=round(elapsed(), 3), stats=stats)
    broken = check_timetable(problem, current.slots, current.module_first_days, index=idx)
    if broken:  # never expected: every step keeps the hard rules; refuse rather than propose a wrong timetable
        stats["internal_violations"] = sorted({v.code for v in broken})
        return Result(UNKNOWN, wall_s=round(elapsed(), 3), stats=stats)
    objective = sum(c for c, _ in goal_costs(problem, current.slots, index=idx))
    bound = min(objective, sum(b.bound for b in blocks))
    status = OPTIMAL if objective == bound else FEASIBLE
    gap = 0.0 if objective == bound else round((objective - bound) / max(abs(objective), 1), 6)
    stats["courses_proven"] = sum(1 for b in blocks if b.proven)
    order = {s.id: i for i, s in enumerate(problem.sessions())}
    assignments = tuple(
        Assignment(sid, slot.date, slot.part)
        for sid, slot in sorted(current.slots.items(), key=lambda kv: order[kv[0]])
    )
    return Result(
        status,
        objective=objective / 10,
        bound=bound / 10,
        gap=gap,
        wall_s=round(elapsed(), 3),
        first_feasible_s=round(first_feasible, 3),
        assignments=assignments,
        module_first_days=dict(current.module_first_days),
        unmet_soft_goals=tuple(goal for _, goal in goal_costs(problem, current.slots, index=idx)),
        stats=stats,
    )


def ids(courses: list[Course]) -> set[str]:
    return {c.id for c in courses}


def _clashes(sub: Problem, slots: dict[str, Slot], fixed: dict[str, Slot], idx: Index) -> bool:
    """Whether the timetable of ``sub`` uses a lecturer or venue slot that the ``fixed`` sessions use."""
    taken = set()
    for sid, slot in fixed.items():
        s = idx.sessions[sid]
        taken.update(("l", lid, slot) for lid in s.lecturer_ids)
        if s.venue_id is not None:
            taken.add(("v", s.venue_id, slot))
    for course in sub.courses:
        for s in course.sessions:
            slot = slots.get(s.id)
            if slot is None:
                continue
            if any(("l", lid, slot) in taken for lid in s.lecturer_ids):
                return True
            if s.venue_id is not None and ("v", s.venue_id, slot) in taken:
                return True
    return False


def _neighbours(problem: Problem, course: Course) -> set[str]:
    """The course and every course sharing a lecturer or venue with it on overlapping dates."""
    mine = {lid for s in course.sessions for lid in s.lecturer_ids} | {s.venue_id for s in course.sessions}
    out = {course.id}
    for other in problem.courses:
        if other.start <= course.end and course.start <= other.end:
            theirs = {lid for s in other.sessions for lid in s.lecturer_ids} | {s.venue_id for s in other.sessions}
            if (mine & theirs) - {None}:
                out.add(other.id)
    return out


def _course_objective(problem: Problem, idx: Index, course: Course, current: GreedySolution) -> int | None:
    """The course's objective (tenths) in the current timetable; None while it is incomplete."""
    if any(s.id not in current.slots for s in course.sessions):
        return None
    if any(m.id not in current.module_first_days for m in course.modules):
        return None
    single = Problem((course,), problem.lecturers, problem.venues)
    return sum(c for c, _ in goal_costs(single, current.slots, index=idx))
