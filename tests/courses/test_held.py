"""Sessions already held: what makes a session history, and editing by hand leaving it where it was."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peixun.attendance.enums import AttendanceMethod, AttendanceStatus
from peixun.attendance.models import Attendance
from peixun.attendance.services import Mark, record_roll_call
from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.courses.enums import EnrolmentStatus, HeldReason
from peixun.courses.held import first_slot_to_come, held_reason, held_sessions
from peixun.courses.models import Session
from peixun.curriculum.enums import PartOfDay
from peixun.feedback.models import Evaluation
from peixun.records.services import credit_session
from tests.factories import (
    MONDAY,
    CourseFactory,
    EnrolmentFactory,
    ModuleFactory,
    UserFactory,
    course_day,
    course_in_session,
    lecturer_around_today,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="staff", role=Role.STAFF)


@pytest.fixture
def course():
    return course_in_session(title_en="Energy Smart Cities", title_zh="能源智慧城市")


def lecture(staff, course, day, part=PartOfDay.MORNING, **extra):
    return services.create_session(
        actor=staff,
        course=course,
        date=day,
        part_of_day=part,
        format="lecture",
        title_en=extra.pop("title_en", f"Lecture on {day}"),
        title_zh="讲座",
        class_hours=Decimal("3"),
        lecturers=extra.pop("lecturers", [lecturer_around_today()]),
        **extra,
    )


def aware(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=timezone.get_default_timezone())


def test_each_record_makes_a_session_held_with_its_own_reason_in_one_query(staff, course, django_assert_num_queries):
    enrolment = EnrolmentFactory(course=course, status=EnrolmentStatus.CONFIRMED)
    # Two days apart: a day off moves a day one day later, never onto another.
    still_to_come = lecture(staff, course, course_day(course, 2))
    begun = lecture(staff, course, course_day(course, -4))
    roll_call = lecture(staff, course, course_day(course, 4))
    checked_in = lecture(staff, course, course_day(course, 6))
    feedback = lecture(staff, course, course_day(course, 8))
    credited = lecture(staff, course, course_day(course, 10))
    record_roll_call(actor=staff, session=roll_call, marks={enrolment.pk: Mark(AttendanceStatus.ABSENT)})
    record_roll_call(actor=staff, session=credited, marks={enrolment.pk: Mark(AttendanceStatus.PRESENT)})
    # Hours are credited once a session has ended; a credit written before that rule still holds it.
    credit_session(actor=staff, attendance=Attendance.objects.get(session=credited))
    Attendance.objects.create(
        session=checked_in,
        enrolment=enrolment,
        official=enrolment.official,
        status=AttendanceStatus.PRESENT,
        method=AttendanceMethod.CHECK_IN,
        recorded_at=timezone.now(),
    )
    Evaluation.objects.create(
        session=feedback,
        official=enrolment.official,
        interest=4,
        local_growth=4,
        differentiation=3,
        community_health=4,
        applicability=5,
        submitted_at=timezone.now(),
    )

    with django_assert_num_queries(1):
        held = held_sessions([course.pk])

    assert held == {
        begun.pk: HeldReason.STARTED,
        roll_call.pk: HeldReason.ROLL_CALL,
        checked_in.pk: HeldReason.CHECKED_IN,
        feedback.pk: HeldReason.FEEDBACK,
        credited.pk: HeldReason.CREDITED,  # credited hours say more than the roll call that gave them
    }
    assert still_to_come.pk not in held
    assert held_reason(still_to_come) is None and held_reason(credited) == HeldReason.CREDITED


def test_a_session_has_begun_by_its_clock_times_at_its_academy(staff):
    course = CourseFactory()
    morning = lecture(staff, course, MONDAY, lecturers=[])  # the academy's mornings begin at 09:00
    late = lecture(
        staff,
        course,
        MONDAY,
        PartOfDay.AFTERNOON,
        lecturers=[],
        start_time=datetime.time(15, 30),
        end_time=datetime.time(17),
    )

    assert held_sessions([course.pk], aware(MONDAY, 8, 59)) == {}
    assert held_sessions([course.pk], aware(MONDAY, 9)) == {morning.pk: HeldReason.STARTED}
    assert late.pk not in held_sessions([course.pk], aware(MONDAY, 15, 29))  # the afternoon has begun, not it
    assert held_sessions([course.pk], aware(MONDAY, 15, 30))[late.pk] == HeldReason.STARTED


def test_the_first_slot_to_come_is_the_first_part_of_a_day_not_begun():
    academy = CourseFactory().academy
    assert first_slot_to_come(academy, aware(MONDAY, 8)) == (MONDAY, PartOfDay.MORNING)
    assert first_slot_to_come(academy, aware(MONDAY, 9)) == (MONDAY, PartOfDay.AFTERNOON)
    assert first_slot_to_come(academy, aware(MONDAY, 14)) == (MONDAY, PartOfDay.EVENING)
    assert first_slot_to_come(academy, aware(MONDAY, 19)) == (MONDAY + datetime.timedelta(days=1), 1)


# Editing by hand --------------------------------------------------------------------------------


def test_a_held_session_keeps_its_date_part_and_times_but_its_title_can_be_corrected(staff, course):
    session = lecture(staff, course, course_day(course, -3), title_en="Energy master plannign")
    day = session.date

    with pytest.raises(ValidationError) as refused:
        services.update_session(actor=staff, session=session, date=course_day(course, 3))
    assert refused.value.messages == [
        f"“Energy master plannign” stays on {day.day} {day:%B} {day.year}, morning: it has started.",
        "Its date, part of the day and times can no longer change; its other details can.",
    ]
    for change in ({"part_of_day": PartOfDay.AFTERNOON}, {"start_time": datetime.time(10), "end_time": None}):
        with pytest.raises(ValidationError):
            services.update_session(actor=staff, session=session, **change)
    session.refresh_from_db()
    assert (session.date, session.part_of_day, session.start_time) == (day, PartOfDay.MORNING, None)

    services.update_session(actor=staff, session=session, title_en="Energy master planning")
    session.refresh_from_db()
    assert session.title_en == "Energy master planning"
    changed = AuditEvent.objects.filter(action="session.changed", object_id=str(session.pk)).get()
    assert changed.changes == {"title_en": ["Energy master plannign", "Energy master planning"]}


def test_a_held_session_that_the_course_rules_would_no_longer_place_can_still_be_corrected(staff, course):
    module = services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=2))
    module = services.update_course_module(actor=staff, module=module, first_day=course_day(course, -4))
    session = lecture(staff, course, module.dates()[0], module=module)
    # The module was moved on afterwards (as it was before this rule existed): the held session is outside it.
    type(module).objects.filter(pk=module.pk).update(first_day=course_day(course, 3))

    services.update_session(actor=staff, session=session, title_en="Opening lecture")

    session.refresh_from_db()
    assert session.title_en == "Opening lecture"


def test_a_held_session_cannot_be_removed_and_one_still_to_come_can(staff, course):
    held = lecture(staff, course, course_day(course, -3), title_en="Opening lecture")
    to_come = lecture(staff, course, course_day(course, 3))

    with pytest.raises(ValidationError) as refused:
        services.delete_session(actor=staff, session=held, reason="Cancelled")
    assert refused.value.messages == ["“Opening lecture” cannot be removed: it has started."]
    services.delete_session(actor=staff, session=to_come, reason="Cancelled")

    assert list(course.sessions.all()) == [held]
    assert not AuditEvent.objects.filter(action="session.deleted", object_id=str(held.pk)).exists()


def test_the_session_page_says_why_a_held_session_stays_and_refuses_its_removal(client, staff, course):
    session = lecture(staff, course, course_day(course, -3), title_en="Opening lecture")
    client.force_login(staff)
    url = reverse("courses:session_edit", args=[course.pk, session.pk])

    page = client.get(url).content.decode()
    assert "This session stays where it is: it has started." in page
    assert 'name="date"' in page and "disabled" in page.split('name="date"')[1].split(">")[0]
    assert "Remove this session" not in page

    response = client.post(reverse("courses:session_delete", args=[course.pk, session.pk]), follow=True)
    assert "This session cannot be removed: it has started. It stays in the timetable." in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()

    data = {
        "date": course_day(course, 3).isoformat(),  # disabled: the form keeps the date it has
        "part_of_day": "2",
        "format": "lecture",
        "title_en": "Opening lecture: energy",
        "title_zh": "开幕讲座",
        "class_hours": "3.0",
        "lecturers": [lecturer.pk for lecturer in session.lecturers.all()],
    }
    assert client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert (session.title_en, session.date, session.part_of_day) == (
        "Opening lecture: energy",
        course_day(course, -3),
        PartOfDay.MORNING,
    )
