"""Attendance through the API, for every role: the sessions counted and a session's sheet as the attendance
pages show them, the roll call written by the academy's coordinators with the page's refusals, If-Match races."""

import pytest

from peixun.attendance.models import Attendance
from peixun.core.models import AuditEvent
from tests.api.writes import COURSE_OUT_OF_SCOPE, EVERYONE, READ_ONLY, confirm, mark

pytestmark = pytest.mark.django_db

VIEW_REFUSED = "Only programme staff and the coordinators of this course's academy see its attendance."
TAKE_REFUSED = "Only programme staff and the coordinators of this course's academy take the roll call."


def sessions_url(world) -> str:
    return f"/api/v1/courses/{world.open_course.pk}/attendance/"


def sheet_url(world, session=None) -> str:
    return f"{sessions_url(world)}{(session or world.session).pk}/"


def put(units, role, body, *, etag=None, write=True, **headers):
    if etag is not None:
        headers["HTTP_IF_MATCH"] = etag
    return units.client(role, write=write, **headers).put(sheet_url(units.world), body, content_type="application/json")


@pytest.mark.parametrize("role", EVERYONE)
def test_each_role_reads_attendance_as_the_pages_allow(units, role):
    confirm(units.nominee)
    mark(units.world.session, units.nominee)
    client = units.client(role, write=False)
    listing, sheet = client.get(sessions_url(units.world)), client.get(sheet_url(units.world))
    if role in ("staff", "coordinator"):
        assert listing.status_code == 200, listing.content
        [row] = listing.json()["results"]
        assert (row["id"], row["present"], row["marked"]) == (units.world.session.pk, 1, 1)
        assert row["starts_at"][-6:] in ("+08:00", "+00:00") or row["starts_at"].endswith("Z")
        assert sheet.status_code == 200
        assert sheet["ETag"]
        [official] = sheet.json()["marks"]
        assert (official["enrolment"], official["status"], official["name_zh"]) == (units.nominee.pk, "present", "王伟")
        assert {"unit_en", "unit_zh"} <= set(official)
    elif role is None:
        assert (listing.status_code, sheet.status_code) == (401, 401)
    elif role in ("reviewer", "nominator", "other_nominator", "lecturer", "official"):
        for response in (listing, sheet):
            assert (response.status_code, response.json()["error"]["message"]) == (403, VIEW_REFUSED)
    else:
        for response in (listing, sheet):
            assert (response.status_code, response.json()["error"]["message"]) == (403, COURSE_OUT_OF_SCOPE)


def test_a_session_of_another_course_is_refused_and_a_missing_one_not_found(units):
    from tests.factories import SessionFactory

    other = SessionFactory(course=units.world.draft_course)
    client = units.client("coordinator", write=False)
    response = client.get(sheet_url(units.world, other))
    assert (response.status_code, response.json()["error"]["message"]) == (
        403,
        "This session belongs to another course.",
    )
    assert client.get(sessions_url(units.world) + "999999/").status_code == 404


@pytest.mark.parametrize("role", EVERYONE)
def test_who_may_take_the_roll_call(units, role):
    confirm(units.nominee)
    body = {"marks": [{"enrolment": units.nominee.pk, "status": "late"}]}
    response = put(units, role, body, etag="*")
    if role in ("staff", "coordinator"):
        assert response.status_code == 200, response.content
        assert response.json()["marks"][0]["status"] == "late"
        event = AuditEvent.objects.get(action="attendance.roll_call")
        assert event.changes["api_token"] == [None, f"{role} writer"]
    elif role is None:
        assert response.status_code == 401
    elif role in ("reviewer", "nominator", "other_nominator", "lecturer", "official"):
        assert (response.status_code, response.json()["error"]["message"]) == (403, TAKE_REFUSED)
    else:
        assert (response.status_code, response.json()["error"]["message"]) == (403, COURSE_OUT_OF_SCOPE)
    if role not in ("staff", "coordinator"):
        assert not Attendance.objects.exists()


@pytest.mark.parametrize("role", [r for r in EVERYONE if r is not None])
def test_a_read_token_is_refused_the_roll_call(units, role):
    confirm(units.nominee)
    body = {"marks": [{"enrolment": units.nominee.pk, "status": "present"}]}
    response = put(units, role, body, etag="*", write=False)
    assert (response.status_code, response.json()["error"]["message"]) == (403, READ_ONLY)


def test_the_roll_call_needs_if_match_and_refuses_a_sheet_changed_meanwhile(units):
    confirm(units.nominee)
    body = {"marks": [{"enrolment": units.nominee.pk, "status": "absent"}]}
    assert put(units, "coordinator", body).status_code == 428
    etag = units.client("coordinator").get(sheet_url(units.world))["ETag"]
    mark(units.world.session, units.nominee)  # checked in meanwhile
    stale = put(units, "coordinator", body, etag=etag)
    assert stale.status_code == 412
    assert Attendance.objects.get().status == "present"
    fresh = units.client("coordinator").get(sheet_url(units.world))["ETag"]
    done = put(units, "coordinator", body, etag=fresh)
    assert done.status_code == 200
    assert Attendance.objects.get().status == "absent"
    assert done["ETag"] != fresh


def test_the_roll_call_gives_the_pages_messages_and_writes_nothing_when_one_mark_is_wrong(units):
    confirm(units.nominee)
    body = {
        "marks": [
            {"enrolment": units.nominee.pk, "status": "excused"},
            {"enrolment": units.other_nominee.pk, "status": "present"},
        ]
    }
    response = put(units, "coordinator", body, etag="*", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == f"Give the reason {units.nominee.official} is excused."
    assert response.json()["error"]["fields"] == {
        "non_field_errors": [
            f"Give the reason {units.nominee.official} is excused.",
            "One of the officials marked is no longer a confirmed participant of this course.",
        ]
    }
    assert not Attendance.objects.exists()
    bad = put(units, "coordinator", {"marks": [{"enrolment": units.nominee.pk, "status": "asleep"}]}, etag="*")
    assert bad.status_code == 400
    assert "marks" in bad.json()["error"]["fields"]
