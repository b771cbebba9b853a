"""Export with tags: each span keeps its own run properties and link; untagged text the dominant formatting."""

from __future__ import annotations

import io

import pytest
from lxml import etree

from peixun.docengine import Tagged, export, extract

from .builders import R, W, _saved


def mixed_deck() -> bytes:
    """One paragraph: a bold term, a plain stretch, an italic red link, plain, a second link."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(8), Inches(2)).text_frame
    paragraph = frame.paragraphs[0]
    for text, bold, italic, link in (
        ("Sponge city", True, None, None),
        (" means a city that ", None, None, None),
        ("absorbs rain", None, True, "https://example.org/rain"),
        (" and then ", None, None, None),
        ("reuses it", None, None, "https://example.org/reuse"),
    ):
        run = paragraph.add_run()
        run.text = text
        run.font.bold = bold
        run.font.italic = italic
        if italic:
            run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
        if link:
            run.hyperlink.address = link
    frame.add_paragraph().add_run().text = "Short"
    second = frame.paragraphs[1]
    tail = second.add_run()
    tail.text = " and a much longer italic explanation"
    tail.font.italic = True
    second.runs[0].font.bold = True
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()


def runs_of_first_box(data: bytes, paragraph: int = 0):
    from pptx import Presentation

    shape = Presentation(io.BytesIO(data)).slides[0].shapes[0]
    return shape.text_frame.paragraphs[paragraph].runs


def test_a_deck_paragraph_is_tagged_against_its_dominant_formatting():
    segment = extract(mixed_deck(), "pptx")[0]

    assert (
        str(segment.tagged)
        == "<g1>Sponge city</g1> means a city that <a2><g3>absorbs rain</g3></a2> and then <a4>reuses it</a4>"
    )
    assert [(tag.name, tag.label) for tag in segment.tags] == [
        ("g1", "bold"),
        ("a2", "link"),
        ("g3", "italic, #C00000"),
        ("a4", "link"),
    ]


def test_a_tagged_chinese_translation_keeps_each_runs_formatting_and_every_link():
    data = mixed_deck()
    key = extract(data, "pptx")[0].key
    translation = Tagged.parse("<g1>海绵城市</g1>是指<a2><g3>吸收雨水</g3></a2>并<a4>再利用</a4>的城市")

    runs = runs_of_first_box(export(data, "pptx", {key: translation}))

    assert [(run.text, run.font.bold, run.font.italic) for run in runs] == [
        ("海绵城市", True, None),
        ("是指", None, None),
        ("吸收雨水", None, True),
        ("并", None, None),
        ("再利用", None, None),
        ("的城市", None, None),
    ]
    assert [run.hyperlink.address for run in runs] == [
        None,
        None,
        "https://example.org/rain",
        None,
        "https://example.org/reuse",
        None,
    ]
    assert str(runs[2].font.color.rgb) == "C00000"


def test_a_translation_may_move_spans_and_keeps_their_formatting():
    data = mixed_deck()
    key = extract(data, "pptx")[0].key

    runs = runs_of_first_box(
        export(data, "pptx", {key: Tagged.parse("<a4>再利用</a4>和<a2><g3>雨</g3></a2><g1>海绵</g1>")})
    )

    assert [(run.text, run.font.bold, run.hyperlink.address) for run in runs] == [
        ("再利用", None, "https://example.org/reuse"),
        ("和", None, None),
        ("雨", None, "https://example.org/rain"),
        ("海绵", True, None),
    ]


def test_a_plain_translation_takes_the_dominant_formatting_not_the_first_runs():
    data = mixed_deck()
    key = extract(data, "pptx")[1].key

    runs = runs_of_first_box(export(data, "pptx", {key: "简短，后面是更长的斜体解释"}), paragraph=1)

    assert [(run.text, run.font.bold, run.font.italic) for run in runs] == [("简短，后面是更长的斜体解释", None, True)]


def test_unknown_tags_are_ignored_and_a_lost_field_is_kept_at_the_end():
    from .builders import build_deck

    data = build_deck()
    segment = next(segment for segment in extract(data, "pptx") if segment.key == "s1/sp3/p3")
    assert str(segment.tagged) == "Slide <x1/>"

    again = extract(export(data, "pptx", {segment.key: Tagged.parse("幻灯片<g9>第</g9>页")}), "pptx")

    assert str(next(s for s in again if s.key == segment.key).tagged) == "幻灯片第页<x1/>"


def linked_document() -> bytes:
    """A Word paragraph with a bold run, two hyperlinks (the second not first in the paragraph) and a
    HYPERLINK field; and one whose runs sit in a content control."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document()
    paragraph = document.add_paragraph("See the ")
    paragraph.add_run("central bank").bold = True
    paragraph.add_run(" site, ")
    for number, url in enumerate(("https://www.pbc.gov.cn/", "https://www.mof.gov.cn/")):
        rid = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
        hyperlink = etree.SubElement(paragraph._p, f"{{{W}}}hyperlink", {f"{{{R}}}id": rid})
        etree.SubElement(etree.SubElement(hyperlink, f"{{{W}}}r"), f"{{{W}}}t").text = f"link {number + 1}"
        paragraph.add_run(" and ")
    for content in ("begin", "instr", "separate", "result", "end"):
        run = paragraph.add_run()
        if content == "instr":
            etree.SubElement(run._r, f"{{{W}}}instrText").text = ' HYPERLINK "https://www.stats.gov.cn/" '
        elif content == "result":
            run.text = "statistics"
        else:
            etree.SubElement(run._r, f"{{{W}}}fldChar", {f"{{{W}}}fldCharType": content})
    controlled = document.add_paragraph()
    sdt = etree.SubElement(controlled._p, f"{{{W}}}sdt")
    etree.SubElement(etree.SubElement(sdt, f"{{{W}}}sdtPr"), f"{{{W}}}alias", {f"{{{W}}}val": "Title"})
    content = etree.SubElement(sdt, f"{{{W}}}sdtContent")
    etree.SubElement(etree.SubElement(content, f"{{{W}}}r"), f"{{{W}}}t").text = "Controlled text"
    return _saved(document)


def test_word_links_fields_and_content_controls_are_tags_and_survive_a_chinese_translation():
    import docx

    data = linked_document()
    first, second = extract(data, "docx")[:2]
    assert str(first.tagged) == (
        "See the <g1>central bank</g1> site, <a2>link 1</a2> and <a3>link 2</a3> and <x4/>statistics<x5/>"
    )
    assert str(second.tagged) == "<g1>Controlled text</g1>"
    assert second.tags[0].label == "content control"

    exported = export(
        data,
        "docx",
        {
            first.key: Tagged.parse("见<g1>中央银行</g1>网站，<a2>链接一</a2>和<a3>链接二</a3>以及<x4/>统计<x5/>"),
            second.key: Tagged.parse("<g1>受控文本</g1>"),
        },
    )

    document = docx.Document(io.BytesIO(exported))
    paragraph = document.paragraphs[0]
    links = paragraph._p.findall(f"{{{W}}}hyperlink")
    targets = [document.part.rels[link.get(f"{{{R}}}id")].target_ref for link in links]
    assert targets == ["https://www.pbc.gov.cn/", "https://www.mof.gov.cn/"]
    assert ["".join(t.text for t in link.iter(f"{{{W}}}t")) for link in links] == ["链接一", "链接二"]
    assert [(run.text, run.bold) for run in paragraph.runs if run.bold] == [("中央银行", True)]
    kinds = [c.get(f"{{{W}}}fldCharType") for c in paragraph._p.iter(f"{{{W}}}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    assert "".join(paragraph._p.itertext(f"{{{W}}}instrText")).strip().startswith("HYPERLINK")
    sdt = document.paragraphs[1]._p.find(f"{{{W}}}sdt")
    assert sdt.find(f"{{{W}}}sdtPr/{{{W}}}alias").get(f"{{{W}}}val") == "Title"
    assert "".join(t.text for t in sdt.find(f"{{{W}}}sdtContent").iter(f"{{{W}}}t")) == "受控文本"
    again = extract(exported, "docx")
    assert again[0].text == "见中央银行网站，链接一和链接二以及统计"


@pytest.mark.parametrize("mode", ["translated", "bilingual"])
def test_a_plain_word_translation_stays_inside_the_link_its_largest_run_was_in(mode):
    data = linked_document()
    second = extract(data, "docx")[1]

    exported = export(data, "docx", {second.key: "受控文本"}, mode=mode)

    again = next(segment for segment in extract(exported, "docx") if segment.key == second.key)
    assert str(again.tagged) == "<g1>受控文本</g1>"


def reopen(data: bytes, kind: str) -> None:
    if kind == "pptx":
        from pptx import Presentation

        assert Presentation(io.BytesIO(data)).slides[0].shapes[0].text_frame is not None
    else:
        import docx

        assert docx.Document(io.BytesIO(data)).paragraphs[0].text is not None


def _expected_plain(source: Tagged, translation: Tagged) -> str:
    """What export writes for ``translation``: its text, each known placeholder once (unknown and repeated
    tags ignored), a field it lost at the end (fields have no plain text)."""
    known = {(tag.kind, tag.id) for tag in source.tags}
    seen, parts = set(), []
    for item in translation.items:
        if isinstance(item, str):
            parts.append(item)
        elif item.role == "empty" and (item.kind, item.id) in known and (item.kind, item.id) not in seen:
            seen.add((item.kind, item.id))
            parts.append({"br": "\n", "tab": "\t"}.get(item.kind, ""))
    return "".join(parts)


@pytest.mark.parametrize("build", [mixed_deck, linked_document], ids=["pptx", "docx"])
def test_export_writes_any_shuffle_of_the_tags_without_losing_text_or_failing(build):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from peixun.docengine import Tag

    data = build()
    kind = "pptx" if build is mixed_deck else "docx"
    segment = extract(data, kind)[0]
    pieces = [*segment.tagged.items, "中文", "R&D <5>", Tag("g", 40, "open"), Tag("x", 41, "empty")]

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(pieces), max_size=14))
    def check(items):
        translation = Tagged(tuple(items))
        exported = export(data, kind, {segment.key: translation})
        texts = {s.key: s.text for s in extract(exported, kind)}
        expected = _expected_plain(segment.tagged, translation)
        # A translation without words leaves an empty paragraph, which is no segment.
        assert texts.get(segment.key, "") == (expected if expected.strip() else "")
        reopen(exported, kind)

    check()
