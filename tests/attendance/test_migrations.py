"""Marks taken before crediting waited for the end were credited at once: the migration that adds
``credited_at`` marks them credited, so that nothing is credited twice."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from peixun.attendance import services
from peixun.attendance.models import Attendance
from peixun.records.models import LedgerEntry
from tests.factories import CourseFactory, EnrolmentFactory, OfficialFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("attendance", "0001_initial")]
AFTER = [("attendance", "0002_credited_at_once_the_session_ended")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_marks_credited_before_the_change_are_marked_credited_and_not_credited_again():
    coordinator = UserFactory()
    course = CourseFactory(start=datetime.date(2026, 11, 2), end=datetime.date(2026, 11, 15))
    held = SessionFactory(course=course, date=course.start, class_hours=Decimal("3"))
    coming = SessionFactory(course=course, date=datetime.date(2027, 11, 2), class_hours=Decimal("3"))
    credited, waiting = (
        EnrolmentFactory(course=course, official=OfficialFactory(), status="confirmed") for _ in range(2)
    )
    services.record_roll_call(actor=coordinator, session=held, marks={credited.pk: services.Mark("present")})
    services.record_roll_call(actor=coordinator, session=coming, marks={waiting.pk: services.Mark("present")})
    entry = LedgerEntry.objects.get()

    migrate(BEFORE)
    migrate(AFTER)

    assert Attendance.objects.get(session=held).credited_at == entry.created_at
    assert Attendance.objects.get(session=coming).credited_at is None
    assert services.credit_ended_sessions() == 0
    assert LedgerEntry.objects.count() == 1
