"""Module tables: a start that takes an earlier start's timetable, moved, instead of a CP-SAT solve gets
exactly the table CP-SAT would have given it (the same best values, the same exactness), and every
timetable in a table keeps the module's rules at its start and costs what the table says."""

from __future__ import annotations

import random
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import timetable as instances
from peixun.scheduling.calendar import course_calendar
from peixun.scheduling.modules import _module_problem, module_tables
from peixun.scheduling.objective import goal_costs
from peixun.scheduling.problem import Index
from peixun.scheduling.solver import subproblem
from peixun.scheduling.validate import check_timetable

from .builders import feasible_problem


def tables(problem, course, *, move: bool):
    idx = Index(problem)
    alone = subproblem(problem, idx, [course], {})
    return alone, module_tables(alone, Index(alone), course, deadline=time.perf_counter() + 60, workers=1, move=move)


def assert_every_timetable_holds(alone, course, table) -> None:
    """Each (module, start) timetable, with the course's pinned sessions outside the module, keeps every
    rule of the module alone at that start and costs the table's value there (when that value is exact)."""
    idx = Index(alone)
    cal = course_calendar(course)
    for (module_id, start), slots in table.timetables.items():
        module = next(m for m in course.modules if m.id == module_id)
        small = _module_problem(alone, idx, course, module, cal.days[start])
        held = {s.id: s.pinned for s in small.courses[0].sessions if s.module_id != module_id and s.pinned}
        every = {**held, **slots}
        assert check_timetable(small, every, {module_id: cal.days[start]}) == [], (module_id, start)
        if table.exact:
            assert sum(cost for cost, _ in goal_costs(small, every)) == table.best[module_id][start], (module_id, start)


def test_a_two_week_course_moves_most_of_its_starts_and_keeps_its_table():
    problem = instances.course_2w()
    course = problem.courses[0]

    alone, moved = tables(problem, course, move=True)
    _, solved = tables(problem, course, move=False)

    assert moved.moved > 0 and moved.solves + moved.moved == solved.solves
    assert moved.best == solved.best and moved.exact == solved.exact
    assert set(moved.timetables) == set(solved.timetables)
    assert_every_timetable_holds(alone, course, moved)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=10**9))
def test_moving_never_changes_a_table(seed):
    # Random courses with modules, pinned and preferred sessions, lecturers' windows and venues.
    problem = feasible_problem(random.Random(seed), courses=1).problem
    course = problem.courses[0]

    alone, moved = tables(problem, course, move=True)
    _, solved = tables(problem, course, move=False)

    assert moved.best == solved.best
    assert moved.exact == solved.exact
    assert set(moved.timetables) == set(solved.timetables)
    assert_every_timetable_holds(alone, course, moved)
