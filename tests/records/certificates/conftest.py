"""A finished course with attendance taken, and every kind of user who may or may not see its certificates."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.services import Mark, record_roll_call
from peixun.core.enums import Role
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session, SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.people.models import Official
from peixun.records.certificates.services import issue_certificates
from peixun.records.models import Certificate
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    EnrolmentFactory,
    JurisdictionFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    UnitQuotaFactory,
    UserFactory,
)

#: The class hours of the finished course's sessions: 30 in all, so 80 % is exactly 24. The 2.9 and 0.1
#: hour sessions let an official fall just short: 7 × 3 + 2.9 = 23.9.
SESSION_HOURS = [Decimal(h) for h in ("3.0",) * 8 + ("2.9", "0.1", "3.0")]


def past_monday(weeks: int = 5) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7 * weeks)


def finished_course(**fields) -> Course:
    """A two-week course that ended more than two weeks ago, with 30 class hours and a dinner."""
    start = past_monday()
    course = CourseFactory(start=start, end=start + datetime.timedelta(days=13), status=CourseStatus.FINISHED, **fields)
    course_days = course.course_days()
    for index, hours in enumerate(SESSION_HOURS):
        SessionFactory(
            course=course,
            date=course_days[index // 2],
            part_of_day=PartOfDay.MORNING if index % 2 == 0 else PartOfDay.AFTERNOON,
            title_en=f"Lecture {index + 1}",
            title_zh=f"第{index + 1}讲",
            class_hours=hours,
        )
    SessionFactory(
        course=course,
        date=course_days[0],
        part_of_day=PartOfDay.EVENING,
        format=SessionFormat.DINNER,
        title_en="Welcome dinner",
        title_zh="欢迎晚宴",
        class_hours=0,
    )
    return course


def sessions(course: Course) -> list[Session]:
    """The course's teaching sessions, in the order of SESSION_HOURS."""
    return list(course.sessions.filter(class_hours__gt=0).order_by("date", "part_of_day", "id"))


def confirm(course: Course, official: Official) -> Enrolment:
    return EnrolmentFactory(course=course, official=official, status=EnrolmentStatus.CONFIRMED)


def attend(actor, enrolment: Enrolment, attended: list[Session]) -> None:
    """Mark the official present at each of these sessions (through the roll call, which credits the hours)."""
    for session in attended:
        record_roll_call(actor=actor, session=session, marks={enrolment.pk: Mark(AttendanceStatus.PRESENT)})


def exactly_80(course: Course) -> list[Session]:
    """Sessions worth 24 of the 30 class hours."""
    return sessions(course)[:8]


def just_under(course: Course) -> list[Session]:
    """Sessions worth 23.9 of the 30 class hours."""
    teaching = sessions(course)
    return teaching[:7] + [teaching[8]]


@dataclass
class World:
    course: Course
    official: Official
    classmate: Official
    enrolment: Enrolment
    certificate: Certificate
    users: dict


@pytest.fixture
def world(db) -> World:
    """王伟 attended exactly 80 % of a finished course at NAMC and holds its certificate; 李娜, a
    classmate from another unit, attended 70 % and has none. Every kind of user is here."""
    academy = AcademyFactory(code="namc", name_en="National Academy for Mayors", name_zh="市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="浦东干部学院")
    course = finished_course(academy=academy, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    unit = OrganisationFactory(name_en="Shenzhen Housing Bureau", name_zh="深圳市住房和建设局")
    other_unit = OrganisationFactory(name_en="Harbin Planning Office", name_zh="哈尔滨市规划办")
    UnitQuotaFactory(course=course, unit=unit)
    UnitQuotaFactory(course=course, unit=other_unit)
    official = OfficialFactory(
        name_zh="王伟",
        sending_unit=unit,
        jurisdiction=JurisdictionFactory(name_en="Shenzhen", name_zh="深圳市"),
        email="wang.wei@example.org",
        phone="+86 138 0000 1234",
        title_zh="副市长",
    )
    classmate = OfficialFactory(name_zh="李娜", sending_unit=other_unit)
    staff = UserFactory(username="staff", role=Role.STAFF)
    enrolment = confirm(course, official)
    attend(staff, enrolment, exactly_80(course))
    attend(staff, confirm(course, classmate), sessions(course)[:7])
    lecturer = LecturerFactory(name="Ada Lovelace")
    teaching = sessions(course)[0]
    SessionLecturer.objects.create(
        session=teaching, lecturer=lecturer, date=teaching.date, part_of_day=teaching.part_of_day
    )
    users = {
        "staff": staff,
        "coordinator": UserFactory(username="coordinator", role=Role.COORDINATOR, academy=academy),
        "other_coordinator": UserFactory(username="other_coordinator", role=Role.COORDINATOR, academy=other_academy),
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER, academy=academy),
        "nominator": UserFactory(username="nominator", role=Role.UNIT_CONTACT, sending_unit=unit),
        "other_nominator": UserFactory(username="other_nominator", role=Role.UNIT_CONTACT, sending_unit=other_unit),
        "lecturer": UserFactory(username="lecturer", role=Role.LECTURER),
        "official": UserFactory(username="official", role=Role.OFFICIAL),
        "other_official": UserFactory(username="other_official", role=Role.OFFICIAL),
    }
    lecturer.user = users["lecturer"]
    lecturer.save()
    official.user = users["official"]
    official.save()
    classmate.user = users["other_official"]
    classmate.save()
    (certificate,) = issue_certificates(actor=staff, course=course)
    return World(course, official, classmate, enrolment, certificate, users)
