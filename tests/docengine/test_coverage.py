"""Every text a reader sees is offered for translation and written back: measured on every shared fixture
against an independent reader of the XML (``visible_text.py``), and on generated text boxes."""

from __future__ import annotations

import copy
import io
import re

import docx
import openpyxl
import pptx
import pytest
from lxml import etree

from peixun.docengine import export, extract
from tests.shared_fixtures import FIXTURES

from .builders import build_document, members_of, zip_of
from .visible_text import characters, visible_texts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
FILES = sorted(
    path
    for folder in ("decks", "documents", "formatting")
    for path in (FIXTURES / folder).iterdir()
    if path.suffix in (".pptx", ".docx")
)
PARAMS = [pytest.param(path.read_bytes(), path.suffix[1:], id=path.name) for path in FILES]
MARK = "译"
#: Files whose offered text differs from what the independent reader counts, and why: none today.
EXCEPTIONS: dict[str, str] = {}


def everything(segments) -> dict[str, str]:
    return {segment.key: f"{MARK}{segment.text}" for segment in segments}


def reopen(data: bytes, kind: str) -> None:
    (pptx.Presentation if kind == "pptx" else docx.Document)(io.BytesIO(data))


@pytest.mark.parametrize(("data", "kind"), PARAMS)
def test_every_visible_character_is_offered_once(data, kind):
    seen = characters(text for texts in visible_texts(data, kind).values() for text in texts)
    offered = characters(segment.text for segment in extract(data, kind))

    assert offered >= 0.99 * seen
    assert offered <= seen  # nothing offered twice (a fallback copy, another series' categories)


@pytest.mark.parametrize(("data", "kind"), PARAMS)
def test_translating_everything_leaves_no_source_text_anywhere(data, kind):
    exported = export(data, kind, everything(extract(data, kind)))

    reopen(exported, kind)
    left = [text for texts in visible_texts(exported, kind).values() for text in texts if not text.startswith(MARK)]
    assert left == []


@pytest.mark.parametrize(("data", "kind"), PARAMS)
def test_an_identity_translation_leaves_every_visible_text_as_it_was(data, kind):
    segments = extract(data, kind)

    exported = export(data, kind, {segment.key: segment.text for segment in segments})

    reopen(exported, kind)
    assert visible_texts(exported, kind) == visible_texts(data, kind)


@pytest.mark.parametrize(("data", "kind"), PARAMS)
def test_a_bilingual_export_keeps_every_original_beneath_its_translation(data, kind):
    segments = extract(data, kind)

    exported = export(data, kind, everything(segments), mode="bilingual")

    reopen(exported, kind)
    texts = {squeezed(text) for texts in visible_texts(exported, kind).values() for text in texts}
    missing = [
        segment.key
        for segment in segments
        if squeezed(segment.text) not in texts and squeezed(f"{MARK}{segment.text}{segment.text}") not in texts
    ]
    assert missing == []


def squeezed(text: str) -> str:
    return "".join(text.split())


def _members(data: bytes) -> dict[str, bytes]:
    return members_of(data)


def test_smartart_is_offered_from_its_data_and_written_to_the_drawing_too():
    data = (FIXTURES / "formatting" / "poi-smartart-simple.pptx").read_bytes()
    segments = [segment for segment in extract(data, "pptx") if segment.kind == "smartart"]

    exported = _members(export(data, "pptx", everything(segments)))

    assert [segment.text for segment in segments] == ["abc", "def", "ghi"]
    for part in ("ppt/diagrams/data1.xml", "ppt/diagrams/drawing1.xml"):
        texts = [t.text for t in etree.fromstring(exported[part]).iter(f"{{{A}}}t")]
        assert texts == ["译abc", "译def", "译ghi"], part


@pytest.mark.parametrize("name", ["poi-bar-chart.pptx", "poi-line-chart.pptx", "pptx-cht-charts.pptx"])
def test_chart_labels_are_written_to_the_cache_and_the_embedded_workbook(name):
    path = next(path for path in FILES if path.name == name)
    data = path.read_bytes()
    segments = extract(data, "pptx")
    labels = [segment for segment in segments if segment.kind == "chart-label"]
    assert any("/cat/" in segment.key for segment in labels)
    assert any("/name/" in segment.key for segment in labels)

    exported = _members(export(data, "pptx", everything(segments)))

    chart = etree.fromstring(next(exported[name] for name in exported if re.match(r"ppt/charts/chart\d+\.xml$", name)))
    cached = [v.text for cache in chart.iter(f"{{{C}}}strCache") for v in cache.iter(f"{{{C}}}v")]
    assert cached and all(text.startswith(MARK) for text in cached)
    book = openpyxl.load_workbook(io.BytesIO(next(v for k, v in exported.items() if k.endswith(".xlsx"))))
    cells = {cell.value for row in book.worksheets[0].iter_rows() for cell in row if isinstance(cell.value, str)}
    assert {f"{MARK}{segment.text}" for segment in labels} <= cells
    assert not {segment.text for segment in labels} & cells


def test_categories_every_series_repeats_are_offered_once_and_written_to_every_series():
    data = (FIXTURES / "decks" / "pptx-cht-charts.pptx").read_bytes()
    segments = extract(data, "pptx")
    categories = [segment for segment in segments if "/cat/" in segment.key]

    exported = _members(export(data, "pptx", everything(segments)))

    assert [segment.text for segment in categories] == [f"Category {n}" for n in range(1, 5)]
    chart = etree.fromstring(exported["ppt/charts/chart1.xml"])
    per_series = [[v.text for v in cat.iter(f"{{{C}}}v")] for cat in chart.iter(f"{{{C}}}cat")]
    assert len(per_series) == 3
    assert all(texts == [f"译Category {n}" for n in range(1, 5)] for texts in per_series)


def test_content_controls_around_table_cells_are_offered_and_unbound_when_translated():
    data = (FIXTURES / "formatting" / "poi-Bug54771b.docx").read_bytes()
    segments = extract(data, "docx")

    exported = export(data, "docx", everything(segments))

    assert [(s.key, s.text) for s in segments] == [
        ("body/t0/r0sdt0c0/p0", "Test"),
        ("body/t0/r1sdt0c0/p0", "Test Subtitle"),
        ("body/t0/r2sdt0c0/p0", "Test User"),
    ]
    document = _members(exported)["word/document.xml"]
    assert b"dataBinding" in _members(data)["word/document.xml"] and b"dataBinding" not in document
    assert [segment.text for segment in extract(exported, "docx")] == ["译Test", "译Test Subtitle", "译Test User"]


def test_comments_are_offered():
    data = (FIXTURES / "documents" / "poi-testComment.docx").read_bytes()

    segments = extract(data, "docx")

    assert [(s.key, s.kind, s.text) for s in segments if s.kind == "comment"] == [
        ("comment0/p0", "comment", "comment content")
    ]


def test_first_and_even_page_headers_and_footers_are_offered():
    data = (FIXTURES / "formatting" / "poi-DiffFirstPageHeadFoot.docx").read_bytes()

    parts = {segment.key.split("/")[0] for segment in extract(data, "docx") if segment.kind in ("header", "footer")}

    assert parts == {"header1", "header2", "footer1", "footer2"}


TEXT_BOX = (
    '<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:extent cx="1828800" cy="914400"/>'
    '<wp:docPr id="1" name="Text Box 1"/><a:graphic><a:graphicData '
    'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>'
    "{paragraphs}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
    "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}"
    "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def with_text_box(data: bytes, *texts: str) -> bytes:
    """``data`` with a text box (DrawingML, and its VML fallback) drawn in the first paragraph."""
    members = members_of(data)
    root = etree.fromstring(members["word/document.xml"])
    paragraphs = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in texts)
    run = etree.fromstring(TEXT_BOX.format(w=W, paragraphs=paragraphs))
    next(root.iter(f"{{{W}}}p")).append(copy.deepcopy(run))
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_of(members)


@pytest.mark.parametrize("mode", ["translated", "bilingual"])
def test_a_text_box_is_offered_once_and_written_to_its_fallback_too(mode):
    data = with_text_box(build_document(), "Sponge cities", "absorb rain")
    boxes = [segment for segment in extract(data, "docx") if segment.kind == "text-box"]

    exported = export(data, "docx", everything(boxes), mode=mode)

    assert [(s.key, s.text) for s in boxes] == [("body/p0/tx0/p0", "Sponge cities"), ("body/p0/tx0/p1", "absorb rain")]
    root = etree.fromstring(_members(exported)["word/document.xml"])
    choice, fallback = (
        ["".join(t.text for t in p.iter(f"{{{W}}}t")) for p in box.iter(f"{{{W}}}p")]
        for box in root.iter(f"{{{W}}}txbxContent")
    )
    expected = ["译Sponge cities", "译absorb rain"]
    if mode == "bilingual":
        expected = ["译Sponge cities", "Sponge cities", "译absorb rain", "absorb rain"]
    assert choice == fallback == expected
    docx.Document(io.BytesIO(exported))
    assert [s.text for s in extract(exported, "docx") if s.kind == "text-box"] == expected


def test_the_paragraph_holding_a_text_box_keeps_it_when_translated():
    data = with_text_box(build_document(), "Sponge cities")
    host = extract(data, "docx")[0]

    exported = export(data, "docx", {host.key: "译文"})

    again = extract(exported, "docx")
    assert again[0].text == "译文"
    assert [(s.key, s.text) for s in again if s.kind == "text-box"] == [("body/p0/tx0/p0", "Sponge cities")]
    assert len(list(etree.fromstring(_members(exported)["word/document.xml"]).iter(f"{{{W}}}txbxContent"))) == 2


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"


def _text_shape(shape_id: int, text: str) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Text {shape_id}"/><p:cNvSpPr txBox="1"/><p:nvPr/>'
        '</p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="6000000"/><a:ext cx="3000000" cy="400000"/></a:xfrm>'
        f"</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"
    )


def deck_with_master_text_and_alternate_content() -> bytes:
    """The generated deck with a text on its slides' layout (not a placeholder) and a shape on slide 1
    wrapped in ``mc:AlternateContent`` (its fallback a copy of it)."""
    from .builders import build_deck

    members = members_of(build_deck())
    namespaces = f'xmlns:a="{A}" xmlns:p="{P}"'
    for name in ("ppt/slideLayouts/slideLayout2.xml", "ppt/slides/slide1.xml"):
        root = etree.fromstring(members[name])
        tree = root.find(f"{{{P}}}cSld/{{{P}}}spTree")
        if "Layout" in name:
            shape = f"<p:wrap {namespaces}>{_text_shape(90, 'Academy of Sustainable Cities')}</p:wrap>"
        else:
            shape = (
                f'<mc:AlternateContent xmlns:mc="{MC}" {namespaces} xmlns:p14="{P14}">'
                f'<mc:Choice Requires="p14">{_text_shape(91, "Rain gardens")}</mc:Choice>'
                f"<mc:Fallback>{_text_shape(91, 'Rain gardens')}</mc:Fallback></mc:AlternateContent>"
            )
        element = etree.fromstring(shape)
        tree.append(element if element.tag == f"{{{MC}}}AlternateContent" else element[0])
        members[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return zip_of(members)


@pytest.mark.parametrize("mode", ["translated", "bilingual"])
def test_layout_text_and_alternate_content_on_a_slide_are_offered_once_and_written_everywhere(mode):
    data = deck_with_master_text_and_alternate_content()
    segments = extract(data, "pptx")
    by_text = {segment.text: segment for segment in segments}

    exported = export(data, "pptx", everything(segments), mode=mode)

    assert by_text["Rain gardens"].key == "s1/sp91/p0"
    assert (by_text["Academy of Sustainable Cities"].key, by_text["Academy of Sustainable Cities"].kind) == (
        "slideLayout2/sp90/p0",
        "master",
    )
    assert [segment.text for segment in segments].count("Rain gardens") == 1
    pptx.Presentation(io.BytesIO(exported))
    slide = etree.fromstring(_members(exported)["ppt/slides/slide1.xml"])
    for branch in ("Choice", "Fallback"):
        texts = [t.text for t in slide.find(f".//{{{MC}}}{branch}").iter(f"{{{A}}}t")]
        assert texts == (["译Rain gardens"] if mode == "translated" else ["译Rain gardens", "Rain gardens"])
    assert characters(s.text for s in segments) == characters(
        text for texts in visible_texts(data, "pptx").values() for text in texts
    )
