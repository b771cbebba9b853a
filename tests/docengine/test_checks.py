"""Translation checks: each per-segment check both ways, and the deck-level ones."""

from __future__ import annotations

import string

import pytest

from peixun.docengine import ISSUE_MESSAGES, Box, Glossary, Issue, Location, Segment, Term, check_deck, check_segment
from peixun.docengine.checks import (
    check_glossary,
    check_numbers,
    check_overflow,
    check_placeholders,
    check_untranslated,
    lines_needed,
    text_em,
)

GLOSSARY = Glossary(
    [
        Term("sponge city", "海绵城市", "climate-resilient-design"),
        Term("green bond", "绿色债券", "green-financing"),
        Term("energy efficiency", "能效|能源效率", "energy-master-planning"),
    ]
)


def segment(text: str, key: str = "s1/sp2/p0", *, slide: int | None = 1, kind: str = "paragraph", box=None):
    part = "notes" if kind == "notes" else "slide"
    return Segment(key=key, order=0, text=text, kind=kind, location=Location(part, slide), box=box)


def codes(issues: list[Issue]) -> list[str]:
    return [issue.code for issue in issues]


# Glossary --------------------------------------------------------------------------------------


def test_a_glossary_term_rendered_otherwise_is_reported_with_the_expected_chinese():
    issues = check_glossary("Wuhan is a sponge city pilot.", "武汉是海绵型城市试点。", GLOSSARY)

    assert issues == [Issue("glossary_term_missing", {"term": "sponge city", "expected": "海绵城市"})]


def test_a_glossary_term_rendered_by_the_glossary_or_an_accepted_variant_passes():
    assert check_glossary("Wuhan is a sponge city pilot.", "武汉是海绵城市试点。", GLOSSARY) == []
    assert check_glossary("Energy efficiency first.", "能源效率优先。", GLOSSARY) == []


def test_a_term_used_twice_is_reported_once():
    issues = check_glossary("Green bonds and more green bonds.", "债券和更多债券。", GLOSSARY)

    assert codes(issues) == ["glossary_term_missing"]


# Numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "translation"),
    [
        ("Install 1.2 GW of solar by 2030.", "到2030年安装120万千瓦太阳能。"),
        ("A $5 billion green bond for 10,000 homes.", "为1万户家庭发行50亿美元绿色债券。"),
        ("Emissions fell 15 percent, or 2.5 percentage points.", "排放下降了15%，即2.5个百分点。"),
        ("PM2.5 at 35 μg/m³ and 1.5°C of warming", "PM2.5为35微克/立方米，升温1.5℃"),
        ("3.5 km of greenway, 20 ha of parks", "3.5公里绿道，20公顷公园"),
        ("Capacity of 1,200 MW", "装机容量1.2吉瓦"),
        ("Reached ５０％ in 2024", "2024年达到50%"),
    ],
)
def test_the_same_quantities_written_the_chinese_way_pass(source, translation):
    assert check_numbers(source, translation) == []


def test_a_changed_number_is_reported_as_missing_and_added():
    issues = check_numbers("Cut emissions by 25% by 2030.", "到2030年减排20%。")

    assert issues == [Issue("numbers_changed", {"missing": ["25%"], "added": ["20%"]})]


def test_a_changed_unit_is_reported():
    assert check_numbers("A 5 MW plant", "一座5千瓦的电厂") == [
        Issue("numbers_changed", {"missing": ["5 MW"], "added": ["5千瓦"]})
    ]


def test_a_dropped_number_is_reported():
    assert check_numbers("Built in 2019 for 300 buses.", "于2019年建成。")[0].params == {
        "missing": ["300"],
        "added": [],
    }


def test_numbers_inside_codes_are_not_numbers():
    assert check_numbers("CO2 and PM10 targets", "二氧化碳和PM10目标") == []


# Untranslated ------------------------------------------------------------------------------------


def test_an_empty_translation_is_untranslated():
    assert check_untranslated("Green roofs", "  ") == [Issue("untranslated", {"reason": "empty"})]


def test_a_translation_equal_to_its_english_source_is_untranslated():
    assert check_untranslated("Green roofs", "green  roofs") == [Issue("untranslated", {"reason": "same_as_source"})]


def test_acronyms_and_numbers_may_stay_as_they_are():
    assert check_untranslated("LEED", "LEED") == []
    assert check_untranslated("2030", "2030") == []
    assert check_untranslated("Green roofs", "绿色屋顶") == []


def test_an_untranslated_segment_is_not_also_checked_for_the_rest():
    assert codes(check_segment(segment("A 5 MW sponge city"), "", glossary=GLOSSARY)) == ["untranslated"]


# Placeholders ------------------------------------------------------------------------------------


def test_links_addresses_and_placeholders_coming_through_pass():
    source = "See https://www.worldbank.org/en/topic/urbandevelopment. Write to info@peixun.org, {0} or {{name}} (%s)."
    translation = "见https://www.worldbank.org/en/topic/urbandevelopment。写信至info@peixun.org，{0}或{{name}}（%s）。"

    assert check_placeholders(source, translation) == []


def test_a_changed_link_or_placeholder_is_reported():
    issues = check_placeholders("Details: www.namc.gov.cn or {count} sites", "详情：www.namc.cn，共{number}个")

    assert issues == [
        Issue(
            "placeholder_changed",
            {"missing": ["www.namc.gov.cn", "{count}"], "added": ["www.namc.cn", "{number}"]},
        )
    ]


# Overflow ----------------------------------------------------------------------------------------


def test_widths_count_chinese_characters_as_one_em_and_latin_as_about_half():
    assert text_em("城市") == 2.0
    assert text_em("ab") == pytest.approx(1.1)
    assert lines_needed("城市城市\n城", 2.0) == 3


def test_a_translation_needing_more_lines_than_its_box_holds_overflows():
    # 2 inches by 0.5 inch at 24 pt: 6 ems a line, one line.
    box = Box(width=1_828_800, height=457_200, font_size=24)

    issues = check_overflow("Sponge city", "海绵城市建设试点项目", box)

    assert issues == [Issue("overflow", {"percent": 200, "lines": 2, "available": 1})]


def test_a_translation_that_fits_or_a_growing_box_does_not_overflow():
    box = Box(width=1_828_800, height=457_200, font_size=24)

    assert check_overflow("Sponge city", "海绵城市", box) == []
    assert check_overflow("Sponge city", "海绵城市建设试点项目", Box(width=1_828_800)) == []


def test_autofit_gives_the_text_more_room():
    box = Box(width=1_828_800, height=914_400, font_size=24, autofit=True)  # 6 ems by 2.5 lines, 3.5 shrunk

    assert check_overflow("Sponge city", "海绵城市建设试点项目示范区与城市更新", box) == []  # 3 lines
    assert check_overflow("Sponge city", "海绵城市建设试点项目示范区与城市更新行动", box)[0].params["lines"] == 4


def test_a_source_that_already_took_more_lines_than_the_box_gives_that_much_room():
    box = Box(width=914_400, height=457_200, font_size=24)  # 3 ems a line, one line

    assert check_overflow("Climate resilience", "气候韧性城", box) == []


def test_without_a_box_a_translation_much_wider_than_its_source_overflows():
    issues = check_overflow("Green bonds for cities", "为城市基础设施和公共交通项目发行的绿色债券", None)

    assert issues == [Issue("overflow", {"percent": 186})]  # 21 ems against 11.3
    assert check_overflow("Green bonds for cities", "城市绿色债券", None) == []
    assert check_overflow("Bonds", "为城市基础设施项目发行的绿色债券", None) == []  # too short to judge


def test_notes_are_never_checked_for_overflow():
    notes = segment("Green bonds", kind="notes")

    assert check_segment(notes, "为城市基础设施项目发行的绿色债券，并请学员讨论其风险") == []


# One segment, all checks -------------------------------------------------------------------------


def test_check_segment_gathers_every_finding_with_the_segments_key():
    source = segment("The sponge city cost 3 billion yuan, see www.namc.gov.cn", key="s4/sp3/p1")

    issues = check_segment(source, "该城市花费了20亿元，见www.namc.cn", glossary=GLOSSARY)

    assert codes(issues) == ["glossary_term_missing", "numbers_changed", "placeholder_changed"]
    assert {issue.key for issue in issues} == {"s4/sp3/p1"}


@pytest.mark.parametrize(
    "issue",
    [
        Issue("glossary_term_missing", {"term": "green bond", "expected": "绿色债券"}),
        Issue("numbers_changed", {"missing": ["25%"], "added": []}),
        Issue("untranslated", {"reason": "empty"}),
        Issue("placeholder_changed", {"missing": [], "added": ["{0}"]}),
        Issue("overflow", {"percent": 150}),
        Issue("too_many_slides", {"slides": 40, "minutes": 45, "limit": 22}),
        Issue("dense_slide", {"slide": 3, "words": 120, "characters": 0, "word_limit": 80, "character_limit": 160}),
        Issue("untranslated_segments", {"count": 3, "total": 10}),
        Issue("inconsistent_term", {"term": "green bond", "expected": "绿色债券", "consistent": 2, "count": 1}),
        Issue("flagged_term", {"term": "Taiwan", "side": "source", "slide": 2}),
    ],
    ids=lambda issue: issue.code,
)
def test_every_issue_code_has_an_english_message(issue):
    names = {name for _, name, _, _ in string.Formatter().parse(ISSUE_MESSAGES[issue.code]) if name}

    assert names <= set(issue.params)
    assert issue.message_en.endswith(".")


def test_an_empty_list_in_a_message_shows_as_a_dash():
    assert Issue("numbers_changed", {"missing": ["25%"], "added": []}).message_en == (
        "Numbers differ from the source: missing 25%; added –."
    )


# The deck ----------------------------------------------------------------------------------------


def deck(slides: int) -> list[Segment]:
    return [segment(f"Slide {n} title", key=f"s{n}/sp2/p0", slide=n) for n in range(1, slides + 1)]


def test_too_many_slides_for_the_session():
    issues = check_deck(deck(31), {}, session_minutes=60)

    assert [issue for issue in issues if issue.code == "too_many_slides"] == [
        Issue("too_many_slides", {"slides": 31, "minutes": 60, "limit": 30})
    ]


def test_slides_that_fit_the_session_or_no_session_length_pass():
    assert "too_many_slides" not in codes(check_deck(deck(30), {}, session_minutes=60))
    assert "too_many_slides" not in codes(check_deck(deck(30), {}))


def test_the_slide_count_may_be_given_when_the_last_slides_have_no_text():
    assert "too_many_slides" in codes(check_deck(deck(2), {}, session_minutes=10, slide_count=6))


def test_a_slide_with_too_many_words_is_dense_and_notes_do_not_count():
    words = " ".join(["renewable"] * 50)
    segments = [
        segment(words, key="s2/sp2/p0", slide=2),
        segment(words, key="s2/sp2/p1", slide=2),
        segment(words, key="s3/sp2/p0", slide=3),
        segment(words, key="s3/notes/p0", slide=3, kind="notes"),
    ]

    issues = [issue for issue in check_deck(segments, {}) if issue.code == "dense_slide"]

    assert issues == [
        Issue("dense_slide", {"slide": 2, "words": 100, "characters": 0, "word_limit": 80, "character_limit": 160})
    ]


def test_a_slide_dense_in_chinese_is_dense():
    segments = [segment("Short", key="s1/sp2/p0")]

    issues = check_deck(segments, {"s1/sp2/p0": "城" * 161})

    assert codes(issues) == ["dense_slide"]


def test_untranslated_segments_are_counted():
    segments = deck(3)

    issues = check_deck(segments, {"s1/sp2/p0": "第1页标题", "s2/sp2/p0": " "})

    assert issues == [Issue("untranslated_segments", {"count": 2, "total": 3})]


def test_a_term_translated_differently_across_segments_is_inconsistent():
    segments = [segment("Our green bond", key=f"s{n}/sp2/p0", slide=n) for n in (1, 2, 3)]
    translations = {"s1/sp2/p0": "我们的绿色债券", "s2/sp2/p0": "我们的环保债券", "s3/sp2/p0": "我们的绿色债券"}

    issues = check_deck(segments, translations, glossary=GLOSSARY)

    assert issues == [
        Issue(
            "inconsistent_term",
            {"term": "green bond", "expected": "绿色债券", "consistent": 2, "count": 1, "keys": ["s2/sp2/p0"]},
        )
    ]


def test_a_term_rendered_one_way_throughout_is_consistent():
    segments = [segment("Our green bond", key=f"s{n}/sp2/p0", slide=n) for n in (1, 2)]
    translations = {"s1/sp2/p0": "我们的环保债券", "s2/sp2/p0": "我们的环保债券"}

    assert check_deck(segments, translations, glossary=GLOSSARY) == []


def test_flagged_terms_are_found_in_source_and_translation():
    segments = [segment("Lessons from Taiwan and Hong Kong", key="s5/sp2/p0", slide=5)]
    translations = {"s5/sp2/p0": "台湾和香港的经验"}

    issues = check_deck(segments, translations, flagged_terms=["taiwan", "台湾", "Macau"])

    assert issues == [
        Issue("flagged_term", {"term": "taiwan", "side": "source", "slide": 5}, "s5/sp2/p0"),
        Issue("flagged_term", {"term": "台湾", "side": "translation", "slide": 5}, "s5/sp2/p0"),
    ]


def test_a_flagged_latin_word_matches_whole_words_only():
    segments = [segment("Dataset for Taiwanese banks", key="s1/sp2/p0")]

    assert check_deck(segments, {"s1/sp2/p0": "数据"}, flagged_terms=["Taiwan"]) == []
