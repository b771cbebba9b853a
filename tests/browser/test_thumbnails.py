"""A translator opens the workbench of a real deck in chromium: the slide's picture is drawn in the
background and appears beside its segments, with no inline script (the CSP forbids it)."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from peixun.docengine.render import libreoffice
from tests.factories import PASSWORD
from tests.materials.workbench.helpers import make_material
from tests.shared_fixtures import FIXTURES

from .conftest import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice (soffice on PATH)"),
]


SHOTS = Path(os.environ.get("PEIXUN_SHOTS", "/tmp/shots")) / "workbench"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_slide_picture_loads_beside_its_segments(page):
    material = make_material(FIXTURES / "decks" / "pptx-txt-font-props.pptx", title="Font properties")
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    log_in(page, material.translator.username, PASSWORD)
    page.goto(reverse("workbench:edit", args=[material.pk]))
    first = page.locator("[data-testid=slide-picture]").first
    assert first.get_attribute("data-state") == "drawing"
    # The block asks every 2 s; the first ask starts the drawing, a later answer brings the picture.
    page.wait_for_selector("[data-testid=slide-picture][data-state=ready] img", timeout=120_000)
    page.wait_for_function(
        "() => { const img = document.querySelector('[data-testid=slide-picture] img');"
        " return img && img.complete && img.naturalWidth > 0; }",
        timeout=30_000,
    )
    width = page.evaluate("() => document.querySelector('[data-testid=slide-picture] img').naturalWidth")
    assert width == 480
    assert refused == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "workbench-slide-pictures.png"), full_page=True)

    # The export area leads to the preview of the translated deck: drawn, then shown page by page.
    page.click("[data-testid=export-preview]")
    page.click("[data-testid=preview-translated]")
    page.wait_for_selector("[data-testid=preview-pages] img", timeout=120_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=preview-pages] img')]"
        ".every(img => img.complete && img.naturalWidth > 0)",
        timeout=30_000,
    )
    assert page.locator("[data-testid=preview-pages] img").count() == material.versions.get().slides
    assert refused == []
    page.screenshot(path=str(SHOTS / "preview-translated.png"), full_page=True)


def test_a_word_documents_page_is_shown_beside_its_segments(page):
    material = make_material(FIXTURES / "documents" / "poi-IllustrativeCases.docx", title="Illustrative cases")
    log_in(page, material.translator.username, PASSWORD)
    page.goto(reverse("workbench:edit", args=[material.pk]))
    assert page.locator("[data-testid=page-pictures]").get_attribute("data-state") == "drawing"
    box = page.locator(".wb-seg textarea").first
    box.fill("还没保存")
    # Once drawn, the block that asked places each page's picture beside its segments, as the page read
    # again would, and goes: the page is not read again, so what was typed stays.
    page.wait_for_selector("[data-testid=page-picture] img", timeout=120_000)
    assert page.locator("[data-testid=page-pictures]").count() == 0
    assert box.input_value() == "还没保存"
    figure = page.locator("[data-testid=page-picture]")
    assert figure.count() == 1 and figure.get_attribute("data-page") == "1"
    page.wait_for_function(
        "() => { const img = document.querySelector('[data-testid=page-picture] img');"
        " return img && img.complete && img.naturalWidth > 0; }",
        timeout=30_000,
    )
    # The picture stands beside the first segments, not above them.
    picture, segment = figure.bounding_box(), page.locator(".wb-seg").first.bounding_box()
    assert segment["x"] + segment["width"] <= picture["x"] + 1 and segment["y"] < picture["y"] + picture["height"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "workbench-document-page.png"), full_page=False)
