"""``solve(problem)``: validate, check directly, hint with greedy, optimise with CP-SAT, explain if impossible."""

from __future__ import annotations

import math
import time

from . import explain
from .calendar import course_calendar
from .greedy import greedy
from .model import TimetableModel
from .objective import goal_costs
from .problem import Index, Problem, validate_problem
from .result import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Assignment, Result

DEFAULT_TIME_LIMIT = 30.0
DEFAULT_WORKERS = 2


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
    For a fixed seed and worker count the result is the same on every run when the search ends by
    proving optimality (or infeasibility); a search cut short by the wall clock may stop elsewhere.
    ``prechecks=False`` skips the direct checks, so explanations come from the solver alone.
    Raises :class:`~peixun.scheduling.problem.ProblemError` for a malformed problem.
    """
    started = time.perf_counter()
    validate_problem(problem)
    idx = Index(problem)
    seed = problem.seed if seed is None else seed
    stats: dict = {"workers": workers, "seed": seed, "time_limit": time_limit}

    def elapsed() -> float:
        return time.perf_counter() - started

    def infeasible(conflicts) -> Result:
        stats["explain_s"] = round(elapsed() - stats.get("explain_started", 0.0), 3)
        stats.pop("explain_started", None)
        return Result(INFEASIBLE, wall_s=round(elapsed(), 3), explanation=tuple(conflicts), stats=stats)

    def explain_now() -> Result:
        stats["explain_started"] = elapsed()
        conflicts = explain.solver_conflicts(
            problem,
            idx,
            time_limit=max(1.0, time_limit - elapsed()),
            seed=seed,
            workers=1,
            max_conflicts=max_conflicts,
        )
        if not conflicts:
            conflicts = [explain.diagnose(idx, list(problem.courses), [], minimal=False)]
        return infeasible(conflicts)

    if prechecks:
        stats["explain_started"] = elapsed()
        conflicts = explain.prechecks(problem, idx)
        if conflicts:
            return infeasible(conflicts)
        stats.pop("explain_started")

    baseline = greedy(problem, index=idx) if hint else None
    greedy_tenths = None
    if baseline is not None:
        stats["greedy_s"] = round(elapsed(), 3)
        stats["greedy_complete"] = baseline.complete
        if baseline.complete:
            greedy_tenths = sum(c for c, _ in goal_costs(problem, baseline.slots, index=idx))
            stats["greedy_objective"] = greedy_tenths / 10

    model = TimetableModel(problem, idx)
    if model.trivially_infeasible:
        return explain_now()
    model.build(hint=baseline)
    stats.update(model.stats)
    stats["build_s"] = round(elapsed(), 3)
    solve_started = elapsed()
    outcome = model.solve(time_limit=time_limit - solve_started, workers=workers, seed=seed, log=log)
    stats["solve_s"] = round(outcome.wall_s, 3)
    stats["solutions"] = outcome.solutions
    if outcome.status == INFEASIBLE:
        return explain_now()

    slots, first_days = outcome.slots, {}
    objective, bound = outcome.objective_tenths, outcome.bound_tenths
    first_feasible = None if outcome.first_solution_s is None else solve_started + outcome.first_solution_s
    for course in problem.courses:
        cal = course_calendar(course)
        for module in course.modules:
            if module.id in outcome.module_starts:
                first_days[module.id] = cal.days[outcome.module_starts[module.id]]
    status = outcome.status
    use_greedy = greedy_tenths is not None and (objective is None or greedy_tenths < objective)
    if use_greedy:
        # Never worse than the baseline: keep greedy's timetable if the search found nothing better.
        slots, first_days, objective = baseline.slots, baseline.module_first_days, greedy_tenths
        status = FEASIBLE
        first_feasible = stats["greedy_s"]
        stats["answer"] = "greedy"
    if status == UNKNOWN or objective is None:
        return Result(UNKNOWN, wall_s=round(elapsed(), 3), stats=stats)

    if bound is not None:
        bound = min(objective, math.ceil(bound - 1e-6))
    gap = None
    if bound is not None:
        gap = 0.0 if objective == bound else round((objective - bound) / max(abs(objective), 1), 6)
    if status == OPTIMAL:
        gap = 0.0
    order = {s.id: i for i, s in enumerate(problem.sessions())}
    assignments = tuple(
        Assignment(sid, slot.date, slot.part) for sid, slot in sorted(slots.items(), key=lambda kv: order[kv[0]])
    )
    unmet = tuple(goal for _, goal in goal_costs(problem, slots, index=idx))
    return Result(
        status,
        objective=objective / 10,
        bound=None if bound is None else bound / 10,
        gap=gap,
        wall_s=round(elapsed(), 3),
        first_feasible_s=None if first_feasible is None else round(first_feasible, 3),
        assignments=assignments,
        module_first_days=first_days,
        unmet_soft_goals=unmet,
        stats=stats,
    )
