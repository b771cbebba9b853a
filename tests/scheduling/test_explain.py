"""Problems with a planted conflict: the solver says infeasible and the explanation names the conflict.

Each conflict is checked twice: with the direct checks (``prechecks``) and with the solver alone, which
must find the same requirements through assumption literals and its deletion filter.
"""

from __future__ import annotations

import datetime
import os
import random
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from peixun.scheduling import Lecturer, Module, Problem, Slot, Venue, Window, solve
from peixun.scheduling.explain import ExplainModel, components
from peixun.scheduling.problem import Index

from .builders import DAY, START, anytime, course, feasible_problem, session

#: SCHED_EXAMPLES=400 for a longer hunt; the default keeps the run short.
EXAMPLES = int(os.environ.get("SCHED_EXAMPLES", 20))
BOTH = pytest.mark.parametrize("prechecks", [True, False], ids=["prechecks", "solver-only"])


def explain(problem: Problem, prechecks: bool):
    result = solve(problem, time_limit=20, workers=1, prechecks=prechecks)
    assert result.status == "infeasible"
    assert result.assignments == ()
    assert result.explanation
    return result.explanation


def kinds(conflict) -> set[tuple[str, str]]:
    return {(r.kind, r.subject) for r in conflict.requirements}


@BOTH
def test_lecturer_with_fewer_days_than_sessions_is_named(prechecks):
    day = START + 2 * DAY
    lecturer = Lecturer("L1", "Dr Amara Osei", (Window(day, day),), visiting=True)
    problem = Problem(
        (course(sessions=[session(f"S{i}", lecturers=["L1"]) for i in range(4)] + [session("S9")]),),
        (lecturer,),
    )

    [conflict] = explain(problem, prechecks)

    assert conflict.code == "lecturer_availability_too_short"
    assert conflict.params["lecturer_id"] == "L1"
    assert conflict.params["sessions"] == 4
    assert conflict.params["usable_slots"] == 3
    assert ("availability", "L1") in kinds(conflict)
    assert "Dr Amara Osei" in conflict.message
    assert conflict.source == ("precheck" if prechecks else "solver")


@BOTH
def test_site_visit_to_a_venue_closed_on_every_course_day_is_named(prechecks):
    venue = Venue("V1", "Shanghai Tower", open_weekdays=(6,), capacity=80)  # Sundays only: the day off
    problem = Problem(
        (course(sessions=[session("S1", "site_visit", venue="V1"), session("S2")]),),
        (),
        (venue,),
    )

    [conflict] = explain(problem, prechecks)

    assert conflict.code == "venue_closed"
    assert conflict.params["venue_id"] == "V1"
    assert conflict.params["session_id"] == "S1"
    assert ("venue_open", "V1") in kinds(conflict)
    assert "Shanghai Tower" in conflict.message


@BOTH
def test_modules_longer_than_the_course_are_named(prechecks):
    modules = [Module("M1", "Energy", 5), Module("M2", "Transport", 5), Module("M3", "Water", 4)]
    problem = Problem(
        (course(modules=modules, days=12, sessions=[session("S1", module="M1"), session("S2", module="M3")]),),
    )

    [conflict] = explain(problem, prechecks)

    assert conflict.code == "modules_do_not_fit"
    assert conflict.params["course_days"] == 11
    assert {r.kind for r in conflict.requirements} == {"module_days"}
    assert len(conflict.requirements) >= 2


@BOTH
def test_two_sessions_pinned_to_the_same_slot_of_one_class_are_named(prechecks):
    slot = Slot(START + DAY, 1)
    problem = Problem((course(sessions=[session("S1", pinned=slot), session("S2", pinned=slot), session("S3")]),))

    [conflict] = explain(problem, prechecks)

    assert conflict.code == "pinned_clash"
    assert kinds(conflict) == {("pinned", "S1"), ("pinned", "S2")}


@BOTH
def test_venue_too_small_for_the_class_is_named(prechecks):
    venue = Venue("V1", "Small room", capacity=20)
    problem = Problem((course(capacity=40, sessions=[session("S1", venue="V1")]),), (), (venue,))

    [conflict] = explain(problem, prechecks)

    assert conflict.code == "venue_too_small"
    assert kinds(conflict) == {("venue_capacity", "V1")}
    assert conflict.params["venue_capacity"] == 20


@BOTH
def test_more_dinners_than_evenings_is_named(prechecks):
    problem = Problem((course(days=4, day_off=None, sessions=[session(f"D{i}", "dinner") for i in range(5)]),))

    [conflict] = explain(problem, prechecks)

    assert conflict.code == "course_too_short"
    assert ("parts", "C") in kinds(conflict)


@BOTH
def test_session_pinned_on_the_day_off_is_named(prechecks):
    sunday = START + 6 * DAY
    problem = Problem((course(sessions=[session("S1", pinned=Slot(sunday, 1)), session("S2")]),))

    [conflict] = explain(problem, prechecks)

    assert conflict.code == "pinned_on_day_off"
    assert kinds(conflict) == {("pinned", "S1"), ("calendar", "C")}


def test_two_lecturers_flying_in_for_the_same_single_day_are_found_by_the_solver():
    """No single requirement is at fault (each lecturer alone fits), so only the solver finds it."""
    day = START + 3 * DAY
    lecturers = (
        Lecturer("LA", "Dr Amara Osei", (Window(day, day),), visiting=True),
        Lecturer("LB", "Dr Bruno Lindqvist", (Window(day, day),), visiting=True),
    )
    sessions = [session(f"A{i}", lecturers=["LA"]) for i in range(2)]
    sessions += [session(f"B{i}", lecturers=["LB"]) for i in range(2)]
    sessions += [session(f"X{i}") for i in range(6)]
    problem = Problem((course(sessions=sessions),), lecturers)

    [conflict] = explain(problem, prechecks=True)

    assert conflict.source == "solver"
    assert conflict.code == "lecturers_share_too_few_slots"
    assert kinds(conflict) == {("availability", "LA"), ("availability", "LB")}
    assert conflict.minimal


def test_a_lecturer_shared_by_two_courses_on_one_day_is_named():
    day = START + 3 * DAY
    lecturer = Lecturer("L1", "Dr Amara Osei", (Window(day, day),), visiting=True)
    a = course(cid="A", sessions=[session(f"A{i}", cid="A", lecturers=["L1"]) for i in range(2)])
    b = course(cid="B", sessions=[session(f"B{i}", cid="B", lecturers=["L1"]) for i in range(2)])

    [conflict] = explain(Problem((a, b), (lecturer,)), prechecks=False)

    assert conflict.code == "lecturer_availability_too_short"
    assert conflict.params["sessions"] == 4
    assert ("availability", "L1") in kinds(conflict)


def test_the_solvers_conflicting_set_is_minimal():
    """Drop any one requirement of the explanation and the rest can be met."""
    day = START + 3 * DAY
    lecturers = (
        Lecturer("LA", "Dr A", (Window(day, day),)),
        Lecturer("LB", "Dr B", (Window(day, day + DAY),)),
        anytime("LC"),
    )
    sessions = [session(f"A{i}", lecturers=["LA"]) for i in range(2)]
    sessions += [session(f"B{i}", lecturers=["LB"]) for i in range(4)]
    sessions += [session("C0", lecturers=["LC"], pinned=Slot(day + DAY, 2))]
    sessions += [session(f"X{i}") for i in range(5)]
    problem = Problem((course(sessions=sessions),), lecturers)
    result = solve(problem, time_limit=20, workers=1, prechecks=False)
    assert result.status == "infeasible"
    conflict = result.explanation[0]
    keys = [_key(r) for r in conflict.requirements]

    idx = Index(problem)
    model = ExplainModel(problem, idx, components(problem, idx)[0])
    assert model.check(keys, time_limit=10, seed=0, workers=1)[0] == "infeasible"
    for dropped in keys:
        rest = [k for k in keys if k != dropped]
        assert model.check(rest, time_limit=10, seed=0, workers=1)[0] == "feasible", dropped


def _key(requirement) -> tuple:
    if requirement.kind == "parts":
        return ("parts", requirement.subject, requirement.params["format"])
    if requirement.kind == "venue_capacity":
        return ("venue_capacity", requirement.subject, requirement.params["course_id"])
    return (requirement.kind, requirement.subject)


def test_explanation_messages_name_dates_and_params_are_complete():
    day = datetime.date(2026, 3, 4)
    lecturer = Lecturer("L1", "Dr Amara Osei", (Window(day, day),))
    problem = Problem((course(sessions=[session(f"S{i}", lecturers=["L1"]) for i in range(4)]),), (lecturer,))

    [conflict] = explain(problem, prechecks=True)
    [requirement] = [r for r in conflict.requirements if r.kind == "availability"]

    assert requirement.params == {
        "lecturer_id": "L1",
        "lecturer": "Dr Amara Osei",
        "windows": [["2026-03-04", "2026-03-04"]],
    }
    assert "2026-03-04" in requirement.message


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_planted_lecturer_conflict_in_a_generated_problem_is_named(seed, prechecks):
    """A feasible generated problem, then one lecturer flies in for a single day with four sessions."""
    rng = random.Random(seed)
    built = feasible_problem(rng)
    problem = built.problem
    target = problem.courses[0]
    assume(len(target.sessions) + 4 <= 3 * len(target.course_days()) - 3)  # room left for four more sessions
    day = rng.choice(target.course_days())
    lecturer = Lecturer("LX", "Dr Planted", (Window(day, day),), visiting=True)
    extra = tuple(session(f"PX{i}", cid=target.id, lecturers=["LX"]) for i in range(4))
    planted = replace(problem, courses=(replace(target, sessions=target.sessions + extra), *problem.courses[1:]))
    planted = replace(planted, lecturers=(*problem.lecturers, lecturer))

    conflicts = explain(planted, prechecks)

    assert any(("availability", "LX") in kinds(c) for c in conflicts), conflicts


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**9), st.booleans())
def test_planted_closed_venue_in_a_generated_problem_is_named(seed, prechecks):
    """A feasible generated problem, then a venue some session needs closes for good."""
    built = feasible_problem(random.Random(seed))
    problem = built.problem
    used = [s.venue_id for s in problem.sessions() if s.venue_id is not None]
    assume(used)
    closed = used[0]
    planted = replace(
        problem, venues=tuple(replace(v, open_weekdays=()) if v.id == closed else v for v in problem.venues)
    )

    conflicts = explain(planted, prechecks)

    assert any(("venue_open", closed) in kinds(c) for c in conflicts), conflicts


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**9))
def test_the_assumption_model_of_a_feasible_problem_is_feasible_under_every_assumption(seed):
    """The explanation model states the same rules as the solver's: with every requirement assumed,
    a problem that has a timetable has a solution there too."""
    built = feasible_problem(random.Random(seed))
    idx = Index(built.problem)
    for courses in components(built.problem, idx):
        model = ExplainModel(built.problem, idx, courses)
        assert model.check(list(model.groups), time_limit=10, seed=0, workers=1)[0] == "feasible"
