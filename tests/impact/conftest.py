"""Helpers for the impact tests. "Today" is pinned (see ``today``): a course counts once it has ended."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from xml.etree import ElementTree

import pytest

from peixun.academies.models import Academy
from peixun.courses.enums import EnrolmentStatus
from peixun.feedback.models import Evaluation
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    CourseModuleFactory,
    EnrolmentFactory,
    JurisdictionFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    TopicFactory,
)
from tests.worlds import logins

TODAY = datetime.date(2027, 6, 15)
D = datetime.date
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def today(monkeypatch):
    """Pages and reports read the day from ``timezone.localdate``: pin it."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


def course_ending(end: datetime.date, academy: Academy | None = None, **fields):
    """A course of two weeks whose last day is ``end``."""
    if academy is not None:
        fields["academy"] = academy
    return CourseFactory(start=end - datetime.timedelta(days=13), end=end, **fields)


def train(official, course, status=EnrolmentStatus.COMPLETED, unit=None):
    """Enrol ``official`` in ``course`` with ``status`` (completed: the course was taken)."""
    extra = {"unit": unit} if unit is not None else {}
    return EnrolmentFactory(official=official, course=course, status=status, **extra)


def place(name: str, level=JurisdictionLevel.PREFECTURE, parent=None, population=1_000_000):
    return JurisdictionFactory(name_en=name, name_zh=f"{name}市", level=level, parent=parent, population=population)


def official_of(jurisdiction=None, category=PositionCategory.VICE_MAYOR, unit=None, **fields):
    extra = {"sending_unit": unit} if unit is not None else {}
    return OfficialFactory(jurisdiction=jurisdiction, position_category=category, **extra, **fields)


def evaluate(session, official, interest, others=3):
    return Evaluation.objects.create(
        session=session,
        official=official,
        interest=interest,
        local_growth=others,
        differentiation=others,
        community_health=others,
        applicability=others,
        submitted_at=datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC),
    )


def with_topics(course, *topics):
    module = CourseModuleFactory(course=course)
    module.topics.set(topics)
    return module


def svgs_in(html: str) -> dict[str, ElementTree.Element]:
    """The inline SVG charts of a page, parsed, by their id."""
    charts = {}
    for markup in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        element = ElementTree.fromstring(markup)
        charts[element.get("id")] = element
    return charts


def bars_of(svg: ElementTree.Element) -> list[ElementTree.Element]:
    return svg.findall(f".//{SVG}rect[@class='bar']")


def texts_of(svg: ElementTree.Element) -> list[str]:
    return [text.text for text in svg.iter(f"{SVG}text")]


@dataclass
class World:
    academy: Academy
    other_academy: Academy
    users: dict


@pytest.fixture
def world(db, today) -> World:
    """Two academies with a course held at each, an official trained in each, and a login for every role."""
    academy = AcademyFactory(code="namc", name_en="National Academy for Mayors of China", name_zh="全国市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="中国浦东干部学院")
    province = place("Zhejiang", JurisdictionLevel.PROVINCE, population=64_567_588)
    hangzhou = place("Hangzhou", parent=province, population=11_936_010)
    suzhou = place("Suzhou", population=12_748_262)
    energy = TopicFactory(slug="energy", name_en="Energy master planning", name_zh="能源总体规划")
    course = course_ending(D(2027, 3, 14), academy, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    with_topics(course, energy)
    SessionFactory(course=course, class_hours=Decimal("3.0"))
    other_course = course_ending(D(2026, 10, 16), other_academy, title_en="Green Finance", title_zh="绿色金融")
    SessionFactory(course=other_course, class_hours=Decimal("6.0"))
    wang = official_of(hangzhou, name_zh="王伟")
    li = official_of(suzhou, name_zh="李娜")
    train(wang, course)
    train(li, other_course, EnrolmentStatus.CONFIRMED)
    unit = OrganisationFactory(name_en="Hangzhou Municipal Government", name_zh="杭州市人民政府")
    partner = OrganisationFactory(
        name_en="Arup", name_zh="奥雅纳", kind=OrganisationKind.COMPANY, is_sending_unit=False
    )
    users = logins(
        "staff", "coordinator", "other_coordinator", "reviewer", "unit_contact", "lecturer", "official",
        "translator", "partner",
        academy=academy, other_academy=other_academy, unit=unit, partner=partner, people={"official": wang},
    )  # fmt: skip
    return World(academy, other_academy, users)
