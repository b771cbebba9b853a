"""What the tests of the API's writes share: the world with a second sending unit on the open course, the
officials each unit may still nominate, and a client per role with a read-and-write token."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client

from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.models import Attendance
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment
from peixun.records.enums import RulePeriod
from peixun.records.models import ComplianceRule
from tests.api.conftest import ROLES
from tests.factories import EnrolmentFactory, OfficialFactory, UnitQuotaFactory

#: Every role of the API's world, and a caller without credentials (None).
EVERYONE = (*ROLES, None)

READ_ONLY = (
    "This API token may only read. Make a token that may read and write on your profile page to change anything."
)
COURSE_OUT_OF_SCOPE = "This course is not among the courses you can see."


@dataclass
class Units:
    world: object
    nominee: Enrolment  # the nominator's unit's official, nominated on the open course
    other_nominee: Enrolment  # the other unit's official, nominated on the open course too
    free: object  # an official of the nominator's unit not on the open course
    other_free: object  # an official of the other unit not on it
    writers: dict

    def client(self, role, *, write: bool = True, **headers) -> Client:
        if role is None:
            return Client(**headers)
        if not write:
            return self.world.client(role, **headers)
        if role not in self.writers:
            self.writers[role] = self.world.write_token(role)
        return Client(HTTP_AUTHORIZATION=f"Bearer {self.writers[role]}", **headers)


@pytest.fixture
def units(world) -> Units:
    """The world, with the other sending unit given a quota on the open course and a nominee there."""
    unit = world.users["nominator"].sending_unit
    other_unit = world.users["other_nominator"].sending_unit
    UnitQuotaFactory(course=world.open_course, unit=other_unit, seats=2)
    nominee = Enrolment.objects.get(course=world.open_course, unit=unit)
    other_nominee = EnrolmentFactory(
        course=world.open_course, official=OfficialFactory(name_zh="李娜", sending_unit=other_unit)
    )
    free = OfficialFactory(name_zh="张敏", sending_unit=unit)
    other_free = OfficialFactory(name_zh="刘洋", sending_unit=other_unit)
    return Units(world, nominee, other_nominee, free, other_free, {})


def confirm(enrolment: Enrolment) -> Enrolment:
    enrolment.status = EnrolmentStatus.CONFIRMED
    enrolment.save(update_fields=["status"])
    return enrolment


def mark(session, enrolment: Enrolment, status=AttendanceStatus.PRESENT) -> Attendance:
    return Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        official=enrolment.official,
        status=status,
        method="roll_call",
        recorded_at=datetime.datetime(2027, 3, 1, 9, tzinfo=datetime.UTC),
    )


def yearly_rule() -> ComplianceRule:
    return ComplianceRule.objects.create(
        name_en="Annual training of the tests",
        name_zh="测试年度培训",
        period=RulePeriod.YEAR,
        years=1,
        required_days=Decimal("12"),
        required_hours=Decimal("72"),
    )
