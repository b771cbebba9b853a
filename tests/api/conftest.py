"""The API's world: two academies, each with a draft and an open course, and a token for every role."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.test import Client

from peixun.api.models import TokenScope
from peixun.api.services import create_api_token
from peixun.core.enums import Role
from peixun.courses.enums import CourseStatus
from peixun.courses.models import Course, SessionLecturer
from peixun.people.enums import OrganisationKind
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    CourseModuleFactory,
    EnrolmentFactory,
    LecturerFactory,
    ModuleFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    TopicFactory,
    UnitQuotaFactory,
    UserFactory,
    VenueFactory,
)

ROLES = (
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "nominator",
    "other_nominator",
    "lecturer",
    "official",
    "translator",
    "partner",
)


@dataclass
class World:
    academy: object
    other_academy: object
    open_course: Course
    draft_course: Course
    other_open_course: Course
    other_draft_course: Course
    session: object
    module: object
    template: object
    topics: list
    users: dict
    tokens: dict = field(default_factory=dict)

    def client(self, role: str, **headers) -> Client:
        """A client sending ``role``'s read token (``role`` None: no credentials)."""
        if role is None:
            return Client(**headers)
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.tokens[role]}", **headers)

    def write_token(self, role: str) -> str:
        user = self.users[role]
        return create_api_token(actor=user, user=user, name=f"{role} writer", scope=TokenScope.READ_WRITE).secret


@pytest.fixture
def world(db) -> World:
    academy = AcademyFactory(code="namc", name_en="National Academy for Mayors", name_zh="全国市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="中国浦东干部学院")
    topics = [
        TopicFactory(slug="energy", name_en="Energy master planning", name_zh="能源总体规划", order=1),
        TopicFactory(slug="waste", name_en="Municipal waste", name_zh="城市垃圾处理", order=2),
    ]
    template = ModuleFactory(code="smart-energy", title_en="Smart energy", title_zh="智慧能源")
    template.topics.set(topics[:1])
    start = datetime.date(2027, 3, 1)
    open_course = CourseFactory(academy=academy, title_en="Energy Smart Cities", title_zh="能源智慧城市", start=start)
    draft_course = CourseFactory(
        academy=academy,
        title_en="Draft at NAMC",
        title_zh="学院草案",
        status=CourseStatus.PLANNING,
        start=start + datetime.timedelta(days=30),
    )
    other_open_course = CourseFactory(
        academy=other_academy, title_en="Green Finance", title_zh="绿色金融", start=start + datetime.timedelta(days=60)
    )
    other_draft_course = CourseFactory(
        academy=other_academy,
        title_en="Draft at CELAP",
        title_zh="浦东草案",
        status=CourseStatus.PLANNING,
        start=start + datetime.timedelta(days=90),
    )
    quota = UnitQuotaFactory(course=open_course, seats=5)
    other_quota = UnitQuotaFactory(course=other_open_course, seats=5)
    module = CourseModuleFactory(course=open_course, template=template, title_en="Smart energy", title_zh="智慧能源")
    module.topics.set(topics[:1])
    venue = VenueFactory(academy=academy, name_en="Hall A", name_zh="甲厅")
    VenueFactory(name_en="Solar Works", name_zh="太阳能厂", city_en="Beijing")
    lecturer = LecturerFactory(name="Ada Lovelace", name_zh="洛芙莱斯")
    session = SessionFactory(
        course=open_course, module=module, venue=venue, title_en="Energy master planning", title_zh="能源总体规划"
    )
    SessionLecturer.objects.create(
        session=session, lecturer=lecturer, date=session.date, part_of_day=session.part_of_day
    )
    official = OfficialFactory(name_zh="王伟", sending_unit=quota.unit)
    EnrolmentFactory(course=open_course, official=official)
    partner = OrganisationFactory(kind=OrganisationKind.COMPANY, is_sending_unit=False)
    users = {
        "staff": UserFactory(username="staff", role=Role.STAFF),
        "coordinator": UserFactory(username="coordinator", role=Role.COORDINATOR, academy=academy),
        "other_coordinator": UserFactory(username="other_coordinator", role=Role.COORDINATOR, academy=other_academy),
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER, academy=academy),
        "nominator": UserFactory(username="nominator", role=Role.UNIT_CONTACT, sending_unit=quota.unit),
        "other_nominator": UserFactory(
            username="other_nominator", role=Role.UNIT_CONTACT, sending_unit=other_quota.unit
        ),
        "lecturer": UserFactory(username="lecturer", role=Role.LECTURER),
        "official": UserFactory(username="official", role=Role.OFFICIAL),
        "translator": UserFactory(username="translator", role=Role.TRANSLATOR),
        "partner": UserFactory(username="partner", role=Role.PARTNER, partner=partner),
    }
    lecturer.user = users["lecturer"]
    lecturer.save()
    official.user = users["official"]
    official.save()
    world = World(
        academy,
        other_academy,
        open_course,
        draft_course,
        other_open_course,
        other_draft_course,
        session,
        module,
        template,
        topics,
        users,
    )
    for role, user in users.items():
        world.tokens[role] = create_api_token(actor=user, user=user, name=f"{role} reader").secret
    return world


from tests.api.writes import units  # noqa: E402, F401 (the fixture of the writes' tests)
