"""Outgoing mail: written with the change, sent after the commit, retried with growing waits, never lost."""

import datetime

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.utils import timezone

from peixun.core.models import AuditEvent
from peixun.jobs import outbox
from peixun.jobs.enums import MailState
from peixun.jobs.models import OutgoingMail
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FAILING = "tests.notifications.failing_mail.Backend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def queued(settings):
    """Peixun's own mail settings (tests/conftest.py sends straight to the outbox), delivering to the outbox."""
    settings.EMAIL_BACKEND = "peixun.jobs.outbox.QueuedEmailBackend"
    settings.PEIXUN_MAIL_DELIVERY_BACKEND = LOCMEM
    settings.PEIXUN_BROKER_URL = ""
    return settings


def test_a_message_is_written_at_once_and_sent_after_the_commit(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        send_mail("Moved / 已调整", "Body 正文", "peixun@example.org", ["ada@example.org"])
    row = OutgoingMail.objects.get()
    assert (row.state, row.recipients, mail.outbox) == (MailState.QUEUED, ["ada@example.org"], [])

    for callback in pending:
        callback()

    [sent] = mail.outbox
    assert (sent.subject, sent.body, sent.from_email, sent.to) == (
        "Moved / 已调整",
        "Body 正文",
        "peixun@example.org",
        ["ada@example.org"],
    )
    row.refresh_from_db()
    assert (row.state, row.attempts, row.next_attempt_at) == (MailState.SENT, 1, None)
    assert row.sent_at is not None


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_a_message_sent_outside_a_transaction_leaves_at_once(queued):
    send_mail("Now", "Body", None, ["ada@example.org"])

    assert [m.subject for m in mail.outbox] == ["Now"]
    assert OutgoingMail.objects.get().state == MailState.SENT


def test_a_change_rolled_back_sends_nothing(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        send_mail("Never", "Body", None, ["ada@example.org"])
        raise RuntimeError("the change fails")

    assert (OutgoingMail.objects.count(), mail.outbox) == (0, [])


def test_html_alternatives_headers_and_attachments_survive_the_queue(queued, django_capture_on_commit_callbacks):
    message = EmailMultiAlternatives(
        "Report", "Plain", None, ["ada@example.org"], cc=["bo@example.org"], headers={"X-Peixun": "1"}
    )
    message.attach_alternative("<p>Rich</p>", "text/html")
    message.attach("report.pdf", b"%PDF-1.7 \x00\xff", "application/pdf")
    message.attach("notes.txt", "笔记", "text/plain")

    with django_capture_on_commit_callbacks(execute=True):
        message.send()

    [sent] = mail.outbox
    assert (sent.cc, sent.extra_headers, sent.alternatives[0][:2]) == (
        ["bo@example.org"],
        {"X-Peixun": "1"},
        ("<p>Rich</p>", "text/html"),
    )
    assert [tuple(a) for a in sent.attachments] == [
        ("report.pdf", b"%PDF-1.7 \x00\xff", "application/pdf"),
        ("notes.txt", "笔记", "text/plain"),
    ]
    assert OutgoingMail.objects.get().recipients == ["ada@example.org", "bo@example.org"]


def test_without_a_broker_a_failed_message_stays_failed_for_staff_to_see(queued, django_capture_on_commit_callbacks):
    queued.PEIXUN_MAIL_DELIVERY_BACKEND = FAILING

    with django_capture_on_commit_callbacks(execute=True):
        send_mail("Lost?", "Body", None, ["ada@example.org"])

    row = OutgoingMail.objects.get()
    assert (row.state, row.attempts, row.next_attempt_at) == (MailState.FAILED, 1, None)
    assert row.last_error == "ConnectionRefusedError: the mail server is down"


def test_with_a_broker_a_failure_is_retried_with_growing_waits_then_kept_as_failed(queued):
    queued.PEIXUN_MAIL_DELIVERY_BACKEND = FAILING
    queued.PEIXUN_BROKER_URL = "redis://127.0.0.1:6379/15"  # delivery is called directly below: nothing is sent
    queued.PEIXUN_MAIL_RETRIES = 3
    row = OutgoingMail.objects.create(
        subject="Retry", recipients=["ada@example.org"], message=_message("Retry"), next_attempt_at=timezone.now()
    )

    waits = []
    for _ in range(4):
        waits.append(outbox.deliver(row.pk))
        OutgoingMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())  # the wait is over

    assert waits == [datetime.timedelta(minutes=1), datetime.timedelta(minutes=2), datetime.timedelta(minutes=4), None]
    row.refresh_from_db()
    assert (row.state, row.attempts) == (MailState.FAILED, 4)


def test_a_message_not_due_yet_or_already_sent_is_left_alone(queued):
    later = OutgoingMail.objects.create(
        subject="Later", recipients=["a@example.org"], message=_message("Later"), next_attempt_at=_in(minutes=5)
    )
    sent = OutgoingMail.objects.create(
        subject="Sent", recipients=["a@example.org"], message=_message("Sent"), state=MailState.SENT
    )

    assert outbox.deliver(later.pk) is None
    assert outbox.deliver(sent.pk) is None

    assert mail.outbox == []
    assert list(OutgoingMail.objects.order_by("pk").values_list("attempts", flat=True)) == [0, 0]


def test_the_backoff_doubles_up_to_an_hour():
    assert [outbox.backoff(n).total_seconds() / 60 for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_the_sweep_sends_messages_whose_retry_was_lost_and_those_a_dead_worker_left(queued):
    lost = OutgoingMail.objects.create(
        subject="Lost", recipients=["a@example.org"], message=_message("Lost"), next_attempt_at=_in(minutes=-10)
    )
    stuck = OutgoingMail.objects.create(
        subject="Stuck",
        recipients=["a@example.org"],
        message=_message("Stuck"),
        state=MailState.SENDING,
        attempts=1,
        last_attempt_at=_in(minutes=-30),
    )
    sending = OutgoingMail.objects.create(
        subject="Sending",
        recipients=["a@example.org"],
        message=_message("Sending"),
        state=MailState.SENDING,
        last_attempt_at=_in(minutes=-1),
    )

    assert outbox.send_due() == 2

    assert sorted(m.subject for m in mail.outbox) == ["Lost", "Stuck"]
    assert list(OutgoingMail.objects.order_by("pk").values_list("pk", "state")) == [
        (lost.pk, MailState.SENT),
        (stuck.pk, MailState.SENT),
        (sending.pk, MailState.SENDING),
    ]


def test_staff_see_failed_mail_in_the_admin_and_send_it_again(
    client, queued, staff, django_capture_on_commit_callbacks
):
    row = OutgoingMail.objects.create(
        subject="Failed once",
        recipients=["a@example.org"],
        message=_message("Failed once"),
        state=MailState.FAILED,
        attempts=9,
        last_error="SMTPServerDisconnected: gone",
    )
    assert client.login(username=staff.username, password=PASSWORD)

    page = client.get("/admin/jobs/outgoingmail/?state__exact=failed")
    assert page.status_code == 200
    assert "Failed once" in page.content.decode() and "SMTPServerDisconnected: gone" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/jobs/outgoingmail/", {"action": "send_again", "_selected_action": [row.pk]}, follow=True
        )

    assert "1 e-mail will be sent again." in response.content.decode()
    row.refresh_from_db()
    assert (row.state, row.attempts) == (MailState.SENT, 1)
    assert [m.subject for m in mail.outbox] == ["Failed once"]
    assert AuditEvent.objects.get(action="jobs.mail_send_again").actor == staff


def test_others_cannot_see_the_outgoing_mail(client, queued, other):
    assert client.login(username=other.username, password=PASSWORD)

    assert client.get("/admin/jobs/outgoingmail/").status_code == 302  # to the admin's login


def _message(subject: str) -> dict:
    return outbox.serialise(EmailMultiAlternatives(subject, "Body", "peixun@example.org", ["a@example.org"]))


def _in(**delta) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(**delta)


@pytest.mark.django_db(transaction=True)
def test_a_notice_mailed_after_its_change_commits_goes_through_the_outgoing_mail(queued):
    from peixun.curriculum.enums import PartOfDay
    from peixun.notifications.enums import Kind
    from peixun.notifications.services import Change, Recipient, notify

    facts = {
        "course_en": "Green Cities",
        "course_zh": "绿色城市",
        "session_en": "Energy planning",
        "session_zh": "能源规划",
        "date": "2027-03-02",
        "part": PartOfDay.AFTERNOON,
        "old_date": "2027-03-01",
        "old_part": PartOfDay.MORNING,
    }
    with transaction.atomic():
        notify(
            actor=None, changes=[Change(Recipient(email="ada@example.org", language="en"), Kind.SESSION_MOVED, facts)]
        )
        assert (OutgoingMail.objects.count(), mail.outbox) == (0, [])  # nothing before the commit

    [sent] = mail.outbox
    assert sent.to == ["ada@example.org"] and sent.subject.startswith("“Energy planning” moves to ")
    row = OutgoingMail.objects.get()
    assert (row.state, row.subject) == (MailState.SENT, sent.subject)
