"""Webhooks: signed events posted to the endpoints staff set up, written with the change, sent after the commit.

A service calls :func:`emit` inside its transaction. For every active endpoint that chose the event, one
``WebhookDelivery`` row is written in that same transaction (a change rolled back sends nothing) and handed to
``tasks.deliver_webhook`` once it commits (``peixun.jobs.dispatch``). A delivery posts the JSON body with:

- ``X-Peixun-Event``: the event's type (``nomination.confirmed``, ...);
- ``X-Peixun-Event-Id``: the event's id (a UUID; the same on every retry, so a receiver can ignore repeats);
- ``X-Peixun-Timestamp``: the seconds since 1970 when this try was signed;
- ``X-Peixun-Signature``: ``sha256=`` and the hex HMAC-SHA256, keyed with the endpoint's secret, of
  ``<timestamp>.<body>`` (so a captured request cannot be replayed later with a fresh timestamp).

Any 2xx answer delivers it. Anything else (another status, a refused connection, a timeout) is recorded as an
attempt and retried after 1, 2, 4, ... minutes (at most an hour apart) up to ``PEIXUN_WEBHOOK_RETRIES`` times;
then it stays failed, listed for staff in the admin with every attempt, who can send it again.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from peixun.core.audit import record_event
from peixun.jobs import dispatch

from .models import DeliveryState, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

#: The longest wait between two tries.
MAX_BACKOFF = datetime.timedelta(hours=1)
#: A delivery still marked as being sent this long after its try began lost its worker: it is tried again.
SENDING_TIMEOUT = datetime.timedelta(minutes=5)
#: How much of an endpoint's answer is kept with the attempt.
ANSWER_KEPT = 500

SIGNATURE_HEADER = "X-Peixun-Signature"
TIMESTAMP_HEADER = "X-Peixun-Timestamp"
EVENT_ID_HEADER = "X-Peixun-Event-Id"
EVENT_HEADER = "X-Peixun-Event"


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    message = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, tolerance: int = 300, now=None) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent. (Peixun's own tests use it.)"""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


ENDPOINTS_CACHE_KEY = "peixun.api.webhook_endpoints"


def _listening() -> list[tuple[int, list[str]]]:
    """Each active endpoint's id and events, from the shared cache: a service emitting an event that nobody
    listens to (the usual case) costs no query. Saving or deleting an endpoint clears it (``apps.py``); app
    servers without a shared cache (no Redis) see a change within a minute."""
    listening = cache.get(ENDPOINTS_CACHE_KEY)
    if listening is None:
        listening = [list(row) for row in WebhookEndpoint.objects.filter(is_active=True).values_list("pk", "events")]
        cache.set(ENDPOINTS_CACHE_KEY, listening, timeout=60)
    return listening


def forget_endpoints(**_kwargs) -> None:
    cache.delete(ENDPOINTS_CACHE_KEY)


def subscribed(event: str) -> list[WebhookEndpoint]:
    """The active endpoints that chose ``event``."""
    ids = [pk for pk, events in _listening() if event in events]
    return list(WebhookEndpoint.objects.filter(pk__in=ids, is_active=True)) if ids else []


def emit(event: WebhookEvent | str, data) -> list[WebhookDelivery]:
    """Tell every endpoint that chose ``event``: one delivery each, written now, sent once the transaction
    commits. ``data`` is the event's object as JSON (ids, both languages of titles, ISO dates), or a function
    making it, called only when some endpoint listens."""
    event = WebhookEvent(event)
    endpoints = subscribed(event.value)
    if not endpoints:
        return []
    if callable(data):
        data = data()
    event_id = uuid.uuid4()
    now = timezone.now()
    payload = json.loads(
        json.dumps(
            {"id": str(event_id), "type": event.value, "created_at": now.isoformat(), "data": data},
            cls=DjangoJSONEncoder,
        )
    )
    deliveries = [
        WebhookDelivery.objects.create(
            endpoint=endpoint, event_id=event_id, event=event.value, payload=payload, next_attempt_at=now
        )
        for endpoint in endpoints
    ]
    from . import tasks

    for delivery in deliveries:
        dispatch.after_commit(tasks.deliver_webhook, delivery.pk)
    return deliveries


def backoff(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed try: 1, 2, 4, ... minutes, at most an hour."""
    return min(MAX_BACKOFF, datetime.timedelta(minutes=2 ** max(0, attempts - 1)))


def _claim(delivery_id: int, now: datetime.datetime) -> WebhookDelivery | None:
    with transaction.atomic():
        delivery = WebhookDelivery.objects.select_for_update().select_related("endpoint").filter(pk=delivery_id).first()
        if delivery is None or delivery.state in (DeliveryState.DELIVERED, DeliveryState.FAILED):
            return None
        if (
            delivery.state == DeliveryState.SENDING
            and delivery.last_attempt_at
            and now - delivery.last_attempt_at < SENDING_TIMEOUT
        ):
            return None  # another worker is sending it right now
        if delivery.state == DeliveryState.QUEUED and delivery.next_attempt_at and delivery.next_attempt_at > now:
            return None  # not due yet: its own retry will come
        delivery.state, delivery.last_attempt_at, delivery.attempts = DeliveryState.SENDING, now, delivery.attempts + 1
        delivery.save(update_fields=["state", "last_attempt_at", "attempts"])
        return delivery


def body_of(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()


def _post(delivery: WebhookDelivery) -> tuple[int | None, str, str]:
    """Post the delivery once: (status, answer, error)."""
    body = body_of(delivery)
    timestamp = str(int(time.time()))
    request = urllib.request.Request(  # noqa: S310 - staff set the address; http and https only (the form checks)
        delivery.endpoint.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Peixun-Webhooks/1",
            EVENT_HEADER: delivery.event,
            EVENT_ID_HEADER: str(delivery.event_id),
            TIMESTAMP_HEADER: timestamp,
            SIGNATURE_HEADER: sign(delivery.endpoint.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.PEIXUN_WEBHOOK_TIMEOUT) as answer:  # noqa: S310
            return answer.status, answer.read(ANSWER_KEPT).decode("utf-8", "replace"), ""
    except urllib.error.HTTPError as error:
        return error.code, error.read(ANSWER_KEPT).decode("utf-8", "replace"), ""
    except Exception as error:  # a refused connection, a timeout, a name that does not resolve: tried again later
        return None, "", f"{type(error).__name__}: {error}"[:2000]


def deliver(delivery_id: int, *, now: datetime.datetime | None = None) -> datetime.timedelta | None:
    """Try to post one delivery (the body of ``tasks.deliver_webhook``), recording the attempt. Returns the
    wait before the next try when it failed and will be retried, else None."""
    delivery = _claim(delivery_id, now or timezone.now())
    if delivery is None:
        return None
    started = time.monotonic()
    status, answer, error = _post(delivery)
    attempt = WebhookAttempt.objects.create(
        delivery=delivery,
        at=delivery.last_attempt_at,
        status_code=status,
        response=answer,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    if attempt.succeeded:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = (
            DeliveryState.DELIVERED,
            timezone.now(),
            None,
        )
        delivery.save(update_fields=["state", "delivered_at", "next_attempt_at"])
        return None
    logger.warning("Webhook delivery %s (try %s) failed: %s %s", delivery.pk, delivery.attempts, status, error)
    retries_left = delivery.attempts <= settings.PEIXUN_WEBHOOK_RETRIES
    wait = backoff(delivery.attempts) if retries_left else None
    delivery.state = DeliveryState.QUEUED if retries_left else DeliveryState.FAILED
    delivery.next_attempt_at = delivery.last_attempt_at + wait if wait else None
    delivery.save(update_fields=["state", "next_attempt_at"])
    return wait


def send_again(*, actor, deliveries) -> int:
    """Staff: queue failed (or waiting) deliveries to be sent now, with a fresh count of retries."""
    count = 0
    with transaction.atomic():
        rows = WebhookDelivery.objects.select_for_update().filter(pk__in=[d.pk for d in deliveries])
        for delivery in rows:
            if delivery.state == DeliveryState.DELIVERED:
                continue
            before = delivery.state
            delivery.state, delivery.attempts, delivery.next_attempt_at = DeliveryState.QUEUED, 0, timezone.now()
            delivery.save(update_fields=["state", "attempts", "next_attempt_at"])
            record_event(
                actor=actor,
                action="api.webhook_send_again",
                instance=delivery,
                changes={"state": [before, delivery.state]},
            )
            from . import tasks

            dispatch.after_commit(tasks.deliver_webhook, delivery.pk)
            count += 1
    return count


def due(now: datetime.datetime | None = None) -> list[int]:
    """The deliveries whose next try is due, and those left 'being sent' by a worker that died."""
    now = now or timezone.now()
    waiting = WebhookDelivery.objects.filter(state=DeliveryState.QUEUED, next_attempt_at__lte=now)
    stuck = WebhookDelivery.objects.filter(state=DeliveryState.SENDING, last_attempt_at__lte=now - SENDING_TIMEOUT)
    return list(waiting.values_list("pk", flat=True)) + list(stuck.values_list("pk", flat=True))


def send_due(*, now: datetime.datetime | None = None) -> int:
    """Hand the due deliveries to the workers (or, with no broker, send them here): the periodic sweep and
    ``manage.py send_webhooks`` call it."""
    from . import tasks

    ids = due(now)
    for delivery_id in ids:
        if dispatch.has_broker():
            dispatch.send_now(tasks.deliver_webhook, delivery_id)
        else:
            deliver(delivery_id, now=now)
    return len(ids)


# What each event says: ids to read more through the API, and the facts a receiver needs at once. ---------


def course_data(course) -> dict:
    return {
        "id": course.pk,
        "academy": course.academy_id,
        "title_en": course.title_en,
        "title_zh": course.title_zh,
        "start": course.start,
        "end": course.end,
    }


def official_data(official) -> dict:
    return {
        "id": official.pk,
        "name_zh": official.name_zh,
        "name_pinyin": official.name_pinyin,
        "sending_unit": official.sending_unit_id,
    }


def enrolment_data(enrolment) -> dict:
    return {
        "enrolment": enrolment.pk,
        "status": enrolment.status,
        "course": course_data(enrolment.course),
        "official": official_data(enrolment.official),
        "unit": enrolment.unit_id,
        "decided_at": enrolment.decided_at,
    }


def timetable_data(course, *, proposal_id: int, moved: int) -> dict:
    return {"course": course_data(course), "proposal": proposal_id, "sessions_moved": moved}


def attendance_data(attendance) -> dict:
    session = attendance.session
    return {
        "attendance": attendance.pk,
        "status": attendance.status,
        "method": attendance.method,
        "recorded_at": attendance.recorded_at,
        "session": {
            "id": session.pk,
            "date": session.date,
            "part_of_day": session.part_of_day,
            "title_en": session.title_en,
            "title_zh": session.title_zh,
        },
        "course": course_data(session.course),
        "official": official_data(attendance.official),
    }


def certificate_data(certificate) -> dict:
    from peixun.records.certificates.codes import display_code

    return {
        "certificate": certificate.pk,
        "code": display_code(certificate.code),
        "hours": certificate.hours,
        "issued_at": certificate.issued_at,
        "course": course_data(certificate.course),
        "official": official_data(certificate.official),
    }
