"""What the solver answers: a status, the timetable, the soft goals it could not meet, or why none exists."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN = "optimal", "feasible", "infeasible", "unknown"
STATUSES = (OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN)


@dataclass(frozen=True)
class Assignment:
    session_id: str
    date: datetime.date
    part: int
    #: The venue it uses: its fixed venue, or the alternative the engine chose (``None``: no venue).
    venue_id: str | None = None


@dataclass(frozen=True)
class UnmetGoal:
    """One soft goal that the timetable misses, and what it costs.

    ``code`` is the weight's name (``lecturer_trips``, ``daily_hours``...); ``cost`` is in points,
    weight included; ``params`` holds every value the message uses, so it can be rendered again in
    another language.
    """

    code: str
    course_id: str
    cost: float
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    session_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """One hard requirement that an explanation blames: its ``kind``, the thing it belongs to (``subject``
    is the id of the lecturer, venue, session, module or course) and a sentence saying what it demands."""

    kind: str
    subject: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)
    #: The engine's own name of the requirement group (``("availability", "L1")``), to check it again.
    key: tuple = field(default=(), compare=False, repr=False)


@dataclass(frozen=True)
class Conflict:
    """Requirements that cannot all hold at once, diagnosed: a stable ``code``, the ``params`` the
    English ``message`` is built from, and the ``requirements`` involved (each of them needed: drop any
    one and the rest can be met, as far as the solver could tell in its time; ``minimal`` says so)."""

    code: str
    message: str
    params: dict[str, Any]
    requirements: tuple[Requirement, ...]
    minimal: bool = True
    source: str = "solver"  # "precheck" (a direct count or lookup) or "solver" (assumptions and deletion filter)

    @property
    def keys(self) -> list[tuple]:
        return [r.key for r in self.requirements]


@dataclass(frozen=True)
class Improvement:
    """A complete timetable better than the last one the engine reported, while it is still searching
    (``solve(..., progress=...)``): its objective and the bound proven so far, in points."""

    objective: float
    bound: float
    elapsed_s: float
    #: the search phase that found it (``first_timetable``, ``first_pass``, ``lns``...)
    phase: str
    assignments: tuple[Assignment, ...] = ()
    module_first_days: dict[str, datetime.date] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        return 0.0 if self.objective == self.bound else round((self.objective - self.bound) / max(self.objective, 1), 6)


@dataclass(frozen=True)
class Result:
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    wall_s: float = 0.0
    first_feasible_s: float | None = None
    assignments: tuple[Assignment, ...] = ()
    module_first_days: dict[str, datetime.date] = field(default_factory=dict)
    unmet_soft_goals: tuple[UnmetGoal, ...] = ()
    explanation: tuple[Conflict, ...] = ()
    #: Points per soft goal of the returned timetable (every weight's name), computed by the checker.
    goal_costs: dict[str, float] = field(default_factory=dict)
    #: What the problem allows but cannot fully meet, as ``{"path", "message"}`` (a group asked to spread
    #: over more days than it can use).
    warnings: tuple[dict[str, str], ...] = ()
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def has_timetable(self) -> bool:
        return self.status in (OPTIMAL, FEASIBLE)

    def slots(self) -> dict[str, tuple[datetime.date, int]]:
        return {a.session_id: (a.date, a.part) for a in self.assignments}

    def venues(self) -> dict[str, str]:
        """The venue of every session that has one."""
        return {a.session_id: a.venue_id for a in self.assignments if a.venue_id is not None}
