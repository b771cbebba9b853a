"""Building timetables with the engine, and accepting, discarding or restoring what it proposes; an
accepted proposal becomes one ``TimetablePlan`` per course, written by ``courses.services.apply_timetables``."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.api import webhooks
from peixun.api.models import WebhookEvent
from peixun.core.audit import record_event
from peixun.core.models import AuditEvent, User
from peixun.courses.models import Course
from peixun.courses.services import apply_timetables
from peixun.scheduling.problem import ProblemError
from peixun.scheduling.result import INFEASIBLE, Improvement, Result
from peixun.scheduling.solver import solve

from .adapter import build_problem, is_new, outline_key, outline_of, placement_of
from .models import TimetableProposal
from .selectors import BUILD_TOKEN, progress_key

#: Seconds the engine may take when a person waits for it on the page.
DEFAULT_TIME_LIMIT = 10.0
MAX_TIME_LIMIT = 60.0


@dataclass(frozen=True)
class TimetablePlan:
    """Where a course's modules start and its sessions go: session id → (date, part of day).

    Written by :func:`peixun.courses.services.apply_timetables`, the one door for whole timetables."""

    course: Course
    module_first_days: dict[int, datetime.date]
    placements: dict[int, tuple[datetime.date, int]]
    #: (course module id, outline session id) → slot: sessions to create from the module's outline
    new_sessions: dict[tuple[int, int], tuple[datetime.date, int]] = field(default_factory=dict)
    #: (course module id, outline session id) → venue id the timetable chose among the outline's venues
    new_session_venues: dict[tuple[int, int], int] = field(default_factory=dict)


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def outcome_of(result: Result) -> dict:
    """The engine's answer as JSON, without the timetable itself (stored apart)."""
    data = dataclasses.asdict(result)
    data.pop("assignments")
    data.pop("module_first_days")
    return _plain(data)


def build_timetable(
    *,
    actor: User,
    courses: Sequence[Course],
    time_limit: float = DEFAULT_TIME_LIMIT,
    progress: Callable[[Improvement], None] | None = None,
    saved: Callable[[TimetableProposal], None] | None = None,
) -> TimetableProposal:
    """Ask the engine for a timetable of ``courses`` (sharing their lecturers) and keep its proposal.
    ``progress`` is told of each better timetable while the engine searches (``solve``'s ``progress``);
    ``saved`` is told of the proposal inside the transaction that keeps it (a job notes it there)."""
    if not courses:
        raise ValidationError(_("Choose at least one course."))
    time_limit = max(1.0, min(float(time_limit), MAX_TIME_LIMIT))
    courses = sorted(courses, key=lambda c: c.pk)
    try:
        result = solve(build_problem(courses), time_limit=time_limit, workers=2, progress=progress)
    except ProblemError as error:
        # The adapter refuses what it can name; anything else the engine finds malformed is said as is.
        raise ValidationError(_("The timetable cannot be built: %(problem)s") % {"problem": error}) from error
    placement = placement_of(result) if result.has_timetable else None
    if placement:
        status = TimetableProposal.Status.PROPOSED
    elif result.status == INFEASIBLE:
        status = TimetableProposal.Status.IMPOSSIBLE  # proven: the engine answers infeasible only with a proof
    else:
        status = TimetableProposal.Status.NOT_FOUND
    with transaction.atomic():
        proposal = TimetableProposal.objects.create(
            created_by=actor,
            status=status,
            outcome=outcome_of(result),
            placements=(
                {str(pk): [d.isoformat(), part] for pk, (d, part) in placement.sessions.items()}
                | {
                    # A new session's venue, where the engine chose it among the outline's, comes third.
                    outline_key(*key): [d.isoformat(), part]
                    + ([placement.new_session_venues[key]] if key in placement.new_session_venues else [])
                    for key, (d, part) in placement.new_sessions.items()
                }
            )
            if placement
            else {},
            module_first_days={str(pk): d.isoformat() for pk, d in placement.module_first_days.items()}
            if placement
            else {},
        )
        proposal.courses.set(courses)
        for course in courses:
            record_event(
                actor=actor,
                action="timetable.built",
                instance=proposal,
                course=course,
                changes={"status": [None, result.status], "objective": [None, result.objective]},
            )
        if saved is not None:
            saved(proposal)
    return proposal


def record_progress(*, user_pk: int, token: str, improvement: Improvement) -> None:
    """Keep the best timetable so far of a build still running (its objective, bound and time) in the
    shared cache, for the page that waits for it (``selectors.build_progress``)."""
    if BUILD_TOKEN.fullmatch(token):
        cache.set(
            progress_key(user_pk, token),
            {"objective": improvement.objective, "bound": improvement.bound, "elapsed_s": improvement.elapsed_s},
            timeout=int(MAX_TIME_LIMIT) * 2,
        )


def plans_of(proposal: TimetableProposal) -> list[TimetablePlan]:
    placements, new_sessions, venues = {}, {}, {}
    for key, (day, part, *venue) in proposal.placements.items():
        slot = (datetime.date.fromisoformat(day), part)
        if is_new(key):
            new_sessions[outline_of(key)] = slot
            if venue:
                venues[outline_of(key)] = venue[0]
        else:
            placements[int(key)] = slot
    first_days = {int(pk): datetime.date.fromisoformat(d) for pk, d in proposal.module_first_days.items()}
    plans = []
    for course in proposal.courses.order_by("pk"):
        session_ids = set(course.sessions.values_list("pk", flat=True))
        module_ids = set(course.modules.values_list("pk", flat=True))
        plans.append(
            TimetablePlan(
                course=course,
                module_first_days={pk: d for pk, d in first_days.items() if pk in module_ids},
                placements={pk: slot for pk, slot in placements.items() if pk in session_ids},
                new_sessions={key: slot for key, slot in new_sessions.items() if key[0] in module_ids},
                new_session_venues={key: pk for key, pk in venues.items() if key[0] in module_ids},
            )
        )
    return plans


def _decide(actor: User | None, proposal: TimetableProposal, status: str, action: str = "") -> None:
    proposal.status = status
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    for course in proposal.courses.all():
        record_event(
            actor=actor,
            action=action or f"timetable.{status}",
            instance=proposal,
            course=course,
            changes={"status": [TimetableProposal.Status.PROPOSED, status]},
        )


@transaction.atomic
def accept_proposal(*, actor: User, proposal: TimetableProposal) -> int:
    """Move every module and session as proposed; returns how many sessions moved."""
    proposal = TimetableProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != TimetableProposal.Status.PROPOSED:
        raise ValidationError(
            _("This proposal is %(status)s; only one waiting for review can be accepted.")
            % {"status": proposal.get_status_display().lower()}
        )
    moved = apply_timetables(actor=actor, plans=plans_of(proposal))
    _decide(actor, proposal, TimetableProposal.Status.ACCEPTED)
    for course in proposal.courses.all():
        webhooks.emit(
            WebhookEvent.TIMETABLE_CHANGED,
            lambda course=course: webhooks.timetable_data(course, proposal_id=proposal.pk, moved=moved),
        )
    return moved


@transaction.atomic
def discard_proposal(*, actor: User, proposal: TimetableProposal) -> None:
    """Set a proposal aside; the timetable stays as it is. It can be restored while the timetable
    of its courses does not change (:func:`restore_proposal`)."""
    proposal = TimetableProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != TimetableProposal.Status.PROPOSED:
        raise ValidationError(
            _("This proposal is %(status)s; only one waiting for review can be discarded.")
            % {"status": proposal.get_status_display().lower()}
        )
    _decide(actor, proposal, TimetableProposal.Status.DISCARDED)


def expire_proposals(now: datetime.datetime | None = None) -> int:
    """Set aside every proposal left waiting for review longer than ``PEIXUN_PROPOSAL_EXPIRY_DAYS``, as
    a discard by nobody (audited as ``timetable.expired``): it leaves the review lists, and can be
    restored like any discarded proposal while its courses' timetable does not change; the wait then
    counts from the restore. Returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.PEIXUN_PROPOSAL_EXPIRY_DAYS)
    restored_lately = AuditEvent.objects.filter(
        action="timetable.restored", object_type=TimetableProposal._meta.label_lower, at__gte=cutoff
    ).values_list("object_id", flat=True)
    stale = TimetableProposal.objects.filter(status=TimetableProposal.Status.PROPOSED, created_at__lt=cutoff)
    expired = 0
    for pk in stale.exclude(pk__in=[int(pk) for pk in restored_lately]).values_list("pk", flat=True):
        with transaction.atomic():
            proposal = TimetableProposal.objects.select_for_update().get(pk=pk)
            if proposal.status == TimetableProposal.Status.PROPOSED:  # not decided meanwhile
                _decide(None, proposal, TimetableProposal.Status.DISCARDED, action="timetable.expired")
                expired += 1
    return expired


#: Audit actions that change a course's timetable: after one of them, a discarded proposal is stale.
TIMETABLE_ACTIONS = Q(action__startswith="session.") | Q(action__startswith="module.") | Q(action="course.changed")


def why_not_restorable(proposal: TimetableProposal) -> str | None:
    """Why a proposal cannot be restored, or None when it can: only a discarded one, and only while
    the timetable of its courses has not changed since it was discarded."""
    if proposal.status != TimetableProposal.Status.DISCARDED:
        return _("This proposal is %(status)s; only a discarded one can be restored.") % {
            "status": proposal.get_status_display().lower()
        }
    changed = AuditEvent.objects.filter(
        TIMETABLE_ACTIONS, course__in=proposal.courses.all(), at__gte=proposal.decided_at
    ).exists()
    if changed:
        return _("The timetable has changed since this proposal was discarded; build a new one instead.")
    return None


@transaction.atomic
def restore_proposal(*, actor: User, proposal: TimetableProposal) -> None:
    """Undo a discard: the proposal waits for review again, as it was."""
    proposal = TimetableProposal.objects.select_for_update().get(pk=proposal.pk)
    refusal = why_not_restorable(proposal)
    if refusal:
        raise ValidationError(refusal)
    proposal.status = TimetableProposal.Status.PROPOSED
    proposal.decided_by = None
    proposal.decided_at = None
    proposal.save(update_fields=["status", "decided_by", "decided_at"])
    for course in proposal.courses.all():
        record_event(
            actor=actor,
            action="timetable.restored",
            instance=proposal,
            course=course,
            changes={"status": [TimetableProposal.Status.DISCARDED, TimetableProposal.Status.PROPOSED]},
        )
