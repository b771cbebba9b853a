"""Finding officials by Chinese name, by pinyin (tone marks, tone numbers or none, spaced or not) and by
English name, within what the user may see."""

import types

import pytest

from peixun.core.enums import Role
from peixun.people.models import Official
from peixun.people.selectors import search_officials, visible_officials
from tests.factories import OfficialFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    hangzhou, suzhou = OrganisationFactory(name_en="Hangzhou"), OrganisationFactory(name_en="Suzhou")
    return types.SimpleNamespace(
        hangzhou=hangzhou,
        suzhou=suzhou,
        xiaoming=OfficialFactory(name_zh="王小明", sending_unit=hangzhou),
        wei=OfficialFactory(name_zh="王伟", sending_unit=suzhou),
        na=OfficialFactory(name_zh="李娜", name_en="Nora Li", sending_unit=hangzhou),
        ouyang=OfficialFactory(name_zh="欧阳修", sending_unit=suzhou),
        shan=OfficialFactory(name_zh="单雄信", sending_unit=hangzhou),
        lv=OfficialFactory(name_zh="吕布", sending_unit=suzhou),
    )


def search(query):
    return list(search_officials(Official.objects.order_by("search_key"), query))


def test_official_gets_pinyin_and_a_search_key_when_saved(people):
    assert (people.na.name_pinyin, people.na.search_key) == ("Lǐ Nà", "lina norali 李娜")
    assert (people.lv.name_pinyin, people.lv.search_key) == ("Lǚ Bù", "lvbu 吕布")


def test_search_key_follows_a_changed_name(people):
    people.wei.name_zh = "王薇"
    people.wei.save()

    assert people.wei.search_key == "wangwei 王薇"
    assert search("王薇") == [people.wei]
    assert search("王伟") == []


def test_search_by_full_chinese_name(people):
    assert search("王小明") == [people.xiaoming]


def test_search_by_chinese_surname_finds_everyone_with_it(people):
    assert search("王") == [people.wei, people.xiaoming]


def test_search_by_chinese_name_ignores_spaces(people):
    assert search(" 王 小明 ") == [people.xiaoming]


def test_search_by_pinyin_with_tone_marks(people):
    assert search("Wáng Xiǎomíng") == [people.xiaoming]


def test_search_by_pinyin_without_tones(people):
    assert search("wang xiaoming") == [people.xiaoming]


def test_search_by_pinyin_with_tone_numbers(people):
    assert search("wang2 xiao3ming2") == [people.xiaoming]


@pytest.mark.parametrize("query", ["wangxiaoming", "wang xiaoming", "wang xiao ming", "Wang Xiao-ming", "xiaoming"])
def test_search_by_pinyin_with_or_without_spaces(people, query):
    assert search(query) == [people.xiaoming]


@pytest.mark.parametrize("query", ["WANG XIAOMING", "Wang Xiaoming", "wAnG xIaOmInG"])
def test_search_by_pinyin_is_case_insensitive(people, query):
    assert search(query) == [people.xiaoming]


def test_search_by_pinyin_surname_finds_everyone_with_it(people):
    assert search("wang") == [people.wei, people.xiaoming]


@pytest.mark.parametrize("query", ["Nora Li", "nora", "NORA LI", "li nora"])
def test_search_by_english_name(people, query):
    assert search(query) == [people.na]


def test_search_by_compound_surname(people):
    assert search("Ouyang Xiu") == [people.ouyang]
    assert search("ōuyáng") == [people.ouyang]


def test_search_by_surname_reading_of_a_heteronym(people):
    assert search("Shan Xiongxin") == [people.shan]
    assert search("Dan Xiongxin") == []


@pytest.mark.parametrize("query", ["Lǚ Bù", "Lü Bu", "lv bu", "Lv3 Bu4", "lvbu"])
def test_search_for_a_name_with_u_umlaut_however_it_is_typed(people, query):
    assert search(query) == [people.lv]


@pytest.mark.parametrize("query", ["Smith", "张敏", "wang li ming", "123", "--"])
def test_search_for_a_name_that_matches_nothing_finds_nothing(people, query):
    assert search(query) == []


@pytest.mark.parametrize("query", ["", "   ", None])
def test_empty_search_returns_every_official(people, query):
    assert search(query) == list(Official.objects.order_by("search_key"))
    assert len(search(query)) == 6


def test_search_stays_within_what_the_user_may_see(people, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    contact = UserFactory(role=Role.UNIT_CONTACT, sending_unit=people.hangzhou)

    found = search_officials(visible_officials(contact), "wang").order_by("search_key")

    assert list(found) == [people.xiaoming]
