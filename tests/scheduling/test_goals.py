"""The group goals (spread, compactness, one venue) and venue choice: small hand-made problems where
each goal changes the answer, checked by the independent checker; the model's own cost per goal
equals the checker's."""

from __future__ import annotations

import datetime
import json
from dataclasses import replace

import pytest

from peixun.scheduling import Course, Module, Problem, ProblemError, Session, Slot, Venue, Weights, solve
from peixun.scheduling.io import dumps_result, loads_problem, problem_to_dict
from peixun.scheduling.model import TimetableModel
from peixun.scheduling.problem import Group, Index, validate_problem
from peixun.scheduling.validate import check_timetable, timetable_costs

MONDAY = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)


def solved(problem: Problem):
    result = solve(problem, time_limit=10, workers=1)
    assert result.status == "optimal", result.stats
    assert check_timetable(problem, result.assignments, result.module_first_days) == []
    costs = timetable_costs(problem, result.assignments)
    assert costs == result.goal_costs
    assert sum(costs.values()) == pytest.approx(result.objective)
    return result, costs


def model_costs_match_checker(problem: Problem) -> dict[str, float]:
    """Solve the CP-SAT model itself and compare its objective, goal by goal, with the checker's."""
    model = TimetableModel(problem, Index(problem))
    model.build()
    outcome = model.solve(time_limit=10, workers=1, seed=0)
    assert outcome.status == "optimal"
    first = {m.id: model.cals[c.id].days[outcome.module_starts[m.id]] for c in problem.courses for m in c.modules}
    assert check_timetable(problem, outcome.slots, first, venues=outcome.venues) == []
    checked = timetable_costs(problem, outcome.slots, venues=outcome.venues)
    reported = {goal: tenths / 10 for goal, tenths in outcome.goal_tenths.items()}
    for goal, cost in checked.items():
        assert reported.get(goal, 0) == cost, goal
    assert outcome.objective_tenths / 10 == sum(checked.values())
    return checked


def module_course(groups=(), weights=None, sessions=None) -> Problem:
    """One 3-day module of three lectures in a week-long course."""
    sessions = sessions or tuple(
        Session(f"s{i}", "c", f"Lecture {i}", "lecture", module_id="m", allowed_parts=(1, 2, 3)) for i in range(3)
    )
    course = Course(
        "c",
        "Course",
        MONDAY,
        MONDAY + 4 * DAY,
        capacity=40,
        weights=weights or Weights(),
        modules=(Module("m", "Module", 3),),
        sessions=sessions,
        groups=tuple(groups),
    )
    return Problem((course,))


def test_spread_puts_a_modules_three_sessions_on_three_days():
    # Without the goal, nothing costs: the first timetable packs the module into as few days as it can.
    plain, _ = solved(module_course())
    assert len({a.date for a in plain.assignments}) < 3
    problem = module_course([Group("g", ("s0", "s1", "s2"), "Module", spread_days=3)])
    result, costs = solved(problem)
    assert len({a.date for a in result.assignments}) == 3
    assert costs["spread"] == 0
    assert model_costs_match_checker(problem)["spread"] == 0


def test_spread_counts_each_missing_day():
    # Three sessions pinned to one day: two days short of three, at 4 points a day.
    sessions = tuple(Session(f"s{i}", "c", f"Lecture {i}", "lecture", pinned=Slot(MONDAY, i + 1)) for i in range(3))
    problem = Problem(
        (
            Course(
                "c",
                "Course",
                MONDAY,
                MONDAY + 4 * DAY,
                sessions=sessions,
                groups=(Group("g", ("s0", "s1", "s2"), spread_days=3),),
            ),
        )
    )
    result, costs = solved(problem)
    assert costs["spread"] == 8
    [goal] = result.unmet_soft_goals
    assert goal.code == "spread" and goal.params["days"] == 1 and goal.params["spread_days"] == 3


def test_compactness_avoids_an_isolated_session():
    # The morning session is pinned; without the goal the free one goes to the (cheaper) afternoon of
    # another day... with preferred slots pulling it to the evening, it sits alone.
    pinned = Session("a", "c", "Pinned", "lecture", pinned=Slot(MONDAY, 1))
    free = Session("b", "c", "Free", "lecture", preferred_slots=(Slot(MONDAY, 3),))
    course = Course("c", "Course", MONDAY, MONDAY + 1 * DAY, sessions=(pinned, free), weights=Weights(preferred_slot=1))
    plain, costs = solved(Problem((course,)))
    assert plain.slots()["b"] == (MONDAY, 3)
    compact = replace(course, groups=(Group("g", ("a", "b"), compact=True),))
    problem = Problem((compact,))
    result, costs = solved(problem)
    # Two isolated sessions (6 points) cost more than leaving the preferred slot (1 point).
    assert result.slots()["b"] == (MONDAY, 2)
    assert costs["compactness"] == 0 and costs["preferred_slot"] == 1
    model_costs_match_checker(problem)
    # The checker counts each isolated session.
    apart = timetable_costs(problem, {"a": (MONDAY, 1), "b": (MONDAY, 3)})
    assert apart["compactness"] == 6


def venue_problem(*, big: int, small: int, capacity_rule: str = "hard", busy=(), busy_b=()) -> Problem:
    """Three sessions of a module that may each use hall A (first choice) or hall B."""
    venues = (
        Venue("A", "Hall A", capacity=big, busy=tuple(busy)),
        Venue("B", "Hall B", capacity=small, busy=tuple(busy_b)),
    )
    sessions = tuple(
        Session(
            f"s{i}",
            "c",
            f"Lecture {i}",
            "lecture",
            module_id="m",
            venue_ids=("A", "B"),
            venue_capacity=capacity_rule,
            allowed_parts=(1,),
        )
        for i in range(3)
    )
    course = Course(
        "c",
        "Course",
        MONDAY,
        MONDAY + 4 * DAY,
        capacity=40,
        modules=(Module("m", "Module", 3),),
        sessions=sessions,
        groups=(Group("g", tuple(s.id for s in sessions), "Module", one_venue=True),),
    )
    return Problem((course,), venues=venues)


def test_an_alternative_venue_is_chosen_when_the_first_is_too_small():
    result, costs = solved(venue_problem(big=30, small=50))
    assert {a.venue_id for a in result.assignments} == {"B"}
    assert costs["venue_stability"] == 0


def test_venue_stability_keeps_a_group_in_one_room_when_it_can():
    # Hall A is booked on Monday morning: the group could still use it on other days, and does.
    problem = venue_problem(big=50, small=50, busy=[Slot(MONDAY, 1)])
    result, costs = solved(problem)
    assert len({a.venue_id for a in result.assignments}) == 1
    assert costs["venue_stability"] == 0
    model_costs_match_checker(problem)


def test_venue_stability_costs_each_extra_venue_when_no_room_holds_the_group():
    # Hall A is booked on Wednesday morning, hall B on every other: a module of three consecutive
    # mornings needs both.
    busy = [Slot(MONDAY + 2 * DAY, 1)]
    busy_b = [Slot(MONDAY + i * DAY, 1) for i in (0, 1, 3, 4)]
    problem = venue_problem(big=50, small=50, busy=busy, busy_b=busy_b)
    result, costs = solved(problem)
    assert len({a.venue_id for a in result.assignments}) == 2
    assert costs["venue_stability"] == 5
    [goal] = result.unmet_soft_goals
    assert goal.code == "venue_stability" and goal.params["venue_ids"] == ["A", "B"]
    model_costs_match_checker(problem)
    # Without the goal the engine has no reason to keep one room; the checker prices a split.
    assert (
        timetable_costs(problem, result.assignments, venues={"s0": "A", "s1": "B", "s2": "B"})["venue_stability"] == 5
    )


def test_soft_capacity_allows_a_small_venue_at_a_price_per_seat():
    problem = venue_problem(big=30, small=35, capacity_rule="soft")
    result, costs = solved(problem)
    assert {a.venue_id for a in result.assignments} == {"B"}  # 5 seats short rather than 10
    assert costs["venue_capacity"] == 3 * 5
    model_costs_match_checker(problem)
    # Hard: no venue holds the class, so no timetable exists, and the engine proves it.
    hard = solve(venue_problem(big=30, small=35), time_limit=5, workers=1)
    assert hard.status == "infeasible"
    assert hard.explanation


def test_two_courses_never_share_a_chosen_venue_in_one_slot():
    one = venue_problem(big=50, small=50)
    course = one.courses[0]
    other = replace(
        course,
        id="d",
        modules=(Module("n", "Other", 3),),
        sessions=tuple(replace(s, id=f"d{s.id}", course_id="d", module_id="n") for s in course.sessions),
        groups=(Group("h", tuple(f"d{s.id}" for s in course.sessions), one_venue=True),),
        end=course.start + 2 * DAY,
    )
    course = replace(course, end=course.start + 2 * DAY)
    problem = Problem((course, other), venues=one.venues)
    result = solve(problem, time_limit=10, workers=1)
    assert result.has_timetable
    assert check_timetable(problem, result.assignments, result.module_first_days) == []
    placed = [(a.date, a.part, a.venue_id) for a in result.assignments]
    assert len(placed) == len(set(placed)) == 6
    # Both courses run on the same three mornings, so each keeps a hall of its own.
    assert result.goal_costs["venue_stability"] == 0
    model_costs_match_checker(problem)


def test_the_checker_refuses_a_venue_that_is_not_an_alternative():
    problem = venue_problem(big=50, small=50)
    slots = {f"s{i}": Slot(MONDAY + i * DAY, 1) for i in range(3)}
    broken = check_timetable(problem, slots, {"m": MONDAY}, venues={"s0": "A", "s1": "Z"})
    assert sorted(v.code for v in broken) == ["venue_not_an_option", "venue_not_chosen"]


def test_bad_groups_and_venues_are_malformed():
    base = venue_problem(big=50, small=50)
    course = base.courses[0]
    cases = [
        (replace(course, groups=(Group("g", ("nope",)),)), "courses[0].groups[0].session_ids[0]", "unknown session"),
        (replace(course, groups=(Group("g", ("s0", "s0")),)), "courses[0].groups[0].session_ids", "listed twice"),
        (replace(course, groups=(Group("g", ("s0",), spread_days=0),)), "courses[0].groups[0].spread_days", "from 1"),
        (
            replace(course, sessions=(replace(course.sessions[0], venue_ids=("A", "Z")), *course.sessions[1:])),
            "courses[0].sessions[0].venue_ids[1]",
            "unknown venue 'Z'",
        ),
        (
            replace(course, sessions=(replace(course.sessions[0], venue_id="A"), *course.sessions[1:])),
            "courses[0].sessions[0].venue_ids",
            "not both",
        ),
    ]
    for bad, path, reason in cases:
        with pytest.raises(ProblemError) as caught:
            validate_problem(replace(base, courses=(bad,)))
        assert caught.value.path == path and reason in caught.value.reason


def test_json_round_trip_schema_errors_and_a_named_warning():
    problem = module_course([Group("g", ("s0", "s1", "s2"), "Module", spread_days=5, compact=True)])
    data = problem_to_dict(problem)
    assert loads_problem(json.dumps(data)) == problem
    result = solve(problem, time_limit=10, workers=1)
    # Five days asked of three sessions is allowed, but named, and always costs.
    [warning] = result.warnings
    assert warning["path"] == "courses[0].groups[0].spread_days" and "at most 3" in warning["message"]
    out = json.loads(dumps_result(result))
    assert out["goal_costs"]["spread"] == 12 and out["warnings"] == [dict(warning)]
    data["courses"][0]["groups"][0]["extra"] = 1
    with pytest.raises(ProblemError) as caught:
        loads_problem(json.dumps(data))
    assert caught.value.path.startswith("courses[0].groups[0]")
    data["courses"][0]["groups"][0].pop("extra")
    data["courses"][0]["sessions"][0]["venue_capacity"] = "maybe"
    with pytest.raises(ProblemError) as caught:
        loads_problem(json.dumps(data))
    assert caught.value.path == "courses[0].sessions[0].venue_capacity"
