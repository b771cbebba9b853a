"""A translator opens the workbench of a real deck in chromium: the slide's picture is drawn in the
background and appears beside its segments, with no inline script (the CSP forbids it)."""

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


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_slide_picture_loads_beside_its_segments(page):
    material = make_material(FIXTURES / "decks" / "pptx-sld-notes.pptx", title="Notes deck")
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
