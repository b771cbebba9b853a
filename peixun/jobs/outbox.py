"""Outgoing mail: every message is written to a table, then sent after the commit, retried, never lost.

``QueuedEmailBackend`` is Django's ``EMAIL_BACKEND``: ``send_mail`` and ``EmailMessage.send`` anywhere
in Peixun write one ``OutgoingMail`` row per message (in the caller's transaction, so a change that is
rolled back sends nothing) and hand it to ``tasks.deliver_mail`` once the transaction commits. The
delivery uses ``PEIXUN_MAIL_DELIVERY_BACKEND`` (SMTP in production). A failure is retried after 1, 2,
4, ... minutes (at most an hour apart) up to ``PEIXUN_MAIL_RETRIES`` times; then the message stays
failed, listed for staff in the admin, who can send it again. With no broker the message is sent in
the same process after the commit, and a failure is not retried by itself (nothing runs later): it
stays failed in the admin at once.
"""

from __future__ import annotations

import base64
import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from peixun.core.audit import record_event

from . import dispatch, tasks
from .enums import MailState
from .models import OutgoingMail

logger = logging.getLogger(__name__)

#: The longest wait between two tries (below the broker's visibility timeout: a task held for later
#: by a worker must not be handed to another meanwhile).
MAX_BACKOFF = datetime.timedelta(hours=1)
#: A message still marked as being sent this long after a try began lost its worker: it is tried again.
SENDING_TIMEOUT = datetime.timedelta(minutes=15)


def _encode(content) -> dict:
    if isinstance(content, bytes):
        return {"base64": base64.b64encode(content).decode("ascii")}
    return {"text": content}


def _decode(stored: dict):
    return base64.b64decode(stored["base64"]) if "base64" in stored else stored["text"]


def serialise(message: EmailMessage) -> dict:
    """Everything needed to write ``message`` again in another process, as JSON."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise ValueError("Peixun's outgoing mail keeps attachments given as (name, content, type) only.")
        filename, content, mimetype = attachment
        attachments.append({"filename": filename, "content": _encode(content), "mimetype": mimetype})
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "alternatives": [[content, mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": attachments,
    }


def deserialise(data: dict) -> EmailMessage:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(pair) for pair in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    for attachment in data["attachments"]:
        message.attach(attachment["filename"], _decode(attachment["content"]), attachment["mimetype"])
    return message


def queue_messages(messages) -> list[OutgoingMail]:
    """Write each message to the outgoing mail and send it once the current transaction commits."""
    rows = []
    for message in messages:
        recipients = message.recipients()
        if not recipients:
            continue
        rows.append(
            OutgoingMail.objects.create(
                subject=str(message.subject)[:998],
                recipients=recipients,
                message=serialise(message),
                next_attempt_at=timezone.now(),
            )
        )
    for row in rows:
        dispatch.after_commit(tasks.deliver_mail, row.pk)
    return rows


class QueuedEmailBackend(BaseEmailBackend):
    """Django's mail backend for Peixun: writes the messages to the outgoing mail instead of sending them."""

    def send_messages(self, email_messages) -> int:
        if not email_messages:
            return 0
        return len(queue_messages(email_messages))


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4, ... minutes, at most an hour."""
    return min(MAX_BACKOFF, datetime.timedelta(minutes=2 ** max(0, attempts - 1)))


def _claim(mail_id: int) -> OutgoingMail | None:
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        now = timezone.now()
        if mail is None or mail.state in (MailState.SENT, MailState.FAILED):
            return None
        if mail.state == MailState.SENDING and mail.last_attempt_at and now - mail.last_attempt_at < SENDING_TIMEOUT:
            return None  # another worker is sending it right now
        if mail.state == MailState.QUEUED and mail.next_attempt_at and mail.next_attempt_at > now:
            return None  # not due yet: its own retry will come
        mail.state, mail.last_attempt_at, mail.attempts = MailState.SENDING, now, mail.attempts + 1
        mail.save(update_fields=["state", "last_attempt_at", "attempts"])
        return mail


def deliver(mail_id: int) -> datetime.timedelta | None:
    """Try to send one outgoing message (the body of ``tasks.deliver_mail``). Returns the wait before the
    next try when it failed and will be retried, else None."""
    mail = _claim(mail_id)
    if mail is None:
        return None
    try:
        connection = get_connection(settings.PEIXUN_MAIL_DELIVERY_BACKEND)
        connection.send_messages([deserialise(mail.message)])
    except Exception as error:
        logger.warning("Outgoing mail %s (try %s) could not be sent: %s", mail.pk, mail.attempts, error)
        mail.last_error = f"{type(error).__name__}: {error}"[:2000]
        retries_left = dispatch.has_broker() and mail.attempts <= settings.PEIXUN_MAIL_RETRIES
        wait = backoff(mail.attempts) if retries_left else None
        mail.state = MailState.QUEUED if retries_left else MailState.FAILED
        mail.next_attempt_at = timezone.now() + wait if wait else None
        mail.save(update_fields=["state", "last_error", "next_attempt_at"])
        return wait
    mail.state, mail.sent_at, mail.next_attempt_at = MailState.SENT, timezone.now(), None
    mail.save(update_fields=["state", "sent_at", "next_attempt_at"])
    return None


def send_again(*, actor, mails) -> int:
    """Staff: queue failed (or waiting) messages to be sent now, with a fresh count of retries."""
    count = 0
    with transaction.atomic():
        for mail in OutgoingMail.objects.select_for_update().filter(pk__in=[m.pk for m in mails]):
            if mail.state == MailState.SENT:
                continue
            before = mail.state
            mail.state, mail.attempts, mail.next_attempt_at = MailState.QUEUED, 0, timezone.now()
            mail.save(update_fields=["state", "attempts", "next_attempt_at"])
            record_event(
                actor=actor, action="jobs.mail_send_again", instance=mail, changes={"state": [before, mail.state]}
            )
            dispatch.after_commit(tasks.deliver_mail, mail.pk)
            count += 1
    return count


def send_due(*, now: datetime.datetime | None = None) -> int:
    """Hand to the workers the messages whose next try is due (their own retry was lost) and those left
    'being sent' by a worker that died; the periodic sweep calls it."""
    now = now or timezone.now()
    due = OutgoingMail.objects.filter(state=MailState.QUEUED, next_attempt_at__lte=now - datetime.timedelta(minutes=1))
    stuck = OutgoingMail.objects.filter(state=MailState.SENDING, last_attempt_at__lte=now - SENDING_TIMEOUT)
    ids = list(due.values_list("pk", flat=True)) + list(stuck.values_list("pk", flat=True))
    for mail_id in ids:
        dispatch.send_now(tasks.deliver_mail, mail_id)
    return len(ids)
