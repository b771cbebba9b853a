"""Impact figures through the API: the dashboard's figures, scoped the same way (staff every academy, a
coordinator their own), with the dashboard's filters and its refusals."""

import pytest
from django.test import Client

from peixun.api.services import create_api_token

pytestmark = pytest.mark.django_db

ROLES = ["staff", "coordinator", "other_coordinator", "reviewer", "unit_contact", "lecturer", "official",
         "translator", "partner"]  # fmt: skip


def client_of(world, role: str) -> Client:
    user = world.users[role]
    return Client(HTTP_AUTHORIZATION=f"Bearer {create_api_token(actor=user, user=user, name='BI').secret}")


def officials_trained(response) -> int:
    assert response.status_code == 200, response.content
    return response.json()["headline"]["officials_trained"]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_figures_its_dashboard_shows_or_the_reason(world, role):
    response = client_of(world, role).get("/api/v1/impact/")
    if role == "staff":
        body = response.json()
        assert body["headline"]["officials_trained"] == 2 and body["headline"]["population_led"] == 24_684_272
        assert body["headline"]["class_hours"] == "9.00" and body["academy"] is None
        assert sorted(row["key"] for row in body["by_year"]) == [2026, 2027]
    elif role in ("coordinator", "other_coordinator"):
        body = response.json()
        own = world.academy if role == "coordinator" else world.other_academy
        assert body["academy"] == own.pk and body["headline"]["officials_trained"] == 1
        assert [row["key"] for row in body["by_academy"]] == [own.pk]
    else:
        assert response.status_code == 403
        assert (
            response.json()["error"]["message"]
            == "The impact dashboard is for programme staff and academy coordinators."
        )


def test_filters_as_on_the_dashboard(world):
    staff = client_of(world, "staff")
    assert officials_trained(staff.get(f"/api/v1/impact/?academy={world.other_academy.pk}")) == 1
    assert officials_trained(staff.get("/api/v1/impact/?year_from=2027&year_to=2027")) == 1
    assert officials_trained(staff.get("/api/v1/impact/?year_to=2026")) == 1
    assert officials_trained(staff.get("/api/v1/impact/?year_to=2025")) == 0


def test_a_coordinator_asking_for_another_academy_is_told_why_not(world):
    response = client_of(world, "coordinator").get(f"/api/v1/impact/?academy={world.other_academy.pk}")
    assert response.status_code == 403
    assert response.json()["error"]["message"] == "Academy coordinators see the impact of their own academy only."


def test_a_reversed_range_counts_nothing_and_invalid_filters_name_the_field(world):
    staff = client_of(world, "staff")
    assert officials_trained(staff.get("/api/v1/impact/?year_from=2027&year_to=2026")) == 0  # as the page counts
    wrong = staff.get("/api/v1/impact/?year_from=soon", HTTP_ACCEPT_LANGUAGE="zh-Hans")
    assert wrong.status_code == 400 and list(wrong.json()["error"]["fields"]) == ["year_from"]
    unknown = staff.get("/api/v1/impact/?academy=999999", HTTP_ACCEPT_LANGUAGE="en")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "There is no academy with this id."
    assert Client().get("/api/v1/impact/").status_code == 401
