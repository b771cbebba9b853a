"""Every attendance page and action × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

from peixun.attendance import services
from peixun.attendance.models import Attendance

from .conftest import ROLES

pytestmark = pytest.mark.django_db

OK, NO = 200, 403

NOT_SEEN = "This course is not among the courses you can see."
SEE = "Only programme staff and the coordinators of this course's academy see its attendance."
TAKE = "Only programme staff and the coordinators of this course's academy take the roll call."
SCREEN = "Only programme staff and the coordinators of this course's academy show the classroom check-in code."
NOT_OFFICIAL = "Only officials check in."
NOT_CHECKED_IN = "You are not checked in to this session."


def refused_for(reason: str) -> dict:
    """Staff and the academy's coordinators allowed; the other academy and the other unit do not see the
    course at all; everyone else sees the course but is told who may do this."""
    return {
        "staff": OK,
        "coordinator": OK,
        "other_coordinator": NOT_SEEN,
        "reviewer": reason,
        "nominator": reason,
        "other_nominator": NOT_SEEN,
        "lecturer": reason,
        "official": reason,
    }


# page → role → 200, or the reason a refused person reads
PAGES = {
    "attendance:course": refused_for(SEE),
    "attendance:roll_call": refused_for(TAKE),
    "attendance:checkin_screen": refused_for(SCREEN),
    "attendance:checkin_code": refused_for(SCREEN),
    "attendance:checkin": {role: OK if role == "official" else NOT_OFFICIAL for role in ROLES},
}


def url_for(page: str, klass) -> str:
    if page == "attendance:course":
        return reverse(page, args=[klass.course.pk])
    if page == "attendance:checkin":
        return reverse(page, args=[services.checkin_token(klass.today)])
    return reverse(page, args=[klass.course.pk, klass.today.pk])


def assert_refused(response, reason: str) -> None:
    assert response.status_code == NO
    body = response.content.decode().replace("&#x27;", "'")
    assert '<p class="reason">' in body
    assert reason in body


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, klass, page, role):
    client.force_login(klass.users[role])
    response = client.get(url_for(page, klass))
    expected = PAGES[page][role]
    if expected == OK:
        assert response.status_code == OK, f"{role} on {page}"
    else:
        assert_refused(response, expected)


@pytest.mark.parametrize("page", [*PAGES, "attendance:checked_in"])
def test_anonymous_is_sent_to_login(client, klass, page):
    url = reverse(page, args=[klass.today.pk]) if page == "attendance:checked_in" else url_for(page, klass)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    if page != "attendance:checkin_code":
        assert client.post(url).status_code == 302
    assert Attendance.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_roll_call_access(client, klass, role):
    client.force_login(klass.users[role])
    response = client.post(url_for("attendance:roll_call", klass), {f"status-{klass.enrolment.pk}": "present"})
    expected = PAGES["attendance:roll_call"][role]
    if expected == OK:
        assert response.status_code == 302
        assert Attendance.objects.get().status == "present"
    else:
        assert_refused(response, expected)
        assert Attendance.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_check_in_access(client, klass, role):
    client.force_login(klass.users[role])
    response = client.post(url_for("attendance:checkin", klass))
    if role == "official":
        assert response.status_code == 302
        assert Attendance.objects.get().official == klass.official
    else:
        assert_refused(response, NOT_OFFICIAL)
        assert Attendance.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_check_in_confirmation_access(client, klass, role):
    services.check_in(user=klass.users["official"], token=services.checkin_token(klass.today))
    client.force_login(klass.users[role])
    response = client.get(reverse("attendance:checked_in", args=[klass.today.pk]))
    if role == "official":
        assert response.status_code == OK
    else:
        assert_refused(response, NOT_CHECKED_IN)


def test_a_session_of_a_course_out_of_sight_is_refused_like_the_course(client, klass, world):
    from tests.factories import SessionFactory

    other = SessionFactory(course=world.other_course)
    client.force_login(klass.users["coordinator"])
    response = client.get(reverse("attendance:checkin_screen", args=[world.other_course.pk, other.pk]))
    assert_refused(response, NOT_SEEN)
