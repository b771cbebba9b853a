"""Feedback figures through the API under the pages' rules: who sees which sessions, released answers only,
nothing below three answers for anyone but staff, and never a name."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from peixun.api.services import create_api_token
from tests.feedback.conftest import ROLES, answer, confirmed_officials

pytestmark = pytest.mark.django_db

COMMENTS = ["A bit fast.", "More on district heating, please.", "Zoning examples were great."]


def client_of(world, role: str) -> Client:
    user = world.users[role]
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_api_token(actor=user, user=user, name='BI').secret}")


def sessions_seen(world) -> dict[str, list]:
    return {
        "staff": [world.future, world.session, world.other_session],
        "coordinator": [world.future, world.session],
        "other_coordinator": [world.other_session],
        "lecturer": [world.session],
        "other_lecturer": [world.other_session],
    }


def answered_by(world, count: int):
    officials = [world.official, *confirmed_officials(world.course, count - 1)]
    for official, rating, comment in zip(officials, [5, 2, 4], COMMENTS, strict=False):
        answer(official, world.session, rating, comment=comment)
    return officials


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_the_sessions_whose_results_its_pages_show(world, role):
    response = client_of(world, role).get("/api/v1/feedback/sessions/")
    assert response.status_code == 200
    expected = sessions_seen(world).get(role, [])
    got = [row["session"] for row in response.json()["results"]]
    assert sorted(got) == sorted(session.pk for session in expected)


@pytest.mark.parametrize("role", ROLES)
def test_a_session_out_of_scope_is_refused_with_the_pages_reason(world, role):
    response = client_of(world, role).get(f"/api/v1/feedback/sessions/{world.session.pk}/")
    if world.session in sessions_seen(world).get(role, []):
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert response.json()["error"]["message"] == (
            "A session's feedback is shown only to programme staff, the coordinators of its academy and its lecturers."
        )


def test_two_answers_are_withheld_from_everyone_but_staff(world):
    answered_by(world, 2)
    for role in ("coordinator", "lecturer"):
        body = client_of(world, role).get(f"/api/v1/feedback/sessions/{world.session.pk}/").json()
        assert body["withheld"] is True and body["responses"] == 0 and body["waiting"] == 2
        assert all(figure["mean"] is None and figure["sd"] is None for figure in body["figures"])
        assert body["distribution"] == [] and body["comments"] == []
    staff = client_of(world, "staff").get(f"/api/v1/feedback/sessions/{world.session.pk}/").json()
    assert staff["withheld"] is False and staff["responses"] == 2
    assert staff["figures"][0]["question"] == "interest" and staff["figures"][0]["mean"] == 3.5
    assert staff["comments"] == COMMENTS[:2]


def test_three_answers_show_figures_and_comments_without_a_name(world):
    officials = answered_by(world, 3)
    client = client_of(world, "lecturer")
    listed = client.get("/api/v1/feedback/sessions/").json()["results"]
    assert listed[0]["withheld"] is False and listed[0]["responses"] == 3
    assert round(listed[0]["figures"][0]["mean"], 2) == 3.67
    response = client.get(f"/api/v1/feedback/sessions/{world.session.pk}/", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    body = response.json()
    assert body["comments"] == sorted(COMMENTS)
    assert [row["count"] for row in body["distribution"][0]["counts"]] == [0, 1, 0, 1, 1]
    assert body["figures"][0]["label"] != "How interesting was it?"  # in Chinese
    text = response.content.decode()
    for official in officials:
        for name in (official.name_zh, official.name_pinyin, official.name_en):
            assert not name or name not in text


def test_the_list_costs_the_same_queries_whatever_its_size(world):
    answered_by(world, 3)
    client = client_of(world, "staff")
    client.get("/api/v1/feedback/sessions/")  # the token's first use is written once
    with CaptureQueriesContext(connection) as one:
        assert len(client.get("/api/v1/feedback/sessions/?page_size=1").json()["results"]) == 1
    with CaptureQueriesContext(connection) as three:
        assert len(client.get("/api/v1/feedback/sessions/?page_size=3").json()["results"]) == 3
    assert len(three) == len(one)


def test_no_such_session_is_not_found(world):
    assert client_of(world, "staff").get("/api/v1/feedback/sessions/99999/").status_code == 404
    assert Client().get("/api/v1/feedback/sessions/").status_code == 401
