"""The ledger is append-only: corrections reverse entries; nothing is changed or deleted."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from peixun.core.models import AuditEvent
from peixun.records.enums import EntrySource
from peixun.records.models import AppendOnlyError, LedgerEntry
from peixun.records.services import add_external_training, reverse_entry
from tests.factories import OfficialFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return add_external_training(
        actor=UserFactory(),
        official=OfficialFactory(),
        date=datetime.date(2026, 3, 2),
        title="城市更新专题培训",
        provider="省委党校",
        hours=Decimal("24"),
    )


def test_a_correction_reverses_the_entry_with_a_reason_and_keeps_both(entry):
    staff = UserFactory()
    correction = reverse_entry(actor=staff, entry=entry, reason="Recorded twice")
    assert correction.hours == Decimal("-24.00")
    assert correction.source == EntrySource.CORRECTION
    assert correction.reverses == entry
    assert LedgerEntry.objects.filter(official=entry.official).count() == 2
    assert sum(e.hours for e in LedgerEntry.objects.filter(official=entry.official)) == 0
    event = AuditEvent.objects.get(action="ledger.reverse")
    assert event.actor == staff and event.changes["reason"] == [None, "Recorded twice"]


def test_a_correction_needs_a_reason(entry):
    with pytest.raises(ValidationError) as error:
        reverse_entry(actor=UserFactory(), entry=entry, reason="  ")
    assert "reason" in error.value.message_dict
    assert LedgerEntry.objects.count() == 1


def test_an_entry_is_reversed_at_most_once_and_a_correction_never(entry):
    correction = reverse_entry(actor=UserFactory(), entry=entry, reason="Wrong official")
    with pytest.raises(ValidationError, match="already been reversed"):
        reverse_entry(actor=UserFactory(), entry=entry, reason="Again")
    with pytest.raises(ValidationError, match="cannot itself be reversed"):
        reverse_entry(actor=UserFactory(), entry=correction, reason="Undo")
    assert LedgerEntry.objects.count() == 2


def test_entries_are_never_changed_or_deleted_through_the_models(entry):
    entry.hours = Decimal("1")
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("24.00")


def test_external_training_is_refused_with_named_errors():
    official, actor = OfficialFactory(), UserFactory()
    cases = [
        (dict(hours=Decimal("0")), "hours"),
        (dict(hours=Decimal("-3")), "hours"),
        (dict(hours="abc"), "hours"),
        (dict(hours=Decimal("5000")), "hours"),
        (dict(hours=Decimal("8"), days=Decimal("1")), "hours"),
        (dict(), "hours"),
        (dict(hours=Decimal("8"), date=datetime.date(2999, 1, 1)), "date"),
        (dict(hours=Decimal("8"), title=" "), "title"),
    ]
    for extra, field in cases:
        values = dict(date=datetime.date(2026, 3, 2), title="Training") | extra
        with pytest.raises(ValidationError) as error:
            add_external_training(actor=actor, official=official, **values)
        assert field in error.value.message_dict, extra
    assert not LedgerEntry.objects.exists()


@pytest.mark.postgres
def test_the_database_itself_refuses_updates_and_deletes(entry):
    assert connection.vendor == "postgresql"
    for statement in (
        "UPDATE records_ledgerentry SET hours = 1 WHERE id = %s",
        "DELETE FROM records_ledgerentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [entry.pk])
    assert LedgerEntry.objects.get(pk=entry.pk).hours == Decimal("24.00")


@pytest.mark.postgres
def test_the_database_refuses_a_second_reversal_of_one_entry(entry):
    reverse_entry(actor=None, entry=entry, reason="First")
    with pytest.raises(DatabaseError), transaction.atomic():
        LedgerEntry.objects.create(
            official=entry.official,
            date=entry.date,
            hours=-entry.hours,
            source=EntrySource.CORRECTION,
            title=entry.title,
            reverses=entry,
            reason="Second",
        )
