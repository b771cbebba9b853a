"""Every change to the training record goes through these functions: credits, corrections, external training.

The ledger is append-only. A credit is a new entry; a mistake is put right by a correction that
reverses an entry, with a reason; nothing is edited or deleted. Each function is atomic and audited.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.core import clock
from peixun.core.audit import record_event
from peixun.core.models import User
from peixun.people.models import Official

from .enums import EntrySource
from .models import LedgerEntry

MAX_ENTRY_HOURS = Decimal("2000")


def days_to_hours(days: Decimal) -> Decimal:
    return (Decimal(days) * settings.PEIXUN_CLASS_HOURS_PER_DAY).quantize(Decimal("0.01"))


def validate_hours(hours) -> Decimal:
    try:
        value = Decimal(str(hours)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({"hours": _("“%(value)s” is not a number of class hours.") % {"value": hours}}) from None
    if value <= 0:
        raise ValidationError({"hours": _("Class hours must be more than zero.")})
    if value > MAX_ENTRY_HOURS:
        message = _("%(hours)s class hours is more than one entry can hold (at most %(max)s).")
        raise ValidationError({"hours": message % {"hours": value, "max": MAX_ENTRY_HOURS}})
    return value


def credit_session(*, actor: User | None, attendance) -> LedgerEntry:
    """Credit an attended session's class hours to the official (called by the attendance services)."""
    session = attendance.session
    course = session.course
    entry = LedgerEntry.objects.create(
        official_id=attendance.official_id,
        date=session.date,
        hours=session.class_hours,
        source=EntrySource.COURSE,
        title=f"{course.title_zh} · {session.title_zh}"[:300],
        provider=course.academy.name_zh or course.academy.name_en,
        course=course,
        session=session,
        created_by=actor,
    )
    record_event(
        actor=actor, action="ledger.credit", instance=entry, course=course, changes={"hours": [None, entry.hours]}
    )
    return entry


def current_session_credit(official_id: int, session_id: int) -> LedgerEntry | None:
    """The session's credit that has not been reversed, if any."""
    return (
        LedgerEntry.objects.filter(
            official_id=official_id, session_id=session_id, source=EntrySource.COURSE, reversed_by__isnull=True
        )
        .order_by("-id")
        .first()
    )


@transaction.atomic
def reverse_entry(*, actor: User | None, entry: LedgerEntry, reason: str) -> LedgerEntry:
    """Cancel an entry with a reversing entry of the opposite hours; the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the entry is being corrected.")})
    # One correction at a time in an official's record. The lock is on the official, not the entry: the
    # application's database role may not UPDATE the ledger, and PostgreSQL asks that privilege of
    # SELECT ... FOR UPDATE (docs/operations.md, database roles).
    Official.objects.select_for_update().filter(pk=entry.official_id).first()
    entry = LedgerEntry.objects.get(pk=entry.pk)
    if entry.source == EntrySource.CORRECTION:
        raise ValidationError(_("A correction cannot itself be reversed; enter the training again instead."))
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ValidationError(_("This entry has already been reversed."))
    correction = LedgerEntry.objects.create(
        official_id=entry.official_id,
        date=entry.date,
        hours=-entry.hours,
        source=EntrySource.CORRECTION,
        title=entry.title,
        provider=entry.provider,
        course=entry.course,
        session=entry.session,
        reverses=entry,
        reason=reason[:300],
        created_by=actor if actor is not None and actor.pk else None,
    )
    record_event(
        actor=actor,
        action="ledger.reverse",
        instance=correction,
        course=entry.course,
        changes={"hours": [entry.hours, Decimal("0")], "reason": [None, reason]},
    )
    return correction


def validate_external(*, official: Official, date: datetime.date, title: str, today: datetime.date) -> dict:
    """What is wrong with training taken elsewhere, by field (the import's preview asks the same)."""
    errors = {}
    if date > today:
        errors["date"] = _("The training is dated %(date)s, in the future; record it once it has taken place.") % {
            "date": clock.day(date)
        }
    if not (title or "").strip():
        errors["title"] = _("Name the training.")
    if official.service_began and date.year < official.service_began.year - 1:
        errors["date"] = _("The training is dated %(date)s, long before the official's service began (%(began)s).") % {
            "date": clock.day(date),
            "began": clock.day(official.service_began),
        }
    return errors


@transaction.atomic
def add_external_training(
    *,
    actor: User,
    official: Official,
    date: datetime.date,
    title: str,
    provider: str = "",
    hours: Decimal | None = None,
    days: Decimal | None = None,
    import_batch=None,
) -> LedgerEntry:
    """Record training taken elsewhere (another academy, a party school), in class hours or in days."""
    if (hours is None) == (days is None):
        raise ValidationError({"hours": _("Give the training either in class hours or in days, not both.")})
    value = validate_hours(hours if hours is not None else days_to_hours(Decimal(str(days))))
    errors = validate_external(official=official, date=date, title=title, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    entry = LedgerEntry.objects.create(
        official=official,
        date=date,
        hours=value,
        source=EntrySource.EXTERNAL,
        title=title.strip()[:300],
        provider=(provider or "").strip()[:200],
        import_batch=import_batch,
        created_by=actor,
    )
    if import_batch is None:
        record_event(actor=actor, action="ledger.external", instance=entry, changes={"hours": [None, value]})
    return entry
