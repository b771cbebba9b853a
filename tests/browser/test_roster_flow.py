"""A coordinator fills a course in a real browser, then reads the page in Chinese."""

import datetime

import pytest
from django.utils import timezone

from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Enrolment
from tests.factories import PASSWORD, CourseFactory, EnrolmentFactory, OfficialFactory, UnitQuotaFactory, UserFactory

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_fills_course_then_withdrawal_promotes_waitlist_and_page_reads_in_chinese(page):
    course = CourseFactory(capacity=3, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy, language="en")
    quota = UnitQuotaFactory(course=course, seats=10)
    names = ["王伟", "李娜", "张敏", "刘洋", "陈静"]
    start = timezone.now() - datetime.timedelta(hours=1)
    enrolments = [
        EnrolmentFactory(
            course=course,
            official=OfficialFactory(name_zh=name, sending_unit=quota.unit),
            nominated_at=start + datetime.timedelta(minutes=i),
        )
        for i, name in enumerate(names)
    ]

    log_in(page, "coord", PASSWORD)
    page.goto(f"/courses/{course.pk}/roster/")
    for enrolment in enrolments[:3]:
        page.click(f"#nominated tr[data-enrolment='{enrolment.pk}'] button:has-text('Confirm')")
        page.wait_for_selector(".msg-success")
    assert page.inner_text("[data-testid=seats]").startswith("3 of 3 seats taken, 0 left")

    page.click(f"#nominated tr[data-enrolment='{enrolments[3].pk}'] button:has-text('Confirm')")
    assert "The course is full" in page.inner_text(".msg-warning")
    assert page.locator(f"#waitlist tr[data-enrolment='{enrolments[3].pk}']").count() == 1

    page.click(f"#confirmed tr[data-enrolment='{enrolments[0].pk}'] a:has-text('Withdraw')")
    dialog = page.locator("dialog.confirm-dialog[open]")
    assert "The seat goes at once to the first on the waitlist" in dialog.inner_text()
    dialog.get_by_label("Why is the official withdrawn?").fill("Called back to the city")
    dialog.get_by_role("button", name="Withdraw the official").click()
    page.wait_for_selector(".msg-success")
    assert "moved up from the waitlist" in page.inner_text(".messages")
    assert page.locator(f"#confirmed tr[data-enrolment='{enrolments[3].pk}']").count() == 1
    assert page.locator("#waitlist tbody tr").count() == 0
    statuses = dict(Enrolment.objects.filter(course=course).values_list("official__name_zh", "status"))
    assert statuses == {
        "王伟": EnrolmentStatus.WITHDRAWN,
        "李娜": EnrolmentStatus.CONFIRMED,
        "张敏": EnrolmentStatus.CONFIRMED,
        "刘洋": EnrolmentStatus.CONFIRMED,
        "陈静": EnrolmentStatus.NOMINATED,
    }

    page.click(".langswitch button")
    page.wait_for_selector("html[lang=zh-Hans]")
    assert page.inner_text("h1").startswith("能源智慧城市")
    assert "名单" in page.inner_text("nav.tabs")
    assert "候补名单" in page.inner_text("#waitlist h3")
    coordinator.refresh_from_db()
    assert coordinator.language == "zh-hans"
