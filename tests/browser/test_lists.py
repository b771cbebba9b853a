"""Lists as staff use them in Chromium: sort by a column's header, filter without losing the sort, read the
count, in English and in Chinese (pinyin order); and on a phone every list page fits the screen."""

import datetime
import os
from pathlib import Path

import pytest

from peixun.core.enums import Role
from peixun.courses.enums import CourseStatus
from peixun.feedback import services as feedback_services
from peixun.materials.models import GlossaryTerm
from tests.factories import (
    PASSWORD,
    AcademyFactory,
    CourseFactory,
    JurisdictionFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    TopicFactory,
    UserFactory,
)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("PEIXUN_SHOTS", "/tmp/shots"))
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 768}
OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def device(chromium, live_server):
    contexts = []

    def open_page(viewport: dict):
        context = chromium.new_context(base_url=live_server.url, locale="en-GB", viewport=viewport)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def programme():
    namc = AcademyFactory(code="namc", name_en="NAMC", name_zh="全国市长研修学院")
    celap = AcademyFactory(code="celap", name_en="CELAP", name_zh="中国浦东干部学院")
    monday = datetime.date(2027, 3, 1)
    courses = [
        (namc, "zero-waste cities", "张家港零废弃城市", monday, CourseStatus.OPEN),
        (namc, "Blue economy", "李村蓝色经济", monday.replace(year=2026), CourseStatus.FINISHED),
        (celap, "apple of the eye: urban greening", "阿克苏城市绿化", monday.replace(year=2025), CourseStatus.FINISHED),
        (celap, "Water cities", "王府井水城", monday, CourseStatus.PLANNING),
    ]
    for academy, title_en, title_zh, start, status in courses:
        CourseFactory(academy=academy, title_en=title_en, title_zh=title_zh, start=start, status=status)
    hangzhou = JurisdictionFactory(name_en="Hangzhou", name_zh="杭州市")
    unit = OrganisationFactory(name_en="Hangzhou Municipal Government", name_zh="杭州市人民政府")
    other_unit = OrganisationFactory(name_en="Anhui Provincial Office", name_zh="安徽省办公厅")
    for name, owner in [("王伟", unit), ("李娜", other_unit), ("张敏", unit), ("阿强", other_unit), ("欧阳明", unit)]:
        OfficialFactory(
            name_zh=name, sending_unit=owner, jurisdiction=hangzhou, title_en="Vice mayor of a long-named place"
        )
    energy = TopicFactory(slug="energy-x", name_en="Energy planning", name_zh="能源规划")
    for name, name_zh in [("Zhou Wen", "周文"), ("ada Park", ""), ("Bruno Latour", "")]:
        LecturerFactory(name=name, name_zh=name_zh).topics.add(energy)
    staff = UserFactory(username="sam", role=Role.STAFF, first_name="Sam", last_name="Staff")
    official = OfficialFactory(name_zh="陈静", sending_unit=unit, jurisdiction=hangzhou)
    feedback_services.create_follow_up(actor=staff, official=official, owner=staff, topic=energy)
    GlossaryTerm.objects.create(english="Zero-carbon district", chinese="零碳街区", topic=energy)
    GlossaryTerm.objects.create(english="ammonia fuel", chinese="氨燃料", topic=energy)
    return {"namc": namc, "unit": unit, "energy": energy}


def column(page, testid: str, index: int = 0) -> list[str]:
    cells = page.locator(f"[data-testid={testid}] tbody tr td:nth-child({index + 1})")
    return [cell.strip() for cell in cells.all_inner_texts()]


def test_staff_sort_and_filter_lists_in_both_languages(device, programme):
    page = device(DESK)
    log_in(page, "sam", PASSWORD)

    # Courses: newest first by default; the "Course" header sorts by title, case-insensitively.
    page.goto("/courses/")
    page.click("[data-testid=courses] thead a.sort:text-is('Course')")
    page.wait_for_url("**/courses/?sort=title")
    assert column(page, "courses") == [
        "apple of the eye: urban greening",
        "Blue economy",
        "Water cities",
        "zero-waste cities",
    ]
    assert page.locator("[data-testid=courses] th[aria-sort]").inner_text().startswith("Course")
    assert page.get_attribute("[data-testid=courses] th[aria-sort]", "aria-sort") == "ascending"
    # A filter keeps the sort; the count says how many.
    page.select_option("#list-academy", str(programme["namc"].pk))
    page.click("[data-testid=list-filters] button[type=submit]")
    page.wait_for_url(lambda url: "academy=" in url)
    assert "sort=title" in page.url
    assert column(page, "courses") == ["Blue economy", "zero-waste cities"]
    assert page.inner_text("[data-testid=list-count]") == "Showing 1–2 of 2"
    # Sorting again keeps the filter; the header turns the order round.
    page.click("[data-testid=courses] thead a.sort:text-is('Course')")
    page.wait_for_url(lambda url: "sort=-title" in url and "academy=" in url)
    assert column(page, "courses") == ["zero-waste cities", "Blue economy"]
    shot(page, "lists-courses-en")

    # In Chinese the same column sorts by pinyin: 阿 a, 李 li, 王 wang, 张 zhang.
    page.click("button[name=language][value=zh-hans]")
    page.wait_for_load_state()
    page.goto("/courses/?sort=title")
    assert column(page, "courses") == ["阿克苏城市绿化", "李村蓝色经济", "王府井水城", "张家港零废弃城市"]
    assert page.inner_text("[data-testid=list-count]") == "第 1–4 条，共 4 条"
    shot(page, "lists-courses-zh")

    # Officials: names in pinyin order; the live search and the unit filter narrow it together.
    page.goto("/officials/")
    names = [n.strip() for n in page.locator("#results tbody tr td:first-child").all_inner_texts()]
    assert names == ["阿强", "陈静", "李娜", "欧阳明", "王伟", "张敏"]
    page.select_option("#list-unit", str(programme["unit"].pk))
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 4")
    page.fill("#list-q", "wang")
    page.wait_for_function("() => document.querySelectorAll('#results tbody tr').length === 1")
    assert "unit=" in page.url and "q=wang" in page.url
    assert page.inner_text("#results [data-testid=list-count]") == "第 1–1 条，共 1 条"
    shot(page, "lists-officials-zh")

    # The glossary: a Chinese reader gets it in pinyin order of the Chinese; filtered by topic.
    page.goto(f"/materials/glossary/?topic={programme['energy'].pk}")
    assert column(page, "glossary", 1) == ["氨燃料", "零碳街区"]  # an, ling
    page.click("button[name=language][value=en]")
    page.wait_for_load_state()
    assert column(page, "glossary") == ["ammonia fuel", "Zero-carbon district"]
    page.click("[data-testid=glossary] thead a.sort:text-is('English')")
    page.wait_for_url(lambda url: "sort=-english" in url and "topic=" in url)
    assert column(page, "glossary") == ["Zero-carbon district", "ammonia fuel"]


LIST_PAGES = [
    "/courses/",
    "/officials/",
    "/lecturers/",
    "/materials/",
    "/materials/glossary/",
    "/press/",
    "/feedback/follow-ups/",
    "/records/compliance/",
]


def test_every_list_fits_a_phone_in_both_languages(device, programme):
    phone = device(PHONE)
    log_in(phone, "sam", PASSWORD)
    for language in ("en", "zh-hans"):
        phone.goto("/courses/")
        switch = phone.locator(f"button[name=language][value={language}]")
        if switch.count():  # the switch offers only the other language
            switch.click()
            phone.wait_for_load_state()
        for url in LIST_PAGES:
            phone.goto(url)
            assert phone.locator("[data-testid=list-count]").count() >= 1, url
            assert phone.evaluate(OVERFLOW), f"{url} ({language}) is wider than the phone"
            wide = phone.evaluate(
                """() => [...document.querySelectorAll('main *')].filter(e => {
                    const box = e.getBoundingClientRect();
                    return box.width > 0 && (box.left < -1 || box.right > document.documentElement.clientWidth + 1)
                        && !e.closest('.table-wrap');
                }).map(e => e.tagName + '.' + e.className)"""
            )
            assert wide == [], f"{url} ({language}): cut off at the edge: {wide}"
            shot(phone, f"lists-phone-{language}-{url.strip('/').replace('/', '-')}")
    # A sort on a phone, where tables become cards, is chosen from the filters' form.
    phone.goto("/courses/")
    phone.select_option("#list-sort", "-title")
    phone.click("[data-testid=list-filters] button[type=submit]")
    phone.wait_for_url(lambda url: "sort=-title" in url)
    assert phone.evaluate(OVERFLOW)
