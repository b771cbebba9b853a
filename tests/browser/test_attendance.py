"""Attendance in a real browser: a coordinator's roll call on a tablet, an official's check-in on a phone."""

import datetime
import os
import zoneinfo
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone, translation

from peixun.attendance import services
from peixun.attendance.models import Attendance
from peixun.core import clock
from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.records.models import LedgerEntry
from tests.factories import (
    PASSWORD,
    CourseFactory,
    EnrolmentFactory,
    OfficialFactory,
    UnitQuotaFactory,
    UserFactory,
)
from tests.timing import session_around_now

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


def a_class(size: int = len(NAMES), begins_in: datetime.timedelta = -datetime.timedelta(hours=1)):
    """A class and a session of three hours beginning ``begins_in`` from now (by default in progress:
    check-in is open), at an academy where it is around midday now (tests/timing.py)."""
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
    session = session_around_now(
        course,
        begins_in=begins_in,
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=Decimal("3.0"),
    )
    UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    return course, session, enrolments


#: A session that ended an hour ago: its roll call credits at once.
ENDED = -datetime.timedelta(hours=4)


def test_coordinator_takes_the_roll_call_on_a_tablet(device):
    course, session, enrolments = a_class(begins_in=ENDED)
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
    course, session, enrolments = a_class(4, begins_in=ENDED)
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
    assert "将在课节结束时" in phone.inner_text("[data-testid=checked-in]")
    assert no_horizontal_scroll(phone)
    shot(phone, "checked-in-phone")
    assert Attendance.objects.get().official == official
    assert LedgerEntry.objects.count() == 0  # credited when the session ends
    services.credit_ended_sessions(now=session.ends_at)
    entry = LedgerEntry.objects.get()
    assert (entry.official, entry.session, entry.hours) == (official, session, Decimal("3.00"))

    # The classroom screen counts the official within a few seconds, without reloading.
    screen.wait_for_function(
        "() => document.querySelector('[data-testid=checkin-count]').textContent === '1 of 3 checked in'", timeout=8000
    )


def test_an_official_who_scans_too_early_reads_when_check_in_opens(device):
    """At 06:35 an official scans a photo of the code of an afternoon session: nothing is recorded, and
    they read, in Chinese and their own time zone, when check-in opens. The classroom screen shows no
    code before then either."""
    course, session, enrolments = a_class(3, begins_in=datetime.timedelta(hours=2))
    official = enrolments[0].official
    zone = course.academy.time_zone  # the official's own zone: the same calendar day as the academy's
    official.user = UserFactory(username="wangwei", role=Role.OFFICIAL, language="zh-hans", time_zone=zone)
    official.save()

    phone = device(PHONE, locale="zh-CN")
    code_url = f"/attendance/checkin/{services.checkin_token(session)}/"
    phone.goto(code_url)
    phone.wait_for_url("**/login/**")
    phone.fill("#id_username", "wangwei")
    phone.fill("#id_password", PASSWORD)
    phone.tap("button[type=submit].primary")
    phone.wait_for_url(f"**{code_url}")
    refusal = phone.inner_text("[data-testid=checkin-refused]")
    with translation.override("zh-hans"), timezone.override(zoneinfo.ZoneInfo(zone)):
        opens = clock.when(session.starts_at - datetime.timedelta(minutes=30))
    assert f"“能源总体规划”的签到将于{opens}开放。" in refusal
    assert phone.locator("[data-testid=checkin-button]").count() == 0
    assert no_horizontal_scroll(phone)
    shot(phone, "checkin-too-early-phone")
    assert Attendance.objects.count() == 0 and LedgerEntry.objects.count() == 0

    screen = device({"width": 1366, "height": 768})
    log_in(screen, "coord", PASSWORD)
    screen.goto(f"/attendance/courses/{course.pk}/sessions/{session.pk}/screen/")
    with translation.override("en"):
        opens_here = clock.when(session.starts_at - datetime.timedelta(minutes=30))
    assert screen.inner_text("[data-testid=checkin-not-open]") == (
        f"Check-in opens at {opens_here}, 30 minutes before the session begins. "
        "This screen then shows the code by itself."
    )
    assert screen.locator("[data-testid=checkin-code]").count() == 0
    shot(screen, "checkin-screen-too-early")
