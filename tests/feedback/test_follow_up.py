"""Following up with interested officials: the staff list, changes audited with old and new values, the
official's history, and the daily reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.feedback import services
from peixun.feedback.models import FollowUp
from peixun.feedback.selectors import follow_ups_for_official
from tests.factories import OfficialFactory, UserFactory

from .conftest import answer

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff"])
    return client


@pytest.fixture
def requested(world) -> FollowUp:
    answer(world.official, world.session, 5, follow_up=True, now=timezone.now())
    return FollowUp.objects.get()


def listed(client, **params) -> list[int]:
    response = client.get(reverse("feedback:follow_ups"), params)
    assert response.status_code == 200
    return [f.pk for f in response.context["page"].object_list]


# The list ---------------------------------------------------------------------------------------------


def test_a_requested_follow_up_appears_in_the_staff_list(staff, requested):
    page = staff.get(reverse("feedback:follow_ups")).content.decode()
    assert reverse("feedback:follow_up", args=[requested.pk]) in page
    assert "王伟" in page and "Nobody yet" in page and "Energy master planning" in page


def test_the_list_filters_by_state_owner_lecturer_and_due(staff, world):
    me, colleague = world.users["staff"], UserFactory(role=Role.STAFF)
    make = services.create_follow_up
    overdue = make(actor=me, official=world.official, owner=me, due=days(-2), lecturer=world.lecturer)
    soon = make(actor=me, official=world.official, owner=colleague, due=days(5))
    later = make(actor=me, official=world.official, due=days(30), lecturer=world.other_lecturer)
    done = make(actor=me, official=world.official, owner=me, due=days(-9))
    services.update_follow_up(actor=me, follow_up=done, state="done")
    dropped = make(actor=me, official=world.official, due=days(-8))
    services.update_follow_up(actor=me, follow_up=dropped, state="dropped")

    assert listed(staff) == [overdue.pk, soon.pk, later.pk]  # still to do, by due date
    assert listed(staff, state="any") == [done.pk, dropped.pk, overdue.pk, soon.pk, later.pk]
    assert listed(staff, state="done") == [done.pk]
    assert listed(staff, owner="me") == [overdue.pk]
    assert listed(staff, owner=str(colleague.pk)) == [soon.pk]
    assert listed(staff, owner="none") == [later.pk]
    assert listed(staff, lecturer=world.other_lecturer.pk) == [later.pk]
    assert listed(staff, due="overdue") == [overdue.pk]
    assert listed(staff, due="week") == [soon.pk]
    assert listed(staff, due="overdue", state="any") == [done.pk, dropped.pk, overdue.pk]
    assert "Overdue" in staff.get(reverse("feedback:follow_ups")).content.decode()


# Changes ----------------------------------------------------------------------------------------------


def test_assigning_and_closing_are_audited_with_old_and_new_values(staff, world, requested):
    me = world.users["staff"]
    assert staff.post(reverse("feedback:follow_up_take", args=[requested.pk])).status_code == 302
    response = staff.post(
        reverse("feedback:follow_up", args=[requested.pk]),
        {"owner": me.pk, "due": days(20).isoformat(), "state": "done", "notes": "Met at the site visit."},
    )
    assert response.status_code == 302
    requested.refresh_from_db()
    assert (requested.owner, requested.state, requested.due, requested.notes) == (
        me,
        "done",
        days(20),
        "Met at the site visit.",
    )
    taken, changed = AuditEvent.objects.filter(action="follow_up.changed").order_by("at", "pk")
    assert taken.actor == me
    assert taken.changes == {"owner": [None, "Sam Staff"]}
    assert changed.changes == {
        "due": [days(14).isoformat(), days(20).isoformat()],
        "notes": ["", "Met at the site visit."],
        "state": ["open", "done"],
    }
    page = staff.get(reverse("feedback:follow_up", args=[requested.pk])).content.decode()
    assert "Follow-up asked for in feedback" in page
    assert "State: <del>Open</del> → <ins>Done</ins>" in page
    assert "Owner: <del>—</del> → <ins>Sam Staff</ins>" in page


def test_saving_without_changes_records_nothing(world, requested):
    before = AuditEvent.objects.count()
    services.update_follow_up(actor=world.users["staff"], follow_up=requested, state="open", notes="")
    assert AuditEvent.objects.count() == before


def test_only_staff_own_follow_ups(world, requested):
    with pytest.raises(ValidationError) as refused:
        services.update_follow_up(actor=world.users["staff"], follow_up=requested, owner=world.users["coordinator"])
    assert "is not programme staff" in str(refused.value)
    with pytest.raises(TypeError):
        services.update_follow_up(actor=world.users["staff"], follow_up=requested, official=world.official)


def test_the_owner_choices_are_staff_only(staff, world, requested):
    form = staff.get(reverse("feedback:follow_up", args=[requested.pk])).context["form"]
    assert list(form.fields["owner"].queryset) == [world.users["staff"]]
    response = staff.post(
        reverse("feedback:follow_up", args=[requested.pk]), {"owner": world.users["coordinator"].pk, "state": "open"}
    )
    assert response.status_code == 200
    assert "owner" in response.context["form"].errors


def test_staff_add_a_follow_up_by_hand_from_an_officials_page(staff, world):
    url = reverse("feedback:follow_up_create") + f"?official={world.official.pk}"
    form = staff.get(url).context["form"]
    assert world.session in form.fields["session"].queryset
    assert world.other_session not in form.fields["session"].queryset
    response = staff.post(
        url,
        {
            "session": world.session.pk,
            "partner": world.partner.pk,
            "topic": world.topics[1].pk,
            "owner": world.users["staff"].pk,
            "due": days(7).isoformat(),
            "notes": "Wants the Philips case study.",
        },
    )
    follow_up = FollowUp.objects.get()
    assert response.url == reverse("feedback:follow_up", args=[follow_up.pk])
    assert (follow_up.official, follow_up.session, follow_up.partner, follow_up.topic) == (
        world.official,
        world.session,
        world.partner,
        world.topics[1],
    )
    assert (follow_up.state, follow_up.owner, follow_up.evaluation) == ("open", world.users["staff"], None)
    event = AuditEvent.objects.get(action="follow_up.created")
    assert event.changes["notes"] == [None, "Wants the Philips case study."]


def test_a_session_of_another_officials_course_cannot_be_linked(staff, world):
    url = reverse("feedback:follow_up_create") + f"?official={world.official.pk}"
    response = staff.post(url, {"session": world.other_session.pk, "due": days(7).isoformat()})
    assert response.status_code == 200
    assert "session" in response.context["form"].errors
    assert FollowUp.objects.count() == 0


# The official's history -----------------------------------------------------------------------------


def render_block(user, official) -> str:
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "feedback/_official_follow_ups.html" %}')
    from django.contrib.auth.context_processors import PermWrapper

    return template.render(
        Context({"request": request, "user": user, "perms": PermWrapper(user), "official": official})
    )


def test_the_officials_follow_up_history(world, requested):
    staff, other = world.users["staff"], OfficialFactory()
    services.create_follow_up(actor=staff, official=other)
    assert list(follow_ups_for_official(staff, world.official)) == [requested]
    assert list(follow_ups_for_official(world.users["official"], world.official)) == [requested]
    for role in ("coordinator", "nominator", "lecturer", "other_official", "partner"):
        assert list(follow_ups_for_official(world.users[role], world.official)) == []

    block = render_block(staff, world.official)
    assert reverse("feedback:follow_up", args=[requested.pk]) in block
    assert f"{reverse('feedback:follow_up_create')}?official={world.official.pk}" in block
    own = render_block(world.users["official"], world.official)
    assert "Energy master planning" in own and "Open" in own
    assert reverse("feedback:follow_up", args=[requested.pk]) not in own
    assert render_block(world.users["coordinator"], world.official).strip() == ""


# Reminders ------------------------------------------------------------------------------------------


@pytest.fixture
def owned(world):
    """Staff's follow-ups: overdue, due in 3 days, due in 4 days, done and overdue; another owner's, due today."""
    me, colleague = world.users["staff"], UserFactory(role=Role.STAFF, email="li@example.org", first_name="Li")
    make = services.create_follow_up
    follow_ups = {
        "overdue": make(actor=me, official=world.official, owner=me, due=days(-1), topic=world.topics[0]),
        "in_3_days": make(actor=me, official=world.official, owner=me, due=days(3)),
        "in_4_days": make(actor=me, official=world.official, owner=me, due=days(4)),
        "done": make(actor=me, official=world.official, owner=me, due=days(-5)),
        "colleague": make(actor=me, official=world.official, owner=colleague, due=days(0)),
        "nobody": make(actor=me, official=world.official, due=days(-3)),
    }
    services.update_follow_up(actor=me, follow_up=follow_ups["done"], state="done")
    services.update_follow_up(actor=me, follow_up=follow_ups["in_3_days"], state="in_progress")
    return follow_ups


def reminded(run) -> dict[str, list[int]]:
    return {r.owner.username: [f.pk for f in r.follow_ups] for r in run.sent}


def test_owners_are_reminded_of_follow_ups_due_within_three_days_or_overdue(world, owned):
    run = services.remind_follow_up_owners()
    colleague = owned["colleague"].owner.username
    assert reminded(run) == {
        "staff": [owned["overdue"].pk, owned["in_3_days"].pk],
        colleague: [owned["colleague"].pk],
    }
    assert len(mail.outbox) == 2
    message = next(m for m in mail.outbox if m.to == ["staff@example.org"])
    # Chinese first, then English, in the subject and in the body.
    subject_zh, subject_en = message.subject.split(" / ")
    assert subject_en == "2 follow-ups with officials need you"
    chinese, english = message.body.split("————————")
    # The Chinese part is rendered in Chinese (its dates at least, whatever the catalogue holds).
    assert f"{TODAY.year}年" in chinese and "年" not in english
    assert "Dear Sam Staff," in english
    assert "Overdue since" in english and "Energy master planning" in english
    assert reverse("feedback:follow_up", args=[owned["overdue"].pk]) in english
    for key in ("overdue", "in_3_days", "colleague"):
        owned[key].refresh_from_db()
        assert owned[key].reminded_at is not None
    for key in ("in_4_days", "done", "nobody"):
        owned[key].refresh_from_db()
        assert owned[key].reminded_at is None
    assert AuditEvent.objects.filter(action="follow_up.reminded").count() == 3


def test_a_follow_up_is_reminded_at_most_once_a_day(world, owned):
    morning = timezone.now()
    services.remind_follow_up_owners(now=morning)
    again = services.remind_follow_up_owners(now=morning + datetime.timedelta(minutes=5))
    assert again.sent == []
    assert len(mail.outbox) == 2
    tomorrow = services.remind_follow_up_owners(now=morning + datetime.timedelta(days=1))
    # Tomorrow the one due in four days is due within three days too.
    assert sum(len(r.follow_ups) for r in tomorrow.sent) == 4
    assert len(mail.outbox) == 4


def test_a_message_that_cannot_be_sent_records_nothing_and_spares_the_others(world, owned, monkeypatch):
    real_send = services.send_mail

    def send(subject, body, sender, recipients):
        if recipients == ["staff@example.org"]:
            raise ConnectionRefusedError("mail server down")
        return real_send(subject, body, sender, recipients)

    monkeypatch.setattr(services, "send_mail", send)
    run = services.remind_follow_up_owners()
    assert [r.owner.username for r in run.failed] == ["staff"]
    assert run.failed[0].error == "mail server down"
    assert [m.to for m in mail.outbox] == [["li@example.org"]]
    owned["overdue"].refresh_from_db()
    assert owned["overdue"].reminded_at is None
    assert AuditEvent.objects.filter(action="follow_up.reminded").count() == 1
    monkeypatch.setattr(services, "send_mail", real_send)
    assert reminded(services.remind_follow_up_owners()) == {"staff": [owned["overdue"].pk, owned["in_3_days"].pk]}


def test_the_command_dry_run_sends_and_records_nothing(world, owned, capsys):
    call_command("send_follow_up_reminders", "--dry-run")
    out = capsys.readouterr().out
    assert "Would remind 2 owner(s) of 3 follow-up(s)." in out
    assert "Subject: " in out
    assert mail.outbox == []
    assert FollowUp.objects.filter(reminded_at__isnull=False).count() == 0
    assert AuditEvent.objects.filter(action="follow_up.reminded").count() == 0


def test_the_command_as_of_a_later_day(world, owned, capsys):
    call_command(
        "send_follow_up_reminders", "--as-of", days(1).isoformat(), "--base-url", "https://peixun.example.org/"
    )
    out = capsys.readouterr().out
    assert "Reminded 2 owner(s) of 4 follow-up(s)." in out  # due in 4 days is within 3 days of tomorrow
    assert "https://peixun.example.org/feedback/follow-ups/" in mail.outbox[0].body


def test_the_command_refuses_a_bad_date(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of takes a date"):
        call_command("send_follow_up_reminders", "--as-of", "tomorrow")


def test_the_command_fails_when_a_message_cannot_be_sent(world, owned, monkeypatch, capsys):
    from django.core.management.base import CommandError

    def send(*args):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(services, "send_mail", send)
    with pytest.raises(CommandError, match="2 reminder"):
        call_command("send_follow_up_reminders")
    assert "Could not send to staff@example.org: mail server down" in capsys.readouterr().err


def test_owners_without_an_email_address_are_reported(world, owned, capsys):
    world.users["staff"].email = ""
    world.users["staff"].save()
    call_command("send_follow_up_reminders")
    assert [m.to for m in mail.outbox] == [["li@example.org"]]
    assert "No e-mail address, not reminded: staff." in capsys.readouterr().err
    owned["overdue"].refresh_from_db()
    assert owned["overdue"].reminded_at is None


def test_the_list_sorts_by_official_due_date_and_state(staff, world):
    me = world.users["staff"]
    make = services.create_follow_up
    ada = OfficialFactory(name_zh="阿强", sending_unit=world.official.sending_unit)
    zhang = OfficialFactory(name_zh="张敏", sending_unit=world.official.sending_unit)
    first = make(actor=me, official=zhang, due=days(3))
    second = make(actor=me, official=ada, due=days(9))
    undated = make(actor=me, official=world.official)
    services.update_follow_up(actor=me, follow_up=second, state="in_progress")
    assert listed(staff) == [first.pk, second.pk, undated.pk]  # by due date, the undated last
    assert listed(staff, sort="-due") == [second.pk, first.pk, undated.pk]
    assert listed(staff, sort="official") == [second.pk, undated.pk, first.pk]  # a, wang, zhang
    assert listed(staff, sort="-state") == [second.pk, first.pk, undated.pk]
    page = staff.get(reverse("feedback:follow_ups"), {"sort": "official"}).content.decode()
    assert "Showing 1–3 of 3" in page and 'aria-sort="ascending"><a class="sort" href="?sort=-official"' in page
