"""Segments: keys, reading order, kinds, runs and boxes, on generated files whose content is known."""

from __future__ import annotations

import pytest

from peixun.docengine import Box, Location, Run, extract

from .builders import build_deck, build_document, with_footnote


@pytest.fixture(scope="module")
def deck_segments():
    return extract(build_deck(), "pptx")


@pytest.fixture(scope="module")
def document_segments():
    return extract(with_footnote(build_document()), "docx")


def test_deck_segments_come_in_reading_order_with_path_keys(deck_segments):
    assert [(segment.key, segment.kind, segment.text) for segment in deck_segments] == [
        ("s1/sp5/p0", "paragraph", "Draft for the academy"),
        ("s1/sp2/p0", "paragraph", "Sponge cities in practice"),
        ("s1/sp3/p0", "paragraph", "Green roofs hold rain"),
        ("s1/sp3/p1", "paragraph", "Permeable paving covers 35% of streets"),
        ("s1/sp3/p2", "paragraph", "First line\nsecond line"),
        ("s1/sp3/p3", "paragraph", "Slide "),
        ("s1/sp6/sp7/p0", "paragraph", "Inside a group"),
        ("s1/sp6/sp8/sp9/p0", "paragraph", "In a nested group"),
        ("s1/sp2-2/p0", "paragraph", "Same id as the title"),
        ("s1/sp4/p0", "paragraph", "Source: city water bureau"),
        ("s1/notes/p0", "notes", "Ask about rainfall in their city."),
        ("s1/notes/p1", "notes", "Show the Wuhan photographs."),
        ("s2/sp2/p0", "paragraph", "Results"),
        ("s2/sp3/r0c0/p0", "table-cell", "District"),
        ("s2/sp3/r0c1/p0", "table-cell", "Runoff cut"),
        ("s2/sp3/r1c0/p0", "table-cell", "Old town"),
        ("s2/sp4/chart-title/p0", "chart-title", "Emissions by sector"),
        ("s2/sp4/axis1-title/p0", "chart-title", "Mt CO2"),
        ("s2/sp4/ser0/name/pt0", "chart-label", "2020"),
        ("s2/sp4/ser0/cat/pt0", "chart-label", "Transport"),
        ("s2/sp4/ser0/cat/pt1", "chart-label", "Buildings"),
    ]
    assert [segment.order for segment in deck_segments] == list(range(len(deck_segments)))


def test_deck_segments_say_where_they_are(deck_segments):
    by_key = {segment.key: segment for segment in deck_segments}

    assert by_key["s1/sp2/p0"].location == Location("slide", 1)
    assert by_key["s1/notes/p1"].location == Location("notes", 1)
    assert by_key["s2/sp4/chart-title/p0"].location == Location("chart", 2)
    assert by_key["s2/sp4/chart-title/p0"].slide == 2
    assert Location("notes", 1).describe() == "slide 1 notes"


def test_runs_keep_the_explicit_formatting(deck_segments):
    by_key = {segment.key: segment for segment in deck_segments}

    assert by_key["s1/sp3/p1"].runs == (
        Run("Permeable paving covers ", {}),
        Run("35% of streets", {"bold": True, "size": 24.0, "color": "1F4E79"}),
    )
    assert by_key["s1/sp3/p2"].runs == (Run("First line", {}), Run("\n", {}), Run("second line", {}))


def test_boxes_give_the_text_area_less_insets_and_the_font_size(deck_segments):
    by_key = {segment.key: segment for segment in deck_segments}

    # A 4-inch by 0.5-inch text box: 0.1 inch of inset left and right, 0.05 top and bottom.
    assert by_key["s1/sp4/p0"].box == Box(width=3_474_720, height=365_760, font_size=None, autofit=True)
    assert by_key["s1/sp3/p1"].box.font_size == 24.0
    assert by_key["s2/sp3/r0c0/p0"].box == Box(width=1_645_920)
    assert by_key["s1/notes/p0"].box is None


def test_document_segments_cover_body_tables_notes_headers_and_footers(document_segments):
    assert [(segment.key, segment.kind, segment.text) for segment in document_segments] == [
        ("body/p0", "paragraph", "Green financing in Chinese cities"),
        ("body/p1", "paragraph", "Bond issues\tgrew\nin 2023"),
        ("body/p2", "paragraph", "See the central bank"),
        ("body/t0/r0c0/p0", "table-cell", "Instrument"),
        ("body/t0/r0c1/p0", "table-cell", "Volume"),
        ("body/t0/r1c0/p0", "table-cell", "Green bonds"),
        ("body/t0/r1c1/t0/r0c0/p0", "table-cell", "Nested cell"),
        ("body/p3", "paragraph", "End of the first section"),
        ("body/p4", "paragraph", "Second section text"),
        ("body/p6", "paragraph", "Third section text"),
        ("footnote1/p0", "footnote", "Data from the 2023 bulletin."),
        ("header1/p0", "header", "Peixun training materials"),
        ("footer1/p0", "footer", "Confidential"),
        ("header2/p0", "header", "Annex"),
    ]


def test_a_word_paragraph_has_the_width_of_its_page_less_margins(document_segments):
    # python-docx's default page: 8.5 inches wide, margins of 1.25 inches.
    assert document_segments[0].box == Box(width=6 * 914_400, height=None, font_size=None)
    assert document_segments[0].location == Location("body")


def test_an_empty_file_part_gives_no_segments():
    import io

    from pptx import Presentation

    out = io.BytesIO()
    Presentation().save(out)

    assert extract(out.getvalue(), "pptx") == []


def test_shapes_with_nearly_the_same_top_read_left_to_right():
    import io

    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    for left, top, text in ((5, 1.05, "right column"), (0.5, 1.0, "left column"), (0.5, 2.0, "below")):
        slide.shapes.add_textbox(Inches(left), Inches(top), Inches(4), Inches(0.5)).text_frame.text = text
    out = io.BytesIO()
    prs.save(out)

    assert [segment.text for segment in extract(out.getvalue(), "pptx")] == ["left column", "right column", "below"]
