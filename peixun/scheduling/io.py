"""JSON in and out: read a problem (schema first, then meaning), write a result.

Every failure to read a problem raises :class:`ProblemError` whose message starts with the path of
the field at fault, such as ``courses[0].sessions[3].lecturer_ids[1]: unknown lecturer 'L9'``.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema

from .problem import (
    DEFAULT_ALLOWED_PARTS,
    Course,
    Group,
    Lecturer,
    Module,
    Problem,
    ProblemError,
    Session,
    Slot,
    Venue,
    Weights,
    Window,
    validate_problem,
)
from .result import Result
from .schema import PROBLEM_SCHEMA

PROBLEM_FORMAT = "peixun-timetable-problem/1"
RESULT_FORMAT = "peixun-timetable-result/1"

_validator = jsonschema.Draft202012Validator(PROBLEM_SCHEMA)


def json_path(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_problem(source: str | Path) -> Problem:
    """Read a problem from a JSON file."""
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError as e:
        raise ProblemError("", f"cannot read {source}: {e.strerror or e}") from None
    return loads_problem(text)


def loads_problem(text: str | bytes) -> Problem:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise ProblemError("", f"not valid JSON: line {e.lineno}, column {e.colno}: {e.msg}") from None
    except UnicodeDecodeError as e:
        raise ProblemError("", f"not UTF-8 text: {e.reason}") from None
    return problem_from_dict(data)


def _schema_error(data: Any) -> ProblemError | None:
    error = jsonschema.exceptions.best_match(_validator.iter_errors(data))
    if error is None:
        return None
    path = json_path(error.absolute_path)
    if error.validator == "required":
        missing = next((name for name in error.validator_value if name not in error.instance), None)
        return ProblemError(json_path([*error.absolute_path, missing]) if missing else path, "required field missing")
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return ProblemError(json_path([*error.absolute_path, extra[0]]) if extra else path, "unknown field")
    if error.validator == "pattern" and error.schema.get("description", "").startswith("ISO date"):
        return ProblemError(path, f"{error.instance!r} is not a date in the form YYYY-MM-DD")
    if error.validator == "oneOf" and error.context:
        inner = min(error.context, key=lambda e: len(e.absolute_path) * -1)
        return ProblemError(json_path(inner.absolute_path) or path, inner.message)
    return ProblemError(path or "(top level)", error.message)


def _date(value: str, path: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ProblemError(path, f"{value!r} is not a calendar date") from None


def _slot(value: dict, path: str) -> Slot:
    return Slot(_date(value["date"], f"{path}.date"), int(value["part"]))


def problem_from_dict(data: Any) -> Problem:
    """Build a :class:`Problem` from parsed JSON, checking the schema and then the meaning."""
    error = _schema_error(data)
    if error is not None:
        raise error
    lecturers = tuple(
        Lecturer(
            id=item["id"],
            name=item.get("name", item["id"]),
            availability=tuple(
                Window(
                    _date(w["start"], f"lecturers[{i}].availability[{j}].start"),
                    _date(w["end"], f"lecturers[{i}].availability[{j}].end"),
                )
                for j, w in enumerate(item.get("availability", []))
            ),
            visiting=item.get("visiting", False),
            preferred_weekdays=tuple(item.get("preferred_weekdays", [])),
            busy=tuple(_slot(b, f"lecturers[{i}].busy[{j}]") for j, b in enumerate(item.get("busy", []))),
        )
        for i, item in enumerate(data.get("lecturers", []))
    )
    venues = tuple(
        Venue(
            id=item["id"],
            name=item.get("name", item["id"]),
            open_weekdays=tuple(item.get("open_weekdays", range(7))),
            capacity=int(item.get("capacity", 1000)),
            busy=tuple(_slot(b, f"venues[{i}].busy[{j}]") for j, b in enumerate(item.get("busy", []))),
        )
        for i, item in enumerate(data.get("venues", []))
    )
    courses = []
    for ci, item in enumerate(data["courses"]):
        path = f"courses[{ci}]"
        modules = tuple(
            Module(
                id=m["id"],
                title=m.get("title", m["id"]),
                days=int(m["days"]),
                order=int(m.get("order", 0)),
                first_day=None
                if m.get("first_day") is None
                else _date(m["first_day"], f"{path}.modules[{mi}].first_day"),
                begun=m.get("begun", False),
            )
            for mi, m in enumerate(item.get("modules", []))
        )
        sessions = []
        for si, s in enumerate(item.get("sessions", [])):
            spath = f"{path}.sessions[{si}]"
            sessions.append(
                Session(
                    id=s["id"],
                    course_id=item["id"],
                    title=s.get("title", s["id"]),
                    format=s["format"],
                    class_hours=float(s.get("class_hours", 0)),
                    module_id=s.get("module_id"),
                    lecturer_ids=tuple(s.get("lecturer_ids", [])),
                    venue_id=s.get("venue_id"),
                    venue_ids=tuple(s.get("venue_ids", [])),
                    venue_capacity=s.get("venue_capacity", "hard"),
                    allowed_parts=tuple(s.get("allowed_parts", DEFAULT_ALLOWED_PARTS[s["format"]])),
                    pinned=None if s.get("pinned") is None else _slot(s["pinned"], f"{spath}.pinned"),
                    held=s.get("held", False),
                    preferred_slots=tuple(
                        _slot(p, f"{spath}.preferred_slots[{pi}]") for pi, p in enumerate(s.get("preferred_slots", []))
                    ),
                )
            )
        courses.append(
            Course(
                id=item["id"],
                title=item.get("title", item["id"]),
                start=_date(item["start"], f"{path}.start"),
                end=_date(item["end"], f"{path}.end"),
                day_off=item.get("day_off", 6),
                capacity=int(item.get("capacity", 55)),
                fixed_module_order=item.get("fixed_module_order", False),
                max_class_hours_per_day=item.get("max_class_hours_per_day"),
                not_before=None if item.get("not_before") is None else _slot(item["not_before"], f"{path}.not_before"),
                weights=Weights(**{k: int(v) for k, v in item.get("weights", {}).items()}),
                modules=modules,
                sessions=tuple(sessions),
                groups=tuple(
                    Group(
                        id=g["id"],
                        title=g.get("title", g["id"]),
                        session_ids=tuple(g["session_ids"]),
                        spread_days=g.get("spread_days"),
                        compact=g.get("compact", False),
                        one_venue=g.get("one_venue", False),
                    )
                    for g in item.get("groups", [])
                ),
            )
        )
    problem = Problem(tuple(courses), lecturers, venues, seed=int(data.get("seed", 0)))
    validate_problem(problem)
    return problem


def _slot_json(slot: Slot) -> dict:
    return {"date": slot.date.isoformat(), "part": slot.part}


def problem_to_dict(problem: Problem) -> dict:
    """The JSON form of a problem (every field written out)."""
    return {
        "format": PROBLEM_FORMAT,
        "seed": problem.seed,
        "courses": [
            {
                "id": c.id,
                "title": c.title,
                "start": c.start.isoformat(),
                "end": c.end.isoformat(),
                "day_off": c.day_off,
                "capacity": c.capacity,
                "fixed_module_order": c.fixed_module_order,
                "max_class_hours_per_day": c.max_class_hours_per_day,
                "not_before": None if c.not_before is None else _slot_json(c.not_before),
                "weights": {name: getattr(c.weights, name) for name in Weights.names()},
                "modules": [
                    {
                        "id": m.id,
                        "title": m.title,
                        "days": m.days,
                        "order": m.order,
                        "first_day": None if m.first_day is None else m.first_day.isoformat(),
                        "begun": m.begun,
                    }
                    for m in c.modules
                ],
                "sessions": [
                    {
                        "id": s.id,
                        "title": s.title,
                        "format": s.format,
                        "class_hours": s.class_hours,
                        "module_id": s.module_id,
                        "lecturer_ids": list(s.lecturer_ids),
                        "venue_id": s.venue_id,
                        "venue_ids": list(s.venue_ids),
                        "venue_capacity": s.venue_capacity,
                        "allowed_parts": list(s.allowed_parts),
                        "pinned": None if s.pinned is None else _slot_json(s.pinned),
                        "held": s.held,
                        "preferred_slots": [_slot_json(p) for p in s.preferred_slots],
                    }
                    for s in c.sessions
                ],
                "groups": [
                    {
                        "id": g.id,
                        "title": g.title,
                        "session_ids": list(g.session_ids),
                        "spread_days": g.spread_days,
                        "compact": g.compact,
                        "one_venue": g.one_venue,
                    }
                    for g in c.groups
                ],
            }
            for c in problem.courses
        ],
        "lecturers": [
            {
                "id": lecturer.id,
                "name": lecturer.name,
                "visiting": lecturer.visiting,
                "availability": [
                    {"start": w.start.isoformat(), "end": w.end.isoformat()} for w in lecturer.availability
                ],
                "preferred_weekdays": list(lecturer.preferred_weekdays),
                "busy": [_slot_json(b) for b in lecturer.busy],
            }
            for lecturer in problem.lecturers
        ],
        "venues": [
            {
                "id": v.id,
                "name": v.name,
                "open_weekdays": list(v.open_weekdays),
                "capacity": v.capacity,
                "busy": [_slot_json(b) for b in v.busy],
            }
            for v in problem.venues
        ],
    }


def result_to_dict(result: Result) -> dict:
    return {
        "format": RESULT_FORMAT,
        "status": result.status,
        "objective": result.objective,
        "bound": result.bound,
        "gap": result.gap,
        "wall_s": result.wall_s,
        "first_feasible_s": result.first_feasible_s,
        "assignments": [
            {"session_id": a.session_id, "date": a.date.isoformat(), "part": a.part, "venue_id": a.venue_id}
            for a in result.assignments
        ],
        "module_first_days": {mid: day.isoformat() for mid, day in result.module_first_days.items()},
        "unmet_soft_goals": [
            {
                "code": g.code,
                "course_id": g.course_id,
                "cost": g.cost,
                "message": g.message,
                "params": g.params,
                "session_ids": list(g.session_ids),
            }
            for g in result.unmet_soft_goals
        ],
        "explanation": [
            {
                "code": c.code,
                "message": c.message,
                "params": c.params,
                "requirements": [
                    {"kind": r.kind, "subject": r.subject, "message": r.message, "params": r.params}
                    for r in c.requirements
                ],
                "minimal": c.minimal,
                "source": c.source,
            }
            for c in result.explanation
        ],
        "goal_costs": dict(result.goal_costs),
        "warnings": [dict(w) for w in result.warnings],
        "stats": result.stats,
    }


def dumps_result(result: Result, *, indent: int | None = 2) -> str:
    return json.dumps(result_to_dict(result), indent=indent, ensure_ascii=False)
