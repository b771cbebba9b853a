"""The combined population trained officials lead: each place once, a place inside a counted place never."""

import pytest

from peixun.courses.enums import EnrolmentStatus
from peixun.impact.stats import ANCESTOR_LOOKUPS, Scope, counted_places, headline, impact_figures
from peixun.people.enums import JurisdictionLevel, PositionCategory

from .conftest import TODAY, D, course_ending, official_of, place, train

pytestmark = pytest.mark.django_db

PROVINCE, PREFECTURE, COUNTY, DISTRICT = (
    JurisdictionLevel.PROVINCE,
    JurisdictionLevel.PREFECTURE,
    JurisdictionLevel.COUNTY,
    JurisdictionLevel.DISTRICT,
)
EVERYWHERE = Scope(today=TODAY)


@pytest.fixture
def course(db):
    return course_ending(D(2026, 3, 13))


@pytest.fixture
def map_of_china(db):
    """Jiangsu > Suzhou > Gusu district, Jiangsu > Nanjing; Zhejiang > Hangzhou > Xihu district > Lingyin
    (a fourth level); Beijing on its own."""
    jiangsu = place("Jiangsu", PROVINCE, population=84_748_016)
    suzhou = place("Suzhou", PREFECTURE, jiangsu, 12_748_262)
    gusu = place("Gusu", DISTRICT, suzhou, 924_000)
    nanjing = place("Nanjing", PREFECTURE, jiangsu, 9_314_685)
    zhejiang = place("Zhejiang", PROVINCE, population=64_567_588)
    hangzhou = place("Hangzhou", PREFECTURE, zhejiang, 11_936_010)
    xihu = place("Xihu", DISTRICT, hangzhou, 1_100_000)
    lingyin = place("Lingyin", COUNTY, xihu, 50_000)
    beijing = place("Beijing", PROVINCE, population=21_893_095)
    return {p.name_en: p for p in (jiangsu, suzhou, gusu, nanjing, zhejiang, hangzhou, xihu, lingyin, beijing)}


def led_by(course, *places):
    for jurisdiction in places:
        train(official_of(jurisdiction), course)
    return headline(EVERYWHERE).population_led


def counted(scope=EVERYWHERE) -> list[str]:
    return sorted(counted_places(scope).values_list("name_en", flat=True))


def test_a_province_and_a_city_in_it_count_as_the_province(course, map_of_china):
    assert led_by(course, map_of_china["Jiangsu"], map_of_china["Suzhou"]) == 84_748_016
    assert counted() == ["Jiangsu"]


def test_a_province_and_two_of_its_cities_count_as_the_province(course, map_of_china):
    places = map_of_china["Suzhou"], map_of_china["Jiangsu"], map_of_china["Nanjing"]
    assert led_by(course, *places) == 84_748_016


def test_two_cities_of_a_province_not_counted_count_both(course, map_of_china):
    assert led_by(course, map_of_china["Suzhou"], map_of_china["Nanjing"]) == 12_748_262 + 9_314_685
    assert counted() == ["Nanjing", "Suzhou"]


def test_a_district_inside_a_counted_city_is_not_counted_again(course, map_of_china):
    assert led_by(course, map_of_china["Gusu"], map_of_china["Suzhou"], map_of_china["Nanjing"]) == (
        12_748_262 + 9_314_685
    )


def test_a_district_counts_when_neither_its_city_nor_its_province_does(course, map_of_china):
    assert led_by(course, map_of_china["Gusu"], map_of_china["Nanjing"]) == 924_000 + 9_314_685


def test_a_district_inside_a_counted_province_is_not_counted_again_even_without_its_city(course, map_of_china):
    assert led_by(course, map_of_china["Gusu"], map_of_china["Jiangsu"]) == 84_748_016


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        (["Lingyin", "Zhejiang"], 64_567_588),
        (["Lingyin", "Hangzhou"], 11_936_010),
        (["Lingyin", "Xihu"], 1_100_000),
        (["Lingyin"], 50_000),
        (["Lingyin", "Xihu", "Hangzhou", "Zhejiang"], 64_567_588),
    ],
    ids=["under-province", "under-city", "under-district", "alone", "whole-chain"],
)
def test_deep_nesting_four_levels_down(course, map_of_china, places, expected):
    assert led_by(course, *(map_of_china[name] for name in places)) == expected


def test_siblings_in_separate_provinces_and_a_lone_province_all_count(course, map_of_china):
    places = map_of_china["Suzhou"], map_of_china["Hangzhou"], map_of_china["Beijing"]
    assert led_by(course, *places) == 12_748_262 + 11_936_010 + 21_893_095


def test_the_same_place_for_many_officials_counts_once(course, map_of_china):
    assert led_by(course, *[map_of_china["Suzhou"]] * 5) == 12_748_262


def test_the_same_place_in_many_courses_counts_once(map_of_china):
    official = official_of(map_of_china["Suzhou"])
    for end in (D(2024, 3, 15), D(2025, 3, 14), D(2026, 3, 13)):
        train(official, course_ending(end))
    train(official_of(map_of_china["Suzhou"]), course_ending(D(2026, 9, 11)))
    assert headline(EVERYWHERE).population_led == 12_748_262


def test_officials_without_a_jurisdiction_add_nothing(course):
    for category in (PositionCategory.SOE_EXECUTIVE, PositionCategory.BUREAU_OFFICER):
        train(official_of(None, category), course)
    figures = headline(EVERYWHERE)
    assert (figures.officials_trained, figures.population_led) == (2, 0)


def test_officials_without_a_jurisdiction_do_not_hide_the_places_of_others(course, map_of_china):
    # A NULL among the places would make "parent NOT IN (...)" unknown, and drop every place.
    train(official_of(None, PositionCategory.SOE_EXECUTIVE), course)
    assert led_by(course, map_of_china["Suzhou"], map_of_china["Gusu"], map_of_china["Beijing"]) == (
        12_748_262 + 21_893_095
    )


def test_an_untrained_officials_province_neither_counts_nor_hides_its_cities(course, map_of_china):
    train(official_of(map_of_china["Jiangsu"]), course, EnrolmentStatus.NOMINATED)
    train(official_of(map_of_china["Zhejiang"]), course_ending(D(2027, 9, 10)))  # not over yet
    assert led_by(course, map_of_china["Suzhou"], map_of_china["Hangzhou"]) == 12_748_262 + 11_936_010


def test_within_an_academy_only_that_academys_officials_places_count(map_of_china):
    here = course_ending(D(2026, 3, 13))
    elsewhere = course_ending(D(2026, 3, 13))
    train(official_of(map_of_china["Jiangsu"]), elsewhere)
    train(official_of(map_of_china["Suzhou"]), here)
    assert headline(Scope(today=TODAY, academy_ids=(here.academy_id,))).population_led == 12_748_262
    assert headline(EVERYWHERE).population_led == 84_748_016


def test_population_per_level_adds_up_to_the_total(course, map_of_china):
    led_by(course, *(map_of_china[name] for name in ("Jiangsu", "Suzhou", "Hangzhou", "Lingyin", "Beijing")))
    figures = impact_figures(EVERYWHERE)
    assert [(b.key, b.places, b.population) for b in figures.by_level] == [
        ("province", 2, 84_748_016 + 21_893_095),
        ("prefecture", 1, 11_936_010),
        ("county", 0, 0),
        ("district", 0, 0),
    ]
    assert sum(b.population for b in figures.by_level) == figures.headline.population_led


def test_the_ancestor_lookups_reach_as_far_up_as_the_levels_nest():
    # Adding a level of jurisdiction must add a step up, or places four levels down would count twice.
    assert len(ANCESTOR_LOOKUPS) == len(JurisdictionLevel) - 1
    assert ANCESTOR_LOOKUPS[-1] == "__".join(["parent"] * (len(JurisdictionLevel) - 1))


def test_the_population_is_summed_in_one_query(course, map_of_china, django_assert_num_queries):
    for name in ("Suzhou", "Gusu", "Nanjing", "Lingyin", "Beijing"):
        train(official_of(map_of_china[name]), course)
    with django_assert_num_queries(1):
        total = sum(counted_places(EVERYWHERE).values_list("population", flat=True))
    assert total == 12_748_262 + 9_314_685 + 50_000 + 21_893_095
