"""Seat and timetable invariants under truly concurrent requests: several OS processes, each with its own
database connection, calling the services at the same moment (PostgreSQL only).

Spawned children import this module again before they set Django up, so Django models are imported
inside the functions, never at the top of the module.
"""

import datetime
import os
import random
from collections import Counter
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROCESSES = 10
CAPACITY = 55
NOMINATIONS = 200
TIMEOUT = 180


# Child processes ---------------------------------------------------------------------------------


def _setup_django(db_name: str) -> None:
    """Set Django up in a spawned child and point it at the parent's *test* database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peixun.settings")
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = db_name
    from django.db import connection

    connection.settings_dict["NAME"] = db_name
    connection.ensure_connection()
    assert connection.settings_dict["NAME"] == db_name


def _outcome_of(call):
    from django.core.exceptions import ValidationError

    try:
        return ("ok", call())
    except ValidationError as error:
        return ("refused", error.messages)
    except Exception as error:  # reported to the parent, which fails the test
        return ("error", f"{type(error).__name__}: {error}")


def _confirm_in_child(db_name, actor_id, enrolment_ids, barrier, results):
    try:
        _setup_django(db_name)
        from django.db import connections

        from peixun.core.models import User
        from peixun.courses.models import Enrolment
        from peixun.courses.services import confirm_nomination

        actor = User.objects.get(pk=actor_id)
        enrolments = list(Enrolment.objects.filter(pk__in=enrolment_ids))
        barrier.wait(timeout=TIMEOUT)
        outcomes = []
        for enrolment in enrolments:
            kind, value = _outcome_of(lambda e=enrolment: confirm_nomination(actor=actor, enrolment=e).status)
            outcomes.append((enrolment.pk, kind, str(value) if kind == "ok" else value))
        connections.close_all()
        results.put(("done", outcomes))
    except BaseException as error:
        barrier.abort()
        results.put(("crashed", f"{type(error).__name__}: {error}"))


def _book_in_child(db_name, actor_id, course_id, lecturer_id, slots, barrier, results):
    try:
        _setup_django(db_name)
        from django.db import connections

        from peixun.core.models import User
        from peixun.courses.models import Course
        from peixun.courses.services import create_session
        from peixun.curriculum.enums import SessionFormat
        from peixun.people.models import Lecturer

        actor = User.objects.get(pk=actor_id)
        course = Course.objects.get(pk=course_id)
        lecturer = Lecturer.objects.get(pk=lecturer_id)
        outcomes = []
        for date, part in slots:
            barrier.wait(timeout=TIMEOUT)
            kind, value = _outcome_of(
                lambda date=date, part=part: (
                    create_session(
                        actor=actor,
                        course=course,
                        date=date,
                        part_of_day=part,
                        format=SessionFormat.LECTURE,
                        title_en=f"{course.title_en} {date} {part}",
                        title_zh=f"{course.title_zh} {date} {part}",
                        class_hours=Decimal("3.0"),
                        lecturers=[lecturer],
                    ).pk
                )
            )
            outcomes.append((date, part, kind, value))
        connections.close_all()
        results.put(("done", (course_id, outcomes)))
    except BaseException as error:
        barrier.abort()
        results.put(("crashed", f"{type(error).__name__}: {error}"))


def _run_in_processes(target, per_process_args):
    """Start one spawned process per argument tuple, all released by one barrier; return their reports."""
    import multiprocessing

    from django.db import connection, connections

    db_name = connection.settings_dict["NAME"]
    assert db_name.startswith("test_"), db_name
    connections.close_all()  # nothing inherited, nothing left open while the children work
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(per_process_args))
    results = context.Queue()
    processes = [context.Process(target=target, args=(db_name, *args, barrier, results)) for args in per_process_args]
    for process in processes:
        process.start()
    try:
        reports = [results.get(timeout=TIMEOUT) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=TIMEOUT)
            if process.is_alive():
                process.terminate()
    assert [kind for kind, _ in reports if kind != "done"] == [], reports
    return [value for _, value in reports]


# Seats ---------------------------------------------------------------------------------------------


def test_concurrent_confirmations_never_exceed_capacity_and_keep_the_waitlist_in_order(settings):
    from django.db.models import Count

    from peixun.core.models import AuditEvent
    from peixun.courses import services
    from peixun.courses.enums import EnrolmentStatus
    from peixun.courses.models import Enrolment
    from tests.factories import CourseFactory, OfficialFactory, OrganisationFactory, UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff = UserFactory(username="staff")
    course = CourseFactory(capacity=CAPACITY)
    units = [OrganisationFactory() for _ in range(4)]
    for unit, priority in zip(units, (3, 1, 4, 2), strict=True):
        services.set_unit_quota(actor=staff, course=course, unit=unit, seats=NOMINATIONS // 4, priority=priority)
    enrolment_ids = [
        services.nominate_official(
            actor=staff, course=course, official=OfficialFactory(sending_unit=units[i % 4], jurisdiction=None)
        ).pk
        for i in range(NOMINATIONS)
    ]
    random.Random(2027).shuffle(enrolment_ids)

    reports = _run_in_processes(_confirm_in_child, [(staff.pk, enrolment_ids[i::PROCESSES]) for i in range(PROCESSES)])

    outcomes = [outcome for report in reports for outcome in report]
    assert sorted(pk for pk, _, _ in outcomes) == sorted(enrolment_ids)  # each confirmed exactly once
    assert [outcome for outcome in outcomes if outcome[1] != "ok"] == []
    assert Counter(status for _, _, status in outcomes) == {"confirmed": CAPACITY, "waitlisted": NOMINATIONS - CAPACITY}

    enrolments = Enrolment.objects.filter(course=course)
    assert enrolments.count() == NOMINATIONS
    assert dict(enrolments.values_list("pk", "status")) == {pk: status for pk, _, status in outcomes}
    assert services.seats_taken(course) == CAPACITY
    assert enrolments.values("official").annotate(n=Count("id")).filter(n__gt=1).count() == 0

    confirmed = enrolments.filter(status=EnrolmentStatus.CONFIRMED)
    waitlisted = enrolments.filter(status=EnrolmentStatus.WAITLISTED)
    # The course lock serialises the decisions: every seat was given before the first refusal.
    assert max(confirmed.values_list("decided_at", flat=True)) < min(waitlisted.values_list("decided_at", flat=True))

    decisions = AuditEvent.objects.filter(course=course, action__in=["enrolment.confirmed", "enrolment.waitlisted"])
    assert Counter(decisions.values_list("action", flat=True)) == {
        "enrolment.confirmed": CAPACITY,
        "enrolment.waitlisted": NOMINATIONS - CAPACITY,
    }
    assert sorted(int(pk) for pk in decisions.values_list("object_id", flat=True)) == sorted(enrolment_ids)

    queue = list(services.waitlist(course))
    assert queue == sorted(waitlisted, key=lambda e: (e.priority, e.nominated_at, e.pk))
    assert [e.priority for e in queue] == sorted(e.priority for e in queue)
    assert queue[0].priority == 1

    promoted = services.withdraw_enrolment(actor=staff, enrolment=confirmed.first(), reason="Called back to the city")

    assert promoted == queue[0]
    assert services.seats_taken(course) == CAPACITY


# Lecturers -----------------------------------------------------------------------------------------


def test_concurrent_bookings_of_one_lecturer_in_two_courses_let_exactly_one_through(settings):
    from peixun.courses.models import Session, SessionLecturer
    from peixun.curriculum.enums import PartOfDay
    from tests.factories import MONDAY, AcademyFactory, CourseFactory, LecturerFactory, UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    staff = UserFactory(username="staff")
    lecturer = LecturerFactory(name="Jane Smith")
    courses = [
        CourseFactory(academy=AcademyFactory(code="namc"), title_en="Green Cities", title_zh="绿色城市"),
        CourseFactory(academy=AcademyFactory(code="celap"), title_en="Smart Transport", title_zh="智慧交通"),
    ]
    slots = [
        (MONDAY + datetime.timedelta(days=day), part)
        for day in (0, 1, 2, 3, 4, 5)
        for part in (PartOfDay.MORNING, PartOfDay.AFTERNOON)
    ]

    reports = _run_in_processes(_book_in_child, [(staff.pk, course.pk, lecturer.pk, slots) for course in courses])

    by_slot = {}
    for course_id, outcomes in reports:
        for date, part, kind, value in outcomes:
            by_slot.setdefault((date, part), []).append((course_id, kind, value))
    assert sorted(by_slot) == sorted(slots)
    for slot, results in by_slot.items():
        assert sorted(kind for _, kind, _ in results) == ["ok", "refused"], (slot, results)
        (refusal,) = [value for _, kind, value in results if kind == "refused"]
        assert len(refusal) == 1, refusal
        assert refusal[0] == "One of the lecturers was just booked elsewhere at this time; reload and try again." or (
            refusal[0].startswith("Jane Smith already teaches “")
        ), refusal

    booked = SessionLecturer.objects.filter(lecturer=lecturer)
    assert sorted(booked.values_list("date", "part_of_day")) == sorted(slots)
    winners = {slot: [course_id for course_id, kind, _ in results if kind == "ok"] for slot, results in by_slot.items()}
    assert {
        (s.date, s.part_of_day): [s.course_id] for s in Session.objects.filter(course__in=courses)
    } == winners  # the refused request left no session behind
