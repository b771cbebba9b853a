"""Pictures of slides and pages: LibreOffice draws real decks and a real document, one bounded PNG per
slide or page; a broken file and a machine without LibreOffice get the engine's own error."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from peixun.docengine.render import MAX_ASPECT, RenderError, libreoffice, render_pages
from tests.shared_fixtures import FIXTURES

from .conftest import LIBREOFFICE

needs_libreoffice = pytest.mark.skipif(LIBREOFFICE is None, reason="needs LibreOffice (soffice on PATH)")

DECKS = ["pptx-sld-notes.pptx", "pptx-tbl-cell.pptx", "poi-table_test.pptx"]


def slide_count(path) -> int:
    from pptx import Presentation

    return len(Presentation(str(path)).slides)


def sizes(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        return image.size


@needs_libreoffice
@pytest.mark.parametrize("name", DECKS)
def test_a_deck_gives_one_picture_per_slide(name):
    path = FIXTURES / "decks" / name
    rendered = render_pages(path.read_bytes(), "pptx", width=320)
    assert rendered.page_count == slide_count(path)
    assert len(rendered.pages) == rendered.page_count and not rendered.truncated
    for png in rendered.pages:
        width, height = sizes(png)
        assert width == 320
        assert 0 < height <= 320 * MAX_ASPECT


@needs_libreoffice
def test_a_document_gives_its_pages_and_the_page_limit_holds():
    data = (FIXTURES / "documents" / "poi-IllustrativeCases.docx").read_bytes()
    rendered = render_pages(data, "docx", width=200, max_pages=1)
    assert rendered.page_count >= 1
    assert len(rendered.pages) == 1
    width, height = sizes(rendered.pages[0])
    assert width == 200 and height <= 200 * MAX_ASPECT


@needs_libreoffice
def test_a_broken_file_is_the_engines_error():
    broken = sorted((FIXTURES / "malformed").glob("*.pptx"))[0].read_bytes()
    with pytest.raises(RenderError) as raised:
        render_pages(broken, "pptx")
    assert raised.value.code in {"failed", "bad_pdf"}


def test_a_file_that_is_no_office_package_is_refused_before_libreoffice():
    with pytest.raises(RenderError) as raised:
        render_pages(b"not a zip at all", "pptx")
    assert raised.value.code == "broken"


def test_without_libreoffice_the_lookup_says_so_and_rendering_refuses(tmp_path):
    assert libreoffice(str(tmp_path)) is None
    with pytest.raises(RenderError) as raised:
        render_pages(b"PK\x03\x04", "pptx", search_path=str(tmp_path))
    assert raised.value.code == "unavailable"


def test_only_decks_and_documents_are_drawn():
    with pytest.raises(RenderError) as raised:
        render_pages(b"%PDF-1.4", "pdf")
    assert raised.value.code == "unsupported"
