"""Every partners and press page × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

ROLES = [
    "staff",
    "coordinator",
    "reviewer",
    "unit_contact",
    "lecturer",
    "official",
    "translator",
    "partner",
    "other_partner",
    "anonymous",
]
OK, NO, LOGIN, HOME = 200, 403, "login", 302

STAFF_ONLY = [OK, NO, NO, NO, NO, NO, NO, NO, NO, LOGIN]
EVERYONE = [OK] * 10
# page → expected outcome per role, in ROLES order
PAGES = {
    "partners:list": STAFF_ONLY,
    "partners:detail": STAFF_ONLY,
    "partners:engagement_add": STAFF_ONLY,
    "partners:engagement_edit": STAFF_ONLY,
    "partners:session_choices": STAFF_ONLY,
    "partners:course": [OK, OK, NO, NO, NO, NO, NO, NO, NO, LOGIN],
    "partners:mine": [HOME, NO, NO, NO, NO, NO, NO, OK, OK, LOGIN],
    "partners:report": [OK, NO, NO, NO, NO, NO, NO, OK, NO, LOGIN],
    "partners:thanks": EVERYONE,
    "press:list": EVERYONE,
    "press:detail": EVERYONE,
    "press:detail_unpublished": [OK, NO, NO, NO, NO, NO, NO, NO, NO, NO],
    "press:add": STAFF_ONLY,
    "press:edit": STAFF_ONLY,
    "press:documents": EVERYONE,
    "press:document_add": STAFF_ONLY,
    "press:document_edit": STAFF_ONLY,
    "press:document_translation": EVERYONE,
    "press:document_translation_unpublished": [OK, NO, NO, NO, NO, NO, NO, NO, NO, NO],
}

PARTNER_PAGES = "Only programme staff see the partners' pages. Partner contacts see their own organisation's"
# The reason a refused person reads, for each (page, role) refused.
REASONS = {
    ("partners:list", "partner"): PARTNER_PAGES,
    ("partners:detail", "other_partner"): PARTNER_PAGES,
    ("partners:list", "coordinator"): PARTNER_PAGES,
    ("partners:engagement_edit", "coordinator"): "Only programme staff record and change partners' engagements.",
    ("partners:engagement_add", "partner"): "Only programme staff record and change partners' engagements.",
    ("partners:course", "reviewer"): "Only programme staff and the coordinators of this course's academy see what",
    ("partners:course", "unit_contact"): "This course is not among the courses you can see.",
    ("partners:course", "partner"): "This course is not among the courses you can see.",
    ("partners:mine", "coordinator"): "This page is for partner contacts: it shows their own organisation's",
    ("partners:mine", "translator"): "This page is for partner contacts",
    ("partners:report", "other_partner"): "This engagement belongs to another organisation.",
    ("partners:report", "lecturer"): "This page is for partner contacts",
    ("press:detail_unpublished", "anonymous"): "This press item is not shown publicly.",
    ("press:detail_unpublished", "partner"): "This press item is not shown publicly.",
    ("press:add", "translator"): "Only programme staff add to the press archive and the translated documents",
    ("press:document_edit", "partner"): "Only programme staff add to the press archive and the translated documents",
    ("press:document_translation_unpublished", "anonymous"): "This document is not shown publicly.",
}


def url_for(name, world):
    args = {
        "partners:detail": [world.partner.pk],
        "partners:engagement_edit": [world.unreported.pk],
        "partners:course": [world.past_course.pk],
        "partners:report": [world.unreported.pk],
        "press:detail": [world.published_item.pk],
        "press:detail_unpublished": [world.unpublished_item.pk],
        "press:edit": [world.published_item.pk],
        "press:document_edit": [world.published_document.pk],
        "press:document_translation": [world.published_document.pk],
        "press:document_translation_unpublished": [world.unpublished_document.pk],
    }.get(name, [])
    url = reverse(name.removesuffix("_unpublished"), args=args)
    if name == "partners:session_choices":
        url += f"?course={world.past_course.pk}"
    return url


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, page, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.get(url_for(page, world))
    expected = PAGES[page][ROLES.index(role)]
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} on {page}"
        assert response.url.startswith(reverse("login"))
        return
    if expected == HOME:
        assert response.status_code == 302, f"{role} on {page}"
        assert response.url == reverse("partners:list")
        return
    assert response.status_code == expected, f"{role} on {page}"
    if expected == NO:
        body = response.content.decode().replace("&#x27;", "'")
        assert '<p class="reason">' in body
        if (page, role) in REASONS:
            assert REASONS[page, role] in body


WRITES = {
    # page → roles whose POST may change something (others are refused with 403, or sent to log in)
    "partners:engagement_edit": {"staff"},
    "partners:report": {"staff", "partner"},
    "press:edit": {"staff"},
}


@pytest.mark.parametrize("page", list(WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_writes_are_refused_to_others(client, world, page, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    response = client.post(url_for(page, world), {"delivered_en": "Something", "promised_en": "Changed"})
    world.unreported.refresh_from_db()
    world.published_item.refresh_from_db()
    if role in WRITES[page]:
        assert response.status_code in (200, 302)
    elif role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 403
    if role not in WRITES[page]:
        assert world.unreported.delivered_en == ""
        assert world.unreported.promised_en == "Tour of the lighting application centre"
        assert world.published_item.title_en.startswith("Mayoral Training")


def test_refusal_is_in_the_users_language(client, world):
    user = world.users["partner"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    response = client.get(reverse("partners:list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
