"""The presentations list and the glossary as lists: sorting, filters that fit them, counts, scoping."""

import pytest
from django.urls import reverse

from peixun.courses.models import SessionLecturer
from peixun.materials import services
from peixun.materials.models import GlossaryTerm, Material
from tests.factories import LecturerFactory, SessionFactory, TopicFactory

from .conftest import SMALL_DECK, advance, pdf, translate_all


def titles(response) -> list[str]:
    assert response.status_code == 200
    return [m.title for m in response.context["materials"]]


@pytest.fixture
def talks(world):
    staff = world.users["staff"]
    made = {
        "sponge": world.material(SMALL_DECK, title="Sponge cities"),
        "zh": world.material(SMALL_DECK, title="阿姆斯特丹的自行车"),
    }
    bob, session = LecturerFactory(name="bob Brown"), SessionFactory(course=world.other_course)
    SessionLecturer.objects.create(session=session, lecturer=bob, date=session.date, part_of_day=session.part_of_day)
    made["brt"] = services.create_material(
        actor=staff,
        course=world.other_course,
        lecturer=bob,
        session=session,
        title_en="bus rapid transit",
        file=pdf(),
    )
    services.assign_translator(actor=staff, material=made["sponge"], translator=world.users["translator"])
    translate_all(made["sponge"])
    advance(world, made["sponge"], "review")
    return made


def test_presentations_sort_by_title_course_step_and_lecturer(client, world, talks):
    client.force_login(world.users["staff"])
    url = reverse("materials:list")
    # Titles in either script by their sort keys: 阿 (a), bus, Sponge.
    assert titles(client.get(url, {"sort": "title"})) == ["阿姆斯特丹的自行车", "bus rapid transit", "Sponge cities"]
    assert titles(client.get(url, {"sort": "-title"})) == ["Sponge cities", "bus rapid transit", "阿姆斯特丹的自行车"]
    assert titles(client.get(url, {"sort": "course"}))[-1] == "bus rapid transit"  # Green Finance after Energy
    assert titles(client.get(url, {"sort": "-step"}))[0] == "Sponge cities"  # in review, the furthest on
    by_lecturer = titles(client.get(url, {"sort": "lecturer"}))
    assert by_lecturer == ["Sponge cities", "阿姆斯特丹的自行车", "bus rapid transit"]  # Ada (twice), then bob


def test_presentations_filter_by_course_step_kind_and_words(client, world, talks):
    client.force_login(world.users["staff"])
    url = reverse("materials:list")
    assert titles(client.get(url, {"course": world.other_course.pk})) == ["bus rapid transit"]
    assert titles(client.get(url, {"state": "review"})) == ["Sponge cities"]
    assert titles(client.get(url, {"kind": "pdf"})) == ["bus rapid transit"]
    assert sorted(titles(client.get(url, {"kind": "pptx"}))) == ["Sponge cities", "阿姆斯特丹的自行车"]
    assert titles(client.get(url, {"q": "BROWN"})) == ["bus rapid transit"]
    response = client.get(url, {"state": "closed"})
    assert titles(response) == [] and "No presentation matches these filters." in response.content.decode()
    assert len(titles(client.get(url, {"state": "nonsense", "kind": "exe"}))) == 3


def test_a_reviewer_filters_only_what_they_see(client, world, talks):
    client.force_login(world.users["reviewer"])
    url = reverse("materials:list")
    # The academy's presentations at every step (the workbench opens for them too), not the other course's.
    assert titles(client.get(url)) == ["阿姆斯特丹的自行车", "Sponge cities"]
    assert titles(client.get(url, {"state": "adaptation"})) == ["阿姆斯特丹的自行车"]
    assert titles(client.get(url, {"state": "review"})) == ["Sponge cities"]
    not_theirs = client.get(url, {"course": world.other_course.pk})  # ignored
    assert titles(not_theirs) == ["阿姆斯特丹的自行车", "Sponge cities"]
    courses = client.get(url).context["listing"].filters[1]
    assert [label for _v, label, _s in courses.options] == ["Energy Smart Cities"]


def test_presentations_come_in_pages_with_a_count(client, world):
    for n in range(27):
        Material.objects.create(course=world.course, lecturer=world.lecturer, title_en=f"Talk {n:02}")
    client.force_login(world.users["staff"])
    response = client.get(reverse("materials:list"), {"sort": "title", "page": "2"})
    assert titles(response) == ["Talk 25", "Talk 26"]
    assert "Showing 26–27 of 27" in response.content.decode()


# The glossary ------------------------------------------------------------------------------------


@pytest.fixture
def terms(db):
    GlossaryTerm.objects.all().delete()
    water, energy = TopicFactory(name_en="Water", order=2), TopicFactory(name_en="Energy", order=1)
    rows = [
        ("sponge city", "海绵城市", water),
        ("Anaerobic digestion", "厌氧消化", None),
        ("green bond", "绿色债券|绿债", energy),
        ("biogas", "沼气", energy),
    ]
    for english, chinese, topic in rows:
        GlossaryTerm.objects.create(english=english, chinese=chinese, topic=topic)
    return {"water": water, "energy": energy}


def english(response) -> list[str]:
    assert response.status_code == 200
    return [term.english for term in response.context["page"].object_list]


def test_the_glossary_sorts_by_english_or_by_the_pinyin_of_the_chinese(client, world, terms):
    client.force_login(world.users["translator"])
    url = reverse("workbench:glossary")
    assert english(client.get(url)) == ["Anaerobic digestion", "biogas", "green bond", "sponge city"]
    # 海 hai, 绿 lv, 沼 zhao, 厌 yan: hai < lv < yan < zhao
    assert english(client.get(url, {"sort": "chinese"})) == [
        "sponge city",
        "green bond",
        "Anaerobic digestion",
        "biogas",
    ]
    assert english(client.get(url, {"sort": "topic"})) == ["biogas", "green bond", "sponge city", "Anaerobic digestion"]
    client.cookies["django_language"] = "zh-hans"
    chinese_default = english(client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert chinese_default == ["sponge city", "green bond", "Anaerobic digestion", "biogas"]


def test_the_glossary_filters_by_topic_and_searches_both_languages(client, world, terms):
    client.force_login(world.users["translator"])
    url = reverse("workbench:glossary")
    assert english(client.get(url, {"topic": terms["energy"].pk})) == ["biogas", "green bond"]
    assert english(client.get(url, {"topic": "none"})) == ["Anaerobic digestion"]
    assert english(client.get(url, {"q": "绿债"})) == ["green bond"]
    assert english(client.get(url, {"q": "SPONGE"})) == ["sponge city"]
    body = client.get(url, {"q": "gas", "sort": "-english"}).content.decode()
    assert "Showing 1–1 of 1" in body and 'aria-sort="descending"' in body
