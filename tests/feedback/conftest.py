"""The feedback tests' world: a course held in the past at one academy with a lecture by a lecturer,
sponsored by a partner, in a module on two topics; a course at another academy; and every kind of user."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.utils import timezone

from peixun.core.enums import Role
from peixun.core.models import User
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course, Enrolment, Session, SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.feedback import services
from peixun.feedback.models import Evaluation
from peixun.people.enums import OrganisationKind
from peixun.people.models import Lecturer, Official, Organisation
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    CourseModuleFactory,
    EnrolmentFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    TopicFactory,
    UnitQuotaFactory,
    UserFactory,
)
from tests.worlds import logins

ROLES = [
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "nominator",
    "lecturer",
    "other_lecturer",
    "official",
    "other_official",
    "translator",
    "partner",
]
#: Names of the further officials: none is world.official's (王伟) or other_official's (李娜).
NAMES = ["张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳", "欧阳明", "司马光", "孙丽", "马超"]


@pytest.fixture(autouse=True)
def _feedback_open_for_the_world(settings):
    """The world's course was held three weeks ago; its feedback stays open in these tests unless a test
    sets the window itself (the default is 14 days)."""
    settings.PEIXUN_FEEDBACK_OPEN_DAYS = 60


def past_monday(weeks: int = 3) -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7 * weeks)


def course_at(academy, start: datetime.date, **fields) -> Course:
    return CourseFactory(academy=academy, start=start, end=start + datetime.timedelta(days=13), **fields)


def session_in(course: Course, day: int = 0, *, lecturers=(), module=None, **fields) -> Session:
    """A session on the course's ``day``-th day (0 = first), taught by ``lecturers``."""
    date = course.start + datetime.timedelta(days=day)
    fields.setdefault("part_of_day", PartOfDay.MORNING)
    session = SessionFactory(course=course, date=date, module=module, **fields)
    for lecturer in lecturers:
        SessionLecturer.objects.create(
            session=session, lecturer=lecturer, date=session.date, part_of_day=session.part_of_day
        )
    return session


def official_user(official: Official, username: str | None = None) -> User:
    user = UserFactory(username=username or f"official-{official.pk}", role=Role.OFFICIAL)
    official.user = user
    official.save()
    return user


def confirmed_officials(course: Course, count: int, *, start: int = 0, status=EnrolmentStatus.CONFIRMED):
    """``count`` officials confirmed on the course, each with a login."""
    officials = []
    for index in range(start, start + count):
        official = OfficialFactory(name_zh=NAMES[index % len(NAMES)], name_en=f"Official {index}")
        EnrolmentFactory(course=course, official=official, status=status)
        official_user(official)
        officials.append(official)
    return officials


def answer(
    official: Official,
    session: Session,
    ratings,
    comment: str = "",
    follow_up: bool = False,
    now=None,
    share_name: bool = False,
) -> Evaluation:
    """The official's feedback through the service: ``ratings`` is one number for all five questions or five;
    ``share_name`` tells the lecturer who asked to follow up.

    Given, unless ``now`` says otherwise, an hour after the session began, while its feedback was open."""
    now = now or session.starts_at + datetime.timedelta(hours=1)
    if isinstance(ratings, int):
        ratings = [ratings] * 5
    fields = ["interest", "local_growth", "differentiation", "community_health", "applicability"]
    return services.submit_evaluation(
        actor=official.user,
        session=session,
        answers=dict(zip(fields, ratings, strict=True)),
        comment=comment,
        wants_follow_up=follow_up,
        name_shared_with_lecturer=share_name,
        now=now,
    )


@dataclass
class World:
    course: Course
    other_course: Course
    session: Session  # held, lecture by `lecturer`, sponsored by `partner`, module on topics[0], topics[1]
    future: Session  # in the same course, not held yet
    other_session: Session  # at the other academy, by `other_lecturer`
    official: Official
    enrolment: Enrolment
    lecturer: Lecturer
    other_lecturer: Lecturer
    partner: Organisation
    topics: list
    users: dict[str, User] = field(default_factory=dict)


@pytest.fixture
def world(db) -> World:
    academy = AcademyFactory(code="namc", name_en="NAMC", name_zh="市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="浦东干部学院")
    start = past_monday()
    course = course_at(academy, start, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    other_course = course_at(other_academy, start, title_en="Green Finance", title_zh="绿色金融")
    topics = [
        TopicFactory(slug="energy", name_en="Energy master planning", name_zh="能源总体规划", order=1),
        TopicFactory(slug="clean", name_en="Clean energy", name_zh="清洁能源", order=2),
    ]
    module = CourseModuleFactory(course=course, first_day=course.start)
    module.topics.set(topics)
    partner = OrganisationFactory(
        name_en="Philips Lighting", name_zh="飞利浦照明", kind=OrganisationKind.COMPANY, is_sending_unit=False
    )
    lecturer = LecturerFactory(name="Ada Lovelace", name_zh="阿达")
    other_lecturer = LecturerFactory(name="Grace Hopper")
    session = session_in(
        course,
        0,
        lecturers=[lecturer],
        module=module,
        sponsor=partner,
        title_en="Energy master planning",
        title_zh="能源总体规划",
    )
    future = SessionFactory(
        course=course,
        date=timezone.localdate() + datetime.timedelta(days=7),
        title_en="Smart grids",
        title_zh="智能电网",
        format=SessionFormat.WORKSHOP,
        class_hours=Decimal("3.0"),
    )
    other_session = session_in(other_course, 0, lecturers=[other_lecturer], title_en="Green bonds", title_zh="绿色债券")
    quota = UnitQuotaFactory(course=course, seats=10)
    official = OfficialFactory(
        name_zh="王伟", name_en="Wang Wei", sending_unit=quota.unit, email="wangwei@example.org", phone="13800000000"
    )
    enrolment = EnrolmentFactory(course=course, official=official, status=EnrolmentStatus.CONFIRMED)
    other_official = OfficialFactory(name_zh="李娜", name_en="Li Na")
    EnrolmentFactory(course=other_course, official=other_official, status=EnrolmentStatus.CONFIRMED)
    users = logins(
        "staff", "coordinator", "other_coordinator", "reviewer", "nominator", "lecturer", "other_lecturer",
        "official", "other_official", "translator", "partner",
        academy=academy, other_academy=other_academy, unit=quota.unit, partner=partner,
        people={"lecturer": lecturer, "other_lecturer": other_lecturer, "official": official,
                "other_official": other_official},
        details={"staff": {"first_name": "Sam", "last_name": "Staff"}},
    )  # fmt: skip
    return World(
        course=course,
        other_course=other_course,
        session=session,
        future=future,
        other_session=other_session,
        official=official,
        enrolment=enrolment,
        lecturer=lecturer,
        other_lecturer=other_lecturer,
        partner=partner,
        topics=topics,
        users=users,
    )
