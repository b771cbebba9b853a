"""The split of the time between the course passes and the whole-problem neighbourhood search: the
passes end at their share of the limit and the search runs on a multi-course problem; random small
problems solved with the split keep every rule and are no worse than the course passes alone, and
their ``optimal`` agrees with CP-SAT on the whole model."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peixun.scheduling import Course, Lecturer, Problem, Session, Slot, Window, check_timetable, objective_of, solve
from peixun.scheduling import solver as engine
from peixun.scheduling.greedy import greedy
from peixun.scheduling.lns import Neighbourhoods
from peixun.scheduling.model import TimetableModel
from peixun.scheduling.problem import Index

from .builders import feasible_problem, planted_problem
from .test_lns import DAY, MONDAY, spread_courses

#: SCHED_EXAMPLES=100 for a longer hunt. The time limits bound the test's run time; nothing is
#: asserted about how long anything took.
EXAMPLES = int(os.environ.get("SCHED_EXAMPLES", 12))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_valid(problem: Problem, result) -> None:
    assert result.has_timetable, result.status
    assert check_timetable(problem, result.assignments, result.module_first_days, venues=result.venues()) == []
    assert {a.session_id for a in result.assignments} == {s.id for s in problem.sessions()}
    assert objective_of(problem, result.assignments, venues=result.venues()) == result.objective
    assert result.bound <= result.objective


def passes_alone(problem: Problem, **options):
    """The engine as it was before the split: the course passes with all the time, no neighbourhood search."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(engine, "_PASSES", 1.0)
        patch.setattr(engine, "_STALL", -1.0)  # a pass never counts as stalled
        patch.setattr(engine.Search, "lns", lambda self: None)
        return solve(problem, **options)


def whole_model_optimum(problem: Problem) -> float | None:
    """The whole problem's optimum by CP-SAT on the whole model, in points (None: not proven in time)."""
    model = TimetableModel(problem, Index(problem))
    model.build()
    outcome = model.solve(time_limit=20, workers=1, seed=0)
    return outcome.objective_tenths / 10 if outcome.status == "optimal" else None


def test_the_passes_end_at_their_share_of_the_limit_on_several_courses_and_not_on_one():
    several = engine.Search(spread_courses(n=3), time_limit=40)
    one = engine.Search(spread_courses(n=1), time_limit=40)

    assert several.passes_end == engine._PASSES * 40 < several.first_pass_end == engine._FIRST_PASS_END * 40 < 40
    assert one.passes_end == one.first_pass_end == 40  # a single course: the passes are the whole search
    assert several.pass_work == engine._PASS_WORK and one.pass_work is None


def test_the_neighbourhood_search_is_reached_when_the_passes_run_out_of_their_share(monkeypatch):
    # The passes' share spent before they start (as when a large portfolio's passes use it all): the
    # first pass visits no course, and the neighbourhood search improves greedy's timetable.
    monkeypatch.setattr(engine, "_PASSES", 0.0)
    monkeypatch.setattr(engine, "_FIRST_PASS_END", 0.0)
    monkeypatch.setattr(engine, "_WHOLE_SESSIONS", 0)  # no whole-model solve for a bound: the search alone
    problem = spread_courses(n=3)
    reported = []

    result = solve(problem, time_limit=20, workers=1, seed=3, progress=reported.append)

    assert_valid(problem, result)
    assert result.stats["first_pass_courses"] == 0
    assert "lns_skipped" not in result.stats
    assert result.stats["lns"]["neighbourhoods"] >= 1
    assert result.stats["lns"]["improving"] >= 1
    assert reported[0].phase == "first_timetable" and reported[-1].phase == "lns"
    assert result.status == "optimal" and result.objective == 0


def test_a_course_without_a_timetable_is_still_solved_when_the_passes_time_is_up(monkeypatch):
    monkeypatch.setattr(engine, "_PASSES", 0.0)
    monkeypatch.setattr(engine, "_FIRST_PASS_END", 0.0)
    problem = spread_courses(n=3)

    result = solve(problem, time_limit=20, workers=1, hint=False)  # no greedy: no course has a timetable

    assert_valid(problem, result)


def test_the_search_phase_starts_on_a_multi_course_problem_the_passes_do_not_prove(monkeypatch):
    # Seven days asked of a six-day week and one lecturer for all: the first pass around greedy's
    # timetable proves no optimum (each course alone could do better than around the others), so the
    # search phase starts; on a problem this small its whole-model solve then proves the timetable
    # optimal. (Built course by course, the same timetable is proven optimal by the passes: below.)
    monkeypatch.setattr(engine.Search, "construct", lambda self: None)
    problem = spread_courses(n=3, sessions=6, spread_days=7)

    result = solve(problem, time_limit=20, workers=1, seed=3)

    assert_valid(problem, result)
    assert "lns_skipped" not in result.stats
    assert "lns_started_s" in result.stats and "neighbourhoods" in result.stats["lns"]
    assert result.status == "optimal"


def test_built_course_by_course_the_timetable_is_proven_optimal_by_the_passes():
    # The problem above: each course placed around the ones already built (not around greedy's
    # timetable of the others) takes its best timetable, and together they reach the bound.
    problem = spread_courses(n=3, sessions=6, spread_days=7)
    reported = []

    result = solve(problem, time_limit=20, workers=1, seed=3, progress=reported.append)

    assert_valid(problem, result)
    assert result.stats["construct"]["placed"] is True
    assert result.stats["first_pass_courses"] == 3
    assert result.status == "optimal" and result.stats["lns_skipped"] == "optimal"
    assert [r.phase for r in reported] == ["first_timetable", "construct"]
    assert reported[0].objective > result.objective


def monday_only_lecturer_and_a_course_with_a_wish() -> tuple[Lecturer, Course]:
    """One lecturer, available on Monday only, and a course that would like its lecture on Monday morning."""
    lecturer = Lecturer("L", "Dr Lin", availability=(Window(MONDAY, MONDAY),))
    wish = Course(
        "a",
        "Course A",
        MONDAY,
        MONDAY + 5 * DAY,
        sessions=(
            Session(
                "a1",
                "a",
                "Lecture",
                "lecture",
                class_hours=3,
                lecturer_ids=("L",),
                allowed_parts=(1, 2),
                preferred_slots=(Slot(MONDAY, 1),),
            ),
        ),
    )
    return lecturer, wish


def morning_only(course_id: str, lecturer_ids=("L",)) -> Course:
    return Course(
        course_id,
        f"Course {course_id}",
        MONDAY,
        MONDAY + 5 * DAY,
        sessions=(
            Session(
                f"{course_id}1",
                course_id,
                "Lecture",
                "lecture",
                class_hours=3,
                lecturer_ids=lecturer_ids,
                allowed_parts=(1,),
            ),
        ),
    )


def test_a_course_that_cannot_be_built_around_the_ones_before_it_is_placed_with_those_it_shares_a_lecturer_with():
    # Built in order of start, the first course takes Monday morning (its wish) and the second, which
    # can only have Monday morning, cannot be placed around it: the two are placed together, the first
    # course moves to the afternoon, and the answer is the optimum (the first course's wish unmet).
    lecturer, wish = monday_only_lecturer_and_a_course_with_a_wish()
    problem = Problem((wish, morning_only("b")), (lecturer,))

    result = solve(problem, time_limit=20, workers=1, seed=3)

    assert_valid(problem, result)
    assert result.stats["construct"]["placed"] is True
    assert result.stats["construct_repairs"] == {"tried": 1, "placed": 1}
    assert result.status == "optimal"
    placed = {a.session_id: (a.date, a.part) for a in result.assignments}
    assert placed == {"a1": (MONDAY, 2), "b1": (MONDAY, 1)}
    assert result.objective > 0  # the first course's wish is the price


def test_a_course_that_cannot_be_placed_even_with_the_courses_it_shares_most_with_puts_greedys_timetable_back():
    # As above, but the course in the way shares one lecturer with the late course and the courses built
    # before it share two (two more lecturers, free all week): those are the ones freed with it, the course
    # in the way stays, and the late course cannot be placed. That proves nothing: the timetable built
    # is dropped, the first pass runs on greedy's, and the answer is still the optimum, not "infeasible".
    lecturer, wish = monday_only_lecturer_and_a_course_with_a_wish()
    others = [Lecturer(lid, f"Dr {lid}", availability=(Window(MONDAY, MONDAY + 5 * DAY),)) for lid in ("M", "N")]
    decoys = [
        Course(
            f"d{i}",
            f"Decoy {i}",
            MONDAY,
            MONDAY + 5 * DAY,
            sessions=(Session(f"d{i}1", f"d{i}", "Lecture", "lecture", class_hours=3, lecturer_ids=("M", "N")),),
        )
        for i in range(engine._REPAIR_COURSES)
    ]
    late = morning_only("z", lecturer_ids=("L", "M", "N"))
    problem = Problem((*decoys, wish, late), (lecturer, *others))

    result = solve(problem, time_limit=20, workers=1, seed=3)

    assert_valid(problem, result)
    assert result.stats["construct"]["placed"] is False
    assert result.stats["construct_failed"] == "z"
    assert result.stats["construct_repairs"] == {"tried": 1, "placed": 0}
    assert result.status == "optimal"
    placed = {a.session_id: (a.date, a.part) for a in result.assignments}
    assert placed["a1"] == (MONDAY, 2) and placed["z1"] == (MONDAY, 1)


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_small_problems_solved_with_the_split_are_valid_and_no_worse_than_the_passes_alone(seed):
    problem = planted_problem(random.Random(seed), trap=False, max_courses=3).problem

    split = solve(problem, time_limit=8, workers=1)
    before = passes_alone(problem, time_limit=8, workers=1)

    assert split.status != "infeasible" and before.status != "infeasible"
    assert_valid(problem, split)
    if before.has_timetable:
        assert_valid(problem, before)
    if before.status == "optimal":
        # A proven optimum cannot be beaten; the split must reach it too, and prove it.
        assert split.status == "optimal" and split.objective == before.objective
    if split.status == "optimal":
        optimum = whole_model_optimum(problem)
        if optimum is not None:
            assert split.objective == optimum


@SETTINGS
@given(st.integers(min_value=0, max_value=10**9))
def test_small_problems_with_modules_solved_with_the_split_are_valid_and_as_good_as_proven(seed):
    # Two courses with modules: the first pass only composes each course from its module table, and
    # the later passes and the search do the rest.
    problem = feasible_problem(random.Random(seed), courses=2).problem

    split = solve(problem, time_limit=8, workers=1)
    before = passes_alone(problem, time_limit=8, workers=1)

    assert split.status != "infeasible" and before.status != "infeasible"
    assert_valid(problem, split)
    if before.status == "optimal":
        assert split.status == "optimal" and split.objective == before.objective
    if split.status == "optimal":
        optimum = whole_model_optimum(problem)
        if optimum is not None:
            assert split.objective == optimum


def test_the_modules_kind_is_drawn_only_where_a_course_has_modules_and_frees_that_course_whole():
    with_modules = feasible_problem(random.Random(5), courses=2).problem
    idx = Index(with_modules)
    slots = greedy(with_modules, index=idx).slots
    hoods = Neighbourhoods(with_modules, idx, seed=2)
    without = Neighbourhoods(spread_courses(n=2), Index(spread_courses(n=2)), seed=2)

    drawn = [hoods.draw(slots, dict.fromkeys((c.id for c in with_modules.courses), 10)) for _ in range(60)]

    assert "modules" not in without.kinds
    assert "modules" in hoods.kinds and any(hood.kind == "modules" for hood in drawn)
    for hood in drawn:
        if hood.kind == "modules":
            course = idx.courses[hood.anchor]
            assert course.modules and hood.course_ids == (course.id,)
            assert hood.free == {s.id for s in course.sessions if s.pinned is None}


def test_a_course_may_take_several_times_its_share_of_the_module_tables_time(monkeypatch):
    # Each course's tables get up to _TABLE_SLICE times its share (by sessions) of the tables' time
    # left, never past the tables' deadline: a long course's long module needs more than its sessions
    # would give it, and the courses before it leave their unused time.
    problem = feasible_problem(random.Random(7), courses=2).problem
    search = engine.Search(problem, time_limit=100, workers=1)
    search.prepare()
    search.first_timetable()
    given = []
    monkeypatch.setattr(engine.Search, "tabulate", lambda self, block, deadline: given.append((block, deadline)))
    monkeypatch.setattr(engine.time, "perf_counter", lambda: 1000.0)  # the clock stands still: shares are exact
    search.started = 1000.0

    search.tabulate_all()

    with_modules = [b for b in search.blocks if b.course.modules]
    assert [block for block, _ in given] == with_modules
    total = sum(len(b.course.sessions) for b in with_modules)
    tables_time = engine._TABLES * 100 * (1 - engine._FINISH)  # a share of the time left for the search
    first, deadline = given[0]
    share = min(1.0, engine._TABLE_SLICE * len(first.course.sessions) / total)
    assert deadline == 1000.0 + tables_time * share
    assert all(deadline <= 1000.0 + tables_time for _, deadline in given)
