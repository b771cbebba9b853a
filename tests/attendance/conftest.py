"""The attendance tests' world: the page tests' course with its official confirmed, a reviewer,
and a session today that the classroom screen and self check-in can use."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from peixun.core.enums import Role
from peixun.core.models import User
from peixun.courses import services as courses
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.people.models import Official
from tests.factories import EnrolmentFactory, OfficialFactory, SessionFactory, UserFactory
from tests.web import conftest as web

world = web.world

ROLES = [
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "nominator",
    "other_nominator",
    "lecturer",
    "official",
]


@dataclass
class Class:
    course: Course
    session: Session  # on the course's first day, in 2027: not today
    today: Session
    enrolment: Enrolment
    official: Official
    users: dict[str, User]


@pytest.fixture
def klass(world) -> Class:
    users = world.users | {
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER, academy=world.course.academy)
    }
    enrolment = courses.confirm_nomination(actor=users["staff"], enrolment=world.enrolment)
    assert enrolment.status == EnrolmentStatus.CONFIRMED
    today = SessionFactory(
        course=world.course,
        date=timezone.localdate(),
        part_of_day=PartOfDay.AFTERNOON,
        format=SessionFormat.SITE_VISIT,
        title_en="Site visit: district heating",
        title_zh="现场考察：区域供热",
        class_hours=Decimal("3.0"),
    )
    return Class(world.course, world.session, today, enrolment, world.official, users)


def confirmed(course: Course, count: int, **official) -> list[Enrolment]:
    """``count`` more officials confirmed on the course (written directly: the roll call only reads them)."""
    return [
        EnrolmentFactory(course=course, official=OfficialFactory(**official), status=EnrolmentStatus.CONFIRMED)
        for _ in range(count)
    ]


def official_user(official: Official, username: str) -> User:
    """A login for an official."""
    user = UserFactory(username=username, role=Role.OFFICIAL)
    official.user = user
    official.save()
    return user
