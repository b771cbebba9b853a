"""What export keeps and changes around a translated paragraph: fields, breaks, links, sections, layout."""

from __future__ import annotations

import io

from lxml import etree

from peixun.docengine import export, extract
from peixun.docengine.extract import locate

from .builders import build_deck, build_document

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def element(data: bytes, kind: str, key: str):
    _, found = locate(data, kind)
    return next(item.element for item in found if item.key == key)


def test_a_field_stays_where_it_was_after_the_translated_text():
    exported = export(build_deck(), "pptx", {"s1/sp3/p3": "幻灯片 "})

    paragraph = element(exported, "pptx", "s1/sp3/p3")
    assert [child.tag.rpartition("}")[2] for child in paragraph] == ["r", "fld"]
    assert paragraph.find(f"{{{A}}}fld").get("type") == "slidenum"


def test_a_plain_translation_is_one_run_in_the_dominant_formatting():
    exported = export(build_deck(), "pptx", {"s1/sp3/p1": "透水铺装覆盖了35%的街道"})

    segment = next(s for s in extract(exported, "pptx") if s.key == "s1/sp3/p1")
    assert [run.text for run in segment.runs] == ["透水铺装覆盖了35%的街道"]


def test_line_breaks_of_a_translation_become_line_breaks():
    exported = export(build_deck(), "pptx", {"s1/sp3/p0": "绿色屋顶\n蓄积雨水"})

    paragraph = element(exported, "pptx", "s1/sp3/p0")
    assert [child.tag.rpartition("}")[2] for child in paragraph] == ["r", "br", "r"]
    assert paragraph.find(f"{{{A}}}br/{{{A}}}rPr").get("lang") == "zh-CN"


def test_a_chart_title_is_translated_in_the_chart_part():
    from pptx import Presentation

    exported = export(build_deck(), "pptx", {"s2/sp4/chart-title/p0": "各部门排放量"})

    chart = Presentation(io.BytesIO(exported)).slides[1].shapes[2].chart
    assert chart.chart_title.text_frame.text == "各部门排放量"


def test_bilingual_deck_sets_the_original_beneath_at_four_fifths_of_its_size():
    exported = export(build_deck(), "pptx", {"s1/sp3/p1": "透水铺装覆盖了35%的街道"}, mode="bilingual")

    texts = [segment.text for segment in extract(exported, "pptx") if segment.key.startswith("s1/sp3/")]
    assert texts[1:3] == ["透水铺装覆盖了35%的街道", "Permeable paving covers 35% of streets"]
    original = element(exported, "pptx", "s1/sp3/p2")
    assert [run.get("sz") for run in original.iter(f"{{{A}}}rPr")] == ["1900"]  # was 24 pt


def test_word_page_breaks_deleted_text_and_links_survive_a_translation():
    exported = export(build_document(), "docx", {"body/p1": "债券发行\t增长\n于2023年", "body/p2": "参见中央银行"})

    first = element(exported, "docx", "body/p1")
    assert [br.get(f"{{{W}}}type") for br in first.iter(f"{{{W}}}br")] == [None, "page"]
    second = element(exported, "docx", "body/p2")
    assert second.find(f"{{{W}}}hyperlink") is not None
    assert [t.text for t in second.iter(f"{{{W}}}delText")] == [" (old text)"]
    texts = {segment.key: segment.text for segment in extract(exported, "docx")}
    assert (texts["body/p1"], texts["body/p2"]) == ("债券发行\t增长\n于2023年", "参见中央银行")


def test_bilingual_word_keeps_the_section_break_on_the_last_of_the_pair():
    import docx

    data = build_document()
    exported = export(data, "docx", {"body/p3": "第一节结束", "body/p0": "中国城市的绿色金融"}, mode="bilingual")

    # Each translated paragraph is followed by its original: body/p3 is now body/p4 and body/p5.
    translated, original = element(exported, "docx", "body/p4"), element(exported, "docx", "body/p5")
    assert translated.find(f"{{{W}}}pPr/{{{W}}}sectPr") is None
    assert original.find(f"{{{W}}}pPr/{{{W}}}sectPr") is not None
    assert len(docx.Document(io.BytesIO(exported)).sections) == len(docx.Document(io.BytesIO(data)).sections)
    heading = element(exported, "docx", "body/p1")
    assert "".join(t.text for t in heading.iter(f"{{{W}}}t")) == "Green financing in Chinese cities"


def test_the_changed_part_is_well_formed_and_declares_itself_utf8():
    exported = export(build_deck(), "pptx", {"s1/sp2/p0": "海绵城市实践"})

    import zipfile

    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        raw = archive.read("ppt/slides/slide1.xml")
    assert raw.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>")
    assert etree.fromstring(raw) is not None
