"""Inline tags in the workbench: chips shown, placed, checked on save, carried by the memory and TMX, and
written back where the translator put them (real fixtures reopened in python-pptx and python-docx)."""

from __future__ import annotations

import io

import docx
import pptx
import pytest
from django.test import TestCase
from django.urls import reverse
from pptx.enum.dml import MSO_COLOR_TYPE

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.docengine import Tagged, extract, read_tmx
from peixun.jobs.enums import JobState
from peixun.materials import memory
from peixun.materials.enums import EntryOrigin, SegmentStatus
from peixun.materials.models import MemoryEntry, Segment
from peixun.materials.workbench import selectors, services
from tests.factories import PASSWORD, UserFactory
from tests.jobs.flow import job_of, post_and_run
from tests.shared_fixtures import FIXTURES

from .helpers import SMALL_DECK, make_material

pytestmark = pytest.mark.django_db

LINK_DOCUMENT = FIXTURES / "formatting" / "poi-TestDocument.docx"  # body/p4: We have a <a1><g2>hyperlink</g2></a1> here
BOLD_DECK = FIXTURES / "decks" / "poi-aascu.org_workarea_downloadasset.aspx_id=5864.pptx"  # s1/sp12/p0
ITALIC = "<g1>Italic = True</g1> Italic = False<g2> Italic = None</g2>"  # SMALL_DECK's s1/sp2/p0


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


def segment_of(material, key: str) -> Segment:
    return Segment.objects.get(version__material=material, key=key)


def save(client, material, segment, target, status="translated"):
    client.login(username=material.translator.username, password=PASSWORD)
    return client.post(
        reverse("workbench:save_segment", args=[material.pk, segment.pk]),
        {"target": target, "status": status},
        headers={"HX-Request": "true"},
    )


def exported(client, material, mode="translated") -> bytes:
    """The export as the workbench's button asks for it: a job, run when the request commits, then its file."""
    url = reverse("workbench:export", args=[material.pk])
    job = job_of(post_and_run(client, TestCase.captureOnCommitCallbacks, url, {"mode": mode}))
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, job.error_code
    return b"".join(client.get(job.result["url"]).streaming_content)


# --- stored, shown -----------------------------------------------------------------------------------


def test_extracted_segments_keep_their_tagged_source_and_what_each_tag_is(client):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    assert segment.source_tagged == ITALIC
    assert segment.source == "Italic = True Italic = False Italic = None"
    assert segment.tags[0] == {"name": "g1", "kind": "g", "label": "italic"}
    assert segment_of(material, "s2/sp2/p0").source_tagged == ""


def test_an_upload_stores_the_tagged_source(world):
    material = world.material(SMALL_DECK)
    segment = Segment.objects.get(version__material=material, key="s1/sp2/p0")
    assert segment.source_tagged == ITALIC


def test_the_source_shows_numbered_chips_with_words_and_buttons_to_place_them(client, settings):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    client.login(username=material.translator.username, password=PASSWORD)
    html = client.get(reverse("workbench:edit", args=[material.pk])).content.decode()
    assert '<span aria-hidden="true">{1}</span><span class="sr-only">italic start 1</span>' in html
    assert '<span class="sr-only">italic end 1</span>' in html
    assert f'id="chips-{segment.pk}"' in html and 'data-order="1o 1c 2o 2c "' in html
    assert 'data-chip="{1}" data-closing="{/1}"' in html
    assert "Insert italic start 1" in html and "Insert the next tag" in html and "Copy the original's tags" in html

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    html = client.get(reverse("workbench:edit", args=[material.pk])).content.decode()
    assert '<span class="sr-only">斜体 开始 1</span>' in html
    assert "插入下一个标记" in html and "复制原文的标记" in html


# --- saved or refused ----------------------------------------------------------------------------------


def test_a_translation_with_its_tags_is_saved_tagged_and_shown_as_markup_again(client):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    response = save(client, material, segment, "{2}无斜体{/2}，{1}斜体{/1}，不斜体")
    assert response.status_code == 200 and b"save-error" not in response.content
    segment.refresh_from_db()
    assert segment.target == "无斜体，斜体，不斜体"
    assert segment.target_tagged == "<g2>无斜体</g2>，<g1>斜体</g1>，不斜体"
    assert segment.status == SegmentStatus.TRANSLATED
    event = AuditEvent.objects.get(action="segment.translated")
    assert event.changes["target_tagged"] == ["", "<g2>无斜体</g2>，<g1>斜体</g1>，不斜体"]
    # The box shows it again as typed; the reordering is a warning, not a refusal.
    assert "{2}无斜体{/2}，{1}斜体{/1}，不斜体</textarea>" in response.content.decode()
    assert "another order than in the original" in response.content.decode()


@pytest.mark.parametrize(
    "typed,english,chinese",
    [
        ("斜体，不斜体", "Tag {1}…{/1} (italic) of the original is missing", "译文缺少原文的标记 {1}…{/1} (斜体)"),
        ("{1}斜体{/1}{2}无{/2}{3}多{/3}", "Tag {3} is not in the original", "标记 {3} 不在原文中"),
        ("{1}斜体{2}无{/2}", "is opened but never closed", "已开始但没有结束"),
        ("{1}斜体{2}无{/1}{/2}", "closes inside another tag", "在它应包含的另一个标记内部结束"),
        ("{1}斜体{/1}{2}无{/2} {1", "a brace that is not part of a tag, at character 19", "第 19 个字符处"),
        ("<script>alert(1)</script>{1}斜{/1}{2}无{/2}", "looks like an HTML tag", "看起来是 HTML 标签"),
    ],
)
def test_faulty_tags_refuse_the_save_naming_the_tag_and_nothing_is_written(client, settings, typed, english, chinese):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    response = save(client, material, segment, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="save-error"' in html
    assert english in html.replace("&#x27;", "'")
    assert "<script>alert" not in html  # hostile text comes back escaped, in the box and the message
    segment.refresh_from_db()
    assert (segment.target, segment.target_tagged, segment.status) == ("", "", SegmentStatus.UNTRANSLATED)
    assert not AuditEvent.objects.filter(action="segment.translated").exists()
    # What was typed stays in the box to be corrected.
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= (1 if "<script>" in typed else 0)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    assert chinese in save(client, material, segment, typed).content.decode()


def test_a_reader_cannot_save_tags_either(client):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    lecturer = material.lecturer.user
    client.login(username=lecturer.username, password=PASSWORD)
    response = client.post(
        reverse("workbench:save_segment", args=[material.pk, segment.pk]),
        {"target": "{1}斜体{/1}{2}无{/2}", "status": "translated"},
    )
    assert response.status_code == 403
    other = UserFactory(role=Role.TRANSLATOR)
    client.login(username=other.username, password=PASSWORD)
    response = client.post(
        reverse("workbench:save_segment", args=[material.pk, segment.pk]),
        {"target": "{1}斜体{/1}{2}无{/2}", "status": "translated"},
    )
    assert response.status_code in (403, 404)
    segment.refresh_from_db()
    assert segment.target == ""


# --- export: the formatting where the translator put it ----------------------------------------------


def test_a_link_and_its_formatting_go_where_the_translator_put_them_in_word(client):
    material = make_material(LINK_DOCUMENT)
    segment = segment_of(material, "body/p4")
    assert segment.source_tagged == "We have a <a1><g2>hyperlink</g2></a1> here, and another."
    assert b"save-error" not in save(client, material, segment, "{1}{2}超链接{/2}{/1}在这里，还有另一个。").content
    document = docx.Document(io.BytesIO(exported(client, material)))
    original = docx.Document(LINK_DOCUMENT)
    paragraph, before = document.paragraphs[4], original.paragraphs[4]
    assert paragraph.text == "超链接在这里，还有另一个。"
    content = list(paragraph.iter_inner_content())
    link = content[0]
    assert type(link).__name__ == "Hyperlink"
    assert link.text == "超链接"
    assert link.address == before.hyperlinks[0].address == "http://poi.apache.org/"
    assert [run.style.name for run in link.runs] == ["Internet Link"]
    rest = content[1:]
    assert all(type(item).__name__ == "Run" for item in rest)
    assert "".join(run.text for run in rest) == "在这里，还有另一个。"
    assert {run.style.name for run in rest} == {"Default Paragraph Font"}
    assert len(paragraph.hyperlinks) == 1


def test_a_bold_coloured_span_stays_on_the_words_the_translator_chose_in_a_deck(client):
    material = make_material(BOLD_DECK)
    segment = segment_of(material, "s1/sp12/p0")
    assert segment.source_tagged == "The Achievement Gap Initiative <g1>At Harvard University</g1>"
    assert b"save-error" not in save(client, material, segment, "{1}哈佛大学{/1}的成就差距倡议").content
    deck = pptx.Presentation(io.BytesIO(exported(client, material)))
    shape = next(shape for shape in deck.slides[0].shapes if shape.shape_id == 12)
    runs = shape.text_frame.paragraphs[0].runs
    assert "".join(run.text for run in runs) == "哈佛大学的成就差距倡议"

    def colour(run):
        return str(run.font.color.rgb) if run.font.color.type == MSO_COLOR_TYPE.RGB else None

    formats = [(run.text, run.font.bold, run.font.name, colour(run)) for run in runs]
    assert formats == [
        ("哈佛大学", True, "Times New Roman", "CC0000"),
        ("的成就差距倡议", True, "Times New Roman", None),
    ]


def test_italic_spans_follow_the_translation_in_a_deck(client):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    save(client, material, segment, "{2}无{/2}，{1}斜体{/1}，不斜体")
    deck = pptx.Presentation(io.BytesIO(exported(client, material)))
    shape = next(shape for shape in deck.slides[0].shapes if shape.has_text_frame and shape.text_frame.text)
    runs = [(run.text, run.font.italic) for run in shape.text_frame.paragraphs[0].runs]
    assert runs == [("无", None), ("，", False), ("斜体", True), ("，不斜体", False)]


def test_a_translation_saved_without_its_tags_still_exports_and_is_flagged(client):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    # A row saved before tags were kept: a plain translation of a tagged source.
    Segment.objects.filter(pk=segment.pk).update(target="旧的译文", status=SegmentStatus.TRANSLATED)
    segment.refresh_from_db()
    assert segment.lost_tags
    client.login(username=material.translator.username, password=PASSWORD)
    html = client.get(reverse("workbench:edit", args=[material.pk])).content.decode()
    assert 'data-testid="lost-tags"' in html
    assert "saved without the original&#x27;s formatting tags" in html
    assert "旧的译文</textarea>" in html
    deck = pptx.Presentation(io.BytesIO(exported(client, material)))
    shape = next(shape for shape in deck.slides[0].shapes if shape.has_text_frame and shape.text_frame.text)
    runs = shape.text_frame.paragraphs[0].runs
    assert [run.text for run in runs] == ["旧的译文"]
    assert {s.key: s.text for s in extract(exported(client, material), "pptx")}["s1/sp2/p0"] == "旧的译文"
    # Saving it again with its tags clears the flag.
    save(client, material, segment, "{1}斜体{/1}旧的{2}译文{/2}")
    segment.refresh_from_db()
    assert not segment.lost_tags


# --- memory, machine and TMX ---------------------------------------------------------------------------


def test_approved_tagged_translations_suggest_their_tags_mapped_to_another_segment(client):
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    services.save_segment(actor=material.translator, segment=segment, target="{1}斜体{/1}，{2}无{/2}", done=True)
    assert memory.add_approved_translations(material, segment.version) == 1
    entry = MemoryEntry.objects.get()
    assert (entry.source_tagged, entry.target_tagged) == (ITALIC, "<g1>斜体</g1>，<g2>无</g2>")

    # Another deck whose paragraph has the same words and tags with other numbers.
    other = make_material(SMALL_DECK)
    asked = segment_of(other, "s1/sp2/p0")
    Segment.objects.filter(pk=asked.pk).update(
        source_tagged="<x1/><g2>Italic = True</g2> Italic = False<g3> Italic = None</g3>",
        tags=[
            {"name": "x1", "kind": "x", "label": "field"},
            {"name": "g2", "kind": "g", "label": "italic"},
            {"name": "g3", "kind": "g", "label": "formatting"},
        ],
    )
    asked.refresh_from_db()
    (suggestion,) = selectors.segment_views([asked])[0].suggestions
    assert suggestion.markup is not None
    # The field is not in the remembered source: the structure differs, so the words come without tags.
    assert suggestion.untagged and suggestion.markup == "斜体，无"

    Segment.objects.filter(pk=asked.pk).update(
        source_tagged="<g7>Italic = True</g7> Italic = False<g9> Italic = None</g9>",
        tags=[{"name": "g7", "kind": "g", "label": "italic"}, {"name": "g9", "kind": "g", "label": "formatting"}],
    )
    asked.refresh_from_db()
    (suggestion,) = selectors.segment_views([asked])[0].suggestions
    assert suggestion.markup == "{7}斜体{/7}，{9}无{/9}" and not suggestion.untagged
    assert 'data-tag="g7"' in suggestion.html and "italic start 7" in suggestion.html

    client.login(username=other.translator.username, password=PASSWORD)
    html = client.get(reverse("workbench:edit", args=[other.pk])).content.decode()
    assert 'data-suggestion="{7}斜体{/7}，{9}无{/9}"' in html
    # Taking it saves as it is: its tags are this segment's.
    response = save(client, other, asked, "{7}斜体{/7}，{9}无{/9}")
    assert b"save-error" not in response.content


def test_tmx_export_and_import_keep_the_tags(staff):
    MemoryEntry.objects.create(
        source="Italic = True Italic = False Italic = None",
        target="斜体，无",
        source_tagged=ITALIC,
        target_tagged="<g1>斜体</g1>，<g2>无</g2>",
        origin=EntryOrigin.APPROVED,
    )
    data = memory.export_tmx()
    (unit,) = read_tmx(data)
    assert str(unit.tagged_source) == ITALIC
    assert str(unit.tagged_target) == "<g1>斜体</g1>，<g2>无</g2>"
    assert b"<bpt" in data and b"<ept" in data

    MemoryEntry.objects.all().delete()
    added = memory.import_tmx(actor=staff, file=io.BytesIO(data))
    assert added == 1
    entry = MemoryEntry.objects.get()
    assert (entry.source, entry.target) == ("Italic = True Italic = False Italic = None", "斜体，无")
    assert (entry.source_tagged, entry.target_tagged) == (ITALIC, "<g1>斜体</g1>，<g2>无</g2>")
    found = selectors.translation_memory().suggest(Tagged.parse(ITALIC))
    assert str(found[0].tagged) == "<g1>斜体</g1>，<g2>无</g2>"


def test_machine_suggestions_are_asked_with_chips_and_shown_with_them():
    material = make_material(SMALL_DECK)
    segment = segment_of(material, "s1/sp2/p0")
    assert selectors.machine_source(segment) == "{1}Italic = True{/1} Italic = False{2} Italic = None{/2}"
    shown = selectors.machine_suggestion(segment, "{1}斜体为真{/1}，斜体为假{2}，斜体为空{/2}")
    assert shown.markup == "{1}斜体为真{/1}，斜体为假{2}，斜体为空{/2}"
    assert shown.target == "斜体为真，斜体为假，斜体为空"
    assert 'data-tag="g2" data-role="close"' in shown.html
    # An answer whose braces are broken is shown as its words, escaped.
    broken = selectors.machine_suggestion(segment, "{1斜体<b>")
    assert "&lt;b&gt;" in broken.html and 'class="tag-chip' not in broken.html
