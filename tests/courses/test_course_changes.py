"""Changing a course after people rely on it: more seats, new dates, a new day off, closing it."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from tests.factories import (
    MONDAY,
    CourseFactory,
    LecturerFactory,
    ModuleFactory,
    OfficialFactory,
    UnitQuotaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


def fill(staff, course, count):
    quota = UnitQuotaFactory(course=course, seats=count)
    enrolments = []
    for i in range(count):
        enrolment = services.nominate_official(
            actor=staff, course=course, official=OfficialFactory(sending_unit=quota.unit, email=f"o{i}@example.org")
        )
        enrolments.append(services.confirm_nomination(actor=staff, enrolment=enrolment))
    return enrolments


def test_raising_capacity_promotes_the_waitlist_at_once_and_tells_them(staff, django_capture_on_commit_callbacks):
    course = CourseFactory(capacity=2)
    enrolments = fill(staff, course, 5)
    assert [e.status for e in enrolments] == ["confirmed", "confirmed", "waitlisted", "waitlisted", "waitlisted"]

    with django_capture_on_commit_callbacks(execute=True):
        services.update_course(actor=staff, course=course, capacity=4)

    statuses = [type(e).objects.get(pk=e.pk).status for e in enrolments]
    assert statuses == ["confirmed"] * 4 + ["waitlisted"]
    promoted = AuditEvent.objects.filter(action="enrolment.promoted").order_by("id")
    assert [event.object_id for event in promoted] == [str(enrolments[2].pk), str(enrolments[3].pk)]
    assert sorted(message.to[0] for message in mail.outbox) == ["o2@example.org", "o3@example.org"]


def test_a_new_day_off_may_not_fall_on_a_modules_first_day(staff):
    course = CourseFactory()
    module = services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=3))
    services.update_course_module(actor=staff, module=module, first_day=MONDAY + datetime.timedelta(days=1))

    with pytest.raises(ValidationError) as excinfo:
        services.update_course(actor=staff, course=course, day_off=1)

    assert excinfo.value.messages == [
        f"The module “{module.title_en}” would no longer fit: A module cannot begin on 2 March 2027: it is the "
        "course's day off (Tuesday). Move it first."
    ]
    course.refresh_from_db()
    assert course.day_off == 6


def test_a_shorter_course_may_not_cut_a_modules_days(staff):
    course = CourseFactory()
    course.academy.min_course_days = 7
    course.academy.save()
    module = services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=2))
    services.update_course_module(actor=staff, module=module, first_day=MONDAY + datetime.timedelta(days=11))

    with pytest.raises(ValidationError) as excinfo:
        services.update_course(actor=staff, course=course, end=MONDAY + datetime.timedelta(days=11))

    assert excinfo.value.messages == [
        f"The module “{module.title_en}” would no longer fit: The module needs 2 course days from 12 March 2027, "
        "but the course has only 1 left. Move it first."
    ]


@pytest.mark.parametrize("status", [CourseStatus.CANCELLED, CourseStatus.FINISHED])
def test_nobody_is_confirmed_into_a_closed_course(staff, status):
    course = CourseFactory()
    quota = UnitQuotaFactory(course=course)
    enrolment = services.nominate_official(
        actor=staff, course=course, official=OfficialFactory(sending_unit=quota.unit)
    )
    course.status = status
    course.save()

    with pytest.raises(ValidationError) as excinfo:
        services.confirm_nomination(actor=staff, enrolment=enrolment)

    label = {"cancelled": "cancelled", "finished": "finished"}[status]
    assert excinfo.value.messages == [f"“{course.title_en}” is {label}; nobody can be confirmed into it."]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.NOMINATED


def test_the_same_lecturer_named_twice_is_booked_once(staff):
    course = CourseFactory()
    lecturer = LecturerFactory()
    session = services.create_session(
        actor=staff,
        course=course,
        date=MONDAY,
        part_of_day=1,
        format="lecture",
        title_en="Clean energy",
        title_zh="清洁能源",
        class_hours=Decimal("3"),
        lecturers=[lecturer, lecturer],
    )
    assert list(session.lecturers.all()) == [lecturer]
