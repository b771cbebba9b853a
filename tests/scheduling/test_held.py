"""A course in session: sessions already held are facts, and what is still to place comes after them.

A held session stays where it was held even where the rules would not put it now (the day off,
outside the course, a part its format does not take, a day its lecturer is away); the rules still
hold for everything else, and a module keeps its days around the sessions of it that were held.
"""

from __future__ import annotations

import os
import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from peixun.scheduling import Lecturer, Module, Problem, ProblemError, Slot, Window, check_timetable, solve
from peixun.scheduling.explain import ExplainModel, components
from peixun.scheduling.io import problem_from_dict, problem_to_dict
from peixun.scheduling.model import TimetableModel
from peixun.scheduling.objective import goal_costs, objective_of
from peixun.scheduling.problem import Index, validate_problem

from .builders import DAY, START, anytime, course, feasible_problem, in_session, session

EXAMPLES = int(os.environ.get("SCHED_EXAMPLES", 20))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BOTH = pytest.mark.parametrize("prechecks", [True, False], ids=["prechecks", "solver-only"])
SUNDAY = START + 6 * DAY


def held(s, slot: Slot):
    return replace(s, pinned=slot, held=True)


def solved(problem: Problem):
    result = solve(problem, time_limit=10, workers=1)
    assert result.status in ("optimal", "feasible"), result.explanation
    assert check_timetable(problem, result.assignments, result.module_first_days) == []
    return result


def test_a_held_session_stays_where_it_was_held_even_where_the_rules_would_not_place_it():
    away = Lecturer("L1", "Dr Away", (Window(START + 20 * DAY, START + 30 * DAY),))
    problem = Problem(
        (
            course(
                sessions=[
                    held(session("S1", lecturers=["L2"]), Slot(SUNDAY, 1)),  # the day off
                    held(session("S2"), Slot(START - DAY, 2)),  # the day before the course
                    held(session("S3", "dinner"), Slot(START + DAY, 1)),  # a dinner in the morning
                    held(session("S4", lecturers=["L1"]), Slot(START + 2 * DAY, 1)),  # its lecturer away
                    session("S5", lecturers=["L2"]),
                ],
            ),
        ),
        (away, anytime("L2")),
    )

    result = solved(problem)

    slots = result.slots()
    assert slots["S1"] == (SUNDAY, 1)
    assert slots["S2"] == (START - DAY, 2)
    assert slots["S3"] == (START + DAY, 1)
    assert slots["S4"] == (START + 2 * DAY, 1)
    assert slots["S5"][0].weekday() != 6  # the rules still hold for the rest: never on the day off


def test_sessions_held_together_may_share_a_slot_but_nothing_else_takes_it():
    slot = Slot(START, 1)
    problem = Problem(
        (course(sessions=[held(session("S1"), slot), held(session("S2"), slot), session("S3", parts=(1,))], days=1),),
    )

    result = solve(problem, time_limit=10, workers=1)

    # The only morning is taken by what was held there: the lecture still to place has no slot.
    assert result.status == "infeasible"
    problem = replace(problem, courses=(replace(problem.courses[0], end=START + DAY),))
    assert solved(problem).slots()["S3"] == (START + DAY, 1)


def test_nothing_still_to_place_goes_before_the_first_slot_to_come():
    not_before = Slot(START + 3 * DAY, 2)
    sessions = [session(f"S{i}", preferred=(Slot(START, 1),)) for i in range(4)]
    pinned = session("P", pinned=Slot(START + DAY, 1))
    problem = Problem((replace(course(sessions=[*sessions, pinned]), not_before=not_before),))

    result = solved(problem)

    slots = result.slots()
    assert all(slots[f"S{i}"] >= tuple(not_before) for i in range(4))
    assert slots["P"] == (START + DAY, 1)  # a pinned session is where people put it


def test_a_module_keeps_its_days_around_its_held_sessions():
    module = Module("M1", "Energy master planning", 3)
    fifth = START + 4 * DAY
    sessions = [held(session("S1", module="M1"), Slot(fifth, 1))] + [session(f"S{i}", module="M1") for i in (2, 3)]
    problem = Problem((replace(course(sessions=sessions, modules=[module]), not_before=Slot(fifth, 2)),))

    result = solved(problem)

    first = result.module_first_days["M1"]
    assert first <= fifth <= first + 2 * DAY
    assert all(result.slots()[f"S{i}"][0] >= fifth for i in (2, 3))


def test_a_module_whose_held_sessions_cannot_all_be_on_its_days_is_not_made_impossible_by_them():
    module = Module("M1", "Energy master planning", 2)
    sessions = [
        held(session("S1", module="M1"), Slot(START, 1)),
        held(session("S2", module="M1"), Slot(START + 4 * DAY, 1)),  # four days later: a 2-day module
        held(session("S3", module="M1"), Slot(SUNDAY, 1)),  # on the day off
        session("S4", module="M1"),
    ]
    result = solved(Problem((course(sessions=sessions, modules=[module]),)))

    first = result.module_first_days["M1"]
    assert result.slots()["S4"][0] in (first, first + DAY)


@BOTH
def test_when_history_leaves_no_room_the_explanation_says_so(prechecks):
    # The lecturer can come only on the last day; its only evening was taken by a dinner already held.
    last = START + 11 * DAY
    visitor = Lecturer("L1", "Dr Amara Osei", (Window(last, last),), visiting=True)
    problem = Problem(
        (
            course(
                sessions=[
                    held(session("D1", "dinner"), Slot(last, 3)),
                    session("D2", "dinner", lecturers=["L1"]),
                ]
            ),
        ),
        (visitor,),
    )

    result = solve(problem, time_limit=20, workers=1, prechecks=prechecks)

    assert result.status == "infeasible"
    [conflict] = result.explanation
    assert conflict.code == "history_conflict"
    assert conflict.params["session_ids"] == ["D1"]
    kinds = {(r.kind, r.subject) for r in conflict.requirements}
    assert ("held", "D1") in kinds and ("availability", "L1") in kinds
    said = " ".join(r.message for r in conflict.requirements)
    assert "Session D1 was already held on " in said and "it stays there" in said


@BOTH
def test_a_module_that_began_with_too_little_of_it_left_is_explained_as_history(prechecks):
    # It began two days ago; four of its lectures are still to place, and its last day has two slots left.
    module = Module("M1", "Energy master planning", 3, first_day=START, begun=True)
    sessions = [session(f"S{i}", module="M1", parts=(1, 2)) for i in range(1, 5)]
    problem = Problem(
        (replace(course(sessions=sessions, modules=[module]), not_before=Slot(START + 2 * DAY, 1)),),
    )

    result = solve(problem, time_limit=20, workers=1, prechecks=prechecks)

    assert result.status == "infeasible"
    [conflict] = result.explanation
    assert conflict.code == "history_conflict"
    assert conflict.params["module_ids"] == ["M1"]
    assert "module Energy master planning began on 2026-03-02" in conflict.message
    began = next(r for r in conflict.requirements if r.kind == "module_first_day")
    assert began.params["begun"] is True and "began on" in began.message


@BOTH
def test_a_course_with_more_to_place_than_slots_left_says_how_many_are_left(prechecks):
    not_before = Slot(START + 11 * DAY, 1)  # the last day's morning
    problem = Problem((replace(course(sessions=[session(f"S{i}") for i in range(4)]), not_before=not_before),))

    result = solve(problem, time_limit=20, workers=1, prechecks=prechecks)

    assert result.status == "infeasible"
    conflict = result.explanation[0]
    calendar = next(r for r in conflict.requirements if r.kind == "calendar")
    assert calendar.params["not_before"] == [not_before.date.isoformat(), 1]
    assert f"no slot before {not_before.describe()}" in calendar.message
    if prechecks:
        assert conflict.code == "course_too_short"
        assert (conflict.params["sessions"], conflict.params["slots"]) == (4, 3)
        assert "left on its 1 course day still to come" in conflict.message


def test_a_held_session_needs_the_slot_where_it_was_held():
    problem = Problem((course(sessions=[replace(session("S1"), held=True)]),))
    with pytest.raises(ProblemError) as caught:
        validate_problem(problem)
    assert caught.value.path == "courses[0].sessions[0].pinned"


def test_held_sessions_and_the_first_slot_to_come_travel_through_json():
    problem = Problem(
        (replace(course(sessions=[held(session("S1"), Slot(SUNDAY, 1))]), not_before=Slot(START + DAY, 2)),)
    )
    assert problem_from_dict(problem_to_dict(problem)) == problem


def test_the_checker_still_refuses_a_held_session_that_moved_and_a_session_placed_before_the_first_slot_to_come():
    problem = Problem(
        (replace(course(sessions=[held(session("S1"), Slot(SUNDAY, 1)), session("S2")]), not_before=Slot(START, 2)),)
    )
    codes = [v.code for v in check_timetable(problem, {"S1": (START + DAY, 1), "S2": (START, 1)})]
    assert codes == ["pinned_moved", "before_not_before"]


# Generated courses in session ------------------------------------------------------------------


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_a_course_in_session_gets_a_timetable_that_leaves_history_alone(seed):
    rng = random.Random(seed)
    built = in_session(feasible_problem(rng), rng)
    result = solve(built.problem, time_limit=5, workers=1)

    assert result.status in ("optimal", "feasible")
    assert check_timetable(built.problem, result.assignments, result.module_first_days) == []
    slots = result.slots()
    for c in built.problem.courses:
        for s in c.sessions:
            if s.held:
                assert slots[s.id] == tuple(s.pinned)
            elif s.pinned is None:
                assert slots[s.id] >= tuple(c.not_before)
    assert result.objective == objective_of(built.problem, result.assignments)
    assert result.objective <= objective_of(built.problem, built.reference) or result.status == "feasible"


class _EverySolution(cp_model.CpSolverSolutionCallback):
    def __init__(self, model: TimetableModel, problem):
        super().__init__()
        self.model, self.problem, self.checked = model, problem, 0

    def on_solution_callback(self) -> None:
        slots = {
            sid: Slot(*slot) for sid, pairs in self.model.x.items() for slot, var in pairs if self.boolean_value(var)
        }
        assert round(self.objective_value) == sum(cost for cost, _ in goal_costs(self.problem, slots))
        self.checked += 1


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_with_history_the_model_objective_equals_objective_of_for_every_solution(seed):
    rng = random.Random(seed)
    built = in_session(feasible_problem(rng), rng)
    model = TimetableModel(built.problem, Index(built.problem))
    model.build()
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 10
    callback = _EverySolution(model, built.problem)

    assert solver.solve(model.model, callback) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    assert callback.checked >= 1


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_with_history_optimal_still_means_no_timetable_is_better(seed):
    rng = random.Random(seed)
    built = in_session(feasible_problem(rng), rng)
    result = solve(built.problem, time_limit=5, workers=1)
    model = TimetableModel(built.problem, Index(built.problem))
    model.build()
    exact = model.solve(time_limit=20, workers=1, seed=0)

    assert exact.status == "optimal"
    assert result.bound * 10 <= exact.objective_tenths
    if result.status == "optimal":
        assert result.objective * 10 == exact.objective_tenths


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_with_history_the_assumption_model_is_feasible_under_every_assumption(seed):
    rng = random.Random(seed)
    built = in_session(feasible_problem(rng), rng)
    idx = Index(built.problem)
    for courses in components(built.problem, idx):
        model = ExplainModel(built.problem, idx, courses)
        assert model.check(list(model.groups), time_limit=10, seed=0, workers=1)[0] == "feasible"
