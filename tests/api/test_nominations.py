"""Nominations through the API, for every role: the roster each reads, nominating within the quota, withdrawing,
substituting, confirming and declining, with the pages' own refusals, the token named in the audit, a read
token refused, and If-Match keeping two systems from overwriting each other."""

import pytest

from peixun.core.models import AuditEvent
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment
from tests.api.writes import COURSE_OUT_OF_SCOPE, EVERYONE, READ_ONLY, confirm

pytestmark = pytest.mark.django_db

ROSTER_REFUSED = "Only programme staff, the academy's coordinators and the sending units of this course see its roster."
NOMINATE_REFUSED = "Only a sending unit with a quota for this course can nominate officials into it."
DECIDE_REFUSED = "Only programme staff and the academy's coordinators confirm or decline nominations."
WITHDRAW_REFUSED = (
    "Only programme staff, the academy's coordinators and the official's own sending unit can withdraw them."
)


def url(units, enrolment=None, verb="") -> str:
    base = f"/api/v1/courses/{units.world.open_course.pk}/nominations/"
    if enrolment is None:
        return base
    return f"{base}{enrolment.pk}/" + (f"{verb}/" if verb else "")


def read(units, role, enrolment):
    response = units.client(role).get(url(units, enrolment))
    assert response.status_code == 200, response.content
    return response


def post(units, role, address, body=None, *, etag=None, write=True, **headers):
    if etag is not None:
        headers["HTTP_IF_MATCH"] = etag
    return units.client(role, write=write, **headers).post(address, body or {}, content_type="application/json")


def error(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]["message"]


# Reading the roster --------------------------------------------------------------------------------------


def expected_roster(units) -> dict:
    both = [units.nominee, units.other_nominee]
    return {
        "staff": both,
        "coordinator": both,
        "nominator": [units.nominee],
        "other_nominator": [units.other_nominee],
    }


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_reads_the_roster_the_page_shows_them_or_the_pages_refusal(units, role):
    response = units.client(role, write=False).get(url(units))
    seen = expected_roster(units).get(role)
    if seen is not None:
        assert response.status_code == 200, response.content
        assert sorted(row["id"] for row in response.json()["results"]) == sorted(e.pk for e in seen)
    elif role is None:
        assert response.status_code == 401
    elif role in ("reviewer", "lecturer", "official"):  # they see the course, not its roster
        assert error(response) == (403, ROSTER_REFUSED)
    else:  # the course itself is out of their scope
        assert error(response) == (403, COURSE_OUT_OF_SCOPE)


def test_a_nomination_reads_in_both_languages_with_its_times_zoned_and_an_etag(units):
    response = read(units, "nominator", units.nominee)
    body = response.json()
    assert body["official"]["name_zh"] == "王伟"
    assert set(body["unit"]) == {"id", "name_en", "name_zh"}
    assert body["status"] == "nominated"
    assert body["nominated_at"].endswith(("+08:00", "Z", "+00:00"))
    assert response["ETag"].startswith('"')
    assert read(units, "nominator", units.nominee)["ETag"] == response["ETag"]


def test_another_units_nominee_is_refused_and_a_missing_one_not_found(units):
    client = units.client("nominator", write=False)
    assert error(client.get(url(units, units.other_nominee))) == (403, ROSTER_REFUSED)
    assert client.get(url(units) + "999999/").status_code == 404


def test_the_roster_filters_and_orders(units):
    client = units.client("staff", write=False)
    confirm(units.other_nominee)
    rows = client.get(url(units), {"status": "confirmed"}).json()["results"]
    assert [row["id"] for row in rows] == [units.other_nominee.pk]
    unit = units.world.users["nominator"].sending_unit
    rows = client.get(url(units), {"unit": unit.pk, "ordering": "-nominated_at"}).json()["results"]
    assert [row["id"] for row in rows] == [units.nominee.pk]
    assert client.get(url(units), {"status": "nonsense"}).status_code == 400


# Nominating ----------------------------------------------------------------------------------------------


def test_a_unit_nominates_its_official_and_the_audit_names_the_token(units):
    response = post(units, "nominator", url(units), {"official": units.free.pk})
    assert response.status_code == 201, response.content
    enrolment = Enrolment.objects.get(pk=response.json()["id"])
    assert (enrolment.official, enrolment.status) == (units.free, EnrolmentStatus.NOMINATED)
    assert response["ETag"]
    event = AuditEvent.objects.get(action="enrolment.nominated", object_id=str(enrolment.pk))
    assert event.actor == units.world.users["nominator"]
    assert event.changes["api_token"] == [None, "nominator writer"]


def test_a_unit_cannot_nominate_another_units_official(units):
    response = post(units, "nominator", url(units), {"official": units.other_free.pk})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "official": ["Choose one of your unit's officials who is not on this course yet."]
    }
    assert not Enrolment.objects.filter(official=units.other_free).exists()


def test_nominating_beyond_the_quota_gives_the_pages_message_in_both_languages(units):
    other_unit = units.world.users["other_nominator"].sending_unit
    second = type(units.free).objects.create(
        name_zh="陈静", sending_unit=other_unit, position_category=units.free.position_category
    )
    assert post(units, "other_nominator", url(units), {"official": units.other_free.pk}).status_code == 201
    response = post(units, "other_nominator", url(units), {"official": second.pk})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "invalid",
        "message": f"{other_unit} has used all 2 places of its quota for this course.",
        "fields": {},
    }
    chinese = post(units, "other_nominator", url(units), {"official": second.pk}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "名额" in chinese.json()["error"]["message"]


def test_nominations_closed_give_the_pages_message(units):
    course = units.world.open_course
    course.status = "running"
    course.save(update_fields=["status"])
    response = post(units, "nominator", url(units), {"official": units.free.pk})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == f"Nominations for “{course}” are not open."


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_nominate(units, role):
    response = post(units, role, url(units), {"official": units.free.pk})
    if role in ("staff", "nominator"):
        assert response.status_code == 201, response.content
    elif role is None:
        assert response.status_code == 401
    elif role in ("coordinator", "reviewer", "lecturer", "official"):
        assert error(response) == (403, NOMINATE_REFUSED)
    elif role == "other_nominator":  # has a quota, but the official is not theirs
        assert response.status_code == 400
    else:
        assert error(response) == (403, COURSE_OUT_OF_SCOPE)


@pytest.mark.parametrize("role", [r for r in EVERYONE if r is not None])
def test_a_read_token_is_refused_every_write(units, role):
    etag = '"x"'
    for address, body in (
        (url(units), {"official": units.free.pk}),
        (url(units, units.nominee, "withdraw"), {"reason": "ill"}),
        (url(units, units.nominee, "substitute"), {"official": units.free.pk}),
        (url(units, units.nominee, "confirm"), {}),
        (url(units, units.nominee, "decline"), {"reason": "no"}),
    ):
        assert error(post(units, role, address, body, etag=etag, write=False)) == (403, READ_ONLY)
    assert Enrolment.objects.get(pk=units.nominee.pk).status == EnrolmentStatus.NOMINATED


# Withdrawing and substituting, guarded by If-Match ---------------------------------------------------------


def test_withdrawing_needs_if_match_and_refuses_a_stale_one(units):
    address = url(units, units.nominee, "withdraw")
    missing = post(units, "nominator", address, {"reason": "Ill"})
    assert missing.status_code == 428
    assert missing.json()["error"]["code"] == "precondition_required"
    etag = read(units, "nominator", units.nominee)["ETag"]
    confirm(units.nominee)  # another system (or the page) changed it meanwhile
    stale = post(units, "nominator", address, {"reason": "Ill"}, etag=etag)
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "precondition_failed"
    assert Enrolment.objects.get(pk=units.nominee.pk).status == EnrolmentStatus.CONFIRMED
    fresh = read(units, "nominator", units.nominee)["ETag"]
    done = post(units, "nominator", address, {"reason": "Ill"}, etag=fresh)
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "withdrawn"
    assert done["ETag"] != fresh
    event = AuditEvent.objects.get(action="enrolment.withdrawn", object_id=str(units.nominee.pk))
    assert event.changes["reason"] == [None, "Ill"]
    assert event.changes["api_token"] == [None, "nominator writer"]


def test_two_systems_withdrawing_with_the_same_etag_one_wins(units):
    etag = read(units, "staff", units.nominee)["ETag"]
    first = post(units, "staff", url(units, units.nominee, "withdraw"), {"reason": "Ill"}, etag=etag)
    second = post(units, "nominator", url(units, units.nominee, "withdraw"), {"reason": "Ill"}, etag=etag)
    assert (first.status_code, second.status_code) == (200, 412)
    assert AuditEvent.objects.filter(action="enrolment.withdrawn").count() == 1


def test_a_withdrawal_without_a_reason_gives_the_pages_message(units):
    etag = read(units, "nominator", units.nominee)["ETag"]
    response = post(units, "nominator", url(units, units.nominee, "withdraw"), {}, etag=etag)
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"reason": ["Say why the official is withdrawn."]}


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_withdraw_the_nominator_units_nominee(units, role):
    response = post(units, role, url(units, units.nominee, "withdraw"), {"reason": "Ill"}, etag="*")
    if role in ("staff", "coordinator", "nominator"):
        assert response.status_code == 200, response.content
    elif role is None:
        assert response.status_code == 401
    elif role in ("reviewer", "lecturer", "official", "other_nominator"):
        assert error(response) == (403, WITHDRAW_REFUSED)
    else:
        assert error(response) == (403, COURSE_OUT_OF_SCOPE)


def test_a_unit_substitutes_its_nominee_and_not_with_another_units_official(units):
    etag = read(units, "nominator", units.nominee)["ETag"]
    address = url(units, units.nominee, "substitute")
    refused = post(units, "nominator", address, {"official": units.other_free.pk}, etag=etag)
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["official"]
    response = post(units, "nominator", address, {"official": units.free.pk}, etag=etag)
    assert response.status_code == 200, response.content
    assert response.json()["official"]["id"] == units.free.pk
    assert response.json()["replaces"] == units.nominee.pk
    assert Enrolment.objects.get(pk=units.nominee.pk).status == EnrolmentStatus.SUBSTITUTED


def test_the_other_unit_cannot_substitute_or_withdraw_this_units_nominee(units):
    address = url(units, units.nominee, "substitute")
    response = post(units, "other_nominator", address, {"official": units.other_free.pk}, etag="*")
    assert response.status_code == 403
    assert Enrolment.objects.get(pk=units.nominee.pk).status == EnrolmentStatus.NOMINATED


# Confirming and declining -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_confirm(units, role):
    response = post(units, role, url(units, units.nominee, "confirm"), etag="*")
    if role in ("staff", "coordinator"):
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "confirmed"
    elif role is None:
        assert response.status_code == 401
    elif role in ("reviewer", "lecturer", "official", "nominator", "other_nominator"):
        assert error(response) == (403, DECIDE_REFUSED)
    else:
        assert error(response) == (403, COURSE_OUT_OF_SCOPE)


def test_a_full_course_waitlists_and_a_decline_needs_a_reason(units):
    course = units.world.open_course
    course.capacity = 1
    course.save(update_fields=["capacity"])
    confirm(units.other_nominee)
    etag = read(units, "coordinator", units.nominee)["ETag"]
    response = post(units, "coordinator", url(units, units.nominee, "confirm"), etag=etag)
    assert response.json()["status"] == "waitlisted"
    again = post(units, "coordinator", url(units, units.nominee, "confirm"), etag=response["ETag"])
    assert again.status_code == 400
    assert (
        again.json()["error"]["message"]
        == f"Only a nomination can be confirmed; {units.nominee.official} is waitlisted."
    )
    no_reason = post(units, "coordinator", url(units, units.nominee, "decline"), {}, etag=response["ETag"])
    assert no_reason.json()["error"]["fields"] == {"reason": ["Say why the nomination is declined."]}
    declined = post(
        units, "coordinator", url(units, units.nominee, "decline"), {"reason": "Full"}, etag=response["ETag"]
    )
    assert declined.json()["status"] == "declined"


def test_the_etag_does_not_depend_on_the_language_and_a_stale_one_is_refused_in_chinese(units):
    english = units.client("nominator", HTTP_ACCEPT_LANGUAGE="en").get(url(units, units.nominee))["ETag"]
    chinese = units.client("nominator", HTTP_ACCEPT_LANGUAGE="zh-hans").get(url(units, units.nominee))["ETag"]
    assert english == chinese
    confirm(units.nominee)
    response = post(
        units,
        "nominator",
        url(units, units.nominee, "withdraw"),
        {"reason": "病"},
        etag=english,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 412
    assert response.json()["error"]["message"].startswith("您读取之后此对象已被更改")
    missing = post(
        units, "nominator", url(units, units.nominee, "withdraw"), {"reason": "病"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert missing.json()["error"]["message"].startswith("请在 If-Match 请求头中发送")
