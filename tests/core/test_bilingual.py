"""Texts written in both languages at once (``peixun.core.i18n``): what calendars, PDFs and the
certificate check write for readers of either language."""

import datetime
import locale

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _lazy

from peixun.core.i18n import (
    MONTHS,
    bilingual,
    day_in_both,
    day_in_each_language,
    in_both_languages,
    person_in_both_languages,
)


@pytest.mark.parametrize(
    ("day", "english", "chinese"),
    [
        (datetime.date(2026, 10, 19), "19 October 2026", "2026年10月19日"),
        (datetime.date(2027, 1, 1), "1 January 2027", "2027年1月1日"),
        (datetime.date(2024, 2, 29), "29 February 2024", "2024年2月29日"),
        (datetime.date(2009, 12, 31), "31 December 2009", "2009年12月31日"),
    ],
)
def test_day_in_both_writes_a_date_as_a_formal_document_does(day, english, chinese):
    assert day_in_both(day) == (english, chinese)


def test_day_in_both_writes_every_day_as_both_earlier_versions_did():
    # The certificate wrote the month from a list of names, the impact report with strftime's %B (in
    # the C locale Python starts in): the one kept writes every day of four years as both did.
    assert locale.setlocale(locale.LC_TIME) in ("C", "C.UTF-8", "POSIX")
    first = datetime.date(2024, 1, 1)
    for offset in range(4 * 366):
        day = first + datetime.timedelta(days=offset)
        english, chinese = day_in_both(day)
        assert english == f"{day.day} {MONTHS[day.month - 1]} {day.year}" == f"{day.day} {day:%B} {day.year}"
        assert chinese == f"{day.year}年{day.month}月{day.day}日"


def test_day_in_both_is_the_same_whatever_language_is_active():
    day = datetime.date(2026, 3, 5)
    with translation.override("zh-hans"):
        in_chinese = day_in_both(day)
    with translation.override("en"):
        assert day_in_both(day) == in_chinese == ("5 March 2026", "2026年3月5日")


def test_bilingual_writes_english_first_and_a_text_once_when_both_are_the_same_or_one_is_missing():
    assert bilingual("Energy Smart Cities", "能源智慧城市") == "Energy Smart Cities / 能源智慧城市"
    assert bilingual("NAMC", "NAMC") == "NAMC"
    assert bilingual("", "能源智慧城市") == "能源智慧城市"
    assert bilingual("Energy", "能源", separator="  ") == "Energy  能源"


def test_in_both_languages_translates_the_message_and_fills_each_language_its_value():
    assert in_both_languages(_lazy("Lecture")) == "Lecture / 讲座"
    text = in_both_languages(_lazy("Hosted by %(sponsor)s"), sponsor=("Siemens", "西门子"))
    english, chinese = text.split(" / ")
    assert "Siemens" in english and "西门子" not in english
    assert "西门子" in chinese and chinese != english


def test_person_in_both_languages_adds_the_chinese_name_only_when_it_differs():
    assert person_in_both_languages("Karen Whitfield", "卡伦·惠特菲尔德") == "Karen Whitfield (卡伦·惠特菲尔德)"
    assert person_in_both_languages("王伟", "王伟") == "王伟"
    assert person_in_both_languages("Ada Lovelace", "") == "Ada Lovelace"


def test_day_in_each_language_uses_the_formats_of_the_pages():
    day = datetime.date(2026, 10, 19)
    assert day_in_each_language(day) == ("19 October 2026", "2026年10月19日")
    assert day_in_each_language(day, "D j M") == ("Mon 19 Oct", "星期一 19 十月")
