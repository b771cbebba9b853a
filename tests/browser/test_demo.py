"""The demo shows the whole of Peixun in a real browser: a deck waits for the reviewer, the official of a
finished course downloads their certificate, staff read non-zero impact figures, and the translator's
workbench suggests from the translation memory."""

import json
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from peixun.demo import data
from peixun.materials.models import Material, Segment
from tests.conftest import CHROMIUM
from tests.pdf_fonts import assert_fonts_embedded, text_of

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("PEIXUN_SHOTS", "/tmp/shots")) / "demo"
SIZES = {"desktop": (1366, 768), "phone": (390, 844)}


@pytest.fixture
def page(chromium, live_server, tmp_path):
    """A browser that saves PDFs rather than open them in its viewer, so a certificate arrives as a file."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    preferences = {"plugins": {"always_open_pdf_externally": True}, "download": {"prompt_for_download": False}}
    (profile / "Default" / "Preferences").write_text(json.dumps(preferences))
    context = chromium.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1366, "height": 768},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())


def as_user(page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username, data.PASSWORD)


def shoot(page, name: str) -> None:
    """Screenshots on a desktop and on a phone; nothing may be wider than the window."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for size, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(SHOTS / f"{name}-{size}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
    width, height = SIZES["desktop"]
    page.set_viewport_size({"width": width, "height": height})


def test_reviewer_finds_the_deck_waiting_in_the_review_queue(page, demo):
    as_user(page, "reviewer")

    # The start page counts what waits and links to the queue.
    assert page.inner_text("[data-task=queue] .task-value") == "1"
    page.click("[data-task=queue]")
    page.wait_for_url(f"**{reverse('materials:review_queue')}")
    assert page.inner_text("[data-testid=queue-count]") == "1"
    item = page.locator("[data-testid=review-queue] li")
    assert item.count() == 1
    assert "美国城市如何做能源规划" in item.inner_text()  # the reviewer reads Chinese
    assert item.locator(".mt-state").inner_text() == "第2轮"  # returned once: the second round
    shoot(page, "review-queue")
    item.locator("a.mt-title").click()
    deck = Material.objects.get(title_zh="美国城市如何做能源规划")
    page.wait_for_url(f"**{reverse('materials:detail', args=[deck.pk])}")
    # The reviewer decides here: approve, or return with a comment.
    assert page.locator(f"form[action='{reverse('materials:action', args=[deck.pk, 'approve'])}']").count() == 1
    assert "第3页的数据请注明来源和年份" in page.inner_text("main")  # what the reviewer asked the first time


def test_official_of_the_finished_course_downloads_their_certificate(page, demo):
    as_user(page, "official")

    page.goto(reverse("certificates:mine"))
    card = page.locator(".cert-card", has_text="低碳城市：清洁能源与循环经济")
    assert card.count() == 1
    shoot(page, "certificates")
    with page.expect_download() as waiting:
        card.locator("a.button.primary").click()
    pdf = Path(waiting.value.path()).read_bytes()
    assert_fonts_embedded(pdf)
    text = text_of(pdf)
    assert "陆志明" in text and "LùZhìmíng" in text and "低碳城市" in text


def test_staff_read_non_zero_impact_figures(page, demo):
    as_user(page, "staff")

    page.goto(reverse("impact:dashboard"))
    figures = {
        name: page.inner_text(f"[data-figure={name}] .figure-value")
        for name in ("officials_trained", "population_led", "executives", "courses", "class_hours", "companies")
    }
    assert figures == {
        "officials_trained": "32",
        "population_led": "345,792,570",
        "executives": "4",
        "courses": "1",
        "class_hours": "67",
        "companies": "1",
    }
    shoot(page, "impact")


def test_translator_sees_memory_suggestions_in_the_workbench(page, demo):
    deck = Material.objects.get(title_en=data.DEMO_DECK["title_en"])
    exact = Segment.objects.get(version__material=deck, source="Collect consumption by sector and fuel")
    fuzzy = Segment.objects.get(version__material=deck, source="Map heat demand by district")
    as_user(page, "translator")

    page.locator(f"a[href='{reverse('workbench:edit', args=[deck.pk])}']").first.click()
    page.wait_for_url(f"**{reverse('workbench:edit', args=[deck.pk])}*")
    assert page.inner_text(f"#seg-{exact.pk} .wb-suggestions") == "Exact 按部门和燃料类型收集能耗数据"
    fuzzy_match = page.inner_text(f"#seg-{fuzzy.pk} .wb-suggestions")
    assert fuzzy_match == "78% match 按街区绘制热需求图\nMap heat demand by block"
    shoot(page, "workbench")
    card = page.locator(f"#seg-{exact.pk}")
    card.locator("button.wb-use").click()
    assert card.locator("textarea").input_value() == "按部门和燃料类型收集能耗数据"
