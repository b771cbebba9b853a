"""Tagged segment text as people see it: chips instead of tag syntax, problems in their language."""

from __future__ import annotations

from django.utils import translation

from peixun.docengine import Tagged, TagProblem, extract, validate
from peixun.materials.tagged_text import render_tagged, tag_problem_message
from tests.docengine.test_tags import mixed_deck


def test_tags_become_chips_and_text_is_escaped():
    html = render_tagged("R&amp;D &lt;script&gt; <g1>bold</g1><br2/>", ())

    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "R&amp;D" in html
    assert html.count('class="tag-chip') == 3
    assert 'data-tag="g1" data-role="open"' in html
    assert 'data-tag="br2" data-role="empty"' in html
    assert "<g1>" not in html and "<br2/>" not in html


def test_a_chip_says_what_its_tag_stands_for_in_the_readers_language():
    segment = extract(mixed_deck(), "pptx")[0]

    with translation.override("zh-hans"):
        html = render_tagged(segment.tagged, segment.tags)

    assert 'title="格式: 粗体"' in html
    assert 'title="链接"' in html
    assert 'title="格式: 斜体, #C00000"' in html
    assert "Sponge city" in html


def test_a_string_that_is_not_tagged_text_is_shown_escaped():
    assert render_tagged("a < b & <b>c</b>") == "a &lt; b &amp; &lt;b&gt;c&lt;/b&gt;"


def test_every_problem_the_validator_reports_has_words_in_both_languages():
    source = Tagged.parse("<g1>Sponge</g1> city<x2/>")
    problems = validate(source, Tagged.parse("</g1>海绵<g1>城市<x3/>"))
    assert {problem.code for problem in problems} == {"tag_unopened", "tag_extra", "tag_missing"}

    english = [tag_problem_message(problem) for problem in problems]
    with translation.override("zh-hans"):
        chinese = [tag_problem_message(problem) for problem in problems]

    assert "Tag x3 is not in the original; remove it." in english
    assert "标记 x3 不在原文中，请删除。" in chinese
    for code in ("tag_syntax", "tag_duplicate", "tag_unclosed", "tag_crossed", "tag_reordered"):
        with translation.override("zh-hans"):
            message = tag_problem_message(TagProblem(code, "g1"))
        assert message != tag_problem_message(TagProblem(code, "g1"))


def test_a_word_link_styled_by_its_character_style_says_so():
    from pathlib import Path

    from tests.shared_fixtures import FIXTURES

    path = Path(FIXTURES) / "formatting" / "poi-TestDocument.docx"
    segment = next(s for s in extract(path.read_bytes(), "docx") if s.tags and s.tags[0].kind == "a")

    with translation.override("zh-hans"):
        html = render_tagged(segment.tagged, segment.tags)

    assert 'title="链接"' in html
    assert 'title="格式: 样式 InternetLink"' in html
