"""A lecturer's availability windows: added and removed by the lecturer or staff, refused to others, audited."""

import datetime

import pytest
from django.urls import reverse

from peixun.core.models import AuditEvent
from tests.factories import MONDAY, LecturerFactory

pytestmark = pytest.mark.django_db


def test_lecturer_adds_own_availability_window(client, world):
    client.force_login(world.users["lecturer"])
    url = reverse("people:availability", args=[world.lecturer.pk])
    response = client.post(url, {"start": "2027-06-01", "end": "2027-06-20", "note": "Shanghai trip"})
    assert response.status_code == 302
    assert world.lecturer.availability.filter(start=datetime.date(2027, 6, 1)).exists()
    event = AuditEvent.objects.get(action="availability.added")
    assert event.actor == world.users["lecturer"] and event.changes["availability"][1] == "2027-06-01 – 2027-06-20"


def test_window_ending_before_it_begins_is_refused(client, world):
    client.force_login(world.users["lecturer"])
    url = reverse("people:availability", args=[world.lecturer.pk])
    response = client.post(url, {"start": "2027-06-20", "end": "2027-06-01"})
    assert "The window ends before it begins." in response.content.decode()
    assert world.lecturer.availability.count() == 1


def test_removing_a_window_with_scheduled_sessions_is_refused_naming_the_session(client, world):
    client.force_login(world.users["lecturer"])
    window = world.lecturer.availability.get()
    url = reverse("people:availability_remove", args=[world.lecturer.pk, window.pk])
    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert "Ada Lovelace teaches “Energy master planning” (Energy Smart Cities)" in response.content.decode()
    assert world.lecturer.availability.count() == 1


def test_removing_a_free_window_works(client, world):
    client.force_login(world.users["staff"])
    window = world.lecturer.availability.create(
        start=MONDAY + datetime.timedelta(days=300), end=MONDAY + datetime.timedelta(days=310)
    )
    url = reverse("people:availability_remove", args=[world.lecturer.pk, window.pk])

    asked = client.get(url)
    unconfirmed = client.post(url)
    assert asked.status_code == unconfirmed.status_code == 200
    assert "Remove the window" in asked.content.decode()
    assert world.lecturer.availability.filter(pk=window.pk).exists()

    response = client.post(url, {"confirmed": "yes"})
    assert response.status_code == 302
    assert not world.lecturer.availability.filter(pk=window.pk).exists()


@pytest.mark.parametrize("role", ["coordinator", "nominator", "official", "other_coordinator"])
def test_others_cannot_change_a_lecturers_availability(client, world, role):
    client.force_login(world.users[role])
    response = client.get(reverse("people:availability", args=[world.lecturer.pk]))
    assert response.status_code == 403
    assert "Only the lecturer and programme staff can change a lecturer" in response.content.decode()


def test_a_lecturer_cannot_change_another_lecturers_availability(client, world):
    other = LecturerFactory()
    client.force_login(world.users["lecturer"])
    response = client.post(
        reverse("people:availability", args=[other.pk]), {"start": "2027-06-01", "end": "2027-06-02"}
    )
    assert response.status_code == 403
    assert other.availability.count() == 1
