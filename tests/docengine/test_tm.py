"""Translation memory: exact matches first, fuzzy ones with whole percentages, one suggestion per pair."""

from __future__ import annotations

import random

from peixun.docengine import Suggestion, TmxUnit, TranslationMemory

ENTRIES = [
    (
        "Shenzhen cut carbon emissions by 20% between 2010 and 2020.",
        "深圳在2010年至2020年间碳排放减少了20%。",
        {"id": 1},
    ),
    (
        "Shenzhen cut carbon emissions by 25% between 2010 and 2020.",
        "深圳在2010年至2020年间碳排放减少了25%。",
        {"id": 2},
    ),
    (
        "Hangzhou cut carbon emissions by 20% between 2010 and 2020.",
        "杭州在2010年至2020年间碳排放减少了20%。",
        {"id": 3},
    ),
    ("The metro extension adds 12 km and 9 stations.", "地铁延长线新增12公里和9座车站。", {"id": 4}),
    ("Green bonds", "绿色债券", {"id": 5}),
    ("Green bonds", "绿色债券", {"id": 6}),
    ("Green bonds", "绿色金融债券", {"id": 7}),
]


def test_an_exact_match_comes_first_at_100_then_fuzzy_ones_by_score():
    memory = TranslationMemory(ENTRIES)

    found = memory.suggest("Shenzhen cut carbon emissions by 20% between 2010 and 2020.")

    assert [(s.target, s.score, s.exact) for s in found] == [
        ("深圳在2010年至2020年间碳排放减少了20%。", 100, True),
        ("深圳在2010年至2020年间碳排放减少了25%。", 98, False),
        ("杭州在2010年至2020年间碳排放减少了20%。", 93, False),
    ]
    assert found[0].meta == {"id": 1}


def test_exact_means_equal_but_for_case_and_spacing():
    memory = TranslationMemory(ENTRIES)

    found = memory.suggest("  the METRO extension adds 12 km   and 9 stations. ")

    assert found == [
        Suggestion(
            "The metro extension adds 12 km and 9 stations.", "地铁延长线新增12公里和9座车站。", 100, True, {"id": 4}
        )
    ]


def test_a_pair_held_twice_is_suggested_once_but_other_targets_are_kept():
    memory = TranslationMemory(ENTRIES)

    assert [(s.target, s.meta) for s in memory.suggest("green bonds")] == [
        ("绿色债券", {"id": 5}),
        ("绿色金融债券", {"id": 7}),
    ]
    assert len(memory) == 6


def test_scores_below_the_minimum_are_left_out_and_the_limit_holds():
    memory = TranslationMemory(ENTRIES)
    text = "Shenzhen cut carbon emissions by 30% between 2010 and 2025."

    assert [s.score for s in memory.suggest(text)] == [97, 95, 90]
    assert [s.score for s in memory.suggest(text, limit=1)] == [97]
    assert [s.score for s in memory.suggest(text, min_score=92)] == [97, 95]
    assert memory.suggest("Something else entirely, about tourism.") == []
    assert memory.suggest("   ") == []


def test_a_fuzzy_score_never_reaches_100():
    memory = TranslationMemory([("A" * 200 + "b", "甲", None)])

    assert memory.suggest("A" * 200 + "c")[0].score == 99


def test_a_word_or_two_finds_near_matches_that_share_no_whole_word():
    memory = TranslationMemory([("Recycling", "回收利用", None), ("Urban renewal", "城市更新", None)])

    assert [(s.target, s.score) for s in memory.suggest("Recycled")] == [("回收利用", 71)]


def test_tmx_units_are_entries_too():
    memory = TranslationMemory([TmxUnit("Sponge city", "海绵城市", "en-GB", "zh-CN", {"tuid": "7"})])

    assert memory.suggest("sponge city") == [Suggestion("Sponge city", "海绵城市", 100, True, {"tuid": "7"})]


def test_suggest_many_answers_each_text_and_repeats_alike():
    memory = TranslationMemory(ENTRIES)

    answers = memory.suggest_many(["Green bonds", "Nothing close", "green   bonds"])

    assert [len(found) for found in answers] == [2, 0, 2]
    assert answers[0] == answers[2]


def test_the_prefilter_finds_what_a_full_scan_finds_on_varied_sentences():
    from rapidfuzz import fuzz

    from peixun.docengine.tm import normalise

    rng = random.Random(7)
    cities = ["Seoul", "London", "Chengdu", "Xiamen", "Tianjin", "Wuhan"]
    templates = [
        "{c} opened {n} km of bus rapid transit lines last year.",
        "Waste sorting now covers {n}% of households in {c}.",
        "{c} planted {n} trees along its new greenway.",
    ]
    entries = [
        (rng.choice(templates).format(c=rng.choice(cities), n=rng.randint(1, 999)), "译", None) for _ in range(3000)
    ]
    memory = TranslationMemory(entries)
    for _ in range(30):
        text = rng.choice(templates).format(c=rng.choice(cities), n=rng.randint(1, 999))
        best = max(fuzz.ratio(normalise(text), normalise(source)) for source, _, _ in entries)
        found = memory.suggest(text, limit=1)
        assert found and found[0].score >= min(99, round(best)) - 2


def test_a_tagged_entry_is_matched_on_its_plain_text_and_its_tags_follow_the_new_source():
    from peixun.docengine import Tagged

    memory = TranslationMemory(
        [
            (
                Tagged.parse("Green roofs hold <g1>35%</g1> of the rain<x2/>"),
                Tagged.parse("绿色屋顶蓄积<g1>35%</g1>的雨水<x2/>"),
            ),
            ("Green bonds", "绿色债券"),
        ]
    )

    fuzzy = memory.suggest(Tagged.parse("Green roofs hold <g3>36%</g3> of the rain<x4/>"))
    plain = memory.suggest("Green roofs hold 35% of the rain")
    other = memory.suggest(Tagged.parse("Green roofs hold <a1>35%</a1> of the rain"))

    assert (fuzzy[0].target, fuzzy[0].exact) == ("绿色屋顶蓄积35%的雨水", False)
    assert str(fuzzy[0].tagged) == "绿色屋顶蓄积<g3>35%</g3>的雨水<x4/>"
    assert str(fuzzy[0].tagged_source) == "Green roofs hold <g1>35%</g1> of the rain<x2/>"
    assert plain[0].exact and plain[0].tagged is None  # no tags asked for, none to number
    assert other[0].exact and other[0].tagged is None and other[0].target == "绿色屋顶蓄积35%的雨水"
