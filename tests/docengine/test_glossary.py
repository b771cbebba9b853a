"""The glossary: the shipped seed, reading CSV, and finding terms in English text."""

from __future__ import annotations

import re

import pytest

from peixun.docengine import TOPICS, Glossary, GlossaryError, Term, find_terms, load_seed_glossary

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def seed():
    return load_seed_glossary()


def test_the_seed_has_at_least_150_distinct_terms(seed):
    assert len({term.english.lower() for term in seed.terms}) >= 150
    assert len(seed) == len({term.english.lower() for term in seed.terms})


def test_the_seed_covers_every_topic_with_the_curriculums_slugs(seed):
    from peixun.demo.data import TOPICS as DEMO_TOPICS

    assert TOPICS == tuple(slug for slug, _, _ in DEMO_TOPICS)
    assert {term.topic for term in seed.terms} == set(TOPICS)


def test_every_chinese_term_is_written_in_chinese(seed):
    assert [term.english for term in seed.terms if not all(CJK.search(c) for c in term.accepted)] == []


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        ("carbon peaking", "碳达峰"),
        ("carbon neutrality", "碳中和"),
        ("sponge city", "海绵城市"),
        ("green bond", "绿色债券"),
        ("bus rapid transit", "快速公交系统"),
        ("LEED", "能源与环境设计先锋认证"),
    ],
)
def test_the_seed_uses_standard_prc_terms(seed, english, chinese):
    assert next(term.preferred for term in seed.terms if term.english == english) == chinese


def test_terms_are_found_case_insensitively_in_plural_and_with_either_spelling(seed):
    text = "Green Bonds financed two eco-cities; decarbonisation and desulfurization; Sponge-City pilots."

    found = [(match.text, match.term.english) for match in find_terms(text, seed)]

    assert found == [
        ("Green Bonds", "green bond"),
        ("eco-cities", "eco-city"),
        ("desulfurization", "desulfurisation"),
        ("Sponge-City", "sponge city"),
    ]


def test_the_longest_term_wins_and_words_must_be_whole(seed):
    text = "Carbon neutrality, energy efficiency labels and greenwayside paths."

    found = [match.term.english for match in find_terms(text, seed)]

    assert found == ["carbon neutrality", "energy efficiency"]


def test_acronyms_match_only_in_capitals():
    glossary = Glossary([Term("PPP", "政府和社会资本合作"), Term("BRT", "快速公交系统")])

    assert [m.text for m in find_terms("Three BRTs under a PPP; ppp and Brt are not.", glossary)] == ["BRTs", "PPP"]


def test_matches_give_their_position():
    glossary = Glossary([Term("green bond", "绿色债券")])

    [match] = find_terms("A new green bond.", glossary)

    assert (match.start, match.end, "A new green bond."[match.start : match.end]) == (6, 16, "green bond")


def test_a_glossary_is_read_from_csv_with_alternatives():
    glossary = Glossary.from_csv("\ufeffenglish,chinese,topic,notes\nenergy efficiency,能效|能源效率,energy,\n\n")

    assert glossary.terms == (Term("energy efficiency", "能效|能源效率", "energy", ""),)
    assert glossary.terms[0].accepted == ("能效", "能源效率")
    assert glossary.terms[0].preferred == "能效"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("term,translation\nsponge city,海绵城市\n", 1),
        ("english,chinese\nsponge city,\n", 2),
        ("english,chinese\nsponge city,海绵城市,extra\n", 2),
    ],
)
def test_a_malformed_glossary_names_its_line(text, line):
    with pytest.raises(GlossaryError) as error:
        Glossary.from_csv(text)

    assert error.value.line == line
