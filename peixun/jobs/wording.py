"""What a job's progress and errors say, in the active language: message codes to sentences.

A job stores codes and parameters; each app adds the sentences of its codes here through
:func:`add_messages`, so the status page says them in its reader's language. An unknown code is
shown as a neutral sentence, never as the code or a traceback.
"""

from __future__ import annotations

import contextlib

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import kinds

_MESSAGES: dict[str, object] = {
    "jobs.working": _("Working…"),
    "jobs.started": _("Started."),
    "jobs.step": _("Step %(step)s of %(steps)s."),
    "jobs.unexpected": _("Something went wrong on the server. The error was recorded; please try again later."),
    "jobs.unknown_kind": _("Peixun no longer knows how to do this work."),
    "jobs.interrupted": _("The work was interrupted too often and was stopped."),
    "jobs.time_limit": _("The work took too long and was stopped."),
}


def add_messages(messages: dict[str, object]) -> None:
    _MESSAGES.update(messages)


def say(code: str, params: dict | None = None, *, unknown: str = "jobs.working") -> str:
    """The sentence of ``code`` with ``params``; a code nobody added reads as ``unknown``'s sentence."""
    if not code:
        return ""
    template = _MESSAGES.get(code) or _MESSAGES[unknown]
    try:
        return str(template) % (params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def title(job) -> str:
    kind = kinds.get(job.kind)
    return str(kind.title) if kind is not None else gettext("Background work")


def starters_language(job):
    """Run the work in the language of whoever started it (files it writes, sentences from other
    layers it keeps); with no chosen language, in the language already active."""
    language = getattr(job.started_by, "language", "") if job.started_by_id else ""
    return translation.override(language) if language else contextlib.nullcontext()
