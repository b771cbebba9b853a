"""When officials may check in to a session, and when its class hours are credited.

Check-in opens ``PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE`` minutes (30 by default) before the session
begins and closes when it ends, by the session's clock times at its academy (``Session.starts_at``,
``Session.ends_at``). The class hours of those marked present or late are credited once the session
has ended. The services, the check-in pages, the classroom screen and the roll call all ask here, and
a refusal says when check-in opens (or that it closed, and when) in the reader's language and time zone.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils.translation import gettext as _

from peixun.core import clock
from peixun.courses.models import Session


def checkin_window(session: Session) -> clock.Window:
    """From ``PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE`` minutes before the session begins until it ends."""
    before = datetime.timedelta(minutes=settings.PEIXUN_CHECKIN_OPENS_MINUTES_BEFORE)
    return clock.Window(opens=session.starts_at.astimezone(datetime.UTC) - before, closes=session.ends_at)


def checkin_refusal(session: Session, at: datetime.datetime) -> str | None:
    """Why an official cannot check in to ``session`` at ``at`` (not yet open, or closed), or None."""
    window = checkin_window(session)
    if not window.has_opened(at):
        return _("Check-in for “%(session)s” opens at %(when)s.") % {
            "session": session,
            "when": clock.when(window.opens),
        }
    if window.has_closed(at):
        return _(
            "Check-in for “%(session)s” closed at %(when)s, when the session ended. If you attended it, "
            "ask the course coordinator to mark you present in the roll call."
        ) % {"session": session, "when": clock.when(window.closes)}
    return None


def has_ended(session: Session, at: datetime.datetime) -> bool:
    """Whether the session is over at ``at``: from then on its class hours are credited."""
    return at.astimezone(datetime.UTC) >= session.ends_at.astimezone(datetime.UTC)
