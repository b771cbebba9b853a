"""The public press archive: bilingual, searchable in either language, by year, published items only."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from peixun.core.models import AuditEvent
from peixun.partners.models import PressItem
from peixun.partners.press import services
from peixun.partners.press.selectors import press_years, search_press, visible_press_items
from tests.partners.conftest import company


@pytest.fixture
def archive(world):
    """Eleven items from the programme's first years, in two outlets, and the world's two."""
    dialogue = company("China Dialogue", "中外对话", kind="media")
    items = [
        (datetime.date(2009, 6, 3), dialogue, "Turning Grey to Green", "由灰变绿"),
        (datetime.date(2009, 6, 10), dialogue, "Mayors react to the training programme", "市长谈培训心得"),
        (datetime.date(2009, 5, 12), world.outlet, "Launch of the first course on energy", "首期能源课程启动"),
        (datetime.date(2009, 4, 2), world.outlet, "Steve Hammer on mayoral training", "海默谈市长培训"),
        (datetime.date(2010, 3, 1), dialogue, "Seoul's lessons for Chinese cities", "首尔经验对中国城市的启示"),
        (datetime.date(2011, 9, 9), dialogue, "Green finance for city leaders", "面向城市领导的绿色金融"),
    ]
    for day, outlet, title_en, title_zh in items:
        PressItem.objects.create(date=day, outlet=outlet, title_en=title_en, title_zh=title_zh)
    return dialogue


def _titles(items):
    return [item.title_en for item in items]


def test_search_finds_english_words_in_any_case(world, archive):
    items = visible_press_items(world.users["official"])
    assert _titles(search_press(items, "ENERGY").order_by("-date")) == [
        "Mayoral Training Program on Energy Smart Cities launches",
        "Launch of the first course on energy",
    ]


def test_search_finds_chinese_headlines_summaries_and_outlets(world, archive):
    items = visible_press_items(world.users["official"]).order_by("-date")
    assert _titles(search_press(items, "绿")) == ["Green finance for city leaders", "Turning Grey to Green"]
    assert _titles(search_press(items, "北京")) == ["Mayoral Training Program on Energy Smart Cities launches"]
    assert len(search_press(items, "中外对话")) == 4
    assert len(search_press(items, "china dialogue")) == 4
    assert _titles(search_press(items, "中外对话 首尔")) == ["Seoul's lessons for Chinese cities"]


def test_the_year_facet_counts_what_the_search_found(world, archive):
    everything = visible_press_items(world.users["official"])
    assert press_years(everything) == [(2011, 1), (2010, 1), (2009, 5)]
    assert press_years(search_press(everything, "dialogue")) == [(2011, 1), (2010, 1), (2009, 2)]


def test_unpublished_items_are_hidden_from_the_public_and_shown_to_staff(client, world, archive):
    response = client.get(reverse("press:list"))
    assert response.context["total"] == 7
    assert world.unpublished_item not in response.context["page"].object_list
    assert "Draft: interview" not in response.content.decode()
    assert response.context["years"] == [(2011, 1), (2010, 1), (2009, 5)]
    assert client.get(reverse("press:list"), {"q": "draft"}).context["total"] == 0
    client.force_login(world.users["staff"])
    response = client.get(reverse("press:list"), {"q": "draft"})
    assert list(response.context["page"].object_list) == [world.unpublished_item]
    assert "Not shown publicly" in response.content.decode()


def test_the_year_filter_and_search_combine(client, world, archive):
    response = client.get(reverse("press:list"), {"year": "2009", "q": "中外对话"})
    assert _titles(response.context["page"].object_list) == [
        "Mayors react to the training programme",
        "Turning Grey to Green",
    ]
    assert response.context["years"] == [(2011, 1), (2010, 1), (2009, 2)]
    body = response.content.decode()
    # The chips keep the search and change only the year.
    assert 'href="?year=2010&amp;q=%E4%B8%AD%E5%A4%96%E5%AF%B9%E8%AF%9D"' in body


def test_a_nonsense_year_is_ignored(client, world, archive):
    response = client.get(reverse("press:list"), {"year": "twenty"})
    assert response.context["year"] is None
    assert response.context["page"].paginator.count == 7


def test_the_list_is_paginated_and_keeps_the_query(client, world, archive):
    for n in range(25):
        PressItem.objects.create(
            date=datetime.date(2012, 1, 1) + datetime.timedelta(days=n),
            outlet=archive,
            title_en=f"Dialogue note {n}",
            title_zh=f"对话札记{n}",
        )
    response = client.get(reverse("press:list"), {"q": "dialogue"})
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list), page.paginator.num_pages) == (29, 20, 2)
    assert 'href="?q=dialogue&amp;page=2"' in response.content.decode()
    second = client.get(reverse("press:list"), {"q": "dialogue", "page": 2}).context["page"]
    assert len(second.object_list) == 9


def test_the_headline_shows_in_the_page_language_with_the_other_beneath(client, world):
    body = client.get(reverse("press:list")).content.decode()
    english = body.index("Mayoral Training Program on Energy Smart Cities launches")
    chinese = body.index('<p class="press-other" lang="zh-Hans">市长培训项目启动能源智慧城市课程</p>')
    assert english < chinese
    client.cookies["django_language"] = "zh-hans"
    body = client.get(reverse("press:list")).content.decode()
    chinese = body.index("市长培训项目启动能源智慧城市课程")
    english = body.index(
        '<p class="press-other" lang="en">Mayoral Training Program on Energy Smart Cities launches</p>'
    )
    assert chinese < english
    assert "中国日报" in body and '<span class="other-lang" lang="en">China Daily</span>' in body


def test_the_detail_shows_both_summaries_and_the_link(client, world):
    world.published_item.courses.add(world.past_course)
    body = client.get(reverse("press:detail", args=[world.published_item.pk])).content.decode()
    assert "The first course opened in Beijing." in body
    assert "首期课程在北京开班。" in body
    assert 'href="https://example.org/news/1" rel="noopener noreferrer"' in body
    assert "Energy Smart Cities" in body


# Adding and changing items -------------------------------------------------------------------


def _item(world, **changes):
    values = {
        "date": datetime.date(2009, 5, 1),
        "outlet": world.outlet,
        "title_en": "JUCCCE and NAMC launch the programme",
        "title_zh": "聚思与全国市长研修学院启动项目",
        "url": "https://www.chinadaily.com.cn/",
    }
    return values | changes


def test_a_press_item_is_added_with_an_audit_row(world, staff):
    item = services.create_press_item(actor=staff, courses=[world.past_course], **_item(world))
    event = AuditEvent.objects.get(action="press.created")
    assert event.object_id == str(item.pk)
    assert event.changes["title_zh"] == [None, "聚思与全国市长研修学院启动项目"]
    assert event.changes["courses"] == [None, ["Energy Smart Cities"]]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"url": "ftp://example.org/a"}, "url", "The link must be a web address starting with http:// or https://."),
        ({"url": "javascript:alert(1)"}, "url", "The link must be a web address starting with http:// or https://."),
        ({"title_zh": "  "}, "title_zh", "Give the headline in both languages."),
    ],
)
def test_a_press_item_is_checked(world, staff, changes, field, message):
    with pytest.raises(ValidationError) as error:
        services.create_press_item(actor=staff, **_item(world, **changes))
    assert error.value.message_dict == {field: [message]}
    assert not PressItem.objects.filter(title_en="JUCCCE and NAMC launch the programme").exists()


def test_a_press_item_cannot_be_dated_in_the_future(world, staff):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.create_press_item(actor=staff, **_item(world, date=tomorrow))
    assert list(error.value.message_dict) == ["date"]


def test_the_outlet_must_be_a_media_outlet(world, staff):
    with pytest.raises(ValidationError) as error:
        services.create_press_item(actor=staff, **_item(world, outlet=world.partner))
    assert error.value.message_dict == {
        "outlet": ["Choose a media outlet: an organisation of the kind “Media outlet”."]
    }


def test_the_form_offers_only_media_outlets_and_refuses_a_bad_link(client, world, staff):
    client.force_login(staff)
    response = client.get(reverse("press:add"))
    assert list(response.context["form"].fields["outlet"].queryset) == [world.outlet]
    response = client.post(
        reverse("press:add"),
        {
            "date": "2009-05-01",
            "outlet": world.outlet.pk,
            "title_en": "A",
            "title_zh": "甲",
            "url": "ftp://example.org/",
            "published": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == ["Enter a web address starting with http:// or https://."]


def test_staff_edit_an_item_and_the_change_is_audited(client, world, staff):
    client.force_login(staff)
    item = world.published_item
    response = client.post(
        reverse("press:edit", args=[item.pk]),
        {
            "date": "2009-05-20",
            "outlet": world.outlet.pk,
            "title_en": item.title_en,
            "title_zh": item.title_zh,
            "url": item.url,
            "summary_en": item.summary_en,
            "summary_zh": item.summary_zh,
            "courses": [world.past_course.pk],
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.published is False
    event = AuditEvent.objects.get(action="press.changed")
    assert event.changes == {"published": [True, False], "courses": [[], ["Energy Smart Cities"]]}
    client.logout()
    assert client.get(reverse("press:list")).context["total"] == 0
    assert client.get(reverse("press:detail", args=[item.pk])).status_code == 403


def test_without_any_media_outlet_the_form_says_where_to_add_one(client, world, staff):
    PressItem.objects.all().delete()
    world.outlet.delete()
    client.force_login(staff)
    body = client.get(reverse("press:add")).content.decode()
    assert "There is no media outlet yet" in body
    assert reverse("admin:people_organisation_add") in body


# Sorting and the outlet filter --------------------------------------------------------------------


def test_the_archive_sorts_by_headline_in_each_language_and_by_outlet(client, world, archive):
    url = reverse("press:list")
    english = _titles(client.get(url, {"sort": "headline"}).context["page"].object_list)
    assert english == sorted(english, key=str.casefold) and english[0] == "Green finance for city leaders"
    assert _titles(client.get(url, {"sort": "-headline"}).context["page"].object_list) == english[::-1]
    client.cookies["django_language"] = "zh-hans"
    chinese = [item.title_zh for item in client.get(url, {"sort": "headline"}).context["page"].object_list]
    # 海 hai, 面 mian, 首期 shou qi, 首尔 shou er ... by pinyin, character by character
    assert chinese[:2] == ["海默谈市长培训", "面向城市领导的绿色金融"]
    assert chinese.index("首尔经验对中国城市的启示") < chinese.index("首期能源课程启动")  # shou er < shou qi
    by_outlet = client.get(url, {"sort": "outlet"}).context["page"].object_list
    assert [item.outlet.name_zh for item in by_outlet][:4] == ["中国日报"] * 3 + ["中外对话"]  # zhong guo < zhong wai


def test_the_archive_filters_by_outlet_and_keeps_the_year_chips_counting(client, world, archive):
    response = client.get(reverse("press:list"), {"outlet": archive.pk})
    assert response.context["page"].paginator.count == 4
    assert response.context["years"] == [(2011, 1), (2010, 1), (2009, 2)]
    outlets = response.context["listing"].filters[1]
    assert [label for _v, label, _s in outlets.options] == ["China Daily", "China Dialogue"]
    assert client.get(reverse("press:list"), {"outlet": "999999"}).context["page"].paginator.count == 7
    body = client.get(reverse("press:list"), {"outlet": archive.pk, "year": 2009}).content.decode()
    assert "Showing 1–2 of 2" in body
    assert '<input type="hidden" name="year" value="2009">' in body  # the form keeps the chosen year
