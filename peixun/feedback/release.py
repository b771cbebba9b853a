"""When the answers on a session reach the people who read them without names.

Programme staff see every answer as it arrives, with its author. Everyone else who sees results (the
session's lecturers, the academy's coordinators) sees only the *released* answers, and every figure,
comment, count, follow-up and tile they see is computed from those alone, here and nowhere else:

- the answers on a session are released in batches of ``PEIXUN_FEEDBACK_RELEASE_BATCH`` (k, at least
  3, 3 by default) in the order they arrived: the first k together, then the next k, and so on;
- when the session's feedback window closes (``windows.py``), the answers still waiting are released
  too, provided there are at least :data:`MIN_ANONYMOUS_RESPONSES` of them; fewer (one or two after
  the last batch) are never shown to those readers, since they would be exactly the difference
  between two views of the page.

So two views of the same page, however often a reader reloads, differ by k answers or more, or by
what the window's closing released (again never fewer than three answers): no view minus another
isolates one answer. The readers see how many answers are waiting, which tells them that someone
answered but not what.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.functions import Mod, RowNumber
from django.db.models.lookups import GreaterThanOrEqual

from peixun.courses.models import Session

from .models import Evaluation
from .windows import feedback_window

#: People who do not see who answered see figures and comments only from this many answers on.
MIN_ANONYMOUS_RESPONSES = 3


def release_batch() -> int:
    """How many new answers on a session are released together (``PEIXUN_FEEDBACK_RELEASE_BATCH``)."""
    return settings.PEIXUN_FEEDBACK_RELEASE_BATCH


def released_count(answers: int, *, closed: bool, batch: int | None = None) -> int:
    """How many of a session's ``answers`` (in order of arrival) are released: whole batches, and at
    the window's closing the rest if there are at least :data:`MIN_ANONYMOUS_RESPONSES` of them."""
    batch = batch or release_batch()
    rest = answers % batch
    if closed and rest >= MIN_ANONYMOUS_RESPONSES:
        return answers
    return answers - rest


@dataclass(frozen=True)
class ClosedSessions:
    """Which sessions' feedback has closed: every session before ``before``, and those of ``ids``."""

    before: datetime.date
    ids: tuple[int, ...]

    def q(self, prefix: str = "") -> Q:
        """The condition on sessions, or with ``prefix`` on what leads to them ("session__")."""
        return Q(**{f"{prefix}date__lt": self.before}) | Q(**{f"{prefix}pk__in": self.ids})


def closed_sessions(sessions: QuerySet[Session], *, now: datetime.datetime) -> ClosedSessions:
    """Which of ``sessions`` have their feedback window closed at ``now``. One query.

    No academy's clock is more than a day from UTC, so sessions well before the window's length are
    closed and sessions well after are open; the few days in between are asked one by one."""
    utc = now.astimezone(datetime.UTC)
    days = datetime.timedelta(days=settings.PEIXUN_FEEDBACK_OPEN_DAYS)
    surely_closed_before = (utc - days - datetime.timedelta(days=2)).date()
    surely_open_after = (utc - days + datetime.timedelta(days=2)).date()
    borderline = Session.objects.filter(
        pk__in=sessions.values("pk"), date__gte=surely_closed_before, date__lte=surely_open_after
    ).select_related("course__academy")
    closed_ids = tuple(session.pk for session in borderline if feedback_window(session).has_closed(now))
    return ClosedSessions(before=surely_closed_before, ids=closed_ids)


def released_answers(
    sessions: QuerySet[Session], *, now: datetime.datetime, closed: ClosedSessions | None = None
) -> QuerySet[Evaluation]:
    """The released answers on ``sessions`` at ``now`` (see the module's rule). Two queries when used:
    the sessions near the window's end (unless ``closed`` tells already), then the answers, each ranked
    within its session in SQL."""
    batch = release_batch()
    closed = (closed or closed_sessions(sessions, now=now)).q("session__")
    answers = Window(Count("pk"), partition_by=[F("session_id")])
    whole_batches = answers - Mod(answers, Value(batch))
    ranked = (
        Evaluation.objects.filter(session__in=sessions.values("pk"))
        .annotate(
            position=Window(
                RowNumber(), partition_by=[F("session_id")], order_by=[F("submitted_at").asc(), F("pk").asc()]
            ),
            released_upto=Case(
                When(
                    closed,
                    then=Case(
                        When(
                            GreaterThanOrEqual(Mod(answers, Value(batch)), MIN_ANONYMOUS_RESPONSES),
                            then=answers,
                        ),
                        default=whole_batches,
                        output_field=IntegerField(),
                    ),
                ),
                default=whole_batches,
                output_field=IntegerField(),
            ),
        )
        .filter(position__lte=F("released_upto"))
    )
    return Evaluation.objects.filter(pk__in=ranked.values("pk"))


def visible_answers(sessions: QuerySet[Session], *, anonymous: bool, now: datetime.datetime) -> QuerySet[Evaluation]:
    """The answers on ``sessions`` a reader sees: all of them for those who see names, else the released."""
    if anonymous:
        return released_answers(sessions, now=now)
    return Evaluation.objects.filter(session__in=sessions.values("pk"))


@dataclass(frozen=True)
class Holding:
    """What of a session's answers a reader without names does not see yet, and why."""

    answers: int  # all the answers on the session
    released: int
    batch: int
    closes: datetime.datetime
    closed: bool

    @property
    def waiting(self) -> int:
        return self.answers - self.released

    @property
    def withheld_for_good(self) -> bool:
        """The window has closed with too few answers after the last batch to show them."""
        return self.closed and self.waiting > 0


def holding(session: Session, *, now: datetime.datetime) -> Holding:
    """How many answers on ``session`` wait for release at ``now``, of how many, and until when. One query."""
    window = feedback_window(session)
    answers = Evaluation.objects.filter(session=session).count()
    closed = window.has_closed(now)
    return Holding(
        answers=answers,
        released=released_count(answers, closed=closed),
        batch=release_batch(),
        closes=window.closes,
        closed=closed,
    )
