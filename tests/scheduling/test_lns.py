"""The whole-problem neighbourhood search: it takes a poor first timetable to the optimum, reports each
better timetable (every one keeping the hard rules, each cheaper than the one before), stops at the
deadline, and is deterministic for a seed and one worker."""

from __future__ import annotations

import datetime
import itertools

import pytest

from peixun.scheduling import Course, Lecturer, Problem, Session, Window, check_timetable, objective_of, solve
from peixun.scheduling import solver as engine
from peixun.scheduling.lns import KINDS, MAX_SIZE, MIN_SIZE, START_SIZE, Neighbourhoods
from peixun.scheduling.problem import Group, Index

MONDAY = datetime.date(2026, 3, 2)
DAY = datetime.timedelta(days=1)


def spread_courses(n: int = 3, sessions: int = 6, spread_days: int = 6) -> Problem:
    """``n`` one-week courses (Monday to Saturday) sharing one lecturer, each with ``sessions`` lectures
    that should fall on ``spread_days`` days. With ``spread_days`` 6 the optimum costs nothing (each
    course a lecture a day, the courses in different parts of the day); greedy packs each course's
    lectures into its first days, and the shared lecturer keeps the courses apart."""
    lecturer = Lecturer("L", "Dr Lin", availability=(Window(MONDAY, MONDAY + 6 * DAY),))
    courses = []
    for c in range(n):
        cid = f"c{c}"
        lectures = tuple(
            Session(f"{cid}s{i}", cid, f"Lecture {i}", "lecture", class_hours=3, lecturer_ids=("L",))
            for i in range(sessions)
        )
        group = Group(f"{cid}g", tuple(s.id for s in lectures), "The week", spread_days=spread_days)
        courses.append(Course(cid, f"Course {c}", MONDAY, MONDAY + 5 * DAY, sessions=lectures, groups=(group,)))
    return Problem(tuple(courses), (lecturer,))


@pytest.fixture
def lns_alone(monkeypatch):
    """The neighbourhood search on its own: no whole-model solve for a bound."""
    monkeypatch.setattr(engine, "_WHOLE_SESSIONS", 0)


def searched_from_greedy(problem: Problem, **options) -> tuple[engine.Search, float]:
    """Greedy's timetable, then the neighbourhood search alone (no course-by-course pass)."""
    search = engine.Search(problem, time_limit=30, workers=1, seed=3, **options)
    search.prepare()
    search.first_timetable()
    first = search.total() / 10
    search.lns()
    return search, first


def test_the_search_takes_a_poor_first_timetable_to_the_optimum(lns_alone):
    problem = spread_courses()

    search, first = searched_from_greedy(problem)
    result = search.result()

    assert first > 0  # greedy packs the lectures: the groups miss their spread
    assert result.status == "optimal"
    assert result.objective == 0 == objective_of(problem, result.assignments)
    assert check_timetable(problem, result.assignments, result.module_first_days) == []
    assert search.stats["lns"]["improving"] >= 1
    assert search.stats["lns"]["neighbourhoods"] >= search.stats["lns"]["improving"]


def test_every_better_timetable_is_reported_cheaper_than_the_one_before_and_keeps_every_rule(lns_alone):
    problem = spread_courses()
    reported = []

    search, first = searched_from_greedy(problem, progress=reported.append)
    result = search.result()

    assert len(reported) >= 2
    assert reported[0].objective == first and reported[0].phase == "first_timetable"
    assert [r.objective for r in reported] == sorted({r.objective for r in reported}, reverse=True)
    assert reported[-1].objective == result.objective == 0 and reported[-1].phase == "lns"
    for improvement in reported:
        assert check_timetable(problem, improvement.assignments, improvement.module_first_days) == []
        assert objective_of(problem, improvement.assignments) == improvement.objective
        assert 0 <= improvement.bound <= improvement.objective


def test_solve_reports_its_first_and_last_timetables():
    problem = spread_courses()
    reported = []

    result = solve(problem, time_limit=20, workers=1, progress=reported.append)

    assert result.status == "optimal"
    assert reported and reported[-1].objective == result.objective
    assert result.stats["improvements"] == len(reported)
    assert [r.objective for r in reported] == sorted({r.objective for r in reported}, reverse=True)
    for improvement in reported:
        assert check_timetable(problem, improvement.assignments, improvement.module_first_days) == []


def test_without_a_proof_the_search_goes_on_until_the_deadline(lns_alone, monkeypatch):
    # Seven days asked of a six-day week: every timetable costs 4 points a course, and no bound proves it.
    problem = spread_courses(n=2, spread_days=7)
    clock = itertools.count()
    # A clock that runs out after 40 looks at it: the search must stop there, with a timetable.
    monkeypatch.setattr(engine.Search, "left", lambda self: 1.0 if next(clock) < 40 else 0.0)

    search, _ = searched_from_greedy(problem)
    result = search.result()

    assert result.status == "feasible"
    assert result.objective == 8 and result.bound == 0
    assert 1 <= search.stats["lns"]["neighbourhoods"] < 40
    assert check_timetable(problem, result.assignments, result.module_first_days) == []


def test_the_same_seed_and_one_worker_give_the_same_search(lns_alone):
    problem = spread_courses()

    first, _ = searched_from_greedy(problem)
    second, _ = searched_from_greedy(problem)

    assert first.result().assignments == second.result().assignments
    assert first.stats["lns"] == second.stats["lns"]


def test_neighbourhood_sizes_grow_on_proven_solves_and_shrink_on_cut_ones():
    problem = spread_courses()
    hoods = Neighbourhoods(problem, Index(problem), seed=1)

    hoods.feedback("day", proven=True)
    hoods.feedback("lecturer", proven=False)
    for _ in range(100):
        hoods.feedback("group", proven=True)
        hoods.feedback("courses", proven=False)

    assert hoods.size["day"] > START_SIZE > hoods.size["lecturer"]
    assert hoods.size["group"] == MAX_SIZE and hoods.size["courses"] == MIN_SIZE


def test_each_kind_frees_sessions_of_its_anchor_and_a_seed_draws_the_same_neighbourhoods():
    problem = spread_courses()
    idx = Index(problem)
    slots = engine.greedy(problem, index=idx).slots
    gains = {"c0": 40, "c1": 0, "c2": 0}

    def draws(seed):
        hoods = Neighbourhoods(problem, idx, seed)
        return [hoods.draw(slots, gains) for _ in range(30)]

    first = draws(7)
    assert first == draws(7)
    assert {hood.kind for hood in first} == set(KINDS) - {"modules"}  # no course has modules
    for hood in first:
        assert hood.free and set(hood.course_ids) == {idx.sessions[sid].course_id for sid in hood.free}
    # The course that might gain is the anchor far more often than the proven ones.
    assert sum(hood.anchor == "c0" for hood in first) > 20


def test_the_whole_model_run_for_a_suspicion_stops_at_its_first_timetable_and_the_search_goes_on(lns_alone):
    problem = spread_courses()
    reported = []
    search = engine.Search(problem, time_limit=30, workers=1, seed=3, progress=reported.append)
    search.prepare()
    search.first_timetable()

    status = search.whole_model(30, first_only=True)

    assert status == "feasible"  # stopped at its first timetable, long before its 30 s
    assert search.whole_bound == 0  # a search stopped early proves no bound
    assert search.stats["sub_solves"] == 1
    search.lns()
    result = search.result()
    assert result.status == "optimal" and result.objective == 0
    assert [r.objective for r in reported] == sorted({r.objective for r in reported}, reverse=True)
