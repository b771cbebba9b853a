"""Crediting ended sessions from several processes at the same moment credits every mark exactly once
(PostgreSQL only: each process has its own connection, and the marks' row locks decide).

Spawned children import this module again before they set Django up, so Django models are imported
inside the functions, never at the top of the module.
"""

import datetime
from decimal import Decimal

import pytest

from tests.courses.test_concurrency import TIMEOUT, _run_in_processes, _setup_django

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROCESSES = 6
OFFICIALS = 40
SESSIONS = 4
AFTER = datetime.datetime(2027, 3, 6, 12, 0, tzinfo=datetime.UTC)


def _credit_in_child(db_name, now, rounds, barrier, results):
    try:
        _setup_django(db_name)
        from django.db import connections

        from peixun.attendance.services import credit_ended_sessions

        counts = []
        for _round in range(rounds):
            barrier.wait(timeout=TIMEOUT)
            counts.append(credit_ended_sessions(now=now))
        connections.close_all()
        results.put(("done", counts))
    except BaseException as error:
        barrier.abort()
        results.put(("crashed", f"{type(error).__name__}: {error}"))


def test_concurrent_runs_credit_every_mark_exactly_once(settings):
    from django.db.models import Count

    from peixun.attendance import services
    from peixun.attendance.models import Attendance
    from peixun.core.models import AuditEvent
    from peixun.courses.enums import EnrolmentStatus
    from peixun.records.enums import EntrySource
    from peixun.records.models import LedgerEntry
    from tests.factories import CourseFactory, EnrolmentFactory, OfficialFactory, SessionFactory, UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    coordinator = UserFactory(username="coordinator")
    course = CourseFactory(start=datetime.date(2027, 3, 1), end=datetime.date(2027, 3, 14))
    enrolments = [
        EnrolmentFactory(course=course, official=OfficialFactory(jurisdiction=None), status=EnrolmentStatus.CONFIRMED)
        for _ in range(OFFICIALS)
    ]
    sessions = [
        SessionFactory(course=course, date=course.start + datetime.timedelta(days=day), class_hours=Decimal("3"))
        for day in range(SESSIONS)
    ]
    for session in sessions:  # taken during each session: presence recorded, nothing credited yet
        services.record_roll_call(
            actor=coordinator,
            session=session,
            marks={e.pk: services.Mark("present") for e in enrolments},
            now=session.starts_at,
        )
    assert LedgerEntry.objects.count() == 0

    # Every process runs twice, all released at once each time; the second round finds nothing left.
    reports = _run_in_processes(_credit_in_child, [(AFTER, 2) for _ in range(PROCESSES)])

    marks = OFFICIALS * SESSIONS
    assert sum(counts[0] for counts in reports) == marks
    assert [counts[1] for counts in reports] == [0] * PROCESSES
    credits = LedgerEntry.objects.filter(source=EntrySource.COURSE)
    assert credits.count() == marks
    assert credits.values("official", "session").annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert Attendance.objects.filter(credited_at=AFTER).count() == marks
    assert AuditEvent.objects.filter(action="ledger.credit").count() == marks
