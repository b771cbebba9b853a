"""Training records through the API, for every role: whose record each reads (with its compliance), the ledger,
training taken elsewhere added as the record page adds it, and the compliance of a unit's officials."""

import datetime
from decimal import Decimal

import pytest

from peixun.core.models import AuditEvent
from peixun.records.models import LedgerEntry
from tests.api.writes import EVERYONE, READ_ONLY, yearly_rule

pytestmark = pytest.mark.django_db

RECORD_REFUSED = (
    "An official's training record is shown only to programme staff, the official, their sending unit "
    "and the coordinators of an academy where they are enrolled."
)
ADD_REFUSED = "Only programme staff add training taken elsewhere to an official's record."
COMPLIANCE_REFUSED = "Compliance reports are for programme staff, academy coordinators and sending-unit contacts."


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["name_zh"] for row in response.json()["results"])


def readers_of_the_nominee(role) -> bool:
    return role in ("staff", "coordinator", "nominator", "official")


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_lists_the_officials_whose_record_the_pages_show_them(units, role):
    response = units.client(role, write=False).get("/api/v1/officials/")
    expected = {
        "staff": ["刘洋", "张敏", "李娜", "王伟"],
        "coordinator": ["李娜", "王伟"],  # enrolled at the academy
        "nominator": ["张敏", "王伟"],
        "other_nominator": ["刘洋", "李娜"],
        "official": ["王伟"],
    }
    if role is None:
        assert response.status_code == 401
    else:
        assert names(response) == expected.get(role, [])


@pytest.mark.parametrize("role", EVERYONE)
def test_an_officials_record_and_compliance_as_the_record_page_allows(units, role):
    yearly_rule()
    official = units.nominee.official
    LedgerEntry.objects.create(
        official=official,
        date=datetime.date.today(),
        hours=Decimal("30"),
        source="external",
        title="Party school",
        created_by=units.world.users["staff"],
    )
    client = units.client(role, write=False)
    detail = client.get(f"/api/v1/officials/{official.pk}/")
    ledger = client.get(f"/api/v1/officials/{official.pk}/training/")
    if readers_of_the_nominee(role):
        assert detail.status_code == 200, detail.content
        assert detail["ETag"]
        body = detail.json()
        assert body["name_zh"] == "王伟"
        [rule] = [rule for rule in body["compliance"]["rules"] if rule["name_zh"] == "测试年度培训"]
        assert (rule["name_zh"], rule["done_hours"], rule["required_hours"]) == ("测试年度培训", "30.00", "72.00")
        assert body["compliance"]["as_of"] == datetime.date.today().isoformat()
        [entry] = ledger.json()["results"]
        assert (entry["title"], entry["hours"], entry["source"]) == ("Party school", "30.00", "external")
    elif role is None:
        assert (detail.status_code, ledger.status_code) == (401, 401)
    else:
        for response in (detail, ledger):
            assert (response.status_code, response.json()["error"]["message"]) == (403, RECORD_REFUSED)


def test_a_missing_official_is_not_found_and_a_bad_year_named(units):
    client = units.client("staff", write=False)
    assert client.get("/api/v1/officials/999999/").status_code == 404
    response = client.get(f"/api/v1/officials/{units.free.pk}/", {"year": "1900"})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["year"]


def training(units, role, official, body, *, write=True, **headers):
    client = units.client(role, write=write, **headers)
    return client.post(f"/api/v1/officials/{official.pk}/training/", body, content_type="application/json")


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_add_training_taken_elsewhere(units, role):
    official = units.nominee.official
    body = {"date": "2026-05-04", "title": "Central Party School", "provider": "CPS", "days": "2"}
    response = training(units, role, official, body)
    if role == "staff":
        assert response.status_code == 201, response.content
        assert response.json()["hours"] == "15.00"  # two days of 7.5 class hours
        entry = LedgerEntry.objects.get()
        event = AuditEvent.objects.get(action="ledger.external", object_id=str(entry.pk))
        assert event.changes["api_token"] == [None, "staff writer"]
    elif role is None:
        assert response.status_code == 401
    elif readers_of_the_nominee(role):
        assert (response.status_code, response.json()["error"]["message"]) == (403, ADD_REFUSED)
    else:
        assert (response.status_code, response.json()["error"]["message"]) == (403, RECORD_REFUSED)
    if role != "staff":
        assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("role", [r for r in EVERYONE if r is not None])
def test_a_read_token_may_not_add_training(units, role):
    body = {"date": "2026-05-04", "title": "CPS", "hours": "3"}
    response = training(units, role, units.nominee.official, body, write=False)
    assert (response.status_code, response.json()["error"]["message"]) == (403, READ_ONLY)


def test_training_taken_elsewhere_is_validated_as_on_the_page(units):
    official = units.nominee.official
    both = training(units, "staff", official, {"date": "2026-05-04", "title": "CPS", "hours": "3", "days": "1"})
    assert both.json()["error"]["fields"] == {"days": ["Give the training either in class hours or in days, not both."]}
    neither = training(units, "staff", official, {"date": "2026-05-04", "title": "CPS"})
    assert neither.json()["error"]["fields"] == {"hours": ["Give the training in class hours or in days."]}
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    later = training(
        units, "staff", official, {"date": future, "title": "CPS", "hours": "3"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert later.status_code == 400
    assert list(later.json()["error"]["fields"]) == ["date"]
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_reads_the_compliance_of_the_officials_of_its_report(units, role):
    yearly_rule()
    response = units.client(role, write=False).get("/api/v1/compliance/")
    expected = {
        "staff": ["刘洋", "张敏", "李娜", "王伟"],
        "coordinator": ["李娜", "王伟"],
        "other_coordinator": [],
        "nominator": ["张敏", "王伟"],
        "other_nominator": ["刘洋", "李娜"],
    }
    if role in expected:
        assert response.status_code == 200, response.content
        rows = response.json()["results"]
        assert sorted(row["official"]["name_zh"] for row in rows) == expected[role]
        for row in rows:
            assert "72.00" in [rule["required_hours"] for rule in row["compliance"]["rules"]]
    elif role is None:
        assert response.status_code == 401
    else:
        assert (response.status_code, response.json()["error"]["message"]) == (403, COMPLIANCE_REFUSED)


def test_a_unit_filter_never_widens_the_report(units):
    other_unit = units.world.users["other_nominator"].sending_unit
    client = units.client("nominator", write=False)
    assert client.get("/api/v1/compliance/", {"unit": other_unit.pk}).json()["results"] == []
    unit = units.world.users["nominator"].sending_unit
    staff = units.client("staff", write=False)
    rows = staff.get("/api/v1/compliance/", {"unit": unit.pk, "year": datetime.date.today().year - 1}).json()
    assert sorted(row["official"]["name_zh"] for row in rows["results"]) == ["张敏", "王伟"]
    assert rows["results"][0]["compliance"]["as_of"] == f"{datetime.date.today().year - 1}-12-31"
