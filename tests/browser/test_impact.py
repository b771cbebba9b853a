"""The impact dashboard in a real browser, on a desktop and on a phone: the charts are drawn and readable."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from peixun.core.enums import Role
from peixun.courses.enums import EnrolmentStatus
from peixun.people.enums import JurisdictionLevel, PositionCategory
from tests.factories import PASSWORD, AcademyFactory, SessionFactory, TopicFactory, UserFactory
from tests.impact.conftest import course_ending, evaluate, official_of, place, train, with_topics

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/shots")
TODAY = datetime.date(2027, 6, 15)
CHARTS = ["chart-year", "chart-academy", "chart-topic", "chart-position", "chart-level", "chart-population"]


@pytest.fixture
def programme(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    namc = AcademyFactory(code="namc", name_en="National Academy for Mayors of China", name_zh="全国市长研修学院")
    celap = AcademyFactory(code="celap", name_en="CELAP", name_zh="中国浦东干部学院")
    topics = [
        TopicFactory(name_en="Energy master planning", name_zh="能源总体规划"),
        TopicFactory(name_en="Smart transportation", name_zh="智慧交通"),
        TopicFactory(name_en="Green financing", name_zh="绿色金融"),
    ]
    jiangsu = place("Jiangsu", JurisdictionLevel.PROVINCE, population=84_748_016)
    categories = [PositionCategory.MAYOR, PositionCategory.VICE_MAYOR, PositionCategory.SOE_EXECUTIVE]
    for year in range(2019, 2027):
        course = course_ending(datetime.date(year, 6, 12), namc if year % 2 else celap)
        with_topics(course, *topics[: 1 + year % 3])
        session = SessionFactory(course=course)
        for index in range(2 + year % 4):
            category = categories[index % 3]
            city = None if category == PositionCategory.SOE_EXECUTIVE else place(f"City {year}{index}", parent=jiangsu)
            official = official_of(city, category)
            train(official, course, EnrolmentStatus.COMPLETED)
            evaluate(session, official, interest=2 + (year + index) % 4)
    return UserFactory(username="impact-staff", role=Role.STAFF, language="en")


def visible_box(page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box is not None, f"{selector} is not shown"
    assert box["width"] > 0 and box["height"] > 0, f"{selector} has no size"
    return box


def test_staff_see_the_charts_drawn_on_a_desktop(page, programme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    log_in(page, "impact-staff", PASSWORD)
    page.goto("/impact/")
    assert page.inner_text("[data-figure=officials_trained] .figure-value") == "28"
    for chart in [*CHARTS, "chart-feedback"]:
        visible_box(page, f"svg#{chart}")
    # The bars themselves are drawn, and the longest bar is the largest number in the table.
    widths = [box["width"] for box in (b.bounding_box() for b in page.locator("#chart-academy rect.bar").all())]
    assert len(widths) == 2 and widths[0] > widths[1] > 0
    assert page.locator("#chart-feedback polyline").count() == 5
    page.screenshot(path=str(SHOTS / "impact-dashboard.png"), full_page=True)


def test_the_charts_fit_a_phone_and_their_text_stays_readable(chromium, live_server, programme):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = chromium.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2
    )
    context.set_default_timeout(10_000)
    phone = context.new_page()
    try:
        log_in(phone, "impact-staff", PASSWORD)
        phone.click(".langswitch button")
        phone.wait_for_selector("html[lang=zh-Hans]")
        phone.goto("/impact/")
        assert "全国市长研修学院" in phone.text_content("#chart-academy")
        for chart in CHARTS:
            box = visible_box(phone, f"svg#{chart}")
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{chart} runs off the screen"
        label = phone.locator("#chart-topic text.label").first.bounding_box()
        assert label["height"] >= 10, "chart labels are too small to read on a phone"
        scroll_width = phone.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 390
        phone.screenshot(path=str(SHOTS / "impact-dashboard-phone.png"), full_page=True)
    finally:
        context.close()


def test_the_public_snippet_in_a_browser(page, programme):
    page.goto("/impact/public/")
    sentences = page.locator(".impact-sentence").all_inner_texts()
    assert sentences[0].startswith("28 officials trained, leading")
    assert sentences[1].startswith("已培训28名官员，所辖人口")
    visible_box(page, ".impact-public")
    page.screenshot(path=str(SHOTS / "impact-public.png"))
