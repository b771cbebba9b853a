"""Destructive actions on a course ask first: the confirmation page says what will happen, to whom,
and whether it can be undone; only its own POST, with a reason, changes anything; the reason is kept
in the audit row, shown in the history and told to those concerned."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from peixun.core.confirm import ConfirmForm, Reason
from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.courses.enums import EnrolmentStatus
from peixun.notifications import wording
from peixun.notifications.models import Notice
from tests.factories import OfficialFactory


def text(response) -> str:
    body = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", body.replace("&#x27;", "'").replace("&quot;", '"'))


def decline_url(world) -> str:
    return reverse("courses:decline", args=[world.course.pk, world.enrolment.pk])


def withdraw_url(world, enrolment=None) -> str:
    return reverse("courses:withdraw", args=[world.course.pk, (enrolment or world.enrolment).pk])


def delete_url(world) -> str:
    return reverse("courses:session_delete", args=[world.course.pk, world.session.pk])


# The form ------------------------------------------------------------------------------------


def test_a_form_without_the_confirmation_step_is_not_confirmed(rf):
    request = rf.post("/x/", {"reason": "Duplicate"})
    form = ConfirmForm.from_request(request, reason=Reason.REQUIRED)
    assert not form.is_bound and not form.is_confirmed() and form.errors == {}


def test_a_required_reason_is_refused_blank_and_kept_on_one_line(rf):
    blank = ConfirmForm.from_request(rf.post("/x/", {"confirmed": "yes", "reason": " \n "}), reason=Reason.REQUIRED)
    assert not blank.is_confirmed()
    assert blank.errors == {"reason": ["Give the reason: it is kept in the history."]}
    given = ConfirmForm.from_request(
        rf.post("/x/", {"confirmed": "yes", "reason": " Sent\r\n twice "}), reason=Reason.REQUIRED
    )
    assert given.is_confirmed() and given.given_reason == "Sent twice"


def test_an_optional_reason_may_be_left_out_and_no_reason_means_no_field(rf):
    optional = ConfirmForm.from_request(rf.post("/x/", {"confirmed": "yes"}), reason=Reason.OPTIONAL)
    assert optional.is_confirmed() and optional.given_reason == ""
    plain = ConfirmForm.from_request(rf.post("/x/", {"confirmed": "yes", "reason": "ignored"}))
    assert plain.is_confirmed() and "reason" not in plain.fields and plain.given_reason == ""


# Declining a nomination ------------------------------------------------------------------------


def test_the_roster_links_decline_and_withdraw_to_their_confirmation(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("courses:roster", args=[world.course.pk])).content.decode()
    assert f'<a class="button small danger" href="{decline_url(world)}" data-confirm>Decline</a>' in page
    assert f'<a class="button small danger" href="{withdraw_url(world)}" data-confirm>Withdraw</a>' in page
    assert "window.confirm" not in page


def test_declining_asks_first_saying_what_happens_and_how_to_undo_it(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(decline_url(world))
    page = text(response)
    assert response.status_code == 200
    assert "Decline the nomination of Wáng Wěi (王伟)?" in page
    assert "The nomination of Wáng Wěi (王伟) to “Energy Smart Cities” is declined." in page
    assert "are told, with your reason, on their start page and by e-mail." in page
    assert "Not as such: " in page and "can nominate Wáng Wěi (王伟) again while nominations are open" in page
    body = response.content.decode()
    assert f'action="{decline_url(world)}"' in body and 'name="csrfmiddlewaretoken"' in body
    assert f'href="{reverse("courses:roster", args=[world.course.pk])}" data-confirm-cancel' in body
    world.enrolment.refresh_from_db()
    assert world.enrolment.status == EnrolmentStatus.NOMINATED


def test_a_post_without_the_confirmation_step_declines_nothing(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(decline_url(world), {"reason": "Duplicate"})
    assert response.status_code == 200 and "Decline the nomination of" in text(response)
    world.enrolment.refresh_from_db()
    assert world.enrolment.status == EnrolmentStatus.NOMINATED
    assert not AuditEvent.objects.filter(action="enrolment.declined").exists()


def test_declining_without_a_reason_is_refused_on_the_page(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(decline_url(world), {"confirmed": "yes", "reason": "  "})
    assert response.status_code == 400
    assert "Say why the nomination is declined." in text(response)
    world.enrolment.refresh_from_db()
    assert world.enrolment.status == EnrolmentStatus.NOMINATED


def test_declining_with_a_reason_keeps_it_in_the_history_and_tells_the_official_and_unit(
    client, world, django_capture_on_commit_callbacks
):
    contact = world.users["nominator"]
    contact.email = "contact@example.cn"
    contact.save()
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decline_url(world), {"confirmed": "yes", "reason": "Not a city official"})
    assert response.status_code == 302 and response.url == reverse("courses:roster", args=[world.course.pk])
    world.enrolment.refresh_from_db()
    assert world.enrolment.status == EnrolmentStatus.DECLINED
    event = AuditEvent.objects.get(action="enrolment.declined")
    assert event.changes == {"status": ["nominated", "declined"], "reason": [None, "Not a city official"]}

    history = client.get(reverse("courses:history", args=[world.course.pk])).content.decode()
    assert "Reason: <del>—</del> → <ins>Not a city official</ins>" in history

    notice = Notice.objects.get(user=contact)
    assert notice.items[0]["reason"] == "Not a city official"
    (sent,) = [m for m in mail.outbox if m.to == ["contact@example.cn"]]
    assert "Reason: Not a city official" in sent.body and "原因：Not a city official" in sent.body


def test_the_confirmation_page_reads_in_chinese(client, world):
    coordinator = world.users["coordinator"]
    coordinator.language = "zh-hans"
    coordinator.save()
    client.force_login(coordinator)
    page = text(client.get(decline_url(world)))
    assert "Decline the nomination" not in page and "Can it be undone?" not in page
    assert "王伟" in page


def test_a_unit_contact_may_not_even_see_the_decline_page(client, world):
    client.force_login(world.users["nominator"])
    assert client.get(decline_url(world)).status_code == 403


def test_the_page_comes_as_a_fragment_for_the_dialog(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(decline_url(world), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div class="confirm"') and "<html" not in body
    assert 'name="confirmed" value="yes"' in body


# Withdrawing an official -----------------------------------------------------------------------


def test_withdrawing_a_confirmed_official_names_who_takes_the_seat(client, world):
    staff = world.users["staff"]
    world.course.capacity = 1
    world.course.save()
    services.confirm_nomination(actor=staff, enrolment=world.enrolment)
    waiting = services.confirm_nomination(
        actor=staff,
        enrolment=services.nominate_official(
            actor=staff,
            course=world.course,
            official=OfficialFactory(name_zh="李娜", sending_unit=world.official.sending_unit),
        ),
    )
    assert waiting.status == EnrolmentStatus.WAITLISTED
    client.force_login(world.users["nominator"])
    page = text(client.get(withdraw_url(world)))
    assert "Withdraw Wáng Wěi (王伟) from the course?" in page
    assert "The seat goes at once to the first on the waitlist, " in page and "(李娜), who is told." in page
    assert "The seat is not kept for them." in page

    response = client.post(withdraw_url(world), {"confirmed": "yes", "reason": "Called back to the city"})
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == EnrolmentStatus.CONFIRMED
    event = AuditEvent.objects.get(action="enrolment.withdrawn")
    assert (event.actor, event.changes["reason"]) == (world.users["nominator"], [None, "Called back to the city"])


def test_a_post_without_the_confirmation_step_withdraws_nobody(client, world):
    client.force_login(world.users["nominator"])
    assert client.post(withdraw_url(world)).status_code == 200
    world.enrolment.refresh_from_db()
    assert world.enrolment.status == EnrolmentStatus.NOMINATED


# Removing a session ----------------------------------------------------------------------------


def test_the_session_page_links_removal_to_its_confirmation(client, world):
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("courses:session_edit", args=[world.course.pk, world.session.pk])).content.decode()
    assert f'href="{delete_url(world)}" data-confirm>Remove this session</a>' in page
    assert f'action="{delete_url(world)}"' not in page


def test_removing_a_session_asks_first_naming_who_is_told(client, world):
    services.confirm_nomination(actor=world.users["staff"], enrolment=world.enrolment)
    client.force_login(world.users["coordinator"])
    for response in (client.get(delete_url(world)), client.post(delete_url(world))):
        page = text(response)
        assert response.status_code == 200
        assert "Remove “Energy master planning” from the timetable?" in page
        assert "Told that it is cancelled, with your reason: Ada Lovelace, 1 confirmed official." in page
        assert "No: to have it back, add the session again." in page
    assert world.course.sessions.filter(pk=world.session.pk).exists()


def test_removing_a_session_with_a_reason_is_in_the_history_and_told_to_its_lecturer(
    client, world, django_capture_on_commit_callbacks
):
    lecturer = world.users["lecturer"]
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(world), {"confirmed": "yes", "reason": "The lecturer's flight was cancelled"})
    assert response.status_code == 302
    assert not world.course.sessions.filter(pk=world.session.pk).exists()
    history = client.get(reverse("courses:history", args=[world.course.pk])).content.decode()
    assert "Session removed" in history
    assert "Reason: <del>—</del> → <ins>The lecturer&#x27;s flight was cancelled</ins>" in history
    notice = Notice.objects.get(user=lecturer)
    with translation.override("en"):
        when = wording.slot(world.session.date.isoformat(), world.session.part_of_day)
        assert wording.lines(notice.items) == [
            f"“Energy master planning” (Energy Smart Cities) on {when} is cancelled. "
            "Reason: The lecturer's flight was cancelled"
        ]


def test_removing_a_session_without_a_reason_keeps_it(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(delete_url(world), {"confirmed": "yes", "reason": ""})
    assert response.status_code == 400 and "Say why the session is removed." in text(response)
    assert world.course.sessions.filter(pk=world.session.pk).exists()


@pytest.mark.parametrize("role", ["nominator", "lecturer", "other_coordinator"])
def test_who_may_not_remove_a_session_may_not_see_the_question_either(client, world, role):
    client.force_login(world.users[role])
    assert client.get(delete_url(world)).status_code == 403
