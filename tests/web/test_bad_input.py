"""Input that once made a server error now gets a 404, the page, or a refusal that says why."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peixun.core.params import parse_date, parse_id, parse_ids
from peixun.courses import services
from peixun.courses.models import Session
from peixun.feedback.services import create_follow_up

pytestmark = pytest.mark.django_db

HOSTILE_NUMBERS = ["²", "٣", "１", "99999999999999999999", str(2**63), "0", "-1", " 1", "1.0", "", "a\x00"]


@pytest.mark.parametrize("text", HOSTILE_NUMBERS)
def test_only_ascii_ids_that_fit_64_bits_are_ids(text):
    assert parse_id(text) is None


def test_ids_and_dates_in_ascii_are_read():
    assert parse_id("42") == 42
    assert parse_id(str(2**63 - 1)) == 2**63 - 1
    assert parse_ids(["1", "2"]) == [1, 2]
    assert parse_ids(["1", "²"]) is None
    assert str(parse_date("2026-03-01")) == "2026-03-01"
    assert [parse_date(text) for text in ("0000-00-00", "2024-02-30", "٢٠٢٤-٠١-٠١", "10000-01-01")] == [None] * 4


@pytest.mark.parametrize("pk", ["99999999999999999999", "0", str(2**63)])
def test_an_id_past_64_bits_in_an_address_is_not_found(client, world, pk):
    client.force_login(world.users["staff"])
    assert client.get(f"/courses/{pk}/").status_code == 404
    assert client.get(f"/courses/{world.course.pk}/sessions/{pk}/").status_code == 404


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999"])
def test_non_ascii_or_huge_numbers_in_queries_are_ignored(client, world, value):
    client.force_login(world.users["staff"])
    for path in ("/feedback/follow-ups/new/", "/partners/engagements/new/", "/partners/engagements/sessions/"):
        for name in ("official", "course", "session", "partner"):
            assert client.get(path, {name: value}).status_code == 200, (path, name)
    assert client.get("/press/", {"year": value}).status_code == 200


def test_a_nul_byte_in_a_query_is_refused_with_the_reason(client, world):
    client.force_login(world.users["staff"])
    for path in ("/courses/", "/materials/memory/", "/officials/", "/press/", "/partners/"):
        response = client.get(path, {"q": "Energy\x00"})
        assert response.status_code == 400, path
        assert response.content.decode() == "The address contains a NUL character, which no search or filter accepts."


def test_huge_ids_in_a_multiple_choice_are_an_invalid_choice(client, world):
    client.force_login(world.users["staff"])
    url = reverse("courses:session_edit", args=[world.course.pk, world.session.pk])
    response = client.post(url, {"lecturers": ["99999999999999999999"], "title_en": "x"})
    assert response.status_code == 200
    assert "is not a valid value" in response.content.decode()


def test_removing_a_session_that_a_follow_up_names_is_refused_with_the_reason(world):
    staff = world.users["staff"]
    create_follow_up(actor=staff, official=world.official, session=world.session, lecturer=world.lecturer)
    with pytest.raises(ValidationError) as refusal:
        services.delete_session(actor=staff, session=world.session, reason="Cancelled by the academy")
    assert refusal.value.messages == [f"“{world.session}” cannot be removed: records refer to it (follow-ups)."]
    assert Session.objects.filter(pk=world.session.pk).exists()


def test_removing_a_session_that_a_follow_up_names_shows_the_refusal_on_the_page(client, world):
    staff = world.users["staff"]
    create_follow_up(actor=staff, official=world.official, session=world.session, lecturer=world.lecturer)
    client.force_login(staff)
    url = reverse("courses:session_delete", args=[world.course.pk, world.session.pk])
    response = client.post(url, {"confirmed": "yes", "reason": "Cancelled"})
    assert response.status_code in (200, 400)
    assert "records refer to it" in response.content.decode()
    assert Session.objects.filter(pk=world.session.pk).exists()
