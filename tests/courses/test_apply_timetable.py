"""Accepting a whole timetable: every move at once, audited as if by hand, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.courses.models import SessionLecturer
from peixun.timetables.services import TimetablePlan
from tests.factories import MONDAY, CourseFactory, LecturerFactory, ModuleFactory, UserFactory

pytestmark = pytest.mark.django_db
TUESDAY = MONDAY + datetime.timedelta(days=1)
SUNDAY = MONDAY + datetime.timedelta(days=6)


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


def lecture(staff, course, date, lecturer, part=1, **extra):
    return services.create_session(
        actor=staff,
        course=course,
        date=date,
        part_of_day=part,
        format="lecture",
        title_en=f"Lecture {date}",
        title_zh="讲座",
        class_hours=Decimal("3"),
        lecturers=[lecturer],
        **extra,
    )


def test_two_sessions_of_one_lecturer_swap_places(staff):
    course = CourseFactory()
    lecturer = LecturerFactory()
    first, second = lecture(staff, course, MONDAY, lecturer), lecture(staff, course, TUESDAY, lecturer)

    moved = services.apply_timetables(
        actor=staff,
        plans=[
            TimetablePlan(
                course=course, module_first_days={}, placements={first.pk: (TUESDAY, 1), second.pk: (MONDAY, 1)}
            )
        ],
    )

    assert moved == 2
    slots = dict(SessionLecturer.objects.values_list("session_id", "date"))
    assert slots == {first.pk: TUESDAY, second.pk: MONDAY}
    events = AuditEvent.objects.filter(action="session.changed").order_by("object_id")
    assert [(e.actor, e.changes["date"]) for e in events] == [
        (staff, [MONDAY.isoformat(), TUESDAY.isoformat()]),
        (staff, [TUESDAY.isoformat(), MONDAY.isoformat()]),
    ]


def test_a_plan_that_breaks_a_rule_changes_nothing(staff):
    course = CourseFactory()
    lecturer = LecturerFactory()
    first, second = lecture(staff, course, MONDAY, lecturer), lecture(staff, course, TUESDAY, lecturer)
    plan = TimetablePlan(
        course=course, module_first_days={}, placements={first.pk: (TUESDAY, 1), second.pk: (SUNDAY, 1)}
    )

    with pytest.raises(ValidationError) as excinfo:
        services.apply_timetables(actor=staff, plans=[plan])

    assert "the course's day off (Sunday)" in excinfo.value.messages[0]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.date, second.date) == (MONDAY, TUESDAY)
    assert not AuditEvent.objects.filter(action="session.changed").exists()


def test_a_module_moves_with_its_sessions(staff):
    course = CourseFactory()
    module = services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=2))
    module = services.update_course_module(actor=staff, module=module, first_day=MONDAY)
    session = lecture(staff, course, MONDAY, LecturerFactory(), module=module)
    wednesday = MONDAY + datetime.timedelta(days=2)

    services.apply_timetables(
        actor=staff,
        plans=[
            TimetablePlan(
                course=course, module_first_days={module.pk: wednesday}, placements={session.pk: (wednesday, 2)}
            )
        ],
    )

    module.refresh_from_db()
    session.refresh_from_db()
    assert (module.first_day, session.date, session.part_of_day) == (wednesday, wednesday, 2)
    assert AuditEvent.objects.filter(action="module.changed", object_id=str(module.pk)).latest("id").changes == {
        "first_day": [MONDAY.isoformat(), wednesday.isoformat()]
    }
