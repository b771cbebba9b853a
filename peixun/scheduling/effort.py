"""CP-SAT's work in one :func:`~peixun.scheduling.solver.solve` call, summed over every CP-SAT solve.

CP-SAT counts its *deterministic time*: units of work (about a second of one core each) that do not
depend on the machine's load or on how many workers share a core. Summed over a whole call it says
how much the engine did, where wall-clock seconds say how busy the machine was (bench/timetable.py
compares it with bench/timetable_reference.json). ``measured()`` opens a tally for the current
context; ``record(solver)`` after each solve adds to it (a no-op outside ``measured``). Threads
started inside must run in a copy of the caller's context (``contextvars.copy_context``).
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
from dataclasses import dataclass, field


@dataclass
class Effort:
    deterministic_time: float = 0.0
    solves: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, solver) -> None:
        with self._lock:
            self.deterministic_time += solver.deterministic_time
            self.solves += 1


_current: contextvars.ContextVar[Effort | None] = contextvars.ContextVar("cpsat_effort", default=None)


def record(solver) -> None:
    """Add a finished CP-SAT solve (a ``cp_model.CpSolver``) to the open tally, if any."""
    effort = _current.get()
    if effort is not None:
        effort.add(solver)


@contextlib.contextmanager
def measured():
    effort = Effort()
    token = _current.set(effort)
    try:
        yield effort
    finally:
        _current.reset(token)
