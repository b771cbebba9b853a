"""Every training-record page × every role → allowed or refused, and a refusal says why."""

import pytest
from django.urls import reverse

from peixun.records.imports import create_import_batch
from peixun.records.models import LedgerEntry

from .conftest import D, credit, workbook_bytes

ROLES = [
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "nominator",
    "other_nominator",
    "lecturer",
    "official",
    "other_official",
]
OK, NO = 200, 403

# page name → expected status per role, in ROLES order
PAGES = {
    "records:my_record": [NO, NO, NO, NO, NO, NO, NO, OK, OK],
    "records:official_record": [OK, OK, NO, NO, OK, NO, NO, OK, NO],
    "records:correct_entry": [OK, NO, NO, NO, NO, NO, NO, NO, NO],
    "records:import": [OK, NO, NO, NO, NO, NO, NO, NO, NO],
    "records:import_template": [OK, NO, NO, NO, NO, NO, NO, NO, NO],
    "records:import_preview": [OK, NO, NO, NO, NO, NO, NO, NO, NO],
    "records:compliance": [OK, OK, OK, NO, OK, OK, NO, NO, NO],
    "records:compliance_xlsx": [OK, OK, OK, NO, OK, OK, NO, NO, NO],
}

RECORD_REASON = "An official's training record is shown only to programme staff, the official, their sending unit"
REASONS = {
    ("records:my_record", "staff"): "Your login is not linked to an official",
    ("records:official_record", "other_nominator"): RECORD_REASON,
    ("records:official_record", "other_coordinator"): RECORD_REASON,
    ("records:official_record", "other_official"): RECORD_REASON,
    ("records:official_record", "lecturer"): RECORD_REASON,
    ("records:correct_entry", "nominator"): "Only programme staff correct a training record.",
    ("records:correct_entry", "official"): "Only programme staff correct a training record.",
    ("records:import", "coordinator"): "Only programme staff import training records from a spreadsheet.",
    ("records:import_preview", "nominator"): "Only programme staff import training records from a spreadsheet.",
    ("records:compliance", "official"): "Compliance reports are for programme staff, academy coordinators",
    ("records:compliance", "reviewer"): "Compliance reports are for programme staff, academy coordinators",
}


@pytest.fixture
def entry(world):
    return credit(world.official, D(2027, 2, 1), 12, actor=world.users["staff"])


@pytest.fixture
def batch(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = workbook_bytes([["official id", "date", "title", "hours"], [world.official.pk, "2027-02-01", "X", 3]])
    return create_import_batch(actor=world.users["staff"], upload=SimpleUploadedFile("a.xlsx", content))


def url_for(name, world, entry, batch):
    args = {
        "records:official_record": [world.official.pk],
        "records:correct_entry": [world.official.pk, entry.pk],
        "records:import_preview": [batch.pk],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, entry, batch, page, role):
    client.force_login(world.users[role])
    response = client.get(url_for(page, world, entry, batch))
    expected = PAGES[page][ROLES.index(role)]
    assert response.status_code == expected, f"{role} on {page}"
    if expected == NO:
        body = response.content.decode().replace("&#x27;", "'")
        assert '<p class="reason">' in body
        if (page, role) in REASONS:
            assert REASONS[page, role] in body


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_is_sent_to_login(client, world, entry, batch, page):
    response = client.get(url_for(page, world, entry, batch))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_add_training_taken_elsewhere(client, world, role):
    client.force_login(world.users[role])
    data = {"date": "2027-05-01", "title": "党校培训", "provider": "市委党校", "hours": "16"}
    response = client.post(reverse("records:official_record", args=[world.official.pk]), data)
    added = LedgerEntry.objects.filter(official=world.official, title="党校培训").count()
    if role == "staff":
        assert response.status_code == 302 and added == 1
    else:
        assert response.status_code == 403 and added == 0


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_correct_an_entry(client, world, entry, role):
    client.force_login(world.users[role])
    url = reverse("records:correct_entry", args=[world.official.pk, entry.pk])
    response = client.post(url, {"confirmed": "yes", "reason": "Entered twice"})
    reversed_ = LedgerEntry.objects.filter(reverses=entry).exists()
    if role == "staff":
        assert response.status_code == 302 and reversed_
    else:
        assert response.status_code == 403 and not reversed_


@pytest.mark.parametrize("action", ["records:import_apply", "records:import_discard"])
@pytest.mark.parametrize("role", ROLES)
def test_only_staff_apply_or_discard_an_import(client, world, batch, action, role):
    client.force_login(world.users[role])
    response = client.post(reverse(action, args=[batch.pk]), {"confirmed": "yes"})
    batch.refresh_from_db()
    if role == "staff":
        assert response.status_code == 302 and batch.status != "previewed"
    else:
        assert response.status_code == 403 and batch.status == "previewed"


def test_an_entry_of_another_officials_record_is_refused(client, world):
    other_entry = credit(world.other_official, D(2027, 2, 1), 12)
    client.force_login(world.users["staff"])
    response = client.get(reverse("records:correct_entry", args=[world.official.pk, other_entry.pk]))
    assert response.status_code == 403
    assert "This entry belongs to another official's record." in response.content.decode().replace("&#x27;", "'")


def test_a_coordinator_loses_sight_of_a_record_when_the_nomination_is_withdrawn(client, world):
    world.official.enrolments.update(status="withdrawn")
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("records:official_record", args=[world.official.pk]))
    assert response.status_code == 403


def test_refusal_is_in_the_users_language(client, world):
    user = world.users["other_nominator"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    response = client.get(reverse("records:official_record", args=[world.official.pk]))
    assert response.status_code == 403
    assert '<html lang="zh-Hans">' in response.content.decode()
