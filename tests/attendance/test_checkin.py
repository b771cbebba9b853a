"""Self check-in: the classroom code, read on an official's phone, checks them in once and credits them once."""

import datetime
import time
import types
from decimal import Decimal

import pytest
from django.urls import reverse

from peixun.attendance import services, views
from peixun.attendance.enums import AttendanceMethod
from peixun.attendance.models import Attendance
from peixun.core import clock
from peixun.courses.enums import EnrolmentStatus
from peixun.records.enums import EntrySource
from peixun.records.models import LedgerEntry
from tests.factories import PASSWORD, EnrolmentFactory, OfficialFactory

from .conftest import official_user

pytestmark = pytest.mark.django_db

PERIOD = 30
# The clock every test here reads: the middle of a 30-second step, so that "one period ago" is the
# previous step and "two periods and a second ago" is expired whenever the suite runs.
NOW = (time.time() // PERIOD) * PERIOD + PERIOD / 2


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch):
    """The check-in code and the views read time.time(); here it stands still at NOW, so no test
    depends on a 30-second boundary passing (or not) while it runs."""
    frozen = types.SimpleNamespace(time=lambda: NOW)
    monkeypatch.setattr(services, "time", frozen)
    monkeypatch.setattr(views, "time", frozen)
    return NOW


def checkin_url(session, at=None):
    return reverse("attendance:checkin", args=[services.checkin_token(session, at=at)])


def refusal(response) -> str:
    assert response.status_code == 403
    body = response.content.decode().replace("&#x27;", "'")
    assert '<p class="reason">' in body
    return body


@pytest.fixture
def official(client, klass):
    client.force_login(klass.users["official"])
    return client


def test_the_code_shows_the_session_and_checks_in_nothing_until_the_button_is_pressed(official, klass):
    response = official.get(checkin_url(klass.today))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Site visit: district heating" in page
    assert 'data-testid="checkin-button"' in page and 'name="csrfmiddlewaretoken"' in page
    assert Attendance.objects.count() == 0


def test_checking_in_records_present_and_credits_the_session_once_it_has_ended(official, klass):
    url = checkin_url(klass.today)
    response = official.post(url)
    assert response.status_code == 302
    assert response.url == reverse("attendance:checked_in", args=[klass.today.pk])
    attendance = Attendance.objects.get()
    assert (attendance.session, attendance.official, attendance.status, attendance.method) == (
        klass.today,
        klass.official,
        "present",
        AttendanceMethod.CHECK_IN,
    )
    assert attendance.recorded_by == klass.users["official"]
    assert attendance.credited_at is None
    assert LedgerEntry.objects.count() == 0  # the session is still going on

    page = official.get(response.url).content.decode()
    assert "You are checked in to “Site visit: district heating”." in page
    ends = clock.when(klass.today.ends_at)
    assert f"3 class hours will be credited to your training record when the session ends, at {ends}." in page
    assert 'href="/records/me/"' in page

    assert services.credit_ended_sessions(now=klass.today.ends_at) == 1
    entry = LedgerEntry.objects.get()
    assert (entry.official, entry.session, entry.hours, entry.source) == (
        klass.official,
        klass.today,
        Decimal("3.00"),
        EntrySource.COURSE,
    )
    attendance.refresh_from_db()
    assert attendance.credited_at == klass.today.ends_at
    assert services.credit_ended_sessions(now=klass.today.ends_at) == 0
    assert LedgerEntry.objects.count() == 1


def test_scanning_again_says_already_checked_in_and_records_nothing_more(official, klass):
    url = checkin_url(klass.today)
    official.post(url)
    response = official.post(url, follow=True)
    assert response.redirect_chain == [(reverse("attendance:checked_in", args=[klass.today.pk]), 302)]
    assert "You are already checked in to this session." in response.content.decode()
    response = official.get(url, follow=True)
    assert "You are already checked in to this session." in response.content.decode()
    assert Attendance.objects.count() == 1
    assert services.credit_ended_sessions(now=klass.today.ends_at) == 1
    assert LedgerEntry.objects.count() == 1


def test_an_expired_code_is_refused_with_the_reason(official, klass):
    url = checkin_url(klass.today, at=NOW - 2 * PERIOD - 1)
    for response in (official.get(url), official.post(url)):
        body = refusal(response)
        assert "This check-in code has expired. Scan the code on the classroom screen again" in body
    assert Attendance.objects.count() == 0 and LedgerEntry.objects.count() == 0


def test_a_code_from_the_previous_period_is_still_accepted(official, klass):
    response = official.post(checkin_url(klass.today, at=NOW - PERIOD))
    assert response.status_code == 302
    assert Attendance.objects.count() == 1


def test_the_service_refuses_an_expired_code_at_a_given_time(klass):
    now = NOW
    token = services.checkin_token(klass.today, at=now)
    assert services.read_token(token, at=now + PERIOD) == klass.today.pk
    with pytest.raises(services.CheckInRefused, match="has expired"):
        services.check_in(user=klass.users["official"], token=token, at=now + 2 * PERIOD)
    with pytest.raises(services.CheckInRefused, match="has expired"):
        services.read_token(token, at=now - PERIOD)


def test_a_forged_code_is_refused(official, klass):
    token = services.checkin_token(klass.today)
    session_id, step, signature = token.split("-")
    forged = f"{session_id}-{int(step) + 100}-{signature}"
    body = refusal(official.get(reverse("attendance:checkin", args=[forged])))
    assert "This check-in code is not genuine." in body
    body = refusal(official.post(reverse("attendance:checkin", args=["hello"])))
    assert "This is not a Peixun check-in code." in body
    assert Attendance.objects.count() == 0


def test_an_official_not_on_the_course_is_refused(client, klass):
    client.force_login(official_user(OfficialFactory(), "stranger"))
    url = checkin_url(klass.today)
    for response in (client.get(url), client.post(url)):
        body = refusal(response)
        assert "You are not a confirmed participant of “Energy Smart Cities”" in body
    assert Attendance.objects.count() == 0


def test_a_waitlisted_official_is_refused(client, klass):
    enrolment = EnrolmentFactory(course=klass.course, status=EnrolmentStatus.WAITLISTED)
    client.force_login(official_user(enrolment.official, "waiting"))
    body = refusal(client.post(checkin_url(klass.today)))
    assert "You are not a confirmed participant of “Energy Smart Cities”" in body
    assert Attendance.objects.count() == 0


def test_a_user_who_is_not_an_official_is_refused(client, klass):
    client.force_login(klass.users["coordinator"])
    body = refusal(client.post(checkin_url(klass.today)))
    assert "Only officials check in. Log in with your own official's account." in body
    assert Attendance.objects.count() == 0


def test_a_session_not_begun_is_refused_saying_when_check_in_opens(official, klass):
    opens = clock.when(klass.session.starts_at - datetime.timedelta(minutes=30))
    url = checkin_url(klass.session)
    for response in (official.get(url), official.post(url)):
        body = refusal(response)
        assert f"Check-in for “Energy master planning” opens at {opens}." in body
        assert "scan the code on the screen again" not in body  # scanning again now would not help
    assert Attendance.objects.count() == 0


def test_a_session_that_ended_is_refused_saying_when_check_in_closed(official, klass):
    closed = clock.when(klass.ended.ends_at)
    body = refusal(official.post(checkin_url(klass.ended)))
    assert f"Check-in for “Energy master planning in Seoul” closed at {closed}, when the session ended." in body
    assert Attendance.objects.count() == 0


def test_an_official_marked_absent_who_arrives_checks_in(official, klass):
    services.record_roll_call(
        actor=klass.users["coordinator"], session=klass.today, marks={klass.enrolment.pk: services.Mark("absent")}
    )
    assert official.post(checkin_url(klass.today)).status_code == 302
    assert Attendance.objects.get().status == "present"
    assert LedgerEntry.objects.count() == 0
    services.credit_ended_sessions(now=klass.today.ends_at)
    assert LedgerEntry.objects.get().hours == Decimal("3.00")


def test_the_login_page_brings_the_official_back_to_the_code(client, klass):
    url = checkin_url(klass.today)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"
    response = client.post(reverse("login"), {"username": "official", "password": PASSWORD, "next": url})
    assert response.status_code == 302 and response.url == url
    assert client.get(url).status_code == 200


def test_the_confirmation_is_only_for_the_official_checked_in(client, klass):
    client.force_login(klass.users["official"])
    url = reverse("attendance:checked_in", args=[klass.today.pk])
    body = refusal(client.get(url))
    assert "You are not checked in to this session." in body
    client.post(checkin_url(klass.today))
    assert client.get(url).status_code == 200
    client.force_login(klass.users["coordinator"])
    refusal(client.get(url))


def test_a_code_opened_while_valid_survives_logging_in(client, klass):
    """Opened 70 seconds ago while valid (and remembered then), accepted after the official logs in."""
    scanned = NOW - 70
    url = checkin_url(klass.today, at=scanned)
    session = client.session
    session["checkin_seen"] = {url.rstrip("/").rsplit("/", 1)[-1]: scanned}
    session.save()
    client.post(reverse("login"), {"username": "official", "password": PASSWORD, "next": url})
    assert client.post(url).status_code == 302
    assert Attendance.objects.filter(session=klass.today, method=AttendanceMethod.CHECK_IN).count() == 1


def test_a_code_first_opened_after_it_expired_gets_no_grace(client, klass):
    """A photo of the screen sent to a colleague: first opened after expiry, refused even after logging in."""
    url = checkin_url(klass.today, at=NOW - 70)
    assert client.get(url).status_code == 302  # to the login page
    assert "checkin_seen" not in client.session
    client.post(reverse("login"), {"username": "official", "password": PASSWORD, "next": url})
    assert "has expired" in refusal(client.post(url))
    assert Attendance.objects.count() == 0
