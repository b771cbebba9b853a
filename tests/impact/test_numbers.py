"""Large numbers as each language writes them, never rounded up."""

from decimal import Decimal

import pytest

from peixun.impact.numbers import (
    chinese_amount,
    english_amount,
    grouped,
    public_sentence_en,
    public_sentence_zh,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (923, "923"),
        (9_999, "9999"),
        (10_000, "1万"),
        (12_345, "1.2万"),
        (999_999, "99.9万"),
        (1_000_000, "100万"),
        (5_234_567, "523万"),
        (99_999_999, "9999万"),
        (100_000_000, "1亿"),
        (520_000_000, "5.2亿"),
        (529_999_999, "5.2亿"),
        (1_412_000_000, "14.1亿"),
    ],
)
def test_chinese_counts_in_wan_and_yi(value, text):
    assert chinese_amount(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (45_678, "45,678"),
        (999_999, "999,999"),
        (1_000_000, "1 million"),
        (52_399_999, "52.3 million"),
        (520_000_000, "520 million"),
        (523_999_999, "523 million"),
        (1_412_000_000, "1.4 billion"),
    ],
)
def test_english_counts_in_thousands_millions_and_billions(value, text):
    assert english_amount(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(0, "0"), (1234567, "1,234,567"), (Decimal("756.0"), "756"), (Decimal("1234.50"), "1,234.5"), (None, "")],
)
def test_grouped_digits(value, text):
    assert grouped(value) == text


def test_the_public_sentence_in_both_languages():
    assert public_sentence_en(923, 523_400_000) == "923 officials trained, leading 523 million people"
    assert public_sentence_zh(923, 523_400_000) == "已培训923名官员，所辖人口5.2亿"
    assert public_sentence_en(12_345, 1_200_000_000) == "12,345 officials trained, leading 1.2 billion people"
    assert public_sentence_zh(12_345, 1_200_000_000) == "已培训1.2万名官员，所辖人口12亿"


def test_the_public_sentence_without_population_says_only_who_was_trained():
    assert public_sentence_en(1, 0) == "1 official trained"
    assert public_sentence_zh(1, 0) == "已培训1名官员"
