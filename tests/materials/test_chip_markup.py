"""The chip markup of the workbench's text box: read into tagged text, written back, and refused clearly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from peixun.docengine import Tag, Tagged, TagInfo
from peixun.materials.chip_markup import MarkupError, parse_markup, read_translation, to_markup

SOURCE = Tagged.parse("Permeable paving covers <g1>35% of streets</g1><br2/>see <a3>the map</a3><x4/>")
INFOS = [TagInfo("g1", "g", "bold"), TagInfo("a3", "a", "link"), TagInfo("br2", "br", "line break")]

# Text with everything a translator or a deck may hold: braces, angle brackets, entities, CJK, breaks.
TEXT = st.lists(
    st.sampled_from(list("ab 城市{}<>&;/\n\t1") + ["&lt;", "{1}", "<g1>", "}}", "<b>"]), min_size=1, max_size=8
).map("".join)


@st.composite
def tagged_texts(draw) -> Tagged:
    """A random tag structure: text, nested pairs (formatting, links) and placeholders, numbered in order."""
    counter = [0]

    def build(depth: int) -> list:
        items: list = []
        for _ in range(draw(st.integers(0, 4))):
            choice = draw(st.sampled_from(["text", "pair", "placeholder"] if depth < 3 else ["text", "placeholder"]))
            if choice == "text":
                items.append(draw(TEXT))
            elif choice == "placeholder":
                counter[0] += 1
                items.append(Tag(draw(st.sampled_from(["br", "tab", "x"])), counter[0], "empty"))
            else:
                counter[0] += 1
                number, kind = counter[0], draw(st.sampled_from(["g", "a"]))
                items.extend([Tag(kind, number, "open"), *build(depth + 1), Tag(kind, number, "close")])
        return items

    return Tagged(tuple(build(0)))


@settings(max_examples=300, deadline=None)
@given(tagged_texts())
def test_any_tag_structure_round_trips_through_the_markup(tagged):
    markup = to_markup(tagged)
    assert parse_markup(markup, tagged) == tagged
    assert read_translation(markup, tagged) == tagged
    # The canonical string the database keeps reads back the same too.
    assert Tagged.parse(str(read_translation(markup, tagged))) == tagged


@settings(max_examples=200, deadline=None)
@given(tagged_texts(), st.data())
def test_dropping_any_tag_is_refused_naming_it(tagged, data):
    tags = [index for index, item in enumerate(tagged.items) if isinstance(item, Tag)]
    if not tags:
        return
    dropped = data.draw(st.sampled_from(tags))
    damaged = Tagged(tagged.items[:dropped] + tagged.items[dropped + 1 :])
    with pytest.raises(ValidationError) as refused:
        read_translation(to_markup(damaged), tagged)
    number = tagged.items[dropped].id
    assert any(f"{{{number}" in message for message in refused.value.messages)


def test_markup_reads_chips_and_doubled_braces():
    tagged = parse_markup("铺装覆盖{1}35%的街道{/1}{2/}见{3}地图{/3}{4/} {{x}}", SOURCE)
    assert str(tagged) == "铺装覆盖<g1>35%的街道</g1><br2/>见<a3>地图</a3><x4/> {x}"
    assert tagged.plain == "铺装覆盖35%的街道\n见地图 {x}"
    assert to_markup(tagged) == "铺装覆盖{1}35%的街道{/1}{2/}见{3}地图{/3}{4/} {{x}}"


def test_reordered_tags_are_allowed_as_a_language_may_need():
    tagged = read_translation("见{3}地图{/3}{2/}铺装覆盖{1}35%的街道{/1}{4/}", SOURCE)
    assert [tag.name for tag in tagged.tags][:2] == ["a3", "a3"]


@pytest.mark.parametrize(
    "typed,english,chinese",
    [
        ("铺装{2/}见{3}地图{/3}{4/}", "Tag {1}…{/1} (bold) of the original is missing", "原文的标记 {1}…{/1} (粗体)"),
        ("{1}铺装{/1}{2/}见{3}地图{/3}{4/}{9/}", "Tag {9/} is not in the original", "标记 {9/} 不在原文中"),
        ("{1}铺装{/1}{1}{/1}{2/}{3}图{/3}{4/}", "appears more than once", "出现了不止一次"),
        ("{1}铺装{2/}见{3}地图{/3}{4/}", "Tag {1}…{/1} (bold) is opened but never closed", "已开始但没有结束"),
        ("{/1}铺装{1}{2/}{3}图{/3}{4/}", "is closed before it is opened", "在开始之前就结束了"),
        ("{1}铺装{3}见{/1}地图{/3}{2/}{4/}", "closes inside another tag", "在它应包含的另一个"),
        ("{1}铺装{/1}{2}{3}图{/3}{4/}", "Tag {2} is not in the original", "标记 {2} 不在原文中"),
    ],
)
def test_faulty_tags_are_refused_in_both_languages_naming_the_tag(typed, english, chinese):
    with pytest.raises(ValidationError) as refused:
        read_translation(typed, SOURCE, INFOS)
    assert any(english in message for message in refused.value.messages), refused.value.messages
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        read_translation(typed, SOURCE, INFOS)
    assert any(chinese in message for message in refused.value.messages), refused.value.messages


@pytest.mark.parametrize("typed", ["{1铺装{/1}", "铺装}", "{1}铺装{/1/}", "{ 1}", "{a}", "{0}", "{}"])
def test_a_brace_that_is_no_chip_is_refused_with_where_it_is(typed):
    with pytest.raises(MarkupError):
        parse_markup(typed, SOURCE)
    with pytest.raises(ValidationError) as refused:
        read_translation(typed, SOURCE)
    assert refused.value.code == "tag_syntax"
    assert "write {{ or }} for a brace" in refused.value.messages[0]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        read_translation(typed, SOURCE)
    assert "{{" in refused.value.messages[0] and "大括号" in refused.value.messages[0]


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>{1}铺装{/1}{2/}{3}图{/3}{4/}",
        "<b>铺装</b>{1}{/1}{2/}{3}图{/3}{4/}",
        '{1}铺装{/1}{2/}<a href="https://evil.example">{3}图{/3}</a>{4/}',
        "{1}铺装{/1}{2/}{3}图{/3}{4/}<!-- x -->",
        "{1}铺装{/1}{2/}{3}图{/3}{4/}<img src=x onerror=alert(1)",
    ],
)
def test_html_is_refused_not_read(typed):
    with pytest.raises(ValidationError) as refused:
        read_translation(typed, SOURCE)
    assert refused.value.code == "html"
    assert "looks like an HTML tag" in refused.value.messages[0]
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        read_translation(typed, SOURCE)
    assert "HTML" in refused.value.messages[0] and "看起来" in refused.value.messages[0]


def test_comparisons_are_text_not_html():
    tagged = read_translation("若 x<y 则 {1}z>w{/1}{2/}{3}图{/3}{4/}", SOURCE)
    assert tagged.plain == "若 x<y 则 z>w\n图"


def test_angle_brackets_of_the_text_itself_are_kept_as_text():
    source = Tagged.parse("Press &lt;Enter> if x &lt; 5 and <g1>go</g1>")
    tagged = read_translation("若 x < 5，按 <Enter> 并{1}前进{/1}", source)
    assert tagged.plain == "若 x < 5，按 <Enter> 并前进"
    assert str(tagged) == "若 x &lt; 5，按 &lt;Enter> 并<g1>前进</g1>"
