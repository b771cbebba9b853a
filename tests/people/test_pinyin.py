"""Romanised Chinese names and the tone-free keys people search them by."""

import pytest

from peixun.people.pinyin import name_to_pinyin, split_surname, strip_tones


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("王小明", "Wáng Xiǎomíng"),
        ("李娜", "Lǐ Nà"),
        ("张敏", "Zhāng Mǐn"),
        ("陈静", "Chén Jìng"),
    ],
)
def test_name_to_pinyin_of_ordinary_names(name_zh, expected):
    assert name_to_pinyin(name_zh) == expected


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("单雄信", "Shàn Xióngxìn"),  # 单 is dān in ordinary words
        ("曾国藩", "Zēng Guófān"),  # 曾 is céng in ordinary words
        ("解缙", "Xiè Jìn"),  # 解 is jiě in ordinary words
        ("朴正熙", "Piáo Zhèngxī"),  # 朴 is pǔ in ordinary words
    ],
)
def test_name_to_pinyin_reads_surname_heteronyms_as_surnames(name_zh, expected):
    assert name_to_pinyin(name_zh) == expected


@pytest.mark.parametrize(
    ("name_zh", "expected"),
    [
        ("欧阳修", "Ōuyáng Xiū"),
        ("司马光", "Sīmǎ Guāng"),
        ("诸葛亮", "Zhūgě Liàng"),
        ("上官婉儿", "Shàngguān Wǎnér"),
    ],
)
def test_name_to_pinyin_keeps_compound_surnames_together(name_zh, expected):
    assert name_to_pinyin(name_zh) == expected


def test_two_characters_that_could_be_a_compound_surname_are_surname_and_given_name():
    assert split_surname("欧阳") == ("欧", "阳")
    assert name_to_pinyin("欧阳") == "Ōu Yáng"


def test_split_surname_of_single_and_compound_surnames():
    assert split_surname("王小明") == ("王", "小明")
    assert split_surname("欧阳修") == ("欧阳", "修")
    assert split_surname(" 司马光 ") == ("司马", "光")


def test_name_to_pinyin_ignores_spaces_inside_the_name():
    assert name_to_pinyin(" 王 小明 ") == "Wáng Xiǎomíng"


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_name_to_pinyin_of_no_name_is_empty(empty):
    assert name_to_pinyin(empty) == ""


def test_name_to_pinyin_of_a_name_with_u_umlaut():
    assert name_to_pinyin("吕布") == "Lǚ Bù"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Wáng Xiǎo-míng", "wangxiaoming"),
        ("ŌUYÁNG Xiū", "ouyangxiu"),
        ("Shàn Xióngxìn", "shanxiongxin"),
        ("wang xiaoming", "wangxiaoming"),
    ],
)
def test_strip_tones_removes_tone_marks_case_spaces_and_punctuation(text, expected):
    assert strip_tones(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("Wang2 Xiao3ming2", "wangxiaoming"), ("ou1yang2 xiu1", "ouyangxiu")])
def test_strip_tones_removes_tone_numbers(text, expected):
    assert strip_tones(text) == expected


@pytest.mark.parametrize("text", ["Lü Bù", "LÜ BU", "Lǚ Bù", "Lǘ Bu", "lv3 bu4", "Lv Bu"])
def test_strip_tones_writes_u_umlaut_as_v_with_or_without_a_tone_mark(text):
    assert strip_tones(text) == "lvbu"


def test_strip_tones_of_a_generated_name_with_u_umlaut_matches_what_people_type():
    assert strip_tones(name_to_pinyin("吕布")) == strip_tones("Lv3 Bu4") == strip_tones("Lü Bu")


def test_strip_tones_keeps_u_without_umlaut_apart_from_u_umlaut():
    assert strip_tones("Lù") == "lu"
    assert strip_tones("Lù") != strip_tones("Lǜ")
