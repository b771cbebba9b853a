"""The tagged-text model: its canonical string, plain text, the tag validator and carrying tags over."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peixun.docengine import TAG_PROBLEMS, Tag, Tagged, TagProblem, TagSyntaxError, carry_tags, validate

WORDS = st.text(alphabet=st.sampled_from(list("ab <>&;lt/gx1 中文\n\t")), min_size=1, max_size=8)


@st.composite
def tagged_texts(draw, depth: int = 3) -> Tagged:
    """Well-formed tagged text: words, placeholders and nested pairs, numbered in opening order."""
    counter = [0]

    def build(level: int) -> list:
        items: list = []
        for _ in range(draw(st.integers(0, 4))):
            choice = draw(st.sampled_from(["text", "text", "br", "tab", "x", "g", "a"] if level else ["text", "x"]))
            if choice == "text":
                items.append(draw(WORDS))
                continue
            counter[0] += 1
            number = counter[0]
            if choice in ("br", "tab", "x"):
                items.append(Tag(choice, number, "empty"))
            else:
                items.append(Tag(choice, number, "open"))
                items.extend(build(level - 1))
                items.append(Tag(choice, number, "close"))
        return items

    return Tagged(tuple(build(depth)))


@given(tagged_texts())
def test_the_canonical_string_parses_back_to_the_same_text(tagged):
    assert Tagged.parse(str(tagged)) == tagged
    assert str(Tagged.parse(str(tagged))) == str(tagged)


@given(st.text(max_size=40))
def test_plain_text_survives_its_canonical_string_whatever_it_holds(text):
    tagged = Tagged.from_plain(text)

    assert Tagged.parse(str(tagged)).plain == text
    assert "<" not in str(tagged).replace("&lt;", "")


@given(st.text(alphabet=st.sampled_from(list("<>/&;gabrtx12lp ")), max_size=30))
def test_any_string_is_tagged_text_or_a_syntax_error(text):
    try:
        tagged = Tagged.parse(text)
    except TagSyntaxError as error:
        assert error.code == "tag_syntax"
        assert text[error.position] == "<"
    else:
        assert Tagged.parse(str(tagged)) == tagged


@given(tagged_texts())
def test_a_text_validated_against_itself_has_no_problem(tagged):
    assert validate(tagged, tagged) == []


@given(tagged_texts(), st.data())
def test_a_lost_tag_is_reported_by_name(tagged, data):
    tags = [index for index, item in enumerate(tagged.items) if isinstance(item, Tag)]
    if not tags:
        return
    index = data.draw(st.sampled_from(tags))
    lost = tagged.items[index]
    problems = validate(tagged, Tagged(tagged.items[:index] + tagged.items[index + 1 :]))

    expected = {"empty": "tag_missing", "open": "tag_unopened", "close": "tag_unclosed"}[lost.role]
    assert TagProblem(expected, lost.name) in problems
    assert all(problem.code in TAG_PROBLEMS for problem in problems)


@given(tagged_texts())
def test_an_unknown_and_a_repeated_tag_are_reported(tagged):
    unknown = Tag("x", 999, "empty")
    problems = validate(tagged, Tagged((*tagged.items, unknown)))
    assert problems == [TagProblem("tag_extra", "x999")]
    placeholders = [item for item in tagged.items if isinstance(item, Tag) and item.role == "empty"]
    if placeholders:
        problems = validate(tagged, Tagged((*tagged.items, placeholders[0])))
        assert problems == [TagProblem("tag_duplicate", placeholders[0].name)]


def test_nesting_order_and_reversal_have_their_own_codes():
    source = Tagged.parse("a <g1>b <a2>c</a2></g1> d<x3/>")

    assert validate(source, Tagged.parse("<g1>b <a2>c</g1></a2> a d<x3/>")) == [TagProblem("tag_crossed", "g1")]
    assert validate(source, Tagged.parse("</g1>b<g1> <a2>c</a2><x3/>")) == [TagProblem("tag_unopened", "g1")]
    assert validate(source, Tagged.parse("<x3/><g1>b <a2>c</a2></g1>")) == [TagProblem("tag_reordered", "x3")]
    assert validate(source, Tagged.parse("<g1>b <a2>c</a2></g1>")) == [TagProblem("tag_missing", "x3")]
    assert validate(source, Tagged.parse("<g1>b <a2>c</a2></g1><br3/><x3/>")) == [TagProblem("tag_extra", "br3")]


def test_the_canonical_form_escapes_only_what_would_read_as_a_tag():
    tagged = Tagged(("R&D < 5 > 3 ", Tag("g", 1, "open"), "bold", Tag("g", 1, "close"), Tag("br", 2, "empty")))

    assert str(tagged) == "R&amp;D &lt; 5 > 3 <g1>bold</g1><br2/>"
    assert tagged.plain == "R&D < 5 > 3 bold\n"
    assert Tagged.parse("&amp;lt; &x; &gt;").plain == "&lt; &x; >"


@pytest.mark.parametrize("text", ["<g0>a</g0>", "<b>bold</b>", "a < b", "<x1>", "<br1>", "<g1/>", "<G1>a</G1>"])
def test_what_is_not_a_tag_is_a_syntax_error(text):
    with pytest.raises(TagSyntaxError):
        Tagged.parse(text)


@given(tagged_texts(), st.integers(1, 50))
def test_tags_carried_to_a_source_of_the_same_structure_take_its_numbers(tagged, shift):
    numbers = {tag.id: tag.id + shift for tag in tagged.tags}
    new_source = tagged.renumbered(numbers)
    translation = Tagged(tuple(item if isinstance(item, Tag) else "译" for item in tagged.items))

    carried = carry_tags(tagged, translation, new_source)

    assert carried is not None
    assert validate(new_source, carried) == []


def test_tags_are_not_carried_to_a_source_of_another_structure():
    remembered = Tagged.parse("<g1>Sponge</g1> city")
    translation = Tagged.parse("<g1>海绵</g1>城市")

    assert carry_tags(remembered, translation, Tagged.parse("Sponge <a4>city</a4>")) is None
    assert carry_tags(remembered, translation, Tagged.parse("<g7>Sponge</g7> city")) == Tagged.parse(
        "<g7>海绵</g7>城市"
    )
    assert carry_tags(Tagged.parse("city"), Tagged.parse("城市"), Tagged.parse("city")) == Tagged.parse("城市")
