"""``infeasible`` only with a proof: problems built around a planted timetable (so one surely exists,
many of them made so that greedy fails) are never answered infeasible, and a truly infeasible problem
is answered with conflicting sets that are infeasible on their own."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peixun.scheduling import Conflict, Problem, check_timetable, explain, solve
from peixun.scheduling.greedy import greedy
from peixun.scheduling.model import TimetableModel
from peixun.scheduling.problem import Index
from peixun.scheduling.requirements import requirement
from peixun.scheduling.solver import Search

from .builders import DAY, START, anytime, course, planted_problem, session, trap_problem

#: SCHED_EXAMPLES=400 for a longer hunt; the default keeps the run short. Each solve has a time limit
#: of a few seconds: a bound on the test's run time, not a claim about the engine's speed.
EXAMPLES = int(os.environ.get("SCHED_EXAMPLES", 15))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_timetable(problem: Problem, result) -> None:
    assert check_timetable(problem, result.assignments, result.module_first_days) == []
    assert {a.session_id for a in result.assignments} == {s.id for s in problem.sessions()}


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_a_problem_with_a_planted_timetable_is_never_answered_infeasible(seed):
    built = planted_problem(random.Random(seed))

    result = solve(built.problem, time_limit=4, workers=1)

    assert result.status != "infeasible", [c.message for c in result.explanation]
    if result.has_timetable:
        assert_timetable(built.problem, result)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_the_same_without_greedy_or_direct_checks(seed):
    built = planted_problem(random.Random(seed), trap=True)

    result = solve(built.problem, time_limit=4, workers=1, hint=False, prechecks=False)

    assert result.status != "infeasible", [c.message for c in result.explanation]
    if result.has_timetable:
        assert_timetable(built.problem, result)


def test_the_crossed_trap_defeats_greedy_and_the_solver_finds_the_timetable():
    built = trap_problem()
    assert not greedy(built.problem).complete

    result = solve(built.problem, time_limit=10, workers=1)

    assert result.status in ("optimal", "feasible")
    assert_timetable(built.problem, result)


def test_planted_problems_are_mostly_beyond_greedy():
    """The property tests above exercise the search, not greedy: most planted problems defeat it."""
    failed = sum(not greedy(planted_problem(random.Random(seed), trap=True).problem).complete for seed in range(20))
    assert failed >= 15


def test_a_suspicion_on_a_problem_with_a_timetable_ends_in_that_timetable():
    """When a phase cannot place a course, the search looks for a proof; finding none on a problem
    that has a timetable, it solves the whole model and carries on with its timetable."""
    built = trap_problem()
    search = Search(built.problem, time_limit=10, workers=1)
    search.prepare()
    search.first_timetable()
    assert not search.current.complete

    search.suspect_infeasible()  # returns: a whole timetable was adopted

    result = search.result()
    assert result.status in ("optimal", "feasible")
    assert_timetable(built.problem, result)
    assert result.stats["suspicions"] == 1


def over_full(prechecks: bool) -> tuple[Problem, object]:
    """Seven sessions for the six slots of a two-day course."""
    lecturers = (anytime("L1"),)
    sessions = [session(f"S{i}", lecturers=("L1",) if i < 2 else ()) for i in range(7)]
    problem = Problem((course(sessions=sessions, days=2, day_off=None),), lecturers)
    return problem, solve(problem, time_limit=10, workers=1, prechecks=prechecks)


def shared_lecturer(prechecks: bool) -> tuple[Problem, object]:
    """Two one-day courses whose four sessions all need the same lecturer: four sessions, three slots."""
    lecturers = (anytime("L1"),)
    courses = tuple(
        course(
            cid=cid,
            start=START + DAY,
            days=1,
            sessions=[session(f"{cid}S{i}", cid=cid, lecturers=("L1",)) for i in range(2)],
        )
        for cid in ("A", "B")
    )
    problem = Problem(courses, lecturers)
    return problem, solve(problem, time_limit=10, workers=1, prechecks=prechecks)


@pytest.mark.parametrize("build", [over_full, shared_lecturer])
@pytest.mark.parametrize("prechecks", [True, False])
def test_a_truly_infeasible_problem_is_answered_with_conflicts_infeasible_on_their_own(build, prechecks):
    problem, result = build(prechecks)
    idx = Index(problem)

    assert result.status == "infeasible"
    assert result.explanation
    for conflict in result.explanation:
        assert conflict.code != "whole_problem"
        assert explain.confirm(problem, idx, conflict, time_limit=10)
        # On its own: the courses the conflict speaks of and those sharing their lecturers or venues,
        # alone in a problem of their own, have no timetable (CP-SAT on the engine's model says so).
        # (No named requirement at all: the courses' structure alone is at fault, all of them.)
        named = {c.id for c in explain.courses_of(idx, conflict.keys) or problem.courses}
        courses = [c for group in explain.components(problem, idx) if named & {c.id for c in group} for c in group]
        assert courses
        alone = Problem(tuple(courses), problem.lecturers, problem.venues)
        model = TimetableModel(alone, Index(alone))
        if not model.trivially_infeasible:
            model.build()
            assert model.solve(time_limit=10, workers=1, seed=0).status == "infeasible"


def test_a_conflict_that_does_not_hold_on_its_own_is_not_confirmed():
    """The check behind every ``infeasible``: requirements that a timetable keeps are no proof."""
    built = trap_problem()
    idx = Index(built.problem)
    keys = [("availability", "TM"), ("availability", "TN"), ("calendar", "C0"), ("calendar", "C1")]
    conflict = Conflict("made_up", "", {}, tuple(requirement(idx, k) for k in keys))

    assert not explain.confirm(built.problem, idx, conflict, time_limit=10)
