"""Reads for feedback and follow-up, scoped to what each user may see.

Who may rate a session
    An official rates the sessions of the courses where their enrolment is confirmed or completed,
    from the moment the session begins, for ``PEIXUN_FEEDBACK_OPEN_DAYS`` days (``windows.py``). If
    attendance was taken for the session (anyone at all was marked, by roll call or self check-in), only
    the officials marked present or late may rate it: someone marked absent or excused, or left
    unmarked while others checked in, was not in the room. If no attendance was taken (a dinner, or a
    roll call not yet entered), every confirmed official may rate it.

Who sees what of the answers
    Programme staff see who answered what (they follow up). Everyone else who sees results (the
    academy's coordinators, the session's lecturers) sees them only in aggregate, never a name, only
    the answers released in batches (``release.py``), and only from :data:`MIN_ANONYMOUS_RESPONSES`
    answers on: below that, averages and comments are withheld, since with one or two answers a figure
    or a comment points at a person. A lecturer sees who asked to follow up only if the official chose
    to share their name with the lecturer on the form.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.attendance.enums import CREDITED_STATUSES
from peixun.attendance.models import Attendance
from peixun.core.enums import Role
from peixun.core.i18n import pick
from peixun.core.models import User
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment, Session
from peixun.people.models import Lecturer, Official

from .models import RATINGS, Evaluation, FollowUp
from .release import MIN_ANONYMOUS_RESPONSES, closed_sessions, released_answers
from .windows import feedback_refusal, feedback_window

#: Enrolments whose officials give feedback on the course's sessions.
FEEDBACK_STATUSES = (EnrolmentStatus.CONFIRMED, EnrolmentStatus.COMPLETED)

#: Follow-ups still to be done.
ACTIVE_FOLLOW_UP_STATES = (FollowUp.State.OPEN, FollowUp.State.IN_PROGRESS)


# Who is who ---------------------------------------------------------------------------------------


def official_of(user) -> Official | None:
    """The official an official's login belongs to, or None."""
    if not (user.is_authenticated and user.is_active and user.role == Role.OFFICIAL):
        return None
    return getattr(user, "official", None)


def lecturer_of(user) -> Lecturer | None:
    """The lecturer a lecturer's login belongs to, or None."""
    if not (user.is_authenticated and user.is_active and user.role == Role.LECTURER):
        return None
    return getattr(user, "lecturer", None)


def staff_users() -> QuerySet[User]:
    """The people who may own a follow-up: active programme staff."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.STAFF) | Q(is_superuser=True))
        .order_by("first_name", "last_name", "username")
    )


# Sessions an official rates ----------------------------------------------------------------------


def feedback_sessions(official: Official) -> QuerySet[Session]:
    """The sessions of the courses the official takes part in, each marked with what rating depends on:
    ``rated`` (they answered already), ``roll_taken`` (attendance was taken) and ``attended``."""
    courses = Enrolment.objects.filter(official=official, status__in=FEEDBACK_STATUSES).values("course_id")
    return Session.objects.filter(course_id__in=courses).annotate(
        rated=Exists(Evaluation.objects.filter(session=OuterRef("pk"), official=official)),
        roll_taken=Exists(Attendance.objects.filter(session=OuterRef("pk"))),
        attended=Exists(
            Attendance.objects.filter(session=OuterRef("pk"), official=official, status__in=CREDITED_STATUSES)
        ),
    )


def rating_refusal(session: Session, now: datetime.datetime) -> str | None:
    """Why the official cannot rate this session (one of :func:`feedback_sessions`) at ``now``, or None
    if they can: feedback is not open yet or any more, or the attendance shows them absent.

    Having answered already is not a refusal: the form says so politely instead."""
    refusal = feedback_refusal(session, now)
    if refusal:
        return refusal
    if session.roll_taken and not session.attended:
        return _(
            "The attendance of “%(session)s” does not show you as present, so you cannot give feedback on it. "
            "If this is a mistake, ask the course coordinator to correct your attendance."
        ) % {"session": session}
    return None


#: Sessions that begin within this time are listed as coming, with when their feedback opens.
COMING_WITHIN = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class OfficialSessions:
    to_rate: list[Session]  # begun, feedback open and not answered: newest first
    done: list[Session]  # answered: newest first
    coming: list[Session] = field(default_factory=list)  # beginning within COMING_WITHIN: soonest first


def sessions_for_official(official: Official, now: datetime.datetime) -> OfficialSessions:
    """The sessions the official may rate at ``now``, those they rated, and those about to begin, whose
    feedback is not open yet. Two queries."""
    utc = now.astimezone(datetime.UTC)
    # No academy's clock is more than a day away from UTC: the dates bound what may be open or coming.
    latest = (utc + COMING_WITHIN + datetime.timedelta(days=1)).date()
    earliest = (utc - datetime.timedelta(days=settings.PEIXUN_FEEDBACK_OPEN_DAYS + 1)).date()
    sessions = (
        feedback_sessions(official)
        .filter(Q(rated=True) | Q(date__gte=earliest), date__lte=latest)
        .select_related("course__academy")
        .prefetch_related("lecturers")
        .order_by("-date", "-part_of_day", "-pk")
    )
    to_rate, done, coming = [], [], []
    for session in sessions:
        if session.rated:
            done.append(session)
        elif not feedback_window(session).has_opened(now):
            if session.starts_at <= now + COMING_WITHIN:
                session.feedback_opens = feedback_window(session).opens
                coming.append(session)
        elif rating_refusal(session, now) is None:
            to_rate.append(session)
    coming.sort(key=lambda session: session.starts_at)
    return OfficialSessions(to_rate=to_rate, done=done, coming=coming)


# Sessions whose results a user sees ---------------------------------------------------------------


def result_sessions(user) -> QuerySet[Session]:
    """The sessions whose feedback results the user may see: every session for programme staff, their
    academy's for a coordinator, their own for a lecturer, none for anyone else."""
    sessions = Session.objects.select_related("course__academy", "module", "sponsor")
    if not user.is_authenticated or not user.is_active:
        return sessions.none()
    if user.is_programme_staff:
        return sessions
    if user.role == Role.COORDINATOR:
        return sessions.filter(course__academy_id=user.academy_id)
    lecturer = lecturer_of(user)
    if lecturer is not None:
        return sessions.filter(pk__in=lecturer.slots.values("session_id"))
    return sessions.none()


def sees_respondents(user) -> bool:
    """Whether the user sees who answered: only programme staff, who follow up with them."""
    return bool(user.is_authenticated and user.is_programme_staff)


@dataclass(frozen=True)
class Response:
    """One official's answers, as programme staff see them."""

    official_id: int
    name: str
    unit: str
    ratings: list[int]
    comment: str
    wants_follow_up: bool
    follow_up_id: int | None
    submitted_at: datetime.datetime


def responses(session: Session) -> list[Response]:
    """Who answered what on a session, by name: for programme staff only. One query."""
    fields = [field for field, _label in RATINGS]
    rows = (
        Evaluation.objects.filter(session=session)
        .order_by("official__search_key", "pk")
        .values_list(
            "official_id",
            "official__name_zh",
            "official__name_pinyin",
            "official__sending_unit__name_en",
            "official__sending_unit__name_zh",
            "comment",
            "wants_follow_up",
            "follow_up__pk",
            "submitted_at",
            *fields,
        )
    )
    result = []
    for official_id, name_zh, pinyin, unit_en, unit_zh, comment, wants, follow_up_id, at, *ratings in rows:
        result.append(
            Response(
                official_id=official_id,
                name=f"{name_zh} ({pinyin})" if pinyin else name_zh,
                unit=pick(unit_en, unit_zh),
                ratings=list(ratings),
                comment=comment,
                wants_follow_up=wants,
                follow_up_id=follow_up_id,
                submitted_at=at,
            )
        )
    return result


def anonymous_comments(session: Session, *, now: datetime.datetime | None = None) -> list[str]:
    """A session's released comments in alphabetical order, with nothing that ties them to a person or a time.

    Empty below :data:`MIN_ANONYMOUS_RESPONSES` released answers."""
    answers = released_answers(Session.objects.filter(pk=session.pk), now=now or timezone.now())
    if answers.count() < MIN_ANONYMOUS_RESPONSES:
        return []
    return list(answers.exclude(comment="").order_by("comment").values_list("comment", flat=True))


# Follow-up ----------------------------------------------------------------------------------------


def visible_follow_ups(user) -> QuerySet[FollowUp]:
    """Follow-ups a user may open and change: all of them for programme staff, none for anyone else."""
    follow_ups = FollowUp.objects.select_related(
        "official__sending_unit", "official__jurisdiction", "owner", "lecturer", "partner", "topic", "session__course"
    )
    if user.is_authenticated and user.is_programme_staff:
        return follow_ups
    return follow_ups.none()


def follow_ups_for_official(user, official: Official) -> QuerySet[FollowUp]:
    """An official's follow-up history as ``user`` may see it, newest first.

    Programme staff see every follow-up; the official sees their own; nobody else sees any."""
    follow_ups = FollowUp.objects.filter(official=official).select_related(
        "owner", "lecturer", "partner", "topic", "session__course"
    )
    if not user.is_authenticated or not user.is_active:
        return follow_ups.none()
    if user.is_programme_staff:
        return follow_ups.order_by("-created_at", "-pk")
    if official.user_id is not None and official.user_id == user.pk:
        return follow_ups.order_by("-created_at", "-pk")
    return follow_ups.none()


def lecturer_follow_up_set(lecturer: Lecturer, *, now: datetime.datetime | None = None) -> QuerySet[FollowUp]:
    """The follow-ups a lecturer sees: those concerning them that staff added by hand, and those asked for
    in feedback once that answer is released (``release.py``), so that a follow-up never appears on its
    own right after an answer. An official who shared their name with the lecturer is listed when the
    session's feedback closes at the latest, even if their answer is among the few never released."""
    now = now or timezone.now()
    mine = FollowUp.objects.filter(lecturer=lecturer)
    sessions = Session.objects.filter(pk__in=mine.filter(evaluation__isnull=False).values("evaluation__session_id"))
    closed = closed_sessions(sessions, now=now)
    released = released_answers(sessions, now=now, closed=closed)
    return mine.filter(
        Q(evaluation__isnull=True)
        | Q(evaluation__in=released)
        | (Q(evaluation__name_shared_with_lecturer=True) & closed.q("evaluation__session__"))
    )


@dataclass(frozen=True)
class LecturerFollowUp:
    """A follow-up as its lecturer sees it: who (name, title and unit, only if the official chose on the
    feedback form to share their name with the lecturer, or programme staff added the follow-up by hand
    for that lecturer; never contact details), on what, and how far."""

    name_shared: bool
    name_zh: str
    name_pinyin: str
    title: str
    unit: str
    topic: str
    session: str
    session_date: datetime.date | None
    state: str
    state_label: str
    due: datetime.date | None
    owner: str

    @property
    def name(self) -> str:
        return f"{self.name_zh} ({self.name_pinyin})" if self.name_pinyin else self.name_zh


def lecturer_follow_ups(lecturer: Lecturer, *, now: datetime.datetime | None = None) -> list[LecturerFollowUp]:
    """The follow-ups a lecturer sees (:func:`lecturer_follow_up_set`), the ones still to do first. Read as
    plain rows so that nothing but the fields listed here (no phone, e-mail or staff notes, and no name,
    title or unit unless the official shared their name with the lecturer) reaches the page."""
    rows = (
        lecturer_follow_up_set(lecturer, now=now)
        .order_by("due", "pk")
        .values_list(
            # Added by hand (no answer behind it): staff chose to bring the lecturer and the official together.
            Coalesce("evaluation__name_shared_with_lecturer", Value(True), output_field=BooleanField()),
            "official__name_zh",
            "official__name_pinyin",
            "official__title_en",
            "official__title_zh",
            "official__sending_unit__name_en",
            "official__sending_unit__name_zh",
            "topic__name_en",
            "topic__name_zh",
            "session__title_en",
            "session__title_zh",
            "session__date",
            "state",
            "due",
            "owner__first_name",
            "owner__last_name",
            "owner__username",
        )
    )
    labels = dict(FollowUp.State.choices)
    result = [
        LecturerFollowUp(
            name_shared=bool(shared),
            name_zh=name_zh if shared else "",
            name_pinyin=pinyin if shared else "",
            title=pick(title_en, title_zh) if shared else "",
            unit=pick(unit_en, unit_zh) if shared else "",
            topic=pick(topic_en or "", topic_zh or ""),
            session=pick(session_en or "", session_zh or ""),
            session_date=session_date,
            state=state,
            state_label=str(labels[state]),
            due=due,
            owner=f"{first or ''} {last or ''}".strip() or (username or ""),
        )
        for (
            shared,
            name_zh,
            pinyin,
            title_en,
            title_zh,
            unit_en,
            unit_zh,
            topic_en,
            topic_zh,
            session_en,
            session_zh,
            session_date,
            state,
            due,
            first,
            last,
            username,
        ) in rows
    ]
    return sorted(result, key=lambda row: row.state not in ACTIVE_FOLLOW_UP_STATES)
