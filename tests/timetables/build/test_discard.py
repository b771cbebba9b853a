"""Discarding a timetable proposal asks first, and can be undone while the timetable stays as it was."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services as course_services
from peixun.timetables import services
from peixun.timetables.models import TimetableProposal
from tests.factories import CourseFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="staff", role=Role.STAFF)


@pytest.fixture
def course(staff):
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    course_services.create_session(
        actor=staff,
        course=course,
        date=course.start,
        part_of_day=1,
        format="lecture",
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=Decimal("3"),
    )
    return course


@pytest.fixture
def proposal(staff, course):
    """A proposal as the engine leaves it (built without running it: only its status matters here)."""
    session = course.sessions.get()
    proposal = TimetableProposal.objects.create(
        created_by=staff,
        outcome={"status": "optimal"},
        placements={str(session.pk): [(course.start + datetime.timedelta(days=1)).isoformat(), 1]},
    )
    proposal.courses.set([course])
    return proposal


def status(proposal) -> str:
    return TimetableProposal.objects.get(pk=proposal.pk).status


def test_a_discarded_proposal_is_restored_while_nothing_changed(staff, course, proposal):
    services.discard_proposal(actor=staff, proposal=proposal)
    assert services.why_not_restorable(TimetableProposal.objects.get(pk=proposal.pk)) is None

    services.restore_proposal(actor=staff, proposal=proposal)

    restored = TimetableProposal.objects.get(pk=proposal.pk)
    assert (restored.status, restored.decided_by, restored.decided_at) == (
        TimetableProposal.Status.PROPOSED,
        None,
        None,
    )
    assert list(AuditEvent.objects.filter(action__startswith="timetable.").values_list("action", "changes")) == [
        ("timetable.restored", {"status": ["discarded", "proposed"]}),
        ("timetable.discarded", {"status": ["proposed", "discarded"]}),
    ]


def test_a_proposal_is_not_restored_once_the_timetable_changed(staff, course, proposal):
    services.discard_proposal(actor=staff, proposal=proposal)
    session = course.sessions.get()
    course_services.update_session(actor=staff, session=session, part_of_day=2)

    with pytest.raises(ValidationError) as excinfo:
        services.restore_proposal(actor=staff, proposal=proposal)

    assert excinfo.value.messages == [
        "The timetable has changed since this proposal was discarded; build a new one instead."
    ]
    assert status(proposal) == TimetableProposal.Status.DISCARDED


def test_only_a_discarded_proposal_is_restored(staff, proposal):
    with pytest.raises(ValidationError, match="only a discarded one can be restored"):
        services.restore_proposal(actor=staff, proposal=proposal)


def test_discarding_asks_first_and_a_post_without_confirmation_changes_nothing(client, staff, proposal):
    client.force_login(staff)
    url = reverse("timetabling:discard", args=[proposal.pk])
    page = client.get(reverse("timetabling:proposal", args=[proposal.pk])).content.decode()
    assert f'href="{url}" data-confirm data-testid="discard"' in page
    for response in (client.get(url), client.post(url)):
        body = response.content.decode()
        assert response.status_code == 200
        assert f"Discard timetable proposal #{proposal.pk}?" in body
        assert "Yes: the proposal" in body and "Restore button" in body
        assert 'name="reason"' not in body
    assert status(proposal) == TimetableProposal.Status.PROPOSED

    response = client.post(url, {"confirmed": "yes"}, follow=True)
    assert status(proposal) == TimetableProposal.Status.DISCARDED
    assert 'data-testid="restore"' in response.content.decode()

    response = client.post(reverse("timetabling:restore", args=[proposal.pk]), follow=True)
    assert "The proposal was restored; it waits for review again." in response.content.decode()
    assert status(proposal) == TimetableProposal.Status.PROPOSED


def test_the_restore_button_is_gone_once_the_timetable_changed(client, staff, course, proposal):
    services.discard_proposal(actor=staff, proposal=proposal)
    course_services.update_session(actor=staff, session=course.sessions.get(), part_of_day=2)
    client.force_login(staff)
    page = client.get(reverse("timetabling:proposal", args=[proposal.pk])).content.decode()
    assert 'data-testid="restore"' not in page


@pytest.mark.parametrize("action", ["timetabling:discard", "timetabling:restore"])
def test_who_may_not_build_may_neither_discard_nor_restore(client, staff, course, proposal, action):
    if action == "timetabling:restore":
        services.discard_proposal(actor=staff, proposal=proposal)
    before = status(proposal)
    client.force_login(UserFactory(role=Role.LECTURER))
    assert client.post(reverse(action, args=[proposal.pk]), {"confirmed": "yes"}).status_code == 403
    assert status(proposal) == before
