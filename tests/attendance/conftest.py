"""The attendance tests' world: the page tests' course with its official confirmed, a reviewer,
a session in progress now that the classroom screen and self check-in can use, and one that has ended."""

import datetime
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
from tests.timing import session_around_now
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
    session: Session  # on the course's first day, in 2027: not begun
    today: Session  # began an hour ago, ends in two hours: check-in is open
    ended: Session  # ended yesterday: a roll call credits it at once
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
    today = session_around_now(
        world.course,
        begins_in=-datetime.timedelta(hours=1),
        part_of_day=PartOfDay.AFTERNOON,
        format=SessionFormat.SITE_VISIT,
        title_en="Site visit: district heating",
        title_zh="现场考察：区域供热",
        class_hours=Decimal("3.0"),
    )
    ended = SessionFactory(
        course=world.course,
        date=timezone.localdate(timezone=world.course.academy.zone) - datetime.timedelta(days=1),
        part_of_day=PartOfDay.MORNING,
        title_en="Energy master planning in Seoul",
        title_zh="首尔的能源总体规划",
        class_hours=Decimal("3.0"),
    )
    return Class(world.course, world.session, today, ended, enrolment, world.official, users)


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
