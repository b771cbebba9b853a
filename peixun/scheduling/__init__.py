"""Timetables that build themselves: the course and portfolio solver (no Django here).

Plain dataclasses in (:class:`Problem`) and out (:class:`Result`); OR-Tools CP-SAT inside, imported
only when :func:`solve` runs. docs/timetable-format.md describes the rules, the soft goals and the
JSON format; ``python -m peixun.scheduling solve PROBLEM.json`` runs it from the command line.
"""

from __future__ import annotations

from .objective import objective_of, unmet_goals
from .problem import (
    DEFAULT_ALLOWED_PARTS,
    FORMATS,
    PARTS,
    Course,
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
from .result import Assignment, Conflict, Requirement, Result, UnmetGoal
from .validate import Violation, check_timetable

__all__ = [
    "DEFAULT_ALLOWED_PARTS",
    "FORMATS",
    "PARTS",
    "Assignment",
    "Conflict",
    "Course",
    "Lecturer",
    "Module",
    "Problem",
    "ProblemError",
    "Requirement",
    "Result",
    "Session",
    "Slot",
    "UnmetGoal",
    "Venue",
    "Violation",
    "Weights",
    "Window",
    "check_timetable",
    "objective_of",
    "solve",
    "unmet_goals",
    "validate_problem",
]


def solve(problem: Problem, **options) -> Result:
    """Solve ``problem``; see :func:`peixun.scheduling.solver.solve` for the options."""
    from .solver import solve as _solve

    return _solve(problem, **options)
