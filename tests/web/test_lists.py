"""The lists of courses, officials and lecturers: each column sorts both ways and in the reader's language,
the filters that fit each list, counts, pages, a bounded number of queries, and scoping unchanged."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.people.enums import PositionCategory
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    EnrolmentFactory,
    JurisdictionFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def get(client, name, user=None, lang="en", **params):
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = lang
    response = client.get(reverse(name), params, HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response


def queries(client, name, shows: str, **params) -> int:
    """The SQL queries of one list page, which must be served and say how many rows it ``shows``
    (a page refused or empty would take few queries for the wrong reason)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name), params)
    assert response.status_code == 200
    assert shows in response.content.decode()
    return len(captured)


# Courses -----------------------------------------------------------------------------------------


@pytest.fixture
def courses(world):
    """Three more courses at NAMC (world.course's academy), in other years, states and scripts."""
    namc = world.course.academy
    start = world.course.start
    made = {
        "阿": CourseFactory(
            academy=namc, title_en="zoning reform", title_zh="阿什么", start=start.replace(year=start.year - 2)
        ),
        "张": CourseFactory(
            academy=namc, title_en="Apple of cities", title_zh="张家港", status=CourseStatus.PLANNING, start=start
        ),
        "李": CourseFactory(
            academy=namc,
            title_en="Blue economy",
            title_zh="李家",
            status=CourseStatus.FINISHED,
            start=start.replace(year=start.year - 1),
        ),
    }
    for _n in range(3):
        EnrolmentFactory(course=made["李"], status=EnrolmentStatus.CONFIRMED)
    return made


def titles(response, field="title_en") -> list[str]:
    return [getattr(course, field) for course in response.context["courses"]]


def test_courses_sort_by_title_case_insensitively_in_english_and_by_pinyin_in_chinese(client, world, courses):
    staff = world.users["staff"]
    english = titles(get(client, "courses:list", staff, sort="title"))
    assert english == ["Apple of cities", "Blue economy", "Energy Smart Cities", "Green Finance", "zoning reform"]
    assert titles(get(client, "courses:list", staff, sort="-title")) == english[::-1]
    chinese = titles(get(client, "courses:list", staff, lang="zh-hans", sort="title"), "title_zh")
    # 阿 a, 浦东/绿色 lv, 李 li, 能源 neng, 张 zhang
    assert chinese == ["阿什么", "李家", "绿色金融", "能源智慧城市", "张家港"]


def test_courses_sort_by_dates_status_seats_and_academy(client, world, courses):
    staff = world.users["staff"]
    by_dates = titles(get(client, "courses:list", staff), "title_zh")  # newest first by default
    assert by_dates[-2:] == ["李家", "阿什么"]
    assert titles(get(client, "courses:list", staff, sort="dates"), "title_zh")[:2] == ["阿什么", "李家"]
    by_status = titles(get(client, "courses:list", staff, sort="status"), "title_zh")
    assert by_status[0] == "张家港" and by_status[-1] == "李家"  # planning first, finished last
    assert titles(get(client, "courses:list", staff, sort="-seats"), "title_zh")[0] == "李家"
    by_academy = [c.academy.name_en for c in get(client, "courses:list", staff, sort="-academy").context["courses"]]
    assert by_academy == ["NAMC"] * 4 + ["CELAP"]


def test_courses_filter_by_academy_status_year_and_title(client, world, courses):
    staff = world.users["staff"]
    namc, year = world.course.academy, world.course.start.year
    response = get(client, "courses:list", staff, academy=namc.pk, status="finished")
    assert titles(response, "title_zh") == ["李家"]
    assert titles(get(client, "courses:list", staff, year=year - 2), "title_zh") == ["阿什么"]
    assert titles(get(client, "courses:list", staff, q="家"), "title_zh") == ["张家港", "李家"]
    assert titles(get(client, "courses:list", staff, q="ECONOMY"), "title_zh") == ["李家"]
    response = get(client, "courses:list", staff, q="nothing like this")
    assert "No course matches these filters." in response.content.decode()
    assert response.context["listing"].count_text() == "Nothing to show"


def test_nonsense_in_the_address_shows_the_default_list(client, world, courses):
    staff = world.users["staff"]
    default = titles(get(client, "courses:list", staff))
    for params in ({"sort": "password"}, {"academy": "x"}, {"status": "gone"}, {"year": "1"}, {"page": "9"}):
        assert titles(get(client, "courses:list", staff, **params)) == default, params


def test_the_course_list_counts_and_pages(client, world):
    for n in range(30):
        CourseFactory(academy=world.course.academy, title_en=f"Course {n:02}")
    staff = world.users["staff"]
    response = get(client, "courses:list", staff, sort="title", page="2")
    assert response.context["listing"].count_text() == "Showing 26–32 of 32"
    body = response.content.decode()
    assert "Showing 26–32 of 32" in body and 'href="?sort=title&amp;page=1"' in body
    assert '<th scope="col" aria-sort="ascending"><a class="sort" href="?sort=-title">Course</a>' in body
    chinese = get(client, "courses:list", staff, lang="zh-hans", sort="title", page="2")
    assert "第 26–32 条，共 32 条" in chinese.content.decode()


def test_academy_staff_see_their_academys_courses_whatever_the_filter(client, world, courses):
    coordinator = world.users["coordinator"]
    other_academy = world.other_course.academy
    assert titles(get(client, "courses:list", coordinator, academy=other_academy.pk)) == titles(
        get(client, "courses:list", coordinator)
    )
    assert "Green Finance" not in titles(get(client, "courses:list", coordinator, q="Green"))
    academies = get(client, "courses:list", coordinator).context["listing"].filters[1]
    assert [label for _v, label, _s in academies.options] == ["NAMC"]
    nominator = world.users["nominator"]
    assert titles(get(client, "courses:list", nominator, sort="title")) == ["Energy Smart Cities"]


def test_the_course_list_takes_the_same_queries_for_one_course_and_many(client, world):
    client.force_login(world.users["staff"])
    client.get(reverse("courses:list"))  # warm the navigation's cache
    one = queries(client, "courses:list", "Showing 1–2 of 2", sort="seats")
    for n in range(12):
        course = CourseFactory(academy=AcademyFactory(), start=world.course.start.replace(year=2020 + n % 4))
        EnrolmentFactory(course=course, status=EnrolmentStatus.CONFIRMED)
    assert queries(client, "courses:list", "Showing 1–14 of 14", sort="seats") == one
    assert (
        queries(client, "courses:list", "Showing 1–12 of 12", sort="academy", status="open", q="course", page="2")
        == one
    )


# Officials ---------------------------------------------------------------------------------------


@pytest.fixture
def officials(world):
    zhejiang = JurisdictionFactory(name_en="Zhejiang", name_zh="浙江", level="province")
    hangzhou = JurisdictionFactory(name_en="hangzhou", name_zh="杭州", parent=zhejiang)
    xihu = JurisdictionFactory(name_en="Xihu District", name_zh="西湖区", parent=hangzhou, level="district")
    anqing = JurisdictionFactory(name_en="Anqing", name_zh="安庆")
    unit = world.official.sending_unit
    other = OrganisationFactory(name_en="beijing Office", name_zh="北京办")
    return {
        "张敏": OfficialFactory(name_zh="张敏", sending_unit=unit, jurisdiction=xihu),
        "李娜": OfficialFactory(
            name_zh="李娜", sending_unit=other, jurisdiction=hangzhou, position_category=PositionCategory.MAYOR
        ),
        "阿强": OfficialFactory(name_zh="阿强", sending_unit=other, jurisdiction=anqing),
        "zhejiang": zhejiang,
        "other_unit": other,
    }


def names(response) -> list[str]:
    return [row.name_zh for row in response.context["page"].object_list]


def test_officials_sort_by_name_in_pinyin_and_by_place_and_unit(client, world, officials):
    staff = world.users["staff"]
    assert names(get(client, "people:officials", staff)) == ["阿强", "李娜", "王伟", "张敏"]
    assert names(get(client, "people:officials", staff, sort="-name")) == ["张敏", "王伟", "李娜", "阿强"]
    # Places in English without case: Anqing, hangzhou, Xihu District, (王伟's factory city) "City n" ...
    by_place = names(get(client, "people:officials", staff, sort="jurisdiction"))
    assert by_place[:2] == ["阿强", "王伟"] and by_place[2:] == ["李娜", "张敏"]
    by_place_zh = names(get(client, "people:officials", staff, lang="zh-hans", sort="jurisdiction"))
    assert by_place_zh[0] == "阿强" and by_place_zh.index("李娜") < by_place_zh.index("张敏")  # 安 杭 西
    by_unit = names(get(client, "people:officials", staff, sort="unit"))
    assert by_unit[:2] == ["阿强", "李娜"]  # "beijing Office" before "Organisation n", then by name
    by_unit_zh = names(get(client, "people:officials", staff, lang="zh-hans", sort="-unit"))
    assert by_unit_zh[-2:] == ["阿强", "李娜"]  # 北京办 (bei) last when descending before 单位 (dan)


def test_officials_filter_by_unit_place_inside_places_and_position(client, world, officials):
    staff = world.users["staff"]
    assert names(get(client, "people:officials", staff, unit=officials["other_unit"].pk)) == ["阿强", "李娜"]
    assert names(get(client, "people:officials", staff, jurisdiction=officials["zhejiang"].pk)) == ["李娜", "张敏"]
    assert names(get(client, "people:officials", staff, category="mayor")) == ["李娜"]
    assert names(get(client, "people:officials", staff, q="zhang", unit=world.official.sending_unit.pk)) == ["张敏"]


def test_a_unit_contact_is_offered_and_shown_only_their_units_officials(client, world, officials):
    nominator = world.users["nominator"]
    response = get(client, "people:officials", nominator, unit=officials["other_unit"].pk)
    assert names(response) == ["王伟", "张敏"]
    units = response.context["listing"].filters[1]
    assert [value for value, _l, _s in units.options] == [str(world.official.sending_unit.pk)]


def test_the_live_search_returns_the_results_with_their_sortable_header(client, world, officials):
    client.force_login(world.users["staff"])
    response = client.get(reverse("people:officials"), {"q": "li", "sort": "-unit"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<h1>" not in body and 'aria-sort="descending"' in body
    assert "Showing 1–1 of 1" in body


def test_the_search_keeps_its_queries_for_one_official_and_many(client, world):
    client.force_login(world.users["staff"])
    client.get(reverse("people:officials"))
    one = queries(client, "people:officials", "Showing 1–1 of 1", q="wang")
    for n in range(30):
        OfficialFactory(name_zh="王" + "一二三四五六七八九十"[n % 10], jurisdiction=JurisdictionFactory())
    client.get(reverse("people:officials"))  # the new places and units make the cached choices stale
    assert queries(client, "people:officials", "Showing 1–25 of 31", q="wang") == one
    assert (
        queries(
            client,
            "people:officials",
            "Showing 26–31 of 31",
            q="wang",
            sort="jurisdiction",
            category="vice_mayor",
            page="2",
        )
        == one
    )


def choice_labels(response, index: int) -> list[str]:
    return [label for _v, label, _s in response.context["listing"].filters[index].options]


def forget_this_process() -> None:
    """What another app server would not have: this process's own caches."""
    caches["fragments"].clear()


def test_the_searchs_cached_choices_show_a_write_on_the_next_read_on_any_server(client, world, officials):
    staff = world.users["staff"]
    assert "Harbin Office" not in choice_labels(get(client, "people:officials", staff), 1)
    with CaptureQueriesContext(connection) as warm:
        get(client, "people:officials", staff)
    unit = OrganisationFactory(name_en="Harbin Office", name_zh="哈尔滨办")
    forget_this_process()
    with CaptureQueriesContext(connection) as after_write:
        assert "Harbin Office" in choice_labels(get(client, "people:officials", staff), 1)
    assert len(after_write) > len(warm)  # read again from the database, not from the cache
    unit.name_en = "Harbin City Office"
    unit.save()
    forget_this_process()
    units = choice_labels(get(client, "people:officials", staff), 1)
    assert "Harbin City Office" in units and "Harbin Office" not in units
    unit.delete()
    assert "Harbin City Office" not in choice_labels(get(client, "people:officials", staff), 1)

    # Places, for everyone.
    officials["zhejiang"].name_en = "Zhejiang Province"
    officials["zhejiang"].save()
    forget_this_process()
    assert "Zhejiang Province" in choice_labels(get(client, "people:officials", staff), 2)


# Lecturers ---------------------------------------------------------------------------------------


@pytest.fixture
def lecturers(world):
    energy, water = TopicFactory(name_en="Energy"), TopicFactory(name_en="Water")
    world_bank = OrganisationFactory(name_en="World Bank", name_zh="世界银行", is_sending_unit=False)
    made = {
        "zeng": LecturerFactory(name="Zeng Wei", name_zh="曾伟", languages="zh, en", affiliation=world_bank),
        "bob": LecturerFactory(name="bob Brown", languages="en"),
        "anna": LecturerFactory(name="Anna Schmidt", languages="de,en", affiliation=world_bank),
    }
    made["zeng"].topics.add(energy)
    made["anna"].topics.add(energy, water)
    return {**made, "energy": energy, "world_bank": world_bank}


def lecturer_names(response) -> list[str]:
    return [lecturer.name for lecturer in response.context["lecturers"]]


def test_lecturers_sort_by_name_and_affiliation_in_each_language(client, world, lecturers):
    official = world.users["official"]
    assert lecturer_names(get(client, "people:lecturers", official)) == [
        "Ada Lovelace",
        "Anna Schmidt",
        "bob Brown",
        "Zeng Wei",
    ]
    # In Chinese 曾伟 reads zeng wei (a surname), among the Latin names by their letters.
    chinese = lecturer_names(get(client, "people:lecturers", official, lang="zh-hans", sort="-name"))
    assert chinese == ["Zeng Wei", "bob Brown", "Anna Schmidt", "Ada Lovelace"]
    by_affiliation = lecturer_names(get(client, "people:lecturers", official, sort="affiliation"))
    assert by_affiliation[-2:] == ["Anna Schmidt", "Zeng Wei"]  # World Bank after "Organisation n"


def test_lecturers_filter_by_topic_language_and_affiliation(client, world, lecturers):
    official = world.users["official"]
    assert lecturer_names(get(client, "people:lecturers", official, topic=lecturers["energy"].pk)) == [
        "Anna Schmidt",
        "Zeng Wei",
    ]
    assert lecturer_names(get(client, "people:lecturers", official, language="de")) == ["Anna Schmidt"]
    assert lecturer_names(get(client, "people:lecturers", official, affiliation=lecturers["world_bank"].pk)) == [
        "Anna Schmidt",
        "Zeng Wei",
    ]
    assert lecturer_names(get(client, "people:lecturers", official, q="曾")) == ["Zeng Wei"]
    languages = get(client, "people:lecturers", official).context["listing"].filters[2]
    assert [(value, label) for value, label, _s in languages.options] == [
        ("zh", "Chinese"),
        ("en", "English"),
        ("de", "German"),
    ]


def test_the_lecturer_list_keeps_its_queries_for_one_lecturer_and_many(client, world):
    client.force_login(world.users["staff"])
    client.get(reverse("people:lecturers"))
    one = queries(client, "people:lecturers", "Showing 1–1 of 1")
    topic = TopicFactory()
    for n in range(12):
        LecturerFactory(name=f"Lecturer {n}", languages="en, fr").topics.add(topic)
    assert queries(client, "people:lecturers", "Showing 1–13 of 13") == one
    assert (
        queries(client, "people:lecturers", "Showing 1–12 of 12", topic=topic.pk, sort="-affiliation", page="1") == one
    )
