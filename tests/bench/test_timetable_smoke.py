"""bench/timetable.py --smoke, the timetable engine's regression check: the quick instances solved once
each, no worse than bench/timetable_reference.json (status, and CP-SAT's deterministic time within
3 times the reference's). It runs here so that `make test` (and CI) fails on a slower or weaker
engine, not only the next time someone runs the benchmark. About 5 CPU seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench import timetable

ROOT = Path(__file__).resolve().parents[2]


def smoke(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "bench/timetable.py", "--smoke", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_quick_instances_are_as_good_as_the_reference():
    done = smoke()

    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["smoke"] == {"reference": str(timetable.REFERENCE), "passed": True, "failures": []}
    rows = {row["name"]: row for row in doc["instances"]}
    assert set(rows) == {"course-2w", "course-4w", "course-4w-infeasible"}
    assert rows["course-4w"]["status"] == "optimal"
    assert rows["course-4w-infeasible"]["status"] == "infeasible"
    for row in rows.values():
        assert row["deterministic_time"]["max"] > 0
        assert row["per_run"][0]["cpsat_solves"] > 0
        assert row["violations"] == 0


def test_more_work_than_three_times_the_reference_fails_with_a_message(tmp_path):
    reference = tmp_path / "reference.json"
    reference.write_text(
        json.dumps(
            {
                "factor": 3,
                "instances": {"course-2w": {"status": "optimal", "deterministic_time": 0.001}},
            }
        )
    )

    done = smoke("--only", "course-2w", "--reference", str(reference))

    assert done.returncode == 1
    assert "SMOKE FAILED: course-2w: CP-SAT deterministic time" in done.stderr
    assert "more than 3 x the reference's 0.001 (allowed 0.003)" in done.stderr
    assert json.loads(done.stdout)["smoke"]["passed"] is False


def row(name: str, *statuses: str, deterministic_time: float = 1.0, violations: int = 0) -> dict:
    return {
        "name": name,
        "status": statuses[0],
        "statuses": list(statuses),
        "deterministic_time": {"min": deterministic_time, "median": deterministic_time, "max": deterministic_time},
        "violations": violations,
    }


REFERENCE = {
    "factor": 3,
    "instances": {
        "a": {"status": "optimal", "deterministic_time": 1.0},
        "b": {"status": "feasible", "deterministic_time": 1.0},
        "x": {"status": "infeasible", "deterministic_time": 1.0},
    },
}


def test_a_status_no_better_than_the_reference_passes():
    rows = [row("a", "optimal"), row("b", "optimal"), row("b", "feasible"), row("x", "infeasible", "infeasible")]

    assert timetable.smoke_failures(rows, REFERENCE) == []


def test_a_worse_status_fails():
    rows = [row("a", "optimal", "feasible"), row("b", "unknown"), row("a", "unknown")]

    assert timetable.smoke_failures(rows, REFERENCE) == [
        "a: feasible where the reference is optimal",
        "b: unknown where the reference is feasible",
        "a: unknown where the reference is optimal",
    ]


def test_an_infeasibility_no_longer_proven_fails_and_so_does_a_feasible_instance_answered_infeasible():
    rows = [row("x", "infeasible", "unknown"), row("a", "infeasible")]

    assert timetable.smoke_failures(rows, REFERENCE) == [
        "x: unknown where the reference is infeasible (no longer proven infeasible)",
        "a: infeasible where the reference is optimal (a timetable exists)",
    ]


def test_three_times_the_reference_work_passes_and_more_fails():
    assert timetable.smoke_failures([row("a", "optimal", deterministic_time=3.0)], REFERENCE) == []
    assert timetable.smoke_failures([row("a", "optimal", deterministic_time=3.2)], REFERENCE) == [
        "a: CP-SAT deterministic time 3.200, more than 3 x the reference's 1.000 (allowed 3.000)"
    ]


def test_broken_hard_rules_and_an_instance_without_a_reference_fail():
    rows = [row("a", "optimal", violations=2), row("new", "optimal")]

    assert timetable.smoke_failures(rows, REFERENCE) == [
        "a: the timetable breaks 2 hard rules (check_timetable)",
        "new: no reference for this instance (run --smoke --write-reference)",
    ]
