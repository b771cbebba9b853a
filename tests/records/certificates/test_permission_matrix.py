"""Every certificate page and action × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

from peixun.records.certificates.codes import display_code
from peixun.records.models import Certificate
from tests.factories import OfficialFactory

from .conftest import attend, confirm, finished_course, sessions

ROLES = [
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "nominator",  # the official's unit's contact
    "other_nominator",
    "lecturer",
    "official",  # 王伟, who holds the certificate
    "other_official",  # 李娜, a classmate without one
    "anonymous",
]
OK, NO, LOGIN = 200, 403, 302

NOT_SEEN = "This course is not among the courses you can see."
MANAGE = "Only programme staff and the coordinators of this course's academy issue and revoke its certificates."
DOWNLOAD = "A certificate is shown only to the official who holds it, their sending unit, the coordinators"
# The transcript is the training record as a PDF: it answers to the record's rule.
TRANSCRIPT = "An official's training record is shown only to programme staff, the official, their sending unit"
OWN = "Only officials have certificates of their own; this login is not linked to an official."
MY_RECORD = "Your login is not linked to an official, so there is no training record of your own to show."

# page → expected status per role, in ROLES order; and the reason each refused role reads
PAGES = {
    "course": (
        [OK, OK, NO, NO, NO, NO, NO, NO, NO, LOGIN],
        {"other_coordinator": NOT_SEEN, "other_nominator": MANAGE, "reviewer": MANAGE, "nominator": MANAGE}
        | {"lecturer": MANAGE, "official": MANAGE, "other_official": MANAGE},
    ),
    "issue": (
        [OK, OK, NO, NO, NO, NO, NO, NO, NO, LOGIN],
        {"other_coordinator": NOT_SEEN, "reviewer": MANAGE, "nominator": MANAGE, "official": MANAGE},
    ),
    "pdf": (
        [OK, OK, NO, NO, OK, NO, NO, OK, NO, LOGIN],
        {role: DOWNLOAD for role in ("other_coordinator", "reviewer", "other_nominator", "lecturer", "other_official")},
    ),
    "transcript": (
        [OK, OK, NO, NO, OK, NO, NO, OK, NO, LOGIN],
        {role: TRANSCRIPT for role in ("other_coordinator", "reviewer", "other_nominator", "lecturer")}
        | {"other_official": TRANSCRIPT},
    ),
    "mine": (
        [NO, NO, NO, NO, NO, NO, NO, OK, OK, LOGIN],
        {role: OWN for role in ("staff", "coordinator", "nominator", "lecturer")},
    ),
    "my_transcript": (
        [NO, NO, NO, NO, NO, NO, NO, OK, OK, LOGIN],
        {role: MY_RECORD for role in ("staff", "nominator")},
    ),
    "verify": ([OK] * 10, {}),
    "verify_form": ([OK] * 10, {}),
}


def url_for(page: str, world) -> str:
    args = {
        "course": [world.course.pk],
        "issue": [world.course.pk],
        "pdf": [display_code(world.certificate.code)],
        "transcript": [world.official.pk],
        "verify": [display_code(world.certificate.code)],
    }.get(page, [])
    return reverse(f"certificates:{page}", args=args)


def get(client, world, role: str, url: str):
    if role != "anonymous":
        client.force_login(world.users[role])
    return client.get(url)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, page, role):
    response = get(client, world, role, url_for(page, world))
    statuses, reasons = PAGES[page]
    expected = statuses[ROLES.index(role)]
    assert response.status_code == expected, f"{role} on {page}"
    if expected == NO:
        body = response.content.decode().replace("&#x27;", "'")
        assert '<p class="reason">' in body
        if role in reasons:
            assert reasons[role] in body, f"{role} on {page}"
    if expected == LOGIN:
        assert response.url.startswith(reverse("login"))


def test_a_unit_contact_is_refused_the_transcript_of_another_units_official(client, world):
    response = get(client, world, "other_nominator", url_for("transcript", world))
    assert response.status_code == 403
    assert TRANSCRIPT in response.content.decode().replace("&#x27;", "'")


def test_an_unknown_official_is_not_found(client, world):
    response = get(client, world, "staff", reverse("certificates:transcript", args=[999_999]))
    assert response.status_code == 404


# Actions -------------------------------------------------------------------------------------

MAY_MANAGE = {"staff", "coordinator"}


@pytest.mark.parametrize("role", ROLES)
def test_issuing_access(client, world, role):
    newcomer = OfficialFactory(name_zh="张敏")
    attend(world.users["staff"], confirm(world.course, newcomer), sessions(world.course))
    url = reverse("certificates:issue", args=[world.course.pk])
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(url, {"official": [newcomer.pk]})
    issued = Certificate.objects.filter(official=newcomer).exists()
    if role in MAY_MANAGE:
        assert response.status_code == 302 and issued
    else:
        assert response.status_code == (LOGIN if role == "anonymous" else NO) and not issued


@pytest.mark.parametrize("role", ROLES)
def test_revoking_access(client, world, role):
    url = reverse("certificates:revoke", args=[world.course.pk, world.certificate.pk])
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(url, {"confirmed": "yes", "reason": "Issued in error"})
    world.certificate.refresh_from_db()
    if role in MAY_MANAGE:
        assert response.status_code == 302 and world.certificate.is_revoked
    else:
        assert response.status_code == (LOGIN if role == "anonymous" else NO)
        assert not world.certificate.is_revoked


def test_a_certificate_of_another_course_cannot_be_revoked_through_this_one(client, world):
    other = finished_course(academy=world.course.academy)
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("certificates:revoke", args=[other.pk, world.certificate.pk]),
        {"confirmed": "yes", "reason": "Issued in error"},
    )
    assert response.status_code == 403
    assert "This certificate belongs to another course." in response.content.decode()
    world.certificate.refresh_from_db()
    assert not world.certificate.is_revoked
