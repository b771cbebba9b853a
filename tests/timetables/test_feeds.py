"""Subscription links: created once, read without logging in, revoked for good, and silent as soon
as their owner may no longer see what they show."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from peixun.core.models import AuditEvent
from peixun.timetables import feeds
from peixun.timetables.models import CalendarFeed, FeedKind
from tests.factories import AcademyFactory, SessionFactory

pytestmark = pytest.mark.django_db

REVOKE_REASON = "Only the person who created this subscription link, or programme staff, can revoke it."


def feed_url(feed) -> str:
    return reverse("timetables:feed", args=[feed.token])


def uids(response) -> list[str]:
    return [str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def test_created_from_the_page_then_read_without_logging_in(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    response = client.post(reverse("timetables:feed_create"), {"kind": "course", "target": world.course.pk})
    feed = CalendarFeed.objects.get()
    assert response.status_code == 302
    assert response.url == f"{reverse('timetables:calendars')}#feed-{feed.pk}"
    assert (feed.owner, feed.kind, feed.course, feed.revoked_at) == (coordinator, FeedKind.COURSE, world.course, None)
    assert len(feed.token) >= 43

    page = client.get(reverse("timetables:calendars")).content.decode()
    assert f'value="http://testserver/timetables/feeds/{feed.token}.ics"' in page
    assert f'href="webcal://testserver/timetables/feeds/{feed.token}.ics"' in page

    client.logout()
    response = client.get(feed_url(feed))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, max-age=300"
    assert response["Content-Disposition"] == 'inline; filename="peixun-course-energy-smart-cities.ics"'
    assert uids(response) == [f"session-{world.session.pk}@peixun"]


def test_creating_again_hands_back_the_active_link(world):
    lecturer = world.users["lecturer"]
    first = feeds.create_calendar_feed(actor=lecturer, lecturer=world.lecturer)
    again = feeds.create_calendar_feed(actor=lecturer, lecturer=world.lecturer)
    assert again == first
    assert CalendarFeed.objects.count() == 1
    feeds.revoke_calendar_feed(actor=lecturer, feed=first)
    fresh = feeds.create_calendar_feed(actor=lecturer, lecturer=world.lecturer)
    assert fresh != first and fresh.token != first.token
    assert list(CalendarFeed.objects.filter(revoked_at__isnull=True)) == [fresh]


def test_creating_and_revoking_leave_audit_rows_without_the_secret(world):
    official = world.users["official"]
    feed = feeds.create_calendar_feed(actor=official, official=world.official)
    feeds.revoke_calendar_feed(actor=official, feed=feed)
    events = list(AuditEvent.objects.filter(object_type="timetables.calendarfeed").order_by("id"))
    assert [(e.action, e.actor, e.object_id) for e in events] == [
        ("calendar_feed.created", official, str(feed.pk)),
        ("calendar_feed.revoked", official, str(feed.pk)),
    ]
    assert events[0].changes["kind"] == [None, "official"]
    feed.refresh_from_db()
    assert events[1].changes["revoked_at"] == [None, feed.revoked_at.isoformat()]
    for event in events:
        assert feed.token not in f"{event.object_repr} {event.changes}"


def test_a_revoked_link_is_gone(client, world):
    coordinator = world.users["coordinator"]
    feed = feeds.create_calendar_feed(actor=coordinator, course=world.course)
    client.force_login(coordinator)
    url = reverse("timetables:feed_revoke", args=[feed.pk])
    asked = client.post(url)
    assert asked.status_code == 200 and "a revoked link cannot be switched on again" in asked.content.decode()
    feed.refresh_from_db()
    assert feed.revoked_at is None
    response = client.post(url, {"confirmed": "yes", "reason": "Shared by mistake"})
    assert response.status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None
    event = AuditEvent.objects.get(action="calendar_feed.revoked")
    assert event.changes["reason"] == [None, "Shared by mistake"]
    client.logout()
    response = client.get(feed_url(feed))
    assert response.status_code == 410
    assert b"BEGIN:VCALENDAR" not in response.content


def test_revoking_twice_says_it_was_already_revoked(client, world):
    coordinator = world.users["coordinator"]
    feed = feeds.create_calendar_feed(actor=coordinator, course=world.course)
    feeds.revoke_calendar_feed(actor=coordinator, feed=feed)
    with pytest.raises(ValidationError, match="already revoked"):
        feeds.revoke_calendar_feed(actor=coordinator, feed=feed)
    client.force_login(coordinator)
    response = client.post(reverse("timetables:feed_revoke", args=[feed.pk]), {"confirmed": "yes"}, follow=True)
    assert "already revoked" in response.content.decode()
    assert AuditEvent.objects.filter(action="calendar_feed.revoked").count() == 1


def test_someone_else_cannot_revoke_a_link(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["coordinator"], course=world.course)
    nominator = world.users["nominator"]  # may see the course, but the link is not theirs
    with pytest.raises(PermissionDenied, match="Only the person who created"):
        feeds.revoke_calendar_feed(actor=nominator, feed=feed)
    client.force_login(nominator)
    response = client.post(reverse("timetables:feed_revoke", args=[feed.pk]))
    assert response.status_code == 403
    assert REVOKE_REASON in response.content.decode().replace("&#x27;", "'")
    feed.refresh_from_db()
    assert feed.revoked_at is None


def test_programme_staff_can_revoke_a_leaked_link(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["official"], official=world.official)
    client.force_login(world.users["staff"])
    url = reverse("timetables:feed_revoke", args=[feed.pk])
    assert "Owner" in client.get(url).content.decode()  # the page says whose link it is
    assert client.post(url, {"confirmed": "yes"}).status_code == 302
    feed.refresh_from_db()
    assert feed.revoked_at is not None


def test_unknown_link_is_not_found(client, world):
    assert client.get(reverse("timetables:feed", args=["no-such-token-" + "x" * 30])).status_code == 404


def test_owner_who_loses_access_silences_the_link(client, world):
    coordinator = world.users["coordinator"]
    feed = feeds.create_calendar_feed(actor=coordinator, course=world.course)
    assert client.get(feed_url(feed)).status_code == 200
    coordinator.academy = AcademyFactory(code="cag")
    coordinator.save()
    response = client.get(feed_url(feed))
    assert response.status_code == 404
    assert b"Energy" not in response.content


def test_lecturer_whose_login_is_unlinked_silences_their_link(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["lecturer"], lecturer=world.lecturer)
    assert client.get(feed_url(feed)).status_code == 200
    world.lecturer.user = None
    world.lecturer.save()
    assert client.get(feed_url(feed)).status_code == 404


def test_inactive_owner_silences_the_link(client, world):
    staff = world.users["staff"]
    feed = feeds.create_calendar_feed(actor=staff, course=world.other_course)
    assert client.get(feed_url(feed)).status_code == 200
    staff.is_active = False
    staff.save()
    assert client.get(feed_url(feed)).status_code == 404


def test_a_link_follows_the_timetable_as_it_changes(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["nominator"], course=world.course)
    added = SessionFactory(course=world.course, title_en="Eco-cities", title_zh="生态城市")
    assert uids(client.get(feed_url(feed))) == [f"session-{world.session.pk}@peixun", f"session-{added.pk}@peixun"]


def test_the_link_cannot_be_about_two_things_at_once(world):
    with pytest.raises(ValidationError):
        feeds.create_calendar_feed(actor=world.users["staff"], course=world.course, lecturer=world.lecturer)
    with pytest.raises(ValidationError):
        feeds.create_calendar_feed(actor=world.users["staff"])


def test_a_feed_costs_the_same_queries_for_one_session_or_many(client, world):
    feed = feeds.create_calendar_feed(actor=world.users["coordinator"], course=world.course)
    with CaptureQueriesContext(connection) as one:
        response = client.get(feed_url(feed))
    assert response.status_code == 200 and len(uids(response)) == 1
    for day in range(1, 12):
        SessionFactory(course=world.course, date=world.course.start + datetime.timedelta(days=day))
    with CaptureQueriesContext(connection) as many:
        assert len(uids(client.get(feed_url(feed)))) == 12
    assert len(many) == len(one) <= 6


def test_the_database_holds_one_active_link_per_owner_and_target(world):
    from django.db import IntegrityError, transaction

    owner = world.users["coordinator"]
    CalendarFeed.objects.create(owner=owner, kind=FeedKind.COURSE, course=world.course)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(owner=owner, kind=FeedKind.COURSE, course=world.course)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarFeed.objects.create(owner=owner, kind=FeedKind.LECTURER, course=world.course)  # kind and target differ


def test_two_requests_racing_to_create_get_the_same_link(world, monkeypatch):
    owner = world.users["coordinator"]
    first = feeds.create_calendar_feed(actor=owner, course=world.course)
    # The second request looked before the first one's row existed.
    monkeypatch.setattr(feeds, "active_feed", lambda *args: None)
    assert feeds.create_calendar_feed(actor=owner, course=world.course) == first
    assert CalendarFeed.objects.count() == 1
    assert AuditEvent.objects.filter(action="calendar_feed.created").count() == 1
