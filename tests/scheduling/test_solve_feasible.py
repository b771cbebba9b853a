"""Problems that have a timetable: the solver finds one, it keeps every hard rule, its numbers add up."""

from __future__ import annotations

import os
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from peixun.scheduling import Slot, check_timetable, objective_of, solve
from peixun.scheduling.model import TimetableModel
from peixun.scheduling.objective import goal_costs
from peixun.scheduling.problem import Index

from .builders import feasible_problem

#: SCHED_EXAMPLES=400 for a longer hunt; the default keeps the run short.
EXAMPLES = int(os.environ.get("SCHED_EXAMPLES", 25))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_solve_finds_a_timetable_that_keeps_every_hard_rule(seed):
    built = feasible_problem(random.Random(seed))
    result = solve(built.problem, time_limit=5, workers=1)

    assert result.status in ("optimal", "feasible")
    assert check_timetable(built.problem, result.assignments, result.module_first_days) == []
    assert {a.session_id for a in result.assignments} == {s.id for s in built.problem.sessions()}
    assert result.objective == objective_of(built.problem, result.assignments)
    assert result.bound is not None and result.bound <= result.objective
    assert sum(goal.cost for goal in result.unmet_soft_goals) == result.objective
    # The reference timetable is one of the timetables the solver chose among.
    assert result.objective <= objective_of(built.problem, built.reference) or result.status == "feasible"


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_pinned_sessions_stay_where_they_are_pinned(seed):
    built = feasible_problem(random.Random(seed))
    result = solve(built.problem, time_limit=5, workers=1)

    slots = result.slots()
    for s in built.problem.sessions():
        if s.pinned is not None:
            assert slots[s.id] == tuple(s.pinned)
    for course in built.problem.courses:
        for module in course.modules:
            if module.first_day is not None:
                assert result.module_first_days[module.id] == module.first_day


class _EverySolution(cp_model.CpSolverSolutionCallback):
    """Checks, for every solution CP-SAT reports (not only the last), that its objective value equals
    the objective computed on plain data from its timetable."""

    def __init__(self, model: TimetableModel, problem):
        super().__init__()
        self.model, self.problem, self.checked = model, problem, 0

    def on_solution_callback(self) -> None:
        slots = {}
        for sid, pairs in self.model.x.items():
            for slot, var in pairs:
                if self.boolean_value(var):
                    slots[sid] = Slot(*slot)
        expected = sum(cost for cost, _ in goal_costs(self.problem, slots))
        assert round(self.objective_value) == expected
        self.checked += 1


@settings(max_examples=max(20, EXAMPLES // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**9))
def test_model_objective_equals_objective_of_for_every_solution(seed):
    built = feasible_problem(random.Random(seed))
    model = TimetableModel(built.problem, Index(built.problem))
    model.build()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    callback = _EverySolution(model, built.problem)
    status = solver.solve(model.model, callback)

    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert callback.checked >= 1


@settings(max_examples=max(15, EXAMPLES // 2), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**9))
def test_optimal_means_no_timetable_is_better(seed):
    """The solver's bounds (module tables, daily-hour floors, courses solved alone) never exceed the
    true optimum: the plain model of the whole problem, solved to the end, agrees with an "optimal"
    answer, for one course and for courses sharing lecturers."""
    built = feasible_problem(random.Random(seed))
    result = solve(built.problem, time_limit=5, workers=1)
    model = TimetableModel(built.problem, Index(built.problem))
    model.build()
    exact = model.solve(time_limit=20, workers=1, seed=0)

    # A random problem is not certain to be proven optimal within the time limit on a slow or busy
    # machine, so the plain model's answer is read as the interval it proves: the true optimum lies
    # between its bound and its objective (one number when it is optimal).
    assert exact.status in ("optimal", "feasible")
    assert check_timetable(built.problem, result.assignments, result.module_first_days) == []
    assert exact.bound_tenths - 1e-6 <= exact.objective_tenths
    assert result.bound * 10 <= exact.objective_tenths
    if result.status == "optimal":
        assert exact.bound_tenths - 1e-6 <= result.objective * 10 <= exact.objective_tenths
    if exact.status == "optimal" and result.status == "optimal":
        assert result.objective * 10 == exact.objective_tenths


def test_a_course_boxed_in_by_the_others_first_timetable_is_not_declared_impossible():
    """Greedy left a session of one course no slot around another course's sessions (a shared
    lecturer): that course is impossible only around those slots, not alone, so the solver goes on
    and finds the timetable the generator laid out."""
    built = feasible_problem(random.Random(57662))

    result = solve(built.problem, time_limit=5, workers=1)

    assert result.status in ("optimal", "feasible")
    assert check_timetable(built.problem, result.assignments, result.module_first_days) == []
