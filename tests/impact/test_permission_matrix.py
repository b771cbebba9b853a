"""Every impact page × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

ROLES = [
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "unit_contact",
    "lecturer",
    "official",
    "translator",
    "partner",
]
OK, NO = 200, 403

# page → expected status per role, in ROLES order
PAGES = {
    "impact:dashboard": [OK, OK, OK, NO, NO, NO, NO, NO, NO],
    "impact:xlsx": [OK, OK, OK, NO, NO, NO, NO, NO, NO],
    "impact:pdf": [OK, OK, OK, NO, NO, NO, NO, NO, NO],
    "academy": [OK, OK, NO, NO, NO, NO, NO, NO, NO],  # the dashboard filtered on the coordinator's academy
    "academy_xlsx": [OK, OK, NO, NO, NO, NO, NO, NO, NO],
    "academy_pdf": [OK, OK, NO, NO, NO, NO, NO, NO, NO],
    "impact:figures": [OK] * 9,
    "impact:public": [OK] * 9,
}
PUBLIC = {"impact:figures", "impact:public"}

DASHBOARD_REASON = "The impact dashboard is for programme staff and academy coordinators."
ACADEMY_REASON = "Academy coordinators see the impact of their own academy only."
REASONS = {
    **{(page, role): DASHBOARD_REASON for page in PAGES for role in ROLES[3:]},
    ("academy", "other_coordinator"): ACADEMY_REASON,
    ("academy_xlsx", "other_coordinator"): ACADEMY_REASON,
    ("academy_pdf", "other_coordinator"): ACADEMY_REASON,
}


def url_for(page, world) -> str:
    filtered = {"academy": "impact:dashboard", "academy_xlsx": "impact:xlsx", "academy_pdf": "impact:pdf"}
    if page in filtered:
        return f"{reverse(filtered[page])}?academy={world.academy.pk}"
    return reverse(page)


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
        assert REASONS[page, role] in body


@pytest.mark.parametrize("page", [page for page in PAGES if page not in PUBLIC])
def test_anonymous_is_sent_to_login(client, world, page):
    response = client.get(url_for(page, world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("page", sorted(PUBLIC))
def test_anonymous_sees_the_public_figures(client, world, page):
    assert client.get(reverse(page)).status_code == 200


def test_an_inactive_staff_member_is_sent_to_login(client, world):
    staff = world.users["staff"]
    staff.is_active = False
    staff.save()
    client.force_login(staff)
    assert client.get(reverse("impact:dashboard")).status_code == 302


def test_the_refusal_is_in_the_users_language(client, world):
    reviewer = world.users["reviewer"]
    reviewer.language = "zh-hans"
    reviewer.save()
    client.force_login(reviewer)
    response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 403
    assert '<html lang="zh-Hans">' in response.content.decode()
