"""Finding things: the menu in one row at 1366 px and behind a button on a phone, and each role reaching
its work from it (the portfolio, the translation memory, the reviewer's queue, the partner's reports)."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from peixun.materials.enums import MaterialState
from peixun.materials.models import Material

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("PEIXUN_SHOTS", "/tmp/shots")) / "navigation"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / name))


def in_one_row(page) -> bool:
    """Whether the top bar's parts (brand, menu entries, language and log-out) stand side by side: each
    starts above the point where every other one ends."""
    boxes = page.eval_on_selector_all(
        ".topbar > .brand, .menu-entry, .topbar-right",
        "parts => parts.map(p => { const b = p.getBoundingClientRect(); return [b.top, b.bottom]; })",
    )
    return max(top for top, _ in boxes) < min(bottom for _, bottom in boxes)


def switch_language(page) -> None:
    with page.expect_navigation():
        page.click(".langswitch button")


def test_the_menu_fits_one_row_and_folds_behind_a_button_on_a_phone(page, demo):
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, "staff", "peixun-demo")
    if page.get_attribute("html", "lang") != "en":
        switch_language(page)
    for language in ("en", "zh-Hans"):
        assert page.get_attribute("html", "lang") == language
        assert page.locator(".menu-entry").count() == 6
        assert in_one_row(page), f"the top bar wraps at 1366 px in {language}"
        shoot(page, f"staff-1366-{language}.png")
        if language == "en":
            switch_language(page)
    switch_language(page)  # back to English

    # A group opens under its label; the translation memory and the portfolio are a click away.
    page.click(".menu-entry[data-menu=presentations] summary")
    shoot(page, "staff-presentations-open.png")
    page.click(".menu-entry[data-menu=presentations] >> text=Translation memory")
    page.wait_for_url("**/materials/memory/")
    assert page.inner_text("h1") == "Translation memory"
    page.click(".menu-entry[data-menu=courses] summary")
    # Opening one group closes the other.
    page.click(".menu-entry[data-menu=people] summary")
    # The toggle event that closes the other group comes after the click: wait for it.
    expect(page.locator("details.menu-group[open]")).to_have_count(1)
    page.click(".menu-entry[data-menu=courses] summary")
    page.click(".menu-entry[data-menu=courses] >> text=Portfolio timetabling")
    page.wait_for_url("**/timetables/portfolio/")

    # On a phone the menu waits behind its button, then lists every group.
    page.set_viewport_size({"width": 390, "height": 844})
    assert not page.is_visible(".mainnav")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("label[for=nav-toggle]")
    assert page.is_visible(".mainnav")
    page.click(".menu-entry[data-menu=feedback] summary")
    shoot(page, "staff-390-menu-open.png")
    page.click(".menu-entry[data-menu=feedback] >> text=Follow-ups")
    page.wait_for_url("**/feedback/follow-ups/")


def test_each_role_reaches_its_work_from_the_menu_and_the_start_page(chromium, live_server, demo):
    def session(username):
        context = chromium.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
        context.set_default_timeout(10_000)
        page = context.new_page()
        log_in(page, username, "peixun-demo")
        if page.get_attribute("html", "lang") != "en":
            switch_language(page)
        return context, page

    deck = Material.objects.get(state=MaterialState.TRANSLATION)

    # The reviewer opens a deck still in translation: its page opens wherever its workbench does.
    context, page = session("reviewer")
    response = page.goto(f"/materials/{deck.pk}/")
    assert response.status == 200
    page.click("[data-testid=workbench]")
    page.wait_for_url(f"**/materials/{deck.pk}/translate/")
    page.goto("/")
    assert page.inner_text("[data-task=coming] .task-value") == "1"
    waiting = Material.objects.filter(state=MaterialState.REVIEW).count()  # the demo's deck in review
    assert page.inner_text("[data-task=queue] .task-value") == str(waiting) == "1"
    # Once it is submitted, it waits in their queue too, reached from the menu.
    Material.objects.filter(pk=deck.pk).update(state=MaterialState.REVIEW)
    page.goto("/")
    assert page.inner_text("[data-task=queue] .task-value") == "2"
    page.click(".menu-entry[data-menu=presentations] summary")
    page.click(".menu-entry[data-menu=presentations] >> text=Review queue")
    page.wait_for_url("**/materials/review/")
    page.click(f"[data-testid=review-queue] >> text={deck.title}")
    page.wait_for_url(f"**/materials/{deck.pk}/")
    assert page.is_visible("[data-action=approve]")
    context.close()

    # The translator opens the translation memory from the menu, to read it (staff import).
    context, page = session("translator")
    page.click(".menu-entry[data-menu=presentations] summary")
    page.click(".menu-entry[data-menu=presentations] >> text=Translation memory")
    page.wait_for_url("**/materials/memory/")
    assert page.inner_text("h1") == "Translation memory"
    assert page.locator("#import").count() == 0
    context.close()

    # A partner contact's menu has no course list to fall into; their start page asks for their reports.
    context, page = session("partner")
    assert page.locator(".mainnav a", has_text="Courses").count() == 0
    assert int(page.inner_text("[data-task=to_report] .task-value")) >= 1
    page.click("#report a.button")
    page.wait_for_url("**/partners/mine/*/report/")
    context.close()
