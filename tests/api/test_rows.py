"""The plain row builders of the long lists (the roster, the compliance rows) against the serializers that
remain their schema: the same rows written both ways are the same JSON, field by field, key order and types
included, in two time zones, on a world with both languages, missing places, an official whose service has
not begun, a substitution and undecided nominations. And the lists' queries do not grow with their pages."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from peixun.api.v1.nominations import NOMINATION_COLUMNS, NominationSerializer, nomination_rows
from peixun.api.v1.records import ComplianceRowSerializer, compliance_rows
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.selectors import visible_enrolments
from peixun.people.enums import PositionCategory
from peixun.records import compliance, services
from peixun.records.enums import RulePeriod
from peixun.records.models import ComplianceRule
from peixun.records.selectors import report_officials
from tests.factories import EnrolmentFactory, JurisdictionFactory, OfficialFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

ZONES = ("Asia/Shanghai", "UTC")  # an offset, and UTC, which DRF writes as "Z"


def assert_same(built, serialized, where="row"):
    """``built`` is ``serialized`` (as its JSON reads), one field at a time: the same keys in the same order,
    the same values of the same types."""
    if isinstance(serialized, dict):
        assert isinstance(built, dict), where
        assert list(built) == list(serialized), where
        for key in serialized:
            assert_same(built[key], serialized[key], f"{where}.{key}")
    elif isinstance(serialized, list):
        assert isinstance(built, list), where
        assert len(built) == len(serialized), where
        for n, (one, other) in enumerate(zip(built, serialized, strict=True)):
            assert_same(one, other, f"{where}[{n}]")
    else:
        assert (type(built), built) == (type(serialized), serialized), where


def as_json(data):
    return json.loads(json.dumps(data))


@pytest.fixture
def roster(world):
    """The open course with nominations of every kind: an official with no place, one without an English
    name or title, another unit's nominee under their own unit's quota, a decided, a waitlisted and a
    substituted one with the nomination that took its place."""
    course = world.open_course
    unit = OrganisationFactory(name_en="Shenzhen Housing Bureau", name_zh="深圳市住房和建设局")
    place = JurisdictionFactory(name_en="Shenzhen", name_zh="深圳市")
    moment = datetime.datetime(2027, 1, 15, 17, 30, 5, 123456, tzinfo=datetime.UTC)
    EnrolmentFactory(
        course=course,
        official=OfficialFactory(
            name_zh="陈静",
            name_en="Chen Jing",
            title_en="Vice mayor",
            title_zh="副市长",
            jurisdiction=place,
            sending_unit=unit,
            phone="+86 755 0000 0000",
        ),
        status=EnrolmentStatus.CONFIRMED,
        priority=1,
        nominated_at=moment,
        decided_at=moment + datetime.timedelta(days=2, hours=7),
    )
    EnrolmentFactory(
        course=course,
        official=OfficialFactory(
            name_zh="杨帆", name_en="", jurisdiction=None, position_category=PositionCategory.SOE_EXECUTIVE
        ),
        status=EnrolmentStatus.WAITLISTED,
        nominated_at=moment + datetime.timedelta(hours=20),
    )
    left = EnrolmentFactory(
        course=course, official=OfficialFactory(name_zh="赵磊", sending_unit=unit), status=EnrolmentStatus.SUBSTITUTED
    )
    EnrolmentFactory(
        course=course,
        official=OfficialFactory(name_zh="黄丽", sending_unit=unit),
        unit=OrganisationFactory(name_en="Guangdong Department", name_zh="广东省厅"),
        replaces=left,
        nominated_at=moment - datetime.timedelta(days=40),
    )
    return course


@pytest.mark.parametrize("zone", ZONES)
def test_the_roster_rows_are_the_serializers_rows(world, roster, zone):
    with timezone.override(zone):
        enrolments = visible_enrolments(world.users["staff"], roster).order_by("nominated_at", "pk")
        built = nomination_rows(enrolments.values(*NOMINATION_COLUMNS))
        serialized = NominationSerializer(
            enrolments.select_related("official__jurisdiction", "official__sending_unit", "unit"), many=True
        ).data
    assert len(built) == 5
    assert_same(built, as_json(serialized))
    statuses = {(row["official"]["name_zh"], row["status"], row["replaces"] is None) for row in built}
    assert ("黄丽", "nominated", False) in statuses
    assert any(row["official"]["jurisdiction"] is None for row in built)
    assert any(row["decided_at"] is None for row in built) and any(row["decided_at"] for row in built)


@pytest.mark.parametrize("zone", ZONES)
def test_the_roster_list_answers_the_serializers_rows(units, roster, zone):
    """Through the API, filtered and ordered, in the reader's time zone (a session's reader): the page is what
    the serializer makes of the same rows."""
    staff = units.world.users["staff"]
    staff.time_zone = zone
    staff.save()
    client = Client()
    client.force_login(staff)
    response = client.get(
        f"/api/v1/courses/{roster.pk}/nominations/", {"status": ["nominated", "confirmed"], "ordering": "-priority"}
    )
    assert response.status_code == 200, response.content
    enrolments = (
        visible_enrolments(staff, roster)
        .filter(status__in=["nominated", "confirmed"])
        .select_related("official__jurisdiction", "official__sending_unit", "unit")
        .order_by("-priority", "-pk")
    )
    with timezone.override(zone):
        expected = as_json(NominationSerializer(enrolments, many=True).data)
    assert [row["official"]["name_zh"] for row in expected] == ["黄丽", "李娜", "王伟", "陈静"]
    assert_same(response.json()["results"], expected)
    assert (
        expected[-1]["nominated_at"]
        == {
            "Asia/Shanghai": "2027-01-16T01:30:05.123456+08:00",
            "UTC": "2027-01-15T17:30:05.123456Z",
        }[zone]
    )


@pytest.fixture
def rules(world, roster):
    """A yearly rule prorated in the first year and a five-yearly one; training taken in fractions of an hour;
    an official whose service has not begun and one who began this year."""
    today = timezone.localdate()
    yearly = ComplianceRule.objects.create(
        name_en="Annual training",
        name_zh="年度培训",
        period=RulePeriod.YEAR,
        years=1,
        required_days=Decimal("12"),
        required_hours=Decimal("72"),
        prorate_first_year=True,
        order=1,
    )
    service = ComplianceRule.objects.create(
        name_en="Five-yearly training",
        name_zh="五年培训",
        period=RulePeriod.SERVICE,
        years=5,
        required_days=Decimal("90"),
        required_hours=Decimal("550"),
        order=2,
    )
    staff = world.users["staff"]
    officials = {official.name_zh: official for official in report_officials(staff)}
    for name, hours in (("陈静", "72"), ("杨帆", "7.5"), ("王伟", "30.25")):
        services.add_external_training(
            actor=staff, official=officials[name], date=today, title="Party school", hours=Decimal(hours)
        )
    officials["赵磊"].service_began = None
    officials["赵磊"].save()
    officials["黄丽"].service_began = today.replace(month=1, day=1) if today.month > 1 else today
    officials["黄丽"].save()
    officials["杨帆"].service_began = today + datetime.timedelta(days=400)
    officials["杨帆"].save()
    return [yearly, service]


@pytest.mark.parametrize("year_offset", [0, -1])
def test_the_compliance_rows_are_the_serializers_rows(world, rules, year_offset):
    today = timezone.localdate()
    as_of = today if year_offset == 0 else datetime.date(today.year - 1, 12, 31)
    officials = compliance.with_compliance(report_officials(world.users["staff"]), as_of=as_of, rules=rules)
    officials = list(officials.order_by("search_key", "pk"))
    built = compliance_rows(officials, rules, as_of)
    serialized = ComplianceRowSerializer(
        [
            {"official": found.official, "compliance": {"as_of": as_of, "status": found.status, "rules": found.rules}}
            for found in (
                compliance.OfficialCompliance(official, compliance.results(official, rules, as_of))
                for official in officials
            )
        ],
        many=True,
    ).data
    assert len(built) == len(officials) == 5
    assert_same(built, as_json(serialized))
    figures = [rule for row in built for rule in row["compliance"]["rules"]]
    assert any(rule["required_hours"] is None and rule["period_start"] is None for rule in figures)
    assert any(rule["status"] is not None for rule in figures)
    if year_offset == 0:
        assert {"7.50", "30.25", "72.00"} <= {rule["done_hours"] for rule in figures}


def test_the_compliance_list_answers_the_serializers_rows(units, rules):
    response = units.client("staff", write=False).get("/api/v1/compliance/", {"ordering": "-id"})
    assert response.status_code == 200, response.content
    as_of, active = timezone.localdate(), compliance.active_rules()  # the fixture's and the programme's own
    assert len(active) > len(rules)
    officials = compliance.with_compliance(report_officials(units.world.users["staff"]), as_of=as_of, rules=active)
    expected = ComplianceRowSerializer(
        [
            {"official": official, "compliance": {"as_of": as_of, "status": found.status, "rules": found.rules}}
            for official in officials.order_by("-pk")
            for found in [compliance.OfficialCompliance(official, compliance.results(official, active, as_of))]
        ],
        many=True,
    ).data
    assert_same(response.json()["results"], as_json(expected))


def queries_and_rows(client, url: str) -> tuple[int, int]:
    client.get(url)  # the token's first use of the minute writes last_used_at once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


def test_the_roster_and_compliance_lists_take_the_same_queries_for_a_page_of_one_and_a_page_of_many(units, rules):
    client = units.client("staff", write=False)
    roster = f"/api/v1/courses/{units.world.open_course.pk}/nominations/"
    one, many = queries_and_rows(client, f"{roster}?page_size=1"), queries_and_rows(client, f"{roster}?page_size=50")
    assert (one[1], many[1]) == (1, 6)
    assert one[0] == many[0]
    one = queries_and_rows(client, "/api/v1/compliance/?page_size=1")
    many = queries_and_rows(client, "/api/v1/compliance/?page_size=50")
    assert (one[1], many[1]) == (1, 8)
    assert one[0] == many[0]


@pytest.mark.parametrize("ordering", ["", "-priority", "status"])
def test_the_roster_pages_on_the_rows_cursor_neither_repeat_nor_skip(units, roster, ordering):
    client = units.client("staff", write=False)
    address = f"/api/v1/courses/{roster.pk}/nominations/?page_size=2" + (f"&ordering={ordering}" if ordering else "")
    whole = client.get(f"/api/v1/courses/{roster.pk}/nominations/?page_size=50&ordering={ordering}").json()
    seen, pages = [], 0
    while address:
        body = client.get(address).json()
        seen += [row["id"] for row in body["results"]]
        address, pages = body["next"], pages + 1
    assert pages == 3
    assert seen == [row["id"] for row in whole["results"]]
    assert len(set(seen)) == 6
