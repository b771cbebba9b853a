"""The page tests' world: a course at NAMC with a session and a nominated official, and a login for every role."""

import datetime
from dataclasses import dataclass

import pytest

from peixun.core.enums import Role
from peixun.courses import services
from peixun.courses.models import Course, Enrolment, Session
from peixun.people.models import Lecturer, Official
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    LecturerFactory,
    ModuleFactory,
    OfficialFactory,
    UnitQuotaFactory,
    UserFactory,
    VenueFactory,
)
from tests.worlds import logins


@dataclass
class World:
    course: Course
    other_course: Course
    session: Session
    enrolment: Enrolment
    official: Official
    lecturer: Lecturer
    users: dict


@pytest.fixture
def world(db) -> World:
    """One course at academy A with a session, a nominated official, and every kind of user;
    and a course at academy B that most of them must not see."""
    academy = AcademyFactory(code="namc", name_en="NAMC", name_zh="市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="浦东干部学院")
    course = CourseFactory(academy=academy, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    other_course = CourseFactory(academy=other_academy, title_en="Green Finance", title_zh="绿色金融")
    ModuleFactory()
    quota = UnitQuotaFactory(course=course, seats=5)
    UnitQuotaFactory(course=other_course)
    staff = UserFactory(username="staff", role=Role.STAFF)
    official = OfficialFactory(name_zh="王伟", sending_unit=quota.unit)
    enrolment = services.nominate_official(actor=staff, course=course, official=official)
    lecturer = LecturerFactory(name="Ada Lovelace")
    session = services.create_session(
        actor=staff,
        course=course,
        date=course.start,
        part_of_day=1,
        format="lecture",
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=3,
        lecturers=[lecturer],
        venue=VenueFactory(academy=academy),
    )
    users = {"staff": staff} | logins(
        "coordinator", "other_coordinator", "nominator", "other_nominator", "lecturer", "official",
        academy=academy, other_academy=other_academy, unit=quota.unit, other_unit=other_course.quotas.get().unit,
        people={"lecturer": lecturer, "official": official},
    )  # fmt: skip
    return World(course, other_course, session, enrolment, official, lecturer, users)


def monday_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=(7 - day.weekday()) % 7)
