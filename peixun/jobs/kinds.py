"""The kinds of job: each a plain function ``(job, params, progress) -> result``, registered by name.

An app registers its kinds in its ``jobs.py`` (imported with the app, see ``apps.py``)::

    @register("timetables.build", title=_("Timetable build"))
    def build(job, params, progress):
        progress(0.5, "timetables.solving", {"course": params["course"]})
        ...
        return {"redirect": reverse(...)}

``progress(fraction, message, params)`` stores how far the job is and raises :class:`Cancelled` when
someone asked to cancel it, so the work stops at its next report. A function that refuses raises
:class:`JobError` with a message code (``wording.py``); any other exception is stored as an unexpected
error, and logged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Progress = Callable[..., None]
JobFunction = Callable[[Any, dict, Progress], dict | None]


class Cancelled(Exception):
    """Raised at a progress report once a cancel was asked for."""


class JobError(Exception):
    """A job's expected failure: a message code and its parameters, said in the reader's language."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Kind:
    name: str
    function: JobFunction
    title: object


_KINDS: dict[str, Kind] = {}


def register(name: str, *, title) -> Callable[[JobFunction], JobFunction]:
    def decorate(function: JobFunction) -> JobFunction:
        _KINDS[name] = Kind(name=name, function=function, title=title)
        return function

    return decorate


def get(name: str) -> Kind | None:
    return _KINDS.get(name)
