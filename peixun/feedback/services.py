"""Every change to feedback and follow-up goes through these functions.

Each one is atomic, checks the rules and records an audit row in the same transaction. The reminders
are the exception that proves it: each owner's e-mail is sent inside their transaction, before the
reminder is recorded, so that a message that could not be sent is not recorded as sent. Audit rows of
feedback are not tied to the course, so the course's history (which the academy's coordinators read)
never shows who answered.
"""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.core.audit import diff, record_event, snapshot
from peixun.core.mail import bilingual_message
from peixun.core.models import User
from peixun.courses.models import Session
from peixun.curriculum.models import Topic
from peixun.people.models import Lecturer, Official, Organisation

from .models import RATINGS, Evaluation, FollowUp
from .selectors import ACTIVE_FOLLOW_UP_STATES, feedback_sessions, official_of, rating_refusal, staff_users

#: A follow-up asked for in a feedback form is due this many days later.
FOLLOW_UP_DAYS = 14
#: Owners are reminded of follow-ups due within this many days, and of overdue ones.
REMIND_DAYS_AHEAD = 3
COMMENT_MAX = 2000

FOLLOW_UP_FIELDS = ("official", "session", "lecturer", "partner", "topic", "owner", "due", "state", "notes")
CHANGEABLE_FIELDS = ("owner", "due", "state", "notes")


class AlreadyAnswered(ValidationError):
    """The official has already given feedback on this session."""


def already_answered_message(session: Session) -> str:
    return _("You have already given feedback on “%(session)s”. Thank you! Answers cannot be changed.") % {
        "session": session
    }


# Feedback ---------------------------------------------------------------------------------------------


def _clean_answers(answers: Mapping[str, object]) -> dict[str, int]:
    fields = [name for name, _label in RATINGS]
    unknown = set(answers) - set(fields)
    if unknown:
        raise TypeError(f"submit_evaluation() got unknown questions {sorted(unknown)!r}")
    errors, cleaned = {}, {}
    for name, label in RATINGS:
        value = answers.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = _("Choose a number from 1 to 5 for “%(question)s”.") % {"question": label}
        else:
            cleaned[name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def submit_evaluation(
    *,
    actor: User,
    session: Session,
    answers: Mapping[str, int],
    comment: str = "",
    wants_follow_up: bool = False,
    name_shared_with_lecturer: bool = False,
    now: datetime.datetime | None = None,
) -> Evaluation:
    """An official's feedback on a session they took part in, once, while feedback on it is open at
    ``now``; a ticked follow-up becomes a task. The lecturer sees who asked to follow up only if
    ``name_shared_with_lecturer`` (which means nothing without a follow-up)."""
    name_shared_with_lecturer = bool(wants_follow_up and name_shared_with_lecturer)
    now = now or timezone.now()
    official = official_of(actor)
    if official is None:
        raise PermissionDenied(
            _("Session feedback is given by officials, from a login linked to their official's record.")
        )
    session = (
        feedback_sessions(official).select_related("course__academy", "module", "sponsor").filter(pk=session.pk).first()
    )
    if session is None:
        raise PermissionDenied(_("You can give feedback only on sessions of courses you take part in."))
    refusal = rating_refusal(session, now)
    if refusal:
        raise PermissionDenied(refusal)
    if session.rated:
        raise AlreadyAnswered(already_answered_message(session))
    cleaned = _clean_answers(answers)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise ValidationError(
            {"comment": _("A comment can be at most %(max)s characters long.") % {"max": COMMENT_MAX}}
        )
    try:
        with transaction.atomic():
            evaluation = Evaluation.objects.create(
                session=session,
                official=official,
                comment=comment,
                wants_follow_up=wants_follow_up,
                name_shared_with_lecturer=name_shared_with_lecturer,
                submitted_at=now,
                **cleaned,
            )
    except IntegrityError:
        # The same form sent twice at the same moment: the other one was saved.
        raise AlreadyAnswered(already_answered_message(session)) from None
    record_event(
        actor=actor,
        action="evaluation.submitted",
        instance=evaluation,
        changes={
            name: [None, value]
            for name, value in (
                cleaned | {"wants_follow_up": wants_follow_up, "name_shared_with_lecturer": name_shared_with_lecturer}
            ).items()
        },
    )
    if wants_follow_up:
        lecturer_id = session.lecturer_slots.order_by("pk").values_list("lecturer_id", flat=True).first()
        topic = session.module.topics.order_by("order", "slug").first() if session.module_id else None
        create_follow_up(
            actor=actor,
            official=official,
            evaluation=evaluation,
            session=session,
            lecturer=Lecturer.objects.filter(pk=lecturer_id).first() if lecturer_id else None,
            partner=session.sponsor,
            topic=topic,
            due=timezone.localdate(now) + datetime.timedelta(days=FOLLOW_UP_DAYS),
        )
    return evaluation


# Follow-up ------------------------------------------------------------------------------------------


def _check_owner(owner: User | None) -> None:
    if owner is not None and not staff_users().filter(pk=owner.pk).exists():
        raise ValidationError(
            {"owner": _("%(user)s is not programme staff: only staff own follow-ups.") % {"user": owner}}
        )


@transaction.atomic
def create_follow_up(
    *,
    actor: User | None,
    official: Official,
    session: Session | None = None,
    lecturer: Lecturer | None = None,
    partner: Organisation | None = None,
    topic: Topic | None = None,
    owner: User | None = None,
    due: datetime.date | None = None,
    notes: str = "",
    evaluation: Evaluation | None = None,
) -> FollowUp:
    """A follow-up with an official: from their feedback form, or added by programme staff."""
    _check_owner(owner)
    follow_up = FollowUp.objects.create(
        official=official,
        evaluation=evaluation,
        session=session,
        lecturer=lecturer,
        partner=partner,
        topic=topic,
        owner=owner,
        due=due,
        state=FollowUp.State.OPEN,
        notes=(notes or "").strip(),
    )
    record_event(
        actor=actor,
        action="follow_up.created" if evaluation is None else "follow_up.requested",
        instance=follow_up,
        changes={
            name: [None, value] for name, value in _readable_snapshot(follow_up, FOLLOW_UP_FIELDS).items() if value
        },
    )
    return follow_up


@transaction.atomic
def update_follow_up(*, actor: User, follow_up: FollowUp, **fields) -> FollowUp:
    """Change a follow-up's owner, due date, state or notes; the old and new values are audited."""
    for name in fields:
        if name not in CHANGEABLE_FIELDS:
            raise TypeError(f"update_follow_up() got an unexpected field {name!r}")
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if "state" in fields and fields["state"] not in FollowUp.State.values:
        raise ValidationError({"state": _("“%(state)s” is not a follow-up state.") % {"state": fields["state"]}})
    if "owner" in fields:
        _check_owner(fields["owner"])
    if "notes" in fields:
        fields["notes"] = (fields["notes"] or "").strip()
    before = _readable_snapshot(follow_up, CHANGEABLE_FIELDS)
    for name, value in fields.items():
        setattr(follow_up, name, value)
    changes = diff(before, _readable_snapshot(follow_up, CHANGEABLE_FIELDS))
    if changes:
        follow_up.save()
        record_event(actor=actor, action="follow_up.changed", instance=follow_up, changes=changes)
    return follow_up


def _readable_snapshot(follow_up: FollowUp, fields) -> dict:
    """The audited values: people by name rather than by login."""
    values = snapshot(follow_up, fields)
    if "owner" in values and follow_up.owner is not None:
        values["owner"] = str(follow_up.owner)
    return values


# Reminders ---------------------------------------------------------------------------------------------


@dataclass
class Reminder:
    """The e-mail to one owner: their follow-ups due soon or overdue."""

    owner: User
    follow_ups: list[FollowUp]
    subject: str = ""
    body: str = ""
    error: str = ""


@dataclass
class ReminderRun:
    """What a run of the reminders did (or, in a dry run, would do)."""

    sent: list[Reminder] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)
    without_email: list[User] = field(default_factory=list)


def _local_midnight(moment: datetime.datetime) -> datetime.datetime:
    day = timezone.localtime(moment).date()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def follow_ups_to_remind(*, as_of: datetime.date, now: datetime.datetime):
    """Open and in-progress follow-ups with an owner, due within :data:`REMIND_DAYS_AHEAD` days of ``as_of``
    or overdue, whose owner was not reminded of them yet on the day of ``now``."""
    return (
        FollowUp.objects.filter(
            state__in=ACTIVE_FOLLOW_UP_STATES,
            owner__isnull=False,
            owner__is_active=True,
            due__isnull=False,
            due__lte=as_of + datetime.timedelta(days=REMIND_DAYS_AHEAD),
        )
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=_local_midnight(now)))
        .select_related("owner", "official", "lecturer", "topic", "partner", "session")
        .order_by("owner_id", "due", "pk")
    )


def _compose(reminder: Reminder, *, as_of: datetime.date, base_url: str) -> Reminder:
    context = {"owner": reminder.owner, "follow_ups": reminder.follow_ups, "as_of": as_of, "base_url": base_url}
    reminder.subject, reminder.body = bilingual_message("email/follow_up_reminder.txt", context)
    return reminder


def remind_follow_up_owners(
    *,
    actor: User | None = None,
    as_of: datetime.date | None = None,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    base_url: str = "",
) -> ReminderRun:
    """E-mail each owner, Chinese first, the follow-ups they should act on, at most once a day per follow-up.

    ``as_of`` (default: today) decides what is due; "once a day" is the calendar day of ``now``, so a
    run for a missed day does not remind again what today's run already did. Each owner is handled in
    a transaction of their own: their follow-ups are locked, the e-mail is sent, then ``reminded_at``
    is set and audited. A message that cannot be sent leaves nothing recorded (it is tried again on
    the next run) and does not stop the others. A dry run writes and sends nothing."""
    now = now or timezone.now()
    as_of = as_of or timezone.localtime(now).date()
    base_url = base_url.rstrip("/")
    by_owner: dict[int, Reminder] = {}
    for follow_up in follow_ups_to_remind(as_of=as_of, now=now):
        by_owner.setdefault(follow_up.owner_id, Reminder(owner=follow_up.owner, follow_ups=[])).follow_ups.append(
            follow_up
        )
    run = ReminderRun()
    for reminder in by_owner.values():
        if not reminder.owner.email:
            run.without_email.append(reminder.owner)
            continue
        if dry_run:
            run.sent.append(_compose(reminder, as_of=as_of, base_url=base_url))
            continue
        try:
            with transaction.atomic():
                locked = list(
                    follow_ups_to_remind(as_of=as_of, now=now)
                    .filter(owner=reminder.owner)
                    .select_for_update(of=("self",))
                )
                if not locked:  # another run reminded them in the meantime
                    continue
                reminder.follow_ups = locked
                _compose(reminder, as_of=as_of, base_url=base_url)
                send_mail(reminder.subject, reminder.body, settings.DEFAULT_FROM_EMAIL, [reminder.owner.email])
                for follow_up in locked:
                    before = follow_up.reminded_at
                    follow_up.reminded_at = now
                    follow_up.save(update_fields=["reminded_at", "updated_at"])
                    record_event(
                        actor=actor,
                        action="follow_up.reminded",
                        instance=follow_up,
                        changes={"reminded_at": [before, now]},
                    )
        except (smtplib.SMTPException, OSError) as error:
            reminder.error = str(error) or error.__class__.__name__
            run.failed.append(reminder)
        else:
            run.sent.append(reminder)
    return run
