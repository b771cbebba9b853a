"""Every new page and action × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

from peixun.timetables import feeds
from peixun.timetables.models import CalendarFeed

ROLES = ["staff", "coordinator", "other_coordinator", "nominator", "other_nominator", "lecturer", "official"]
OK, NO = 200, 403

NOT_SEEN = "This course is not among the courses you can see."
COURSE_REASON = "You can subscribe only to the timetables of courses you can see."
LECTURER_REASON = "Only the lecturer and programme staff can subscribe to a lecturer's sessions."
OFFICIAL_REASON = "Only the official and programme staff can subscribe to an official's timetable."

# page → (expected status per role in ROLES order, the reason a refused person reads)
PAGES = {
    "course_ics": ([OK, OK, NO, OK, NO, OK, OK], NOT_SEEN),
    "course_pdf": ([OK, OK, NO, OK, NO, OK, OK], NOT_SEEN),
    "calendars": ([OK, OK, OK, OK, OK, OK, OK], None),
    "calendars?course": ([OK, OK, NO, OK, NO, OK, OK], COURSE_REASON),
    "calendars?lecturer": ([OK, NO, NO, NO, NO, OK, NO], LECTURER_REASON),
    "calendars?official": ([OK, NO, NO, NO, NO, NO, OK], OFFICIAL_REASON),
}


def url_for(page: str, world) -> str:
    if page == "course_ics":
        return reverse("timetables:course_ics", args=[world.course.pk])
    if page == "course_pdf":
        return reverse("timetables:course_pdf", args=[world.course.pk])
    base = reverse("timetables:calendars")
    if "?" not in page:
        return base
    kind = page.split("?")[1]
    target = {"course": world.course, "lecturer": world.lecturer, "official": world.official}[kind]
    return f"{base}?{kind}={target.pk}"


def refusal(response) -> str:
    body = response.content.decode().replace("&#x27;", "'")
    assert '<p class="reason">' in body
    return body


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, page, role):
    client.force_login(world.users[role])
    response = client.get(url_for(page, world))
    statuses, reason = PAGES[page]
    expected = statuses[ROLES.index(role)]
    assert response.status_code == expected, f"{role} on {page}"
    if expected == NO:
        assert reason in refusal(response)


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_is_sent_to_login(client, world, page):
    response = client.get(url_for(page, world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# kind → roles that may create a subscription link to the world's course, lecturer or official
CREATE = {
    "course": ({"staff", "coordinator", "nominator", "lecturer", "official"}, COURSE_REASON),
    "lecturer": ({"staff", "lecturer"}, LECTURER_REASON),
    "official": ({"staff", "official"}, OFFICIAL_REASON),
}


@pytest.mark.parametrize("kind", list(CREATE))
@pytest.mark.parametrize("role", ROLES)
def test_create_feed_access(client, world, kind, role):
    target = {"course": world.course, "lecturer": world.lecturer, "official": world.official}[kind]
    client.force_login(world.users[role])
    response = client.post(reverse("timetables:feed_create"), {"kind": kind, "target": target.pk})
    allowed, reason = CREATE[kind]
    if role in allowed:
        assert response.status_code == 302
        feed = CalendarFeed.objects.get()
        assert (feed.owner, feed.kind, feed.target) == (world.users[role], kind, target)
    else:
        assert response.status_code == 403
        assert reason in refusal(response)
        assert not CalendarFeed.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_revoke_feed_access(client, world, role):
    feed = feeds.create_calendar_feed(actor=world.users["coordinator"], course=world.course)
    client.force_login(world.users[role])
    response = client.post(reverse("timetables:feed_revoke", args=[feed.pk]), {"confirmed": "yes"})
    feed.refresh_from_db()
    if role in {"staff", "coordinator"}:
        assert response.status_code == 302 and feed.revoked_at is not None
    else:
        assert response.status_code == 403 and feed.revoked_at is None
        assert "Only the person who created this subscription link" in refusal(response)


def test_anonymous_cannot_create_or_revoke(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["staff"], course=world.course)
    for url in (reverse("timetables:feed_create"), reverse("timetables:feed_revoke", args=[feed.pk])):
        response = client.post(url, {"kind": "course", "target": world.course.pk, "confirmed": "yes"})
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert CalendarFeed.objects.count() == 1
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_creating_needs_post_and_revoking_asks_first(client, world):
    client.force_login(world.users["staff"])
    assert client.get(reverse("timetables:feed_create")).status_code == 405
    feed = feeds.create_calendar_feed(actor=world.users["staff"], course=world.course)
    response = client.get(reverse("timetables:feed_revoke", args=[feed.pk]))
    assert response.status_code == 200 and 'name="confirmed" value="yes"' in response.content.decode()
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_a_course_that_does_not_exist_is_not_found(client, world):
    client.force_login(world.users["staff"])
    assert client.get(reverse("timetables:course_pdf", args=[99999])).status_code == 404
    assert client.get(reverse("timetables:calendars") + "?course=99999").status_code == 404
    assert client.get(reverse("timetables:calendars") + "?course=abc").status_code == 404


def test_an_unknown_kind_is_refused_with_a_reason(client, world):
    client.force_login(world.users["staff"])
    response = client.post(reverse("timetables:feed_create"), {"kind": "academy", "target": 1}, follow=True)
    assert "Choose a course, lecturer or official to subscribe to." in response.content.decode()
    assert not CalendarFeed.objects.exists()
