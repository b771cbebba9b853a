"""``python -m peixun.scheduling solve``, end to end in a subprocess."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import jsonschema

from peixun.scheduling.io import problem_to_dict
from peixun.scheduling.schema import RESULT_SCHEMA

from .builders import feasible_problem

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "peixun.scheduling", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_solve_prints_one_json_result(tmp_path):
    problem = feasible_problem(random.Random(7), courses=2).problem
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem_to_dict(problem)))

    done = run("solve", str(path), "--time-limit", "5", "--workers", "1", "--seed", "3")

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    jsonschema.validate(result, RESULT_SCHEMA)
    assert result["status"] in ("optimal", "feasible")
    assert {a["session_id"] for a in result["assignments"]} == {s.id for s in problem.sessions()}
    assert result["stats"]["seed"] == 3


def test_an_infeasible_problem_exits_0_with_its_explanation(tmp_path):
    data = {
        "courses": [
            {
                "id": "C",
                "title": "Course",
                "start": "2026-03-02",
                "end": "2026-03-06",
                "sessions": [{"id": f"S{i}", "format": "lecture", "lecturer_ids": ["L"]} for i in range(4)],
            }
        ],
        "lecturers": [{"id": "L", "name": "Dr X", "availability": [{"start": "2026-03-03", "end": "2026-03-03"}]}],
    }
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data))

    done = run("solve", str(path), "--time-limit", "5", "--compact")

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    jsonschema.validate(result, RESULT_SCHEMA)
    assert result["status"] == "infeasible"
    assert result["explanation"][0]["code"] == "lecturer_availability_too_short"
    assert result["explanation"][0]["requirements"][0]["subject"] == "L"


def test_a_malformed_problem_exits_2_naming_the_field_without_a_traceback(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps({"courses": [{"id": "C", "title": "T", "start": "2026-03-02", "end": "2026-02-01"}]}))

    done = run("solve", str(path))

    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.strip() == "error: courses[0].end: the course ends (2026-02-01) before it starts (2026-03-02)"


def test_a_file_that_is_not_json_exits_2(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text("courses: []")

    done = run("solve", str(path))

    assert done.returncode == 2
    assert done.stderr.startswith("error: not valid JSON: line 1, column 1")
    assert "Traceback" not in done.stderr


def test_bad_arguments_exit_2():
    done = run("solve", "x.json", "--workers", "0")
    assert done.returncode == 2
    assert "--workers" in done.stderr
