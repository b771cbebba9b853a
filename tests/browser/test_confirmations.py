"""Destructive actions ask first, in a real browser: a coordinator declines a nomination (in a dialog
with JavaScript, on a page without it), cancels once, declines with a reason and finds the reason in
the history; removes a session; revokes a certificate."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment, Session
from peixun.curriculum.enums import PartOfDay
from peixun.records.certificates.services import issue_certificates
from peixun.records.models import Certificate
from tests.factories import (
    MONDAY,
    PASSWORD,
    CourseFactory,
    EnrolmentFactory,
    LecturerFactory,
    OfficialFactory,
    UnitQuotaFactory,
    UserFactory,
)
from tests.records.certificates.conftest import attend, confirm, exactly_80, finished_course

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def browser_page(chromium, live_server, *, javascript: bool = True, width: int = 1366, height: int = 768):
    context = chromium.new_context(
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": width, "height": height},
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context, context.new_page()


@pytest.fixture
def roster_world():
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    quota = UnitQuotaFactory(course=course, seats=10)
    start = timezone.now() - datetime.timedelta(hours=1)
    wang, li = (
        EnrolmentFactory(
            course=course,
            official=OfficialFactory(name_zh=name, sending_unit=quota.unit),
            nominated_at=start + datetime.timedelta(minutes=i),
        )
        for i, name in enumerate(["王伟", "李娜"])
    )
    return course, wang, li


def control(scope, name: str):
    """A link or a button by its words: the test asks what a click does, not how the page marks it up."""
    return scope.locator("a, button, summary", has_text=name).first


def status_of(enrolment: Enrolment) -> str:
    return Enrolment.objects.get(pk=enrolment.pk).status


def test_a_coordinator_declines_a_nomination_in_a_dialog_after_cancelling_once(chromium, live_server, roster_world):
    course, wang, li = roster_world
    context, page = browser_page(chromium, live_server)
    log_in(page, "coord", PASSWORD)
    page.goto(f"/courses/{course.pk}/roster/")
    row = page.locator(f"#nominated tr[data-enrolment='{wang.pk}']")

    # One click only asks: the question opens in place, over the roster.
    control(row, "Decline").click()
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    assert dialog.locator("h1").inner_text() == "Decline the nomination of Wáng Wěi (王伟)?"
    assert "Not as such:" in dialog.locator("[data-testid=confirm-undo]").inner_text()
    assert page.url.endswith(f"/courses/{course.pk}/roster/")
    page.screenshot(path="/tmp/confirm-dialog-en-1366.png")

    # Cancel closes it and changes nothing.
    dialog.get_by_role("link", name="Cancel").click()
    page.locator("dialog.confirm-dialog[open]").wait_for(state="detached")
    assert page.locator("dialog.confirm-dialog[open]").count() == 0
    assert status_of(wang) == EnrolmentStatus.NOMINATED
    assert not AuditEvent.objects.filter(action="enrolment.declined").exists()

    # Declined, with a reason.
    control(row, "Decline").click()
    dialog.wait_for()
    dialog.get_by_label("Why is the nomination declined?").fill("Not in a city post any more")
    dialog.get_by_role("button", name="Decline the nomination").click()
    page.wait_for_selector(".msg-success")
    assert "The nomination of Wáng Wěi (王伟) was declined." in page.inner_text(".messages")
    assert page.locator(f"#closed tr[data-enrolment='{wang.pk}']").count() == 1
    assert (status_of(wang), status_of(li)) == (EnrolmentStatus.DECLINED, EnrolmentStatus.NOMINATED)

    # The history shows who declined whom and why.
    page.goto(f"/courses/{course.pk}/history/")
    declined = page.locator("[data-testid=history] tr[data-action='enrolment.declined']")
    assert "Declined" in declined.inner_text()
    assert "Reason: — → Not in a city post any more" in declined.inner_text()
    context.close()


def test_a_coordinator_declines_a_nomination_without_javascript(chromium, live_server, roster_world):
    course, wang, _li = roster_world
    context, page = browser_page(chromium, live_server, javascript=False)
    log_in(page, "coord", PASSWORD)
    page.goto(f"/courses/{course.pk}/roster/")
    decline = control(page.locator(f"#nominated tr[data-enrolment='{wang.pk}']"), "Decline")

    # The link opens the confirmation page; Cancel leads back to the roster, nothing changed.
    decline.click()
    page.wait_for_url(f"**/courses/{course.pk}/enrolments/{wang.pk}/decline/")
    assert page.locator("h1").inner_text() == "Decline the nomination of Wáng Wěi (王伟)?"
    page.screenshot(path="/tmp/confirm-page-en-1366.png", full_page=True)
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"**/courses/{course.pk}/roster/")
    assert status_of(wang) == EnrolmentStatus.NOMINATED

    # Without a reason the page says what is missing; with one it declines.
    decline.click()
    page.get_by_role("button", name="Decline the nomination").click()
    assert page.locator(".field-error").inner_text() == "Say why the nomination is declined."
    assert status_of(wang) == EnrolmentStatus.NOMINATED
    page.get_by_label("Why is the nomination declined?").fill("Nominated twice by mistake")
    page.get_by_role("button", name="Decline the nomination").click()
    page.wait_for_url(f"**/courses/{course.pk}/roster/")
    assert "was declined" in page.inner_text(".messages")
    assert status_of(wang) == EnrolmentStatus.DECLINED

    page.goto(f"/courses/{course.pk}/history/")
    assert "Reason: — → Nominated twice by mistake" in page.inner_text("[data-testid=history]")
    context.close()


def test_the_confirmation_reads_in_chinese_on_a_phone(chromium, live_server, roster_world):
    course, wang, _li = roster_world
    UserFactory(username="coord_zh", role=Role.COORDINATOR, academy=course.academy, language="zh-hans")
    context, page = browser_page(chromium, live_server, width=390, height=844)
    log_in(page, "coord_zh", PASSWORD)
    page.goto(f"/courses/{course.pk}/roster/")
    control(page.locator(f"#nominated tr[data-enrolment='{wang.pk}']"), "谢绝").click()
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    assert dialog.locator("h1").inner_text() == "谢绝王伟的提名？"
    assert dialog.get_by_role("button", name="谢绝提名").is_visible()
    # Nothing is cut off: the dialog fits the phone's width.
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.screenshot(path="/tmp/confirm-dialog-zh-390.png")
    context.close()


def test_a_coordinator_removes_a_session_saying_why(chromium, live_server):
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    session = services.create_session(
        actor=coordinator,
        course=course,
        date=MONDAY,
        part_of_day=PartOfDay.MORNING,
        format="lecture",
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=Decimal("3"),
        lecturers=[LecturerFactory(name="Ada Lovelace")],
    )
    context, page = browser_page(chromium, live_server)
    log_in(page, "coord", PASSWORD)
    page.goto(f"/courses/{course.pk}/sessions/{session.pk}/")

    control(page, "Remove this session").click()
    dialog = page.locator("dialog.confirm-dialog[open]")
    dialog.wait_for()
    assert dialog.locator("h1").inner_text() == "Remove “Energy master planning” from the timetable?"
    assert "Told that it is cancelled, with your reason: Ada Lovelace." in dialog.inner_text()
    page.keyboard.press("Escape")  # closes the dialog like Cancel
    page.locator("dialog.confirm-dialog[open]").wait_for(state="detached")
    assert Session.objects.filter(pk=session.pk).exists()

    control(page, "Remove this session").click()
    dialog.wait_for()
    dialog.get_by_label("Why is the session removed?").fill("The lecturer's visa was refused")
    dialog.get_by_role("button", name="Remove the session").click()
    page.wait_for_url(f"**/courses/{course.pk}/timetable/")
    assert "was removed" in page.inner_text(".messages")
    assert not Session.objects.filter(pk=session.pk).exists()

    page.goto(f"/courses/{course.pk}/history/")
    removed = page.locator("[data-testid=history] tr[data-action='session.deleted']")
    assert "Reason: — → The lecturer's visa was refused" in removed.inner_text()
    context.close()


def test_a_coordinator_revokes_a_certificate_on_its_confirmation_page(chromium, live_server):
    course = finished_course(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    staff = UserFactory(username="staff", role=Role.STAFF)
    UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    attend(staff, confirm(course, OfficialFactory(name_zh="王伟")), exactly_80(course))
    (certificate,) = issue_certificates(actor=staff, course=course)
    context, page = browser_page(chromium, live_server, javascript=False)
    log_in(page, "coord", PASSWORD)
    page.goto(f"/certificates/courses/{course.pk}/")

    control(page, "Revoke…").click()
    page.wait_for_url(f"**/certificates/courses/{course.pk}/{certificate.pk}/revoke/")
    assert page.locator("h1").inner_text().startswith("Revoke the certificate PX-")
    assert "A new certificate, with a new code, can be issued" in page.inner_text("[data-testid=confirm-undo]")
    assert Certificate.objects.get(pk=certificate.pk).revoked_at is None

    page.get_by_label("Why is it revoked?").fill("Attendance was recorded on the wrong day")
    page.get_by_role("button", name="Revoke the certificate").click()
    page.wait_for_url(f"**/certificates/courses/{course.pk}/")
    assert "Attendance was recorded on the wrong day" in page.inner_text("#issued")
    revoked = Certificate.objects.get(pk=certificate.pk)
    assert revoked.revoked_at is not None and revoked.revoke_reason == "Attendance was recorded on the wrong day"
    context.close()
