"""Webhooks against a real HTTP server on a thread: each event signed and posted after the commit, a failing
endpoint retried with backoff until it answers 2xx, every attempt recorded and listed for staff."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from peixun.api import webhooks
from peixun.api.models import DeliveryState, WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEvent
from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.services import Mark, record_roll_call
from peixun.core.audit import AuditEvent
from peixun.core.enums import Role
from peixun.courses import services as course_services
from peixun.courses.enums import EnrolmentStatus
from peixun.records.certificates.services import issue_certificates
from peixun.timetables import services as timetable_services
from peixun.timetables.models import TimetableProposal
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    EnrolmentFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    UserFactory,
)
from tests.records.certificates.conftest import attend, confirm, exactly_80, finished_course

pytestmark = pytest.mark.django_db

SECRET = "s3cret-shared-with-the-receiver"


class Receiver:
    """A local HTTP server that records what it is sent and answers with the statuses it is told, in turn."""

    def __init__(self, statuses=(200,)):
        self.statuses = list(statuses)
        self.received: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"not now")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/peixun"

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def events(self) -> list[dict]:
        """What the receiver got, each checked as a receiver should: a valid signature and a fresh timestamp."""
        checked = []
        for request in self.received:
            headers = request["headers"]
            assert webhooks.verify(
                SECRET, headers["X-Peixun-Timestamp"], request["body"], headers["X-Peixun-Signature"]
            ), headers
            event = json.loads(request["body"])
            assert headers["X-Peixun-Event"] == event["type"]
            assert headers["X-Peixun-Event-Id"] == event["id"]
            checked.append(event)
        return checked


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def endpoint_for(receiver, events=tuple(WebhookEvent.values), **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        name="Unit system", url=receiver.url, secret=SECRET, events=list(events), **fields
    )


def test_the_signature_is_hmac_sha256_of_timestamp_and_body_and_a_forgery_fails():
    body = b'{"id":"1"}'
    signature = webhooks.sign(SECRET, 1_800_000_000, body)
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert webhooks.verify(SECRET, "1800000000", body, signature, now=1_800_000_100)
    assert not webhooks.verify("another secret", "1800000000", body, signature, now=1_800_000_100)
    assert not webhooks.verify(SECRET, "1800000000", body + b" ", signature, now=1_800_000_100)
    assert not webhooks.verify(SECRET, "1800000001", body, signature, now=1_800_000_100)
    assert not webhooks.verify(SECRET, "1800000000", body, signature, now=1_800_001_000)  # too old: replayed


def test_a_confirmed_nomination_is_posted_signed_after_the_commit(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    staff = UserFactory(role=Role.STAFF)
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市", capacity=20)
    enrolment = EnrolmentFactory(course=course, official=OfficialFactory(name_zh="王伟"))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        course_services.confirm_nomination(actor=staff, enrolment=enrolment)
    assert receiver.received == []  # nothing before the commit
    for callback in callbacks:
        callback()

    (event,) = receiver.events()
    assert event["type"] == "nomination.confirmed"
    assert event["data"]["status"] == "confirmed"
    assert event["data"]["course"]["title_zh"] == "能源智慧城市"
    assert event["data"]["official"]["name_zh"] == "王伟"
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.DELIVERED and str(delivery.event_id) == event["id"]
    (attempt,) = delivery.attempt_rows.all()
    assert attempt.status_code == 200 and attempt.response == "ok"


def test_a_change_rolled_back_sends_nothing(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    enrolment = EnrolmentFactory(course=CourseFactory(capacity=20))
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            course_services.confirm_nomination(actor=UserFactory(role=Role.STAFF), enrolment=enrolment)
            raise RuntimeError("something later failed")
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_waitlisted_withdrawn_and_the_promotion_that_follows(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    staff = UserFactory(role=Role.STAFF)
    course = CourseFactory(capacity=1)
    first = EnrolmentFactory(course=course)
    second = EnrolmentFactory(course=course)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.confirm_nomination(actor=staff, enrolment=first)
        course_services.confirm_nomination(actor=staff, enrolment=second)
        course_services.withdraw_enrolment(actor=staff, enrolment=first, reason="Called back to work")
    kinds = [(event["type"], event["data"]["enrolment"]) for event in receiver.events()]
    assert kinds == [
        ("nomination.confirmed", first.pk),
        ("nomination.waitlisted", second.pk),
        ("nomination.withdrawn", first.pk),
        ("nomination.confirmed", second.pk),
    ]


def test_only_active_endpoints_that_chose_the_event_are_told(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver, events=["certificate.issued"])
    endpoint_for(receiver, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.confirm_nomination(
            actor=UserFactory(role=Role.STAFF), enrolment=EnrolmentFactory(course=CourseFactory(capacity=5))
        )
    assert receiver.received == [] and not WebhookDelivery.objects.exists()


def test_attendance_and_certificates_are_posted(receiver, django_capture_on_commit_callbacks):
    staff = UserFactory(role=Role.STAFF)
    course = finished_course(title_en="Green Cities", title_zh="绿色城市")
    enrolment = confirm(course, OfficialFactory(name_zh="李娜"))
    attend(staff, enrolment, exactly_80(course))  # before any endpoint: nothing is written
    assert not WebhookDelivery.objects.exists()
    endpoint_for(receiver, events=["attendance.recorded", "certificate.issued"])
    extra = SessionFactory(course=course, date=course.start, part_of_day=3, title_en="Evening talk", class_hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        record_roll_call(actor=staff, session=extra, marks={enrolment.pk: Mark(AttendanceStatus.PRESENT)})
        (certificate,) = issue_certificates(actor=staff, course=course)
    attendance, issued = receiver.events()
    assert attendance["type"] == "attendance.recorded"
    assert attendance["data"]["status"] == "present" and attendance["data"]["session"]["title_en"] == "Evening talk"
    assert issued["type"] == "certificate.issued"
    assert issued["data"]["certificate"] == certificate.pk and issued["data"]["official"]["name_zh"] == "李娜"
    assert issued["data"]["code"].startswith("PX-")


def test_an_accepted_proposal_posts_the_timetable_change(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver, events=["timetable.changed"])
    staff = UserFactory(role=Role.STAFF)
    course = CourseFactory(title_en="Green Cities", title_zh="绿色城市")
    session = SessionFactory(course=course, date=course.start, part_of_day=1)
    later = course.start + datetime.timedelta(days=1)
    proposal = TimetableProposal.objects.create(
        created_by=staff, placements={str(session.pk): [later.isoformat(), 2]}, outcome={"status": "optimal"}
    )
    proposal.courses.set([course])
    with django_capture_on_commit_callbacks(execute=True):
        timetable_services.accept_proposal(actor=staff, proposal=proposal)
    (event,) = receiver.events()
    assert event["type"] == "timetable.changed"
    assert event["data"] == {
        "course": {
            "id": course.pk,
            "academy": course.academy_id,
            "title_en": "Green Cities",
            "title_zh": "绿色城市",
            "start": course.start.isoformat(),
            "end": course.end.isoformat(),
        },
        "proposal": proposal.pk,
        "sessions_moved": 1,
    }


def test_a_failing_endpoint_is_retried_with_backoff_until_it_answers_2xx(django_capture_on_commit_callbacks):
    failing = Receiver(statuses=[503, 500, 200])
    try:
        endpoint_for(failing)
        with django_capture_on_commit_callbacks(execute=True):
            course_services.confirm_nomination(
                actor=UserFactory(role=Role.STAFF), enrolment=EnrolmentFactory(course=CourseFactory(capacity=5))
            )
        delivery = WebhookDelivery.objects.get()
        assert delivery.state == DeliveryState.QUEUED and delivery.attempts == 1
        assert delivery.next_attempt_at == delivery.last_attempt_at + datetime.timedelta(minutes=1)
        assert webhooks.send_due() == 0  # not due yet

        first_retry = delivery.last_attempt_at + datetime.timedelta(minutes=1, seconds=1)
        assert webhooks.send_due(now=first_retry) == 1
        delivery.refresh_from_db()
        assert delivery.state == DeliveryState.QUEUED and delivery.attempts == 2
        assert delivery.next_attempt_at == first_retry + datetime.timedelta(minutes=2)  # backing off

        assert webhooks.send_due(now=first_retry + datetime.timedelta(minutes=3)) == 1
        delivery.refresh_from_db()
        assert delivery.state == DeliveryState.DELIVERED and delivery.next_attempt_at is None
        assert [a.status_code for a in delivery.attempt_rows.all()] == [503, 500, 200]
        assert len({event["id"] for event in failing.events()}) == 1  # the same event each time
    finally:
        failing.close()


@override_settings(PEIXUN_WEBHOOK_RETRIES=1)
def test_an_unreachable_endpoint_fails_after_its_retries_and_staff_can_send_it_again(
    receiver, django_capture_on_commit_callbacks
):
    closed = Receiver()
    address = closed.url
    closed.close()  # nothing listens there any more
    WebhookEndpoint.objects.create(name="Gone", url=address, secret=SECRET, events=["nomination.confirmed"])
    with django_capture_on_commit_callbacks(execute=True):
        course_services.confirm_nomination(
            actor=UserFactory(role=Role.STAFF), enrolment=EnrolmentFactory(course=CourseFactory(capacity=5))
        )
    delivery = WebhookDelivery.objects.get()
    webhooks.send_due(now=timezone.now() + datetime.timedelta(minutes=5))
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED and delivery.attempts == 2
    errors = list(WebhookAttempt.objects.values_list("status_code", "error"))
    assert all(status is None and "Error" in error for status, error in errors), errors

    # The receiver is back (at a new address); staff send it again from the admin.
    endpoint = delivery.endpoint
    endpoint.url = receiver.url
    endpoint.save()
    staff = UserFactory(role=Role.STAFF, username="ops")
    client = Client()
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/api/webhookdelivery/", {"action": "send_again", "_selected_action": [delivery.pk]}
        )
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert AuditEvent.objects.filter(action="api.webhook_send_again", actor=staff).count() == 1
    assert receiver.events()[0]["type"] == "nomination.confirmed"


def test_staff_see_every_delivery_and_attempt_in_the_admin_and_nobody_else(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver)
    with django_capture_on_commit_callbacks(execute=True):
        course_services.confirm_nomination(
            actor=UserFactory(role=Role.STAFF), enrolment=EnrolmentFactory(course=CourseFactory(capacity=5))
        )
    delivery = WebhookDelivery.objects.get()
    staff = Client()
    staff.force_login(UserFactory(role=Role.STAFF, username="ops", language="zh-hans"))
    page = staff.get(f"/admin/api/webhookdelivery/{delivery.pk}/change/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert page.status_code == 200
    assert "nomination.confirmed" in page.content.decode()
    assert staff.get("/admin/api/webhookendpoint/").status_code == 200
    others = [
        UserFactory(role=Role.COORDINATOR, academy=AcademyFactory()),
        UserFactory(role=Role.UNIT_CONTACT, sending_unit=OrganisationFactory()),
        UserFactory(role=Role.OFFICIAL),
        UserFactory(role=Role.LECTURER),
        UserFactory(role=Role.TRANSLATOR),
    ]
    for user in others:
        other = Client()
        other.force_login(user)
        response = other.get("/admin/api/webhookdelivery/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"], user.role


def test_staff_add_an_endpoint_in_the_admin_audited_without_the_secret():
    staff = UserFactory(role=Role.STAFF, username="ops")
    client = Client()
    client.force_login(staff)
    form = client.get("/admin/api/webhookendpoint/add/")
    assert form.status_code == 200
    response = client.post(
        "/admin/api/webhookendpoint/add/",
        {
            "name": "NAMC student system",
            "url": "https://namc.example.cn/peixun/events",
            "secret": "a-long-shared-secret",
            "events": ["nomination.confirmed", "certificate.issued"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["nomination.confirmed", "certificate.issued"]
    event = AuditEvent.objects.get(action="api.webhook_added")
    assert event.actor == staff and "a-long-shared-secret" not in json.dumps(event.changes)
    refused = client.post(
        "/admin/api/webhookendpoint/add/",
        {"name": "Bad", "url": "ftp://example.org/x", "secret": "x", "events": ["nomination.confirmed"]},
    )
    assert refused.status_code == 200 and WebhookEndpoint.objects.count() == 1


def test_a_nomination_declined_is_not_an_event(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver)
    enrolment = EnrolmentFactory(course=CourseFactory(capacity=5))
    with django_capture_on_commit_callbacks(execute=True):
        course_services.decline_nomination(actor=UserFactory(role=Role.STAFF), enrolment=enrolment, reason="Full")
    assert enrolment.__class__.objects.get(pk=enrolment.pk).status == EnrolmentStatus.DECLINED
    assert receiver.received == []
