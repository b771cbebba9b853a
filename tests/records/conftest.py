"""A small world for the training-record pages: two academies, two sending units, officials in each
state of compliance, and a login for every role. "Today" is fixed (see ``today``) so statuses do not
depend on the day the tests run."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

import pytest
from openpyxl import Workbook

from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course
from peixun.people.models import Official, Organisation
from peixun.records.services import add_external_training
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    EnrolmentFactory,
    JurisdictionFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    UserFactory,
)
from tests.worlds import logins

TODAY = datetime.date(2027, 6, 15)
D = datetime.date


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today(monkeypatch):
    """Pages, forms and services read the day from ``timezone.localdate``: pin it."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@dataclass
class World:
    course: Course
    other_course: Course
    future_course: Course
    unit: Organisation
    other_unit: Organisation
    official: Official  # 王伟, of the unit, enrolled at the academy, has a login
    other_official: Official  # 李娜, of the other unit, enrolled at the other academy, has a login
    users: dict


def credit(official, date, hours, title="外部培训", provider="省委党校", actor=None):
    return add_external_training(
        actor=actor or UserFactory(role=Role.STAFF),
        official=official,
        date=date,
        title=title,
        provider=provider,
        hours=Decimal(str(hours)),
    )


@pytest.fixture
def world(db, today) -> World:
    academy = AcademyFactory(code="namc", name_en="NAMC", name_zh="全国市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="中国浦东干部学院")
    province = JurisdictionFactory(name_en="Zhejiang", name_zh="浙江省", level="province")
    hangzhou = JurisdictionFactory(name_en="Hangzhou", name_zh="杭州市", parent=province)
    suzhou = JurisdictionFactory(name_en="Suzhou", name_zh="苏州市")
    unit = OrganisationFactory(name_en="Hangzhou Municipal Government", name_zh="杭州市人民政府")
    other_unit = OrganisationFactory(name_en="Suzhou Municipal Government", name_zh="苏州市人民政府")
    course = CourseFactory(academy=academy, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    other_course = CourseFactory(academy=other_academy, title_en="Green Finance", title_zh="绿色金融")
    future_course = CourseFactory(
        academy=academy, title_en="Eco-cities", title_zh="生态城市", start=D(2027, 9, 6), end=D(2027, 9, 17)
    )
    official = OfficialFactory(name_zh="王伟", sending_unit=unit, jurisdiction=hangzhou)
    other_official = OfficialFactory(name_zh="李娜", sending_unit=other_unit, jurisdiction=suzhou)
    EnrolmentFactory(course=course, official=official, status=EnrolmentStatus.CONFIRMED)
    EnrolmentFactory(course=future_course, official=official, status=EnrolmentStatus.CONFIRMED)
    SessionFactory(course=future_course, date=D(2027, 9, 6), class_hours=Decimal("6"))
    EnrolmentFactory(course=other_course, official=other_official, status=EnrolmentStatus.CONFIRMED)
    users = logins(
        "staff", "coordinator", "other_coordinator", "reviewer", "nominator", "other_nominator", "lecturer",
        "official", "other_official",
        academy=academy, other_academy=other_academy, unit=unit, other_unit=other_unit,
        people={"official": official, "other_official": other_official},
    )  # fmt: skip
    return World(course, other_course, future_course, unit, other_unit, official, other_official, users)


def workbook_bytes(rows, title="Sheet") -> bytes:
    """An .xlsx whose first sheet holds ``rows`` (lists of cell values), as a user's file would."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
