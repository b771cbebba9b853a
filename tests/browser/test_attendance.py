"""Attendance in a real browser: a coordinator's roll call on a tablet, an official's check-in on a phone."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from peixun.attendance.models import Attendance
from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.records.models import LedgerEntry
from tests.factories import (
    PASSWORD,
    CourseFactory,
    EnrolmentFactory,
    OfficialFactory,
    SessionFactory,
    UnitQuotaFactory,
    UserFactory,
)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("PEIXUN_SHOTS", "/tmp/shots/attendance"))
TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}
NAMES = ["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳", "欧阳明", "司马光"]


@pytest.fixture
def device(chromium, live_server):
    """A new browser context the size of a tablet or a phone, with touch."""
    contexts = []

    def open_page(viewport: dict, locale: str = "en-GB", javascript: bool = True):
        context = chromium.new_context(
            base_url=live_server.url,
            locale=locale,
            viewport=viewport,
            has_touch=True,
            device_scale_factor=1,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def a_class(size: int = len(NAMES)):
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市", start=timezone.localdate())
    quota = UnitQuotaFactory(course=course, seats=size)
    enrolments = [
        EnrolmentFactory(
            course=course,
            official=OfficialFactory(name_zh=name, sending_unit=quota.unit),
            status=EnrolmentStatus.CONFIRMED,
        )
        for name in NAMES[:size]
    ]
    session = SessionFactory(
        course=course,
        date=timezone.localdate(),
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=Decimal("3.0"),
    )
    UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    return course, session, enrolments


def test_coordinator_takes_the_roll_call_on_a_tablet(device):
    course, session, enrolments = a_class()
    absent, excused = enrolments[2], enrolments[5]
    tablet = device(TABLET)
    log_in(tablet, "coord", PASSWORD)
    tablet.goto(f"/attendance/courses/{course.pk}/sessions/{session.pk}/")
    assert no_horizontal_scroll(tablet)
    assert tablet.inner_text("output[data-count=unmarked]") == str(len(enrolments))

    tablet.tap("[data-all-present]")
    assert tablet.inner_text("output[data-count=present]") == str(len(enrolments))
    assert tablet.is_visible("[data-all-present-hint]")
    assert Attendance.objects.count() == 0  # nothing is recorded before saving

    tablet.tap(f"label[for=m-{absent.pk}-absent]")
    tablet.tap(f"label[for=m-{excused.pk}-excused]")
    reason = tablet.locator(f"#r-{excused.pk}")
    assert reason.is_visible()
    assert reason.evaluate("input => input.required")
    assert tablet.evaluate("document.activeElement.id") == f"r-{excused.pk}"
    reason.fill("Called back for flood control")
    assert tablet.inner_text("output[data-count=present]") == str(len(enrolments) - 2)
    shot(tablet, "rollcall-tablet")

    tablet.tap("button.rc-save")
    tablet.wait_for_selector(".msg-success")
    assert f"The roll call is saved: {len(enrolments)} marks changed." in tablet.inner_text(".messages")
    assert tablet.inner_text("output[data-count=present]") == str(len(enrolments) - 2)
    assert tablet.inner_text("output[data-count=absent]") == "1"
    assert tablet.inner_text("output[data-count=excused]") == "1"
    assert tablet.inner_text("output[data-count=unmarked]") == "0"
    statuses = dict(Attendance.objects.values_list("enrolment_id", "status"))
    assert statuses == {e.pk: "present" for e in enrolments} | {absent.pk: "absent", excused.pk: "excused"}
    assert LedgerEntry.objects.count() == len(enrolments) - 2
    assert no_horizontal_scroll(tablet)

    tablet.goto(f"/attendance/courses/{course.pk}/")
    counts = tablet.inner_text(f"tr[data-session='{session.pk}'] [data-testid=counts]")
    assert "10 present" in counts and "1 absent" in counts and "1 excused" in counts and "0 not marked" in counts
    shot(tablet, "attendance-course-tablet")


def test_roll_call_is_usable_on_a_phone(device):
    course, session, enrolments = a_class(6)
    phone = device(PHONE)
    log_in(phone, "coord", PASSWORD)
    phone.goto(f"/attendance/courses/{course.pk}/sessions/{session.pk}/")
    assert no_horizontal_scroll(phone)
    box = phone.locator(f"label[for=m-{enrolments[0].pk}-excused]").bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    phone.tap(f"label[for=m-{enrolments[0].pk}-excused]")
    # Saved without a reason, the browser asks for one before anything is sent.
    phone.tap("button.rc-save")
    assert phone.locator(f"#r-{enrolments[0].pk}").evaluate("input => !input.validity.valid")
    assert Attendance.objects.count() == 0
    shot(phone, "rollcall-phone")


def test_roll_call_works_without_javascript(device):
    course, session, enrolments = a_class(4)
    tablet = device(TABLET, javascript=False)
    log_in(tablet, "coord", PASSWORD)
    tablet.goto(f"/attendance/courses/{course.pk}/sessions/{session.pk}/")
    tablet.tap("[data-all-present]")
    tablet.wait_for_selector(".msg-success")
    assert set(Attendance.objects.values_list("status", flat=True)) == {"present"}
    assert LedgerEntry.objects.count() == 4

    excused = enrolments[1]
    reason = tablet.locator(f"#r-{excused.pk}")
    assert not reason.is_visible()
    tablet.tap(f"label[for=m-{excused.pk}-excused]")
    assert reason.is_visible()  # shown by the stylesheet alone
    reason.fill("Sick")
    tablet.tap("button.rc-save")
    tablet.wait_for_selector(".msg-success")
    assert Attendance.objects.get(enrolment=excused).status == "excused"
    assert LedgerEntry.objects.filter(hours__lt=0).count() == 1


def test_official_checks_in_with_the_code_on_the_classroom_screen(chromium, device):
    course, session, enrolments = a_class(3)
    official = enrolments[0].official
    official.user = UserFactory(username="wangwei", role=Role.OFFICIAL, language="zh-hans")
    official.save()

    screen = device({"width": 1280, "height": 800})
    log_in(screen, "coord", PASSWORD)
    screen.goto(f"/attendance/courses/{course.pk}/sessions/{session.pk}/screen/")
    assert screen.inner_text("[data-testid=checkin-count]") == "0 of 3 checked in"
    assert "New code in" in screen.inner_text("[data-testid=checkin-timer]")
    code_url = screen.get_attribute("[data-testid=checkin-code]", "data-url")
    assert code_url.startswith(f"{screen.url.split('/attendance/')[0]}/attendance/checkin/")
    shot(screen, "checkin-screen")

    phone = device(PHONE, locale="zh-CN")
    phone.goto(code_url)
    phone.wait_for_url("**/login/**")
    phone.fill("#id_username", "wangwei")
    phone.fill("#id_password", PASSWORD)
    phone.tap("button[type=submit].primary")
    phone.wait_for_url(code_url)
    assert "能源总体规划" in phone.inner_text("[data-testid=checkin-offer]")
    assert no_horizontal_scroll(phone)
    shot(phone, "checkin-phone")

    phone.tap("[data-testid=checkin-button]")
    phone.wait_for_selector("[data-testid=checked-in]")
    assert "能源总体规划" in phone.inner_text("h1")
    assert no_horizontal_scroll(phone)
    shot(phone, "checked-in-phone")
    entry = LedgerEntry.objects.get()
    assert (entry.official, entry.session, entry.hours) == (official, session, Decimal("3.00"))

    # The classroom screen counts the official within a few seconds, without reloading.
    screen.wait_for_function(
        "document.querySelector('[data-testid=checkin-count]').textContent === '1 of 3 checked in'", timeout=8000
    )
