"""Every page and action × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

ROLES = ["staff", "coordinator", "other_coordinator", "nominator", "other_nominator", "lecturer", "official"]
OK, NO = 200, 403

# page name → expected status per role, in ROLES order
PAGES = {
    "home": [OK, OK, OK, OK, OK, OK, OK],
    "courses:list": [OK, OK, OK, OK, OK, OK, OK],
    "courses:create": [OK, OK, OK, NO, NO, NO, NO],
    "courses:detail": [OK, OK, NO, OK, NO, OK, OK],
    "courses:timetable": [OK, OK, NO, OK, NO, OK, OK],
    "courses:modules": [OK, OK, NO, OK, NO, OK, OK],
    "courses:edit": [OK, OK, NO, NO, NO, NO, NO],
    "courses:session_create": [OK, OK, NO, NO, NO, NO, NO],
    "courses:session_edit": [OK, OK, NO, NO, NO, NO, NO],
    "courses:roster": [OK, OK, NO, OK, NO, NO, NO],
    # The exports answer as the roster's page does: a unit's contact takes away their own nominees.
    "courses:roster_csv": [OK, OK, NO, OK, NO, NO, NO],
    "courses:roster_xlsx": [OK, OK, NO, OK, NO, NO, NO],
    "courses:quotas": [OK, OK, NO, NO, NO, NO, NO],
    "courses:history": [OK, OK, NO, NO, NO, NO, NO],
    "courses:substitute": [OK, OK, NO, OK, NO, NO, NO],
    "courses:nominable": [OK, NO, NO, OK, NO, NO, NO],
    "people:officials": [OK, OK, OK, OK, OK, NO, NO],
    "people:official": [OK, OK, NO, OK, NO, NO, OK],
    "people:lecturers": [OK, OK, OK, OK, OK, OK, OK],
    "people:lecturer": [OK, OK, OK, OK, OK, OK, OK],
    "academies:list": [OK, OK, OK, OK, OK, OK, OK],
    "academies:detail": [OK, OK, OK, OK, OK, OK, OK],
}

NOT_SEEN = "This course is not among the courses you can see."
ROSTER_REASON = "Only programme staff, the academy's coordinators and the sending units of this"
# The reason a refused person reads, for each (page, role) refused.
REASONS = {
    ("courses:detail", "other_coordinator"): NOT_SEEN,
    ("courses:roster", "other_nominator"): NOT_SEEN,
    ("courses:edit", "nominator"): "Only programme staff and the coordinators of this course's academy can change it.",
    ("courses:roster", "lecturer"): ROSTER_REASON,
    ("courses:roster_csv", "other_nominator"): NOT_SEEN,
    ("courses:roster_xlsx", "lecturer"): ROSTER_REASON,
    ("courses:history", "official"): "Only programme staff and the academy's coordinators see the history of changes.",
    ("people:officials", "lecturer"): "Only programme staff, academy coordinators and sending-unit contacts can search",
    ("courses:create", "official"): "Only programme staff and academy coordinators can create courses.",
    ("courses:substitute", "lecturer"): "Only the official's own sending unit, programme staff or the academy's",
    ("people:official", "other_nominator"): "This official's record is shown only to programme staff",
}


def url_for(name, world):
    course = world.course
    args = {
        "courses:detail": [course.pk],
        "courses:timetable": [course.pk],
        "courses:modules": [course.pk],
        "courses:edit": [course.pk],
        "courses:session_create": [course.pk],
        "courses:session_edit": [course.pk, world.session.pk],
        "courses:roster": [course.pk],
        "courses:roster_csv": [course.pk],
        "courses:roster_xlsx": [course.pk],
        "courses:quotas": [course.pk],
        "courses:history": [course.pk],
        "courses:substitute": [course.pk, world.enrolment.pk],
        "courses:nominable": [course.pk],
        "people:official": [world.official.pk],
        "people:lecturer": [world.lecturer.pk],
        "academies:detail": [course.academy.pk],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, page, role):
    client.force_login(world.users[role])
    response = client.get(url_for(page, world))
    expected = PAGES[page][ROLES.index(role)]
    assert response.status_code == expected, f"{role} on {page}"
    if expected == NO:
        body = response.content.decode().replace("&#x27;", "'")
        assert '<p class="reason">' in body
        if (page, role) in REASONS:
            assert REASONS[page, role] in body


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_is_sent_to_login(client, world, page):
    response = client.get(url_for(page, world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


ACTIONS = {
    # action → roles allowed (others refused with 403)
    "courses:confirm": {"staff", "coordinator"},
    "courses:decline": {"staff", "coordinator"},
    "courses:withdraw": {"staff", "coordinator", "nominator"},
}


#: What the confirmation page of a destructive action posts (peixun.core.confirm).
CONFIRMED = {"confirmed": "yes", "reason": "Checked with the unit"}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_enrolment_action_access(client, world, action, role):
    client.force_login(world.users[role])
    response = client.post(reverse(action, args=[world.course.pk, world.enrolment.pk]), CONFIRMED)
    world.enrolment.refresh_from_db()
    if role in ACTIONS[action]:
        assert response.status_code == 302
        assert world.enrolment.status != "nominated"
    else:
        assert response.status_code == 403
        assert world.enrolment.status == "nominated"


@pytest.mark.parametrize("action", ["courses:decline", "courses:withdraw"])
@pytest.mark.parametrize("role", ROLES)
def test_the_confirmation_page_is_refused_to_whom_the_action_is(client, world, action, role):
    client.force_login(world.users[role])
    response = client.get(reverse(action, args=[world.course.pk, world.enrolment.pk]))
    assert response.status_code == (200 if role in ACTIONS[action] else 403)


@pytest.mark.parametrize("role", ROLES)
def test_session_delete_access(client, world, role):
    client.force_login(world.users[role])
    response = client.post(reverse("courses:session_delete", args=[world.course.pk, world.session.pk]), CONFIRMED)
    still_there = world.course.sessions.filter(pk=world.session.pk).exists()
    if role in {"staff", "coordinator"}:
        assert response.status_code == 302 and not still_there
    else:
        assert response.status_code == 403 and still_there


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(client, world, role):
    client.force_login(world.users[role])
    response = client.get("/admin/")
    assert response.status_code == (200 if role == "staff" else 302)


def test_refusal_is_in_the_users_language(client, world):
    user = world.users["other_coordinator"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    response = client.get(reverse("courses:edit", args=[world.course.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "Only programme staff" not in body


def test_staff_set_a_venues_open_days_with_weekday_boxes(client, world):
    from peixun.academies.models import Venue

    client.force_login(world.users["staff"])
    venue = world.session.venue
    response = client.get(f"/admin/academies/venue/{venue.pk}/change/")
    assert 'name="open_days" value="6"' in response.content.decode()
    data = {
        "name_en": venue.name_en,
        "name_zh": venue.name_zh,
        "kind": "site",
        "academy": venue.academy_id,
        "address": "",
        "capacity": 80,
        "open_days": ["0", "2", "4"],
    }
    response = client.post(f"/admin/academies/venue/{venue.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Venue.objects.get(pk=venue.pk).open_days == [0, 2, 4]
