"""The calendar page and the links that lead to it, as their users see them."""

import pytest
from django.urls import reverse

from peixun.timetables import feeds

pytestmark = pytest.mark.django_db


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_course_timetable_links_to_print_download_and_subscribe(client, world):
    body = page(client, world.users["official"], reverse("courses:timetable", args=[world.course.pk]))
    pk = world.course.pk
    assert f'href="/timetables/courses/{pk}/timetable.pdf"' in body
    assert f'href="/timetables/courses/{pk}/timetable.ics"' in body
    assert f'href="/timetables/calendars/?course={pk}"' in body


def test_lecturer_page_offers_a_calendar_to_the_lecturer_and_staff_only(client, world):
    url = reverse("people:lecturer", args=[world.lecturer.pk])
    link = f'href="/timetables/calendars/?lecturer={world.lecturer.pk}"'
    assert link in page(client, world.users["lecturer"], url)
    assert link in page(client, world.users["staff"], url)
    assert link not in page(client, world.users["coordinator"], url)


@pytest.mark.parametrize("role", ["lecturer", "official"])
def test_home_invites_lecturers_and_officials_to_subscribe(client, world, role):
    assert 'href="/timetables/calendars/"' in page(client, world.users[role], reverse("home"))


def test_home_does_not_invite_a_coordinator(client, world):
    assert 'href="/timetables/calendars/"' not in page(client, world.users["coordinator"], reverse("home"))


@pytest.mark.parametrize(("role", "own"), [("lecturer", "lecturer"), ("official", "official")])
def test_the_page_offers_a_lecturer_or_an_official_their_own_timetable(client, world, role, own):
    body = page(client, world.users[role], reverse("timetables:calendars"))
    target = getattr(world, own)
    assert f'name="kind" value="{own}"' in body
    assert f'name="target" value="{target.pk}"' in body


def test_the_page_offers_the_course_asked_for(client, world):
    body = page(client, world.users["nominator"], reverse("timetables:calendars") + f"?course={world.course.pk}")
    assert "Energy Smart Cities / 能源智慧城市" in body
    assert f'name="target" value="{world.course.pk}"' in body


def test_a_link_already_made_is_pointed_to_rather_than_offered_again(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["lecturer"], lecturer=world.lecturer)
    body = page(client, world.users["lecturer"], reverse("timetables:calendars"))
    assert f'href="#feed-{feed.pk}"' in body
    assert 'name="kind" value="lecturer"' not in body


def test_the_page_lists_only_the_users_own_links(client, world):
    mine = feeds.create_calendar_feed(actor=world.users["coordinator"], course=world.course)
    theirs = feeds.create_calendar_feed(actor=world.users["nominator"], course=world.course)
    body = page(client, world.users["coordinator"], reverse("timetables:calendars"))
    assert mine.token in body
    assert theirs.token not in body


def test_revoked_links_are_listed_apart_without_their_address(client, world):
    coordinator = world.users["coordinator"]
    feed = feeds.create_calendar_feed(actor=coordinator, course=world.course)
    feeds.revoke_calendar_feed(actor=coordinator, feed=feed)
    body = page(client, coordinator, reverse("timetables:calendars"))
    assert 'data-testid="revoked-feeds"' in body
    assert feed.token not in body
    # and a new one may be made
    assert f'name="target" value="{world.course.pk}"' not in body  # nothing asked for: no offer
    body = page(client, coordinator, reverse("timetables:calendars") + f"?course={world.course.pk}")
    assert f'name="target" value="{world.course.pk}"' in body
