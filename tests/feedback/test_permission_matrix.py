"""Every feedback page and action × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

from peixun.feedback.models import Evaluation, FollowUp
from peixun.feedback.services import create_follow_up

from .conftest import ROLES

pytestmark = pytest.mark.django_db

OK, NO = 200, 403

RATE_SESSIONS = "Session feedback is given by officials, from a login linked to their official's record."
NOT_YOUR_COURSE = "You can give feedback only on sessions of courses you take part in."
DASHBOARD = "The feedback dashboard is for programme staff and academy coordinators;"
OWN_RESULTS = "Only lecturers see feedback on their own sessions"
SESSION_RESULTS = (
    "A session's feedback is shown only to programme staff, the coordinators of its academy and its lecturers."
)
FOLLOW_UPS = "Only programme staff see and manage the follow-up with officials."
OWN_FOLLOW_UPS = "Only lecturers see the follow-ups that concern them"


def only(allowed: set[str], reason: str, **exceptions) -> dict:
    return {role: exceptions.get(role, OK if role in allowed else reason) for role in ROLES}


# page → role → 200, or the reason a refused person reads
PAGES = {
    "feedback:mine": only({"official", "other_official"}, RATE_SESSIONS),
    "feedback:rate": only({"official"}, RATE_SESSIONS, other_official=NOT_YOUR_COURSE),
    "feedback:dashboard": only({"staff", "coordinator", "other_coordinator"}, DASHBOARD),
    "feedback:my_results": only({"lecturer", "other_lecturer"}, OWN_RESULTS),
    "feedback:session": only({"staff", "coordinator", "lecturer"}, SESSION_RESULTS),
    "feedback:my_follow_ups": only({"lecturer", "other_lecturer"}, OWN_FOLLOW_UPS),
    "feedback:follow_ups": only({"staff"}, FOLLOW_UPS),
    "feedback:follow_up_create": only({"staff"}, FOLLOW_UPS),
    "feedback:follow_up": only({"staff"}, FOLLOW_UPS),
}


@pytest.fixture
def follow_up(world):
    return create_follow_up(actor=world.users["staff"], official=world.official, lecturer=world.lecturer)


def url_for(page: str, world, follow_up) -> str:
    if page in ("feedback:rate", "feedback:session"):
        return reverse(page, args=[world.session.pk])
    if page in ("feedback:follow_up", "feedback:follow_up_take"):
        return reverse(page, args=[follow_up.pk])
    return reverse(page)


def assert_refused(response, reason: str) -> None:
    assert response.status_code == NO
    body = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert '<p class="reason">' in body
    assert reason in body, body[body.index('<p class="reason">') :][:400]


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, follow_up, page, role):
    client.force_login(world.users[role])
    response = client.get(url_for(page, world, follow_up))
    expected = PAGES[page][role]
    if expected == OK:
        assert response.status_code == OK, f"{role} on {page}"
    else:
        assert_refused(response, expected)


@pytest.mark.parametrize("page", [*PAGES, "feedback:follow_up_take"])
def test_anonymous_is_sent_to_login(client, world, follow_up, page):
    url = url_for(page, world, follow_up)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_posting_feedback(client, world, role):
    client.force_login(world.users[role])
    answers = dict.fromkeys(["interest", "local_growth", "differentiation", "community_health", "applicability"], "3")
    response = client.post(reverse("feedback:rate", args=[world.session.pk]), answers)
    expected = PAGES["feedback:rate"][role]
    if expected == OK:
        assert response.status_code == 302
        assert Evaluation.objects.get().official == world.official
    else:
        assert_refused(response, expected)
        assert Evaluation.objects.count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_follow_up(client, world, follow_up, role):
    client.force_login(world.users[role])
    response = client.post(reverse("feedback:follow_up", args=[follow_up.pk]), {"state": "done", "notes": "Called."})
    follow_up.refresh_from_db()
    if role == "staff":
        assert response.status_code == 302
        assert follow_up.state == "done"
    else:
        assert_refused(response, FOLLOW_UPS)
        assert follow_up.state == "open"


@pytest.mark.parametrize("role", ROLES)
def test_taking_a_follow_up(client, world, follow_up, role):
    client.force_login(world.users[role])
    response = client.post(reverse("feedback:follow_up_take", args=[follow_up.pk]))
    follow_up.refresh_from_db()
    if role == "staff":
        assert response.status_code == 302
        assert follow_up.owner == world.users["staff"]
    else:
        assert_refused(response, FOLLOW_UPS)
        assert follow_up.owner is None


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_follow_up(client, world, role):
    client.force_login(world.users[role])
    response = client.post(reverse("feedback:follow_up_create"), {"official": world.official.pk, "due": "2030-01-01"})
    if role == "staff":
        assert response.status_code == 302
        assert FollowUp.objects.get().official == world.official
    else:
        assert_refused(response, FOLLOW_UPS)
        assert FollowUp.objects.count() == 0


def test_a_lecturer_of_another_session_is_refused_its_results(client, world):
    client.force_login(world.users["other_lecturer"])
    assert_refused(client.get(reverse("feedback:session", args=[world.session.pk])), SESSION_RESULTS)
    client.force_login(world.users["lecturer"])
    assert_refused(client.get(reverse("feedback:session", args=[world.other_session.pk])), SESSION_RESULTS)


def test_a_coordinator_sees_the_results_of_their_academy_only(client, world):
    client.force_login(world.users["other_coordinator"])
    assert client.get(reverse("feedback:session", args=[world.other_session.pk])).status_code == OK
    assert_refused(client.get(reverse("feedback:session", args=[world.session.pk])), SESSION_RESULTS)


def test_results_of_a_session_that_does_not_exist_are_not_found(client, world):
    client.force_login(world.users["staff"])
    assert client.get(reverse("feedback:session", args=[999999])).status_code == 404
    assert client.get(reverse("feedback:follow_up", args=[999999])).status_code == 404


def test_a_lecturer_login_without_a_lecturer_record_is_told_why(client, world):
    world.lecturer.user = None
    world.lecturer.save()
    client.force_login(world.users["lecturer"])
    assert_refused(client.get(reverse("feedback:my_results")), OWN_RESULTS)
    assert_refused(client.get(reverse("feedback:my_follow_ups")), OWN_FOLLOW_UPS)


def test_an_inactive_official_is_refused(client, world):
    world.users["official"].is_active = False
    world.users["official"].save()
    client.force_login(world.users["official"])
    response = client.get(reverse("feedback:mine"))
    assert response.status_code in (302, 403)


def test_the_rate_session_permission_follows_the_rule(world):
    from peixun.attendance.services import Mark, record_roll_call

    official = world.users["official"]
    assert official.has_perm("feedback.rate_session", world.session)
    assert not official.has_perm("feedback.rate_session", world.future)
    assert not official.has_perm("feedback.rate_session", world.other_session)
    assert not world.users["staff"].has_perm("feedback.rate_session", world.session)
    record_roll_call(actor=world.users["staff"], session=world.session, marks={world.enrolment.pk: Mark("absent")})
    assert not official.has_perm("feedback.rate_session", world.session)
