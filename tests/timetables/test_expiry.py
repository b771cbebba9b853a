"""What the daily expiry sets aside: proposals nobody reviewed in time, links of long-ended courses."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from peixun.core.models import AuditEvent
from peixun.jobs import tasks
from peixun.timetables import feeds, services
from peixun.timetables.models import CalendarFeed, TimetableProposal
from tests.factories import CourseFactory, UserFactory

pytestmark = pytest.mark.django_db


def proposal_built(days_ago: float, course=None, status=TimetableProposal.Status.PROPOSED) -> TimetableProposal:
    proposal = TimetableProposal.objects.create(outcome={"status": "optimal"}, status=status)
    TimetableProposal.objects.filter(pk=proposal.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    proposal.courses.set([course or CourseFactory()])
    return proposal


def status_of(proposal) -> str:
    return TimetableProposal.objects.get(pk=proposal.pk).status


@override_settings(PEIXUN_PROPOSAL_EXPIRY_DAYS=30)
def test_a_proposal_waiting_longer_than_the_limit_is_set_aside_and_can_be_restored():
    course = CourseFactory()
    stale = proposal_built(30.01, course)
    on_the_edge = proposal_built(29.99)
    accepted = proposal_built(90, status=TimetableProposal.Status.ACCEPTED)

    assert services.expire_proposals() == 1

    assert (status_of(stale), status_of(on_the_edge), status_of(accepted)) == ("discarded", "proposed", "accepted")
    event = AuditEvent.objects.get(action="timetable.expired")
    assert (event.actor, event.course, event.changes["status"]) == (None, course, ["proposed", "discarded"])
    # Set aside, not lost: restored like any discarded proposal while the timetable is unchanged.
    assert services.why_not_restorable(TimetableProposal.objects.get(pk=stale.pk)) is None
    services.restore_proposal(actor=UserFactory(), proposal=stale)
    assert status_of(stale) == "proposed"
    # Restored, it waits its full time again from the restore; then it is set aside again.
    assert services.expire_proposals(timezone.now() + datetime.timedelta(days=29)) == 1
    assert (status_of(stale), status_of(on_the_edge)) == ("proposed", "discarded")
    assert services.expire_proposals(timezone.now() + datetime.timedelta(days=31)) == 1
    assert status_of(stale) == "discarded"


def test_the_limit_comes_from_the_settings():
    proposal = proposal_built(8)
    with override_settings(PEIXUN_PROPOSAL_EXPIRY_DAYS=10):
        assert services.expire_proposals() == 0
    with override_settings(PEIXUN_PROPOSAL_EXPIRY_DAYS=7):
        assert services.expire_proposals() == 1
    assert status_of(proposal) == "discarded"


@pytest.mark.parametrize("days_after_end, revoked", [(181, True), (180, False), (-3, False)])
@override_settings(PEIXUN_FEED_EXPIRY_DAYS=180)
def test_a_course_link_stops_working_long_after_its_course_ended(client, world, days_after_end, revoked):
    course = world.course
    feed = feeds.create_calendar_feed(actor=world.users["coordinator"], course=course)
    personal = feeds.create_calendar_feed(actor=world.users["official"], official=world.official)
    today = course.end + datetime.timedelta(days=days_after_end)

    assert feeds.expire_calendar_feeds(today) == int(revoked)

    feed.refresh_from_db()
    assert (feed.revoked_at is not None) == revoked
    assert CalendarFeed.objects.get(pk=personal.pk).revoked_at is None  # a person's own link stays
    answer = client.get(f"/timetables/feeds/{feed.token}.ics")
    assert answer.status_code == (410 if revoked else 200)
    events = AuditEvent.objects.filter(action="calendar_feed.expired")
    assert [(e.actor, e.object_id) for e in events] == ([(None, str(feed.pk))] if revoked else [])
    assert all(feed.token not in str(e.changes) for e in events)


@override_settings(PEIXUN_PROPOSAL_EXPIRY_DAYS=1)
def test_the_daily_task_and_the_command_do_the_same_work():
    proposal_built(3)
    proposal_built(4)
    assert tasks.expire_stale.run() == {"proposals": 2, "calendar_feeds": 0, "job_files": 0}
    proposal_built(5)
    out = io.StringIO()
    call_command("expire_stale", stdout=out)
    assert out.getvalue().startswith("1 proposal(s) waiting more than 1 days set aside; 0 link(s)")
    assert "; 0 file(s) made by jobs more than 7 days ago deleted." in out.getvalue()
