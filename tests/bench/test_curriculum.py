"""The curriculum-based benchmark instances (bench/curriculum.py): feasible by construction, and the engine
finds a timetable that the independent checker accepts, with every goal's cost accounted for."""

from __future__ import annotations

import pytest

from bench.curriculum import curriculum_instance
from peixun.scheduling import check_timetable, objective_of, solve


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_planted_timetable_keeps_every_hard_rule(seed):
    planted = curriculum_instance(seed, subjects=25, curricula=6, teachers=15, rooms=5)
    assert len(planted.slots) == len(planted.problem.sessions())
    assert check_timetable(planted.problem, planted.slots, {}, venues=planted.venues) == []
    shared = [c for c in planted.problem.courses if sum(lid.startswith("Q") for lid in c.sessions[0].lecturer_ids) > 1]
    assert shared, "some subject belongs to two curricula"


def test_the_engine_times_a_small_instance_and_its_goal_costs_add_up():
    planted = curriculum_instance(5, subjects=12, curricula=4, teachers=8, rooms=4)
    problem = planted.problem
    result = solve(problem, time_limit=5, workers=1)

    assert result.has_timetable
    assert check_timetable(problem, result.slots(), result.module_first_days, venues=result.venues()) == []
    assert result.objective == pytest.approx(sum(result.goal_costs.values()))
    assert result.objective == pytest.approx(objective_of(problem, result.assignments))
