"""The main menu: few entries, grouped by what each role does, each showing only pages the role may open."""

import pytest
from django.test import Client

from peixun.core.enums import Role
from peixun.core.navigation import main_menu
from tests.factories import (
    AcademyFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def user_for(role: str):
    academy = AcademyFactory()
    if role == "staff":
        return UserFactory(role=Role.STAFF)
    if role in ("coordinator", "reviewer"):
        return UserFactory(role=role, academy=academy)
    if role == "nominator":
        return UserFactory(role=Role.UNIT_CONTACT, sending_unit=OrganisationFactory())
    if role == "lecturer":
        return LecturerFactory(user=UserFactory(role=Role.LECTURER)).user
    if role == "official":
        return OfficialFactory(user=UserFactory(role=Role.OFFICIAL)).user
    if role == "partner":
        return UserFactory(role=Role.PARTNER, partner=OrganisationFactory(is_sending_unit=False))
    return UserFactory(role=role)


# role → the menu's entries: a group's label and its links' labels, or a link's label alone.
EXPECTED = {
    "staff": [
        ("Courses", ["Courses", "New course", "Portfolio timetabling", "Academies"]),
        ("People", ["Officials", "Lecturers", "Training compliance", "Import training taken elsewhere"]),
        ("Presentations", ["Presentations", "Translation memory", "Glossary"]),
        ("Feedback", ["Attention", "Follow-ups"]),
        ("Partners and impact", ["Partners", "Impact"]),
        ("Reference data", ["Reference data"]),
    ],
    "coordinator": [
        ("Courses", ["Courses", "New course", "Academies"]),
        ("People", ["Officials", "Lecturers", "Training compliance"]),
        ("Presentations", ["Presentations", "Glossary"]),
        ("Attention", ["Attention"]),
        ("Impact", ["Impact"]),
    ],
    "nominator": [
        ("Courses", ["Courses", "Academies"]),
        ("People", ["Officials", "Lecturers", "Training compliance"]),
    ],
    "lecturer": [
        ("Courses", ["Courses", "Academies"]),
        ("Lecturers", ["Lecturers"]),
        ("Presentations", ["Presentations", "Glossary"]),
        ("Feedback", ["Your feedback", "Officials to follow up with"]),
    ],
    "official": [
        ("Courses", ["Courses"]),
        ("Training record", ["My training record", "Certificates"]),
        ("Feedback", ["Feedback"]),
    ],
    "translator": [("Presentations", ["Presentations", "Translation memory", "Glossary"])],
    "reviewer": [
        ("Courses", ["Courses", "Academies"]),
        ("Lecturers", ["Lecturers"]),
        ("Presentations", ["Review queue", "Presentations", "Glossary"]),
    ],
    # A partner contact has no courses of their own to list: their engagements are their pages.
    "partner": [("Your engagements", ["Your engagements"])],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_its_own_groups(role):
    menu = main_menu(user_for(role))
    assert [(entry.label, [link.label for link in entry.links]) for entry in menu] == EXPECTED[role]
    assert len(menu) <= 6


@pytest.mark.parametrize("role", list(EXPECTED))
def test_every_link_in_the_menu_opens(role):
    user = user_for(role)
    client = Client()
    client.force_login(user)
    for entry in main_menu(user):
        for link in entry.links:
            if link.url.startswith("/admin/"):
                continue
            assert client.get(link.url).status_code == 200, (role, link.url)


def test_the_menu_is_drawn_once_per_user_and_language(client, monkeypatch):
    from peixun.core import navigation

    drawn = []
    monkeypatch.setattr(navigation, "main_menu", lambda user: drawn.append(user.pk) or real_menu(user))
    real_menu = main_menu
    user = user_for("staff")
    client.force_login(user)
    body = client.get("/academies/").content.decode()
    assert body.count('class="menu-entry"') == 6
    assert 'href="/materials/memory/"' in body and 'href="/timetables/portfolio/"' in body
    client.get("/lecturers/")
    assert drawn == [user.pk]
    client.post("/language/", {"language": "zh-hans", "next": "/"})
    assert "课件" in client.get("/academies/").content.decode()
    assert drawn == [user.pk, user.pk]
