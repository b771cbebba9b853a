"""The JSON format: read back what is written, and a malformed problem named by its field."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peixun.scheduling import ProblemError
from peixun.scheduling.io import load_problem, loads_problem, problem_from_dict, problem_to_dict
from peixun.scheduling.schema import PROBLEM_SCHEMA

from .builders import feasible_problem

ROOT = Path(__file__).resolve().parents[2]

VALID = {
    "courses": [
        {
            "id": "C1",
            "title": "Energy Smart Cities",
            "start": "2026-03-02",
            "end": "2026-03-13",
            "modules": [{"id": "M1", "title": "Energy", "days": 3}],
            "sessions": [
                {"id": "S1", "format": "lecture", "class_hours": 3, "module_id": "M1", "lecturer_ids": ["L1"]},
                {"id": "S2", "format": "site_visit", "class_hours": 3, "venue_id": "V1"},
                {"id": "S3", "format": "dinner"},
            ],
        }
    ],
    "lecturers": [{"id": "L1", "name": "Dr X", "availability": [{"start": "2026-03-01", "end": "2026-03-20"}]}],
    "venues": [{"id": "V1", "name": "Y", "open_weekdays": [1, 2], "capacity": 60}],
}


def test_defaults_fill_what_a_problem_leaves_out():
    problem = problem_from_dict(VALID)
    course = problem.courses[0]

    assert (course.day_off, course.capacity, course.fixed_module_order) == (6, 55, False)
    assert [s.allowed_parts for s in course.sessions] == [(1, 2, 3), (1, 2, 3), (3,)]
    assert course.sessions[0].course_id == "C1"
    assert problem.seed == 0


@settings(max_examples=30, deadline=None)
@given(st.integers(min_value=0, max_value=10**9))
def test_a_problem_written_as_json_reads_back_the_same(seed):
    problem = feasible_problem(random.Random(seed)).problem
    text = json.dumps(problem_to_dict(problem))

    assert loads_problem(text) == problem


def _error(mutate) -> str:
    data = copy.deepcopy(VALID)
    mutate(data)
    with pytest.raises(ProblemError) as caught:
        problem_from_dict(data)
    return str(caught.value)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["courses"][0]["sessions"][0]["lecturer_ids"].append("L9"),
            "courses[0].sessions[0].lecturer_ids[1]: unknown lecturer 'L9'",
        ),
        (
            lambda d: d["courses"][0].update(end="2026-02-01"),
            "courses[0].end: the course ends (2026-02-01) before it starts (2026-03-02)",
        ),
        (lambda d: d["courses"][0]["modules"][0].update(days=9), "courses[0].modules[0].days: "),
        (lambda d: d["courses"][0].pop("start"), "courses[0].start: required field missing"),
        (lambda d: d["courses"][0].update(colour="red"), "courses[0].colour: unknown field"),
        (lambda d: d["courses"][0].update(start="2026-02-30"), "courses[0].start: '2026-02-30' is not a calendar date"),
        (lambda d: d["courses"][0].update(start="tomorrow"), "courses[0].start: 'tomorrow' is not a date"),
        (
            lambda d: d["courses"][0]["sessions"][1].pop("venue_id"),
            "courses[0].sessions[1].venue_id: a site visit needs the venue it visits",
        ),
        (lambda d: d["courses"][0]["sessions"][0].update(format="party"), "courses[0].sessions[0].format: "),
        (lambda d: d["courses"][0].update(day_off=9), "courses[0].day_off: "),
        (
            lambda d: d["courses"][0]["sessions"][0].update(pinned={"date": "2026-03-03", "part": 4}),
            "courses[0].sessions[0].pinned.part: ",
        ),
        (
            lambda d: d["courses"][0]["sessions"][0].update(module_id="M7"),
            "courses[0].sessions[0].module_id: unknown module 'M7'",
        ),
        (
            lambda d: d["courses"][0]["sessions"].append({"id": "S1", "format": "lecture"}),
            "courses[0].sessions[3].id: duplicate session id 'S1'",
        ),
        (lambda d: d.update(courses=[]), "courses: "),
        (
            lambda d: d["courses"][0].update(weights={"lecturer_trips": -1}),
            "courses[0].weights.lecturer_trips: ",
        ),
        (
            lambda d: d["courses"][0]["sessions"][0].update(class_hours=1.25),
            "courses[0].sessions[0].class_hours: must be 0 to 12 hours in steps of 0.1",
        ),
        (
            lambda d: d["lecturers"][0]["availability"][0].update(end="2026-02-01"),
            "lecturers[0].availability[0].end: the window ends before it starts",
        ),
        (lambda d: d["courses"][0]["sessions"][0].update(allowed_parts=[]), "courses[0].sessions[0].allowed_parts: "),
        (lambda d: d["venues"][0].update(capacity="big"), "venues[0].capacity: "),
    ],
)
def test_malformed_problem_names_the_field(mutate, expected):
    assert _error(mutate).startswith(expected)


def test_not_json_names_line_and_column():
    with pytest.raises(ProblemError) as caught:
        loads_problem('{"courses": [}')
    assert str(caught.value).startswith("not valid JSON: line 1, column 14")


def test_missing_file_is_a_problem_error(tmp_path):
    with pytest.raises(ProblemError) as caught:
        load_problem(tmp_path / "nope.json")
    assert "cannot read" in str(caught.value)


def test_schema_in_docs_is_the_packages_schema():
    documented = json.loads((ROOT / "docs" / "timetable-problem.schema.json").read_text())
    assert documented == json.loads(json.dumps(PROBLEM_SCHEMA))


def test_example_in_the_format_doc_is_a_valid_problem():
    text = (ROOT / "docs" / "timetable-format.md").read_text()
    example = text.split("```json", 1)[1].split("```", 1)[0]
    problem = loads_problem(example)
    assert problem.courses
