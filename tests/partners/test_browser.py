"""The public pages as a visitor uses them on a phone, and the engagement form's session list, in Chromium."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(chromium, live_server, transactional_db):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844}, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def test_a_visitor_searches_the_press_archive_and_reads_it_in_chinese(phone, world):
    phone.goto("/press/")
    assert phone.locator(".press-headline").all_inner_texts() == [
        "Mayoral Training Program on Energy Smart Cities launches"
    ]
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    # The filters wrap on a phone: the search box takes the whole width, nothing sticks out.
    box = phone.locator("#list-q").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    phone.fill("#list-q", "北京")
    phone.click(".list-filters button[type=submit]")
    assert phone.locator(".press-headline").count() == 1
    phone.click("text=2009")
    assert "year=2009" in phone.url and "q=" in phone.url
    phone.click("button[name=language][value=zh-hans]")
    phone.wait_for_load_state()
    assert phone.locator("html").get_attribute("lang") == "zh-Hans"
    assert phone.locator(".press-headline").inner_text() == "市长培训项目启动能源智慧城市课程"
    assert phone.locator(".press-other").inner_text() == "Mayoral Training Program on Energy Smart Cities launches"
    assert "q=%E5%8C%97%E4%BA%AC" in phone.url  # the search survived the language switch


def test_a_visitor_reads_the_thanks_page_without_logging_in(phone, world):
    phone.goto("/partners/thanks/")
    assert "/login/" not in phone.url
    text = phone.locator("main").inner_text()
    assert "Philips Lighting" in text and "Ada Whitfield" in text
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_staff_choose_a_course_and_are_offered_its_sessions(chromium, live_server, transactional_db, world):
    context = chromium.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto("/login/")
    page.fill("#id_username", "staff")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)
    page.goto("/partners/engagements/new/")
    assert page.locator("#id_session option").count() == 1
    page.select_option("#id_course", str(world.future_course.pk))
    page.wait_for_function("() => document.querySelectorAll('#id_session option').length > 1")
    assert page.locator("#id_session option").all_inner_texts()[1].endswith("Partner dinner (Dinner)")
    context.close()
