"""``stats['deterministic_time']``: CP-SAT's deterministic time summed over every solve of a call, the
module tables' solves (run in worker threads) included; the same work gives the same figure."""

from __future__ import annotations

from ortools.sat.python import cp_model

from bench.timetable import course_2w
from peixun.scheduling import effort, solve


def test_every_cp_sat_solve_of_a_call_is_counted_and_the_same_work_counts_the_same():
    problem = course_2w()  # 3 modules: the module tables' solves run in threads and must count too
    first = solve(problem, time_limit=30, workers=1, seed=5)
    second = solve(problem, time_limit=30, workers=1, seed=5)

    assert first.status == "optimal"
    assert first.stats["deterministic_time"] > 0
    # No solve outside the module tables and the composed timetables: every one counted came from them.
    assert first.stats["sub_solves"] == 0
    assert first.stats["cpsat_solves"] > first.stats["compositions"] > 0
    assert (second.stats["deterministic_time"], second.stats["cpsat_solves"]) == (
        first.stats["deterministic_time"],
        first.stats["cpsat_solves"],
    )


def test_a_tally_counts_only_the_solves_inside_it():
    model = cp_model.CpModel()
    x = model.new_int_var(0, 10, "x")
    model.maximize(x)

    outside = cp_model.CpSolver()
    outside.solve(model)
    effort.record(outside)  # no tally open: nothing to add to, no error
    with effort.measured() as work:
        for _ in range(2):
            solver = cp_model.CpSolver()
            solver.solve(model)
            effort.record(solver)
    effort.record(outside)

    assert work.solves == 2
    assert work.deterministic_time >= 0
