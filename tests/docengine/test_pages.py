"""Finding the page each segment of a Word document is on, in the text of the pages LibreOffice drew."""

from __future__ import annotations

import pytest

from peixun.docengine import extract
from peixun.docengine.pages import _letters, locate
from peixun.docengine.render import libreoffice, render_pages
from tests.shared_fixtures import FIXTURES

needs_libreoffice = pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice (soffice on PATH)")

FIRST_PAGE_HEADER = FIXTURES / "formatting" / "poi-DiffFirstPageHeadFoot.docx"
CASES = FIXTURES / "documents" / "poi-IllustrativeCases.docx"


def test_each_text_is_found_on_its_page_in_document_order():
    pages = [
        "Header of every page\r\nSponge cities\r\nThe first chapter on sponge cities begins here and runs on",
        "Header of every page\r\nto the second page.\r\nSponge cities\r\nA second chapter.",
    ]
    texts = [
        "Sponge cities",
        "The first chapter on sponge cities begins here and runs on to the second page.",
        "Sponge cities",  # the same words again: found after the first chapter, on page 2
        "A second chapter.",
        "Header of every page",  # extracted last, drawn first: looked for from the first page
        "A comment nobody drew",
    ]
    assert locate(texts, pages) == [1, 1, 2, 2, 1, None]


def test_numbers_are_found_near_the_text_before_them_and_a_gap_between_one_pages_texts_is_on_it():
    pages = ["Gross income\n€\n17,542\nNet income", "Total\n4,992\n12,000"]
    texts = ["Gross income", "€", "17,542", "Net income", "Total", "12,000", "4,992"]
    # "€" has no letter or digit to find; it lies between two texts of page 1. "4,992" comes after
    # "12,000" in the document but was drawn before it (a table row split between columns).
    assert locate(texts, pages) == [1, 1, 1, 1, 2, 2, 2]


def test_letters_set_aside_case_spaces_punctuation_and_ligatures():
    assert _letters("Ef\ufb01cient  re-use, 2026!") == "efficientreuse2026"


@pytest.fixture(scope="module")
def drawn_first_page_header():
    if libreoffice() is None:
        pytest.skip("needs LibreOffice")
    return render_pages(FIRST_PAGE_HEADER.read_bytes(), "docx")


@needs_libreoffice
def test_a_two_page_document_has_each_paragraph_header_and_footer_on_its_page(drawn_first_page_header):
    segments = extract(FIRST_PAGE_HEADER.read_bytes(), "docx")
    pages = locate([s.text for s in segments], drawn_first_page_header.texts)
    found = dict(zip((s.key for s in segments), pages, strict=True))
    assert drawn_first_page_header.page_count == 2
    # The document says where it is: "End of page 1", "This is page two"; the first page has its own
    # header and footer (header2, footer2), the others the three-column ones (header1, footer1).
    assert found == {
        "body/p0": 1,
        "body/p2": 1,
        "body/p4": 1,
        "body/p7": 1,
        "body/p9": 2,
        "header1/p0": 2,
        "footer1/p0": 2,
        "header2/p0": 1,
        "footer2/p0": 1,
    }


@needs_libreoffice
def test_in_a_long_document_each_segment_found_is_on_the_page_that_shows_it():
    rendered = render_pages(CASES.read_bytes(), "docx", width=120)
    segments = extract(CASES.read_bytes(), "docx")
    found = locate([s.text for s in segments], rendered.texts)

    assert rendered.page_count > 3
    assert sum(page is not None for page in found) >= 0.9 * len(segments)
    assert sorted({page for page in found if page}) == list(range(1, rendered.page_count + 1))
    pages_in_order = [page for page in found if page]
    for segment, page in zip(segments, found, strict=True):
        letters = _letters(segment.text)[:20]
        if page is not None and len(letters) >= 8 and any(c.isalpha() for c in letters):
            # A text's beginning is on its page (or ends it, carried on the next page).
            shown = _letters("".join(rendered.texts[page - 1 : page + 1]))
            assert letters in shown, (segment.key, page)
    # A case's heading is a line of its own on the page LibreOffice drew it on: the foot of one page or the
    # head of the next, as the installed fonts lay the document out; it is found there, not on the page
    # where its paragraph (which begins with the same names) starts.
    for heading in ("Annemarie and Keith", "Lorna and Paul"):
        drawn_on = [n for n, text in enumerate(rendered.texts, 1) if heading in map(str.strip, text.splitlines())]
        assert len(drawn_on) == 1
        assert [found[s.order] for s in segments if s.text == heading] == drawn_on
    assert pages_in_order[0] == 1 and pages_in_order == sorted(pages_in_order[:10]) + pages_in_order[10:]
