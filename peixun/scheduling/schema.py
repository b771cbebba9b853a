"""JSON Schemas (draft 2020-12) of the problem the command line reads and the result it prints.

docs/timetable-problem.schema.json is a copy of ``PROBLEM_SCHEMA`` (a test keeps them equal); the
package keeps its own so that it needs no file outside itself.
"""

from __future__ import annotations

from .problem import FORMATS, Weights

_ID = {"type": "string", "minLength": 1, "maxLength": 200}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "ISO date, YYYY-MM-DD"}
_PART = {"type": "integer", "enum": [1, 2, 3], "description": "1 morning, 2 afternoon, 3 evening"}
_WEEKDAY = {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 Monday ... 6 Sunday"}
_SLOT = {
    "type": "object",
    "additionalProperties": False,
    "required": ["date", "part"],
    "properties": {"date": _DATE, "part": _PART},
}
_WEEKDAYS = {"type": "array", "items": _WEEKDAY, "uniqueItems": True}

PROBLEM_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://peixun.example/schemas/timetable-problem.schema.json",
    "title": "Peixun timetable problem",
    "description": "Courses, lecturers and venues to timetable; see docs/timetable-format.md.",
    "type": "object",
    "additionalProperties": False,
    "required": ["courses"],
    "properties": {
        "format": {"const": "peixun-timetable-problem/1"},
        "seed": {"type": "integer", "minimum": 0, "maximum": 2147483647, "default": 0},
        "courses": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/course"}},
        "lecturers": {"type": "array", "items": {"$ref": "#/$defs/lecturer"}, "default": []},
        "venues": {"type": "array", "items": {"$ref": "#/$defs/venue"}, "default": []},
    },
    "$defs": {
        "slot": _SLOT,
        "course": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "title", "start", "end"],
            "properties": {
                "id": _ID,
                "title": {"type": "string"},
                "start": _DATE,
                "end": _DATE,
                "day_off": {"oneOf": [_WEEKDAY, {"type": "null"}], "default": 6},
                "capacity": {"type": "integer", "minimum": 1, "default": 55},
                "fixed_module_order": {"type": "boolean", "default": False},
                "max_class_hours_per_day": {
                    "oneOf": [{"type": "number", "minimum": 0, "maximum": 36}, {"type": "null"}],
                    "default": None,
                },
                "not_before": {"oneOf": [{"$ref": "#/$defs/slot"}, {"type": "null"}], "default": None},
                "weights": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        name: {"type": "integer", "minimum": 0, "maximum": 1000, "default": getattr(Weights(), name)}
                        for name in Weights.names()
                    },
                },
                "modules": {"type": "array", "items": {"$ref": "#/$defs/module"}, "default": []},
                "sessions": {"type": "array", "items": {"$ref": "#/$defs/session"}, "default": []},
                "groups": {"type": "array", "items": {"$ref": "#/$defs/group"}, "default": []},
            },
        },
        "group": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "session_ids"],
            "properties": {
                "id": _ID,
                "title": {"type": "string"},
                "session_ids": {"type": "array", "items": _ID, "minItems": 1, "uniqueItems": True},
                "spread_days": {"oneOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "default": None},
                "compact": {"type": "boolean", "default": False},
                "one_venue": {"type": "boolean", "default": False},
            },
        },
        "module": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "days"],
            "properties": {
                "id": _ID,
                "title": {"type": "string"},
                "days": {"type": "integer", "minimum": 2, "maximum": 6},
                "order": {"type": "integer", "default": 0},
                "first_day": {"oneOf": [_DATE, {"type": "null"}], "default": None},
                "begun": {"type": "boolean", "default": False},
            },
        },
        "session": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "format"],
            "properties": {
                "id": _ID,
                "title": {"type": "string"},
                "format": {"enum": list(FORMATS)},
                "class_hours": {"type": "number", "minimum": 0, "maximum": 12, "default": 0},
                "module_id": {"oneOf": [_ID, {"type": "null"}], "default": None},
                "lecturer_ids": {"type": "array", "items": _ID, "default": []},
                "venue_id": {"oneOf": [_ID, {"type": "null"}], "default": None},
                "venue_ids": {"type": "array", "items": _ID, "uniqueItems": True, "default": []},
                "venue_capacity": {"enum": ["hard", "soft"], "default": "hard"},
                "allowed_parts": {"type": "array", "items": _PART, "minItems": 1, "uniqueItems": True},
                "pinned": {"oneOf": [{"$ref": "#/$defs/slot"}, {"type": "null"}], "default": None},
                "held": {"type": "boolean", "default": False},
                "preferred_slots": {"type": "array", "items": {"$ref": "#/$defs/slot"}, "default": []},
            },
        },
        "lecturer": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "properties": {
                "id": _ID,
                "name": {"type": "string"},
                "visiting": {"type": "boolean", "default": False},
                "availability": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["start", "end"],
                        "properties": {"start": _DATE, "end": _DATE},
                    },
                    "default": [],
                },
                "preferred_weekdays": {**_WEEKDAYS, "default": []},
                "busy": {"type": "array", "items": {"$ref": "#/$defs/slot"}, "default": []},
            },
        },
        "venue": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id"],
            "properties": {
                "id": _ID,
                "name": {"type": "string"},
                "open_weekdays": {**_WEEKDAYS, "default": [0, 1, 2, 3, 4, 5, 6]},
                "capacity": {"type": "integer", "minimum": 0, "default": 1000},
                "busy": {"type": "array", "items": {"$ref": "#/$defs/slot"}, "default": []},
            },
        },
    },
}

_PARAMS = {"type": "object"}
RESULT_SCHEMA: dict = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Peixun timetable result",
    "type": "object",
    "required": [
        "status",
        "objective",
        "bound",
        "gap",
        "wall_s",
        "first_feasible_s",
        "assignments",
        "module_first_days",
        "unmet_soft_goals",
        "explanation",
    ],
    "properties": {
        "format": {"const": "peixun-timetable-result/1"},
        "status": {"enum": ["optimal", "feasible", "infeasible", "unknown"]},
        "objective": {"type": ["number", "null"]},
        "bound": {"type": ["number", "null"]},
        "gap": {"type": ["number", "null"]},
        "wall_s": {"type": "number"},
        "first_feasible_s": {"type": ["number", "null"]},
        "assignments": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["session_id", "date", "part"],
                "properties": {
                    "session_id": _ID,
                    "date": _DATE,
                    "part": _PART,
                    "venue_id": {"oneOf": [_ID, {"type": "null"}]},
                },
            },
        },
        "module_first_days": {"type": "object", "additionalProperties": _DATE},
        "unmet_soft_goals": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "course_id", "cost", "message", "params", "session_ids"],
                "properties": {
                    "code": {"enum": list(Weights.names())},
                    "course_id": _ID,
                    "cost": {"type": "number"},
                    "message": {"type": "string"},
                    "params": _PARAMS,
                    "session_ids": {"type": "array", "items": _ID},
                },
            },
        },
        "explanation": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["code", "message", "params", "requirements", "minimal", "source"],
                "properties": {
                    "code": {"type": "string"},
                    "message": {"type": "string"},
                    "params": _PARAMS,
                    "minimal": {"type": "boolean"},
                    "source": {"enum": ["precheck", "solver"]},
                    "requirements": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["kind", "subject", "message", "params"],
                            "properties": {
                                "kind": {"type": "string"},
                                "subject": _ID,
                                "message": {"type": "string"},
                                "params": _PARAMS,
                            },
                        },
                    },
                },
            },
        },
        "goal_costs": {
            "type": "object",
            "additionalProperties": False,
            "properties": {name: {"type": "number"} for name in Weights.names()},
        },
        "warnings": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["path", "message"],
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
            },
        },
        "stats": {"type": "object"},
    },
}
