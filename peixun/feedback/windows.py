"""When officials may give feedback on a session.

Feedback opens when the session begins (``Session.starts_at``, at its academy's clock) and stays open
``PEIXUN_FEEDBACK_OPEN_DAYS`` days (14 by default). The list of sessions to rate, the form and the
service all ask here; a refusal says when feedback opens, or that it closed and when, in the reader's
language and time zone.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from peixun.core import clock
from peixun.courses.models import Session


def feedback_window(session: Session) -> clock.Window:
    """From the moment the session begins, for ``PEIXUN_FEEDBACK_OPEN_DAYS`` days."""
    opens = session.starts_at
    return clock.Window(opens=opens, closes=opens + datetime.timedelta(days=settings.PEIXUN_FEEDBACK_OPEN_DAYS))


def feedback_refusal(session: Session, at: datetime.datetime) -> str | None:
    """Why nobody can give feedback on ``session`` at ``at`` (not begun, or too long ago), or None."""
    window = feedback_window(session)
    if not window.has_opened(at):
        return _("“%(session)s” has not begun yet: feedback on it opens at %(when)s.") % {
            "session": session,
            "when": clock.when(window.opens),
        }
    if window.has_closed(at):
        return _("Feedback on “%(session)s” closed at %(when)s.") % {
            "session": session,
            "when": clock.when(window.closes),
        }
    return None
