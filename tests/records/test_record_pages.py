"""An official's training record: their own on a phone, and the same for staff with additions and corrections."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.core.models import AuditEvent
from peixun.records.models import LedgerEntry
from peixun.records.services import reverse_entry

from .conftest import D, credit


def text(response) -> str:
    """The page as words: tags dropped, spaces collapsed (so assertions read like the page)."""
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body.replace("&#x27;", "'").replace("&quot;", '"'))


@pytest.fixture
def entries(world):
    staff = world.users["staff"]
    taken = credit(
        world.official, D(2027, 2, 1), 50, title="城市更新专题培训", provider="中共浙江省委党校", actor=staff
    )
    wrong = credit(world.official, D(2027, 3, 1), 8, title="Recorded twice", actor=staff)
    correction = reverse_entry(actor=staff, entry=wrong, reason="Entered twice by mistake")
    return taken, wrong, correction


def test_my_record_shows_each_rule_in_class_hours_and_days(client, world, entries):
    client.force_login(world.users["official"])
    page = text(client.get(reverse("records:my_record")))
    assert "My training record" in page and "王伟" in page
    # Yearly: 50 done (6.67 days) of 90 (12 days); 6 class hours planned on the confirmed course.
    assert "This year (2027): 12 days or 90 class hours" in page
    assert "Done 50 class hours · 6.67 days" in page
    assert "Required 90 class hours · 12 days" in page
    assert "Still needed 40 class hours · 5.33 days" in page
    assert "With planned courses 56 class hours · 7.47 days" in page
    # The five-year window counts from the start of service (1 January 2010): 2025 to 2029.
    assert "Current 5-year window of service, 1 January 2025 – 31 December 2029: 90 days or 550 class hours" in page
    assert "Still needed 500 class hours · 66.67 days" in page


def test_my_record_shows_the_status_of_each_rule_as_a_coloured_badge(client, world, entries):
    client.force_login(world.users["official"])
    body = client.get(reverse("records:my_record")).content.decode()
    assert re.findall(r'<span class="st st-(\w+)">', body) == ["on_track", "at_risk"]


def test_my_record_lists_planned_courses_and_entries_with_corrections(client, world, entries):
    taken, wrong, correction = entries
    client.force_login(world.users["official"])
    response = client.get(reverse("records:my_record"))
    page = text(response)
    assert "Eco-cities" in page and "6 class hours to come" in page
    assert "Energy Smart Cities" not in page  # over before today
    assert "城市更新专题培训 Training elsewhere" in page and "中共浙江省委党校" in page
    assert "Cancels the entry of 1 Mar 2027. Reason: Entered twice by mistake" in page
    assert "Cancelled by a correction on" in page
    body = response.content.decode()
    assert f'<tr id="entry-{wrong.pk}" class="reversed">' in body
    assert f'<tr id="entry-{correction.pk}" class="correction">' in body
    assert "-8" in page
    assert "Correct" not in re.sub(r"Correction", "", page)  # no correcting on one's own record


def test_my_record_links_to_the_transcript_and_certificates(client, world):
    client.force_login(world.users["official"])
    body = client.get(reverse("records:my_record")).content.decode()
    assert 'href="/certificates/me/transcript.pdf"' in body
    assert 'href="/certificates/me/"' in body


def test_my_record_in_chinese(client, world, entries):
    user = world.users["official"]
    user.language = "zh-hans"
    user.save()
    client.force_login(user)
    body = client.get(reverse("records:my_record")).content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "王伟" in body and "城市更新专题培训" in body and "生态城市" in body and "杭州市人民政府" in body


def test_a_unit_contact_reads_the_record_but_cannot_change_it(client, world, entries):
    client.force_login(world.users["nominator"])
    response = client.get(reverse("records:official_record", args=[world.official.pk]))
    page = text(response)
    assert "Training record" in page and "城市更新专题培训" in page
    assert "Add training taken elsewhere" not in page
    assert reverse("records:correct_entry", args=[world.official.pk, entries[0].pk]) not in response.content.decode()


def test_staff_add_training_taken_elsewhere_in_days(client, world, settings):
    client.force_login(world.users["staff"])
    url = reverse("records:official_record", args=[world.official.pk])
    data = {"date": "2027-05-10", "title": "党校春季班", "provider": "市委党校", "days": "2"}
    response = client.post(url, data, follow=True)
    assert "“党校春季班” (15.00 class hours) was added to the record." in text(response)
    entry = LedgerEntry.objects.get(title="党校春季班")
    assert (entry.official, entry.date, entry.hours, entry.source, entry.created_by) == (
        world.official,
        D(2027, 5, 10),
        2 * settings.PEIXUN_CLASS_HOURS_PER_DAY,
        "external",
        world.users["staff"],
    )
    assert AuditEvent.objects.filter(action="ledger.external", object_id=str(entry.pk)).count() == 1


@pytest.mark.parametrize(
    "data, error",
    [
        ({"date": "2027-05-10", "title": "A", "hours": "8", "days": "1"}, "in class hours or in days, not both"),
        ({"date": "2027-05-10", "title": "A"}, "Give the training in class hours or in days."),
        ({"date": "2027-07-01", "title": "A", "hours": "8"}, "The training is dated 1 July 2027, in the future"),
        ({"date": "2027-05-10", "title": "A", "hours": "0"}, "Ensure this value is greater than or equal to 0.01."),
        ({"date": "2027-05-10", "title": "", "hours": "8"}, "This field is required."),
        ({"date": "10/05/2027", "title": "A", "hours": "8"}, "Enter a valid date."),
        ({"date": "2027-05-10", "title": "A", "hours": "2500"}, "2500.00 class hours is more than one entry can hold"),
    ],
    ids=["both", "neither", "future", "zero", "no-title", "bad-date", "too-many"],
)
def test_adding_training_elsewhere_names_each_error(client, world, data, error):
    client.force_login(world.users["staff"])
    response = client.post(reverse("records:official_record", args=[world.official.pk]), data)
    assert response.status_code == 200
    assert error in text(response)
    assert not LedgerEntry.objects.exists()


def test_adding_training_elsewhere_errors_are_in_chinese_for_a_chinese_reader(client, world):
    staff = world.users["staff"]
    staff.language = "zh-hans"
    staff.save()
    client.force_login(staff)
    response = client.post(reverse("records:official_record", args=[world.official.pk]), {"title": "A"})
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body and "This field is required." not in body


def test_staff_correct_an_entry_with_a_reason(client, world, entries):
    taken = entries[0]
    client.force_login(world.users["staff"])
    record = client.get(reverse("records:official_record", args=[world.official.pk])).content.decode()
    url = reverse("records:correct_entry", args=[world.official.pk, taken.pk])
    assert f'href="{url}" data-confirm' in record
    asked = client.post(url, {"reason": "Wrong official"})  # the old one-step form only asks
    assert asked.status_code == 200 and "Cancel “城市更新专题培训” of 1 February 2027?" in text(asked)
    assert not LedgerEntry.objects.filter(reverses=taken).exists()
    response = client.post(url, {"confirmed": "yes", "reason": "Wrong official"}, follow=True)
    assert "“城市更新专题培训” of 1 February 2027 was cancelled by a correction." in text(response)
    correction = LedgerEntry.objects.get(reverses=taken)
    assert (correction.hours, correction.reason, correction.source) == (
        Decimal("-50.00"),
        "Wrong official",
        "correction",
    )


def test_a_correction_needs_a_reason(client, world, entries):
    taken = entries[0]
    client.force_login(world.users["staff"])
    response = client.post(
        reverse("records:correct_entry", args=[world.official.pk, taken.pk]), {"confirmed": "yes", "reason": "  "}
    )
    assert response.status_code == 400
    assert "Say why the entry is being corrected." in text(response)
    assert not LedgerEntry.objects.filter(reverses=taken).exists()


def test_a_correction_or_a_reversed_entry_cannot_be_corrected_again(client, world, entries):
    _taken, wrong, correction = entries
    client.force_login(world.users["staff"])
    for entry, message in (
        (wrong, "This entry has already been cancelled. Reason: Entered twice by mistake"),
        (correction, "A correction cannot itself be reversed; enter the training again instead."),
    ):
        response = client.post(
            reverse("records:correct_entry", args=[world.official.pk, entry.pk]), {"confirmed": "yes", "reason": "x"}
        )
        assert response.status_code == 200 and message in text(response)
    assert LedgerEntry.objects.count() == 3


def test_the_record_takes_the_same_queries_for_one_entry_or_thirty(client, world):
    client.force_login(world.users["staff"])
    url = reverse("records:official_record", args=[world.official.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert world.official.name_zh in text(response) and "1 Jan 2027" in text(response)
        return len(captured)

    credit(world.official, D(2027, 1, 1), 3)
    one = queries()
    entry = None
    for day in range(2, 31):
        entry = credit(world.official, D(2027, 1, day), 3)
    reverse_entry(actor=world.users["staff"], entry=entry, reason="x")
    assert queries() == one


def test_a_long_record_is_paged(client, world):
    for day in range(1, 29):
        credit(world.official, D(2027, 1, day), 1)
        credit(world.official, D(2027, 2, day), 1)
    client.force_login(world.users["official"])
    first = text(client.get(reverse("records:my_record")))
    assert "Page 1 of 2" in first and "28 Feb 2027" in first and not re.search(r"\b1 Jan 2027", first)
    second = text(client.get(reverse("records:my_record") + "?page=2"))
    assert re.search(r"\b1 Jan 2027", second)


def test_everyone_who_reads_the_record_finds_its_transcript_on_it(client, world):
    transcript = reverse("certificates:transcript", args=[world.official.pk])
    for role, shown in (("staff", True), ("nominator", True), ("coordinator", True)):
        client.force_login(world.users[role])
        body = client.get(reverse("records:official_record", args=[world.official.pk])).content.decode()
        assert (f'href="{transcript}"' in body) is shown, role
