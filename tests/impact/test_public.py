"""The public figures: worked out from the records, equal to the dashboard's, cacheable for an hour,
open to everyone, embeddable, in both languages, and free of personal data."""

import json

import pytest
from django.urls import reverse

from peixun.courses.enums import CourseStatus
from peixun.impact.reports import build_report
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory
from tests.factories import OrganisationFactory, SessionFactory

from .conftest import D, course_ending, official_of, place, train


def figures_json(client) -> dict:
    response = client.get(reverse("impact:figures"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_the_public_figures_equal_the_dashboards(client, world):
    company = OrganisationFactory(kind=OrganisationKind.SOE)
    course = course_ending(D(2025, 6, 13), world.other_academy)
    SessionFactory(course=course)
    for _index in range(3):
        train(official_of(None, PositionCategory.SOE_EXECUTIVE, company), course)
    headline = build_report(world.users["staff"], {}).figures.headline
    assert figures_json(client) == {
        "officials_trained": headline.officials_trained,
        "population_led": headline.population_led,
        "since": headline.since,
        "courses": headline.courses_held,
        "class_hours": int(headline.class_hours),
        "executives": headline.executives_trained,
        "companies": headline.companies,
        "text": {
            "en": "5 officials trained, leading 24.6 million people",
            "zh": "已培训5名官员，所辖人口2468万",
        },
        "as_of": "2027-06-15",
    }
    assert (headline.officials_trained, headline.executives_trained, headline.companies, headline.since) == (
        5,
        3,
        1,
        2025,
    )


def test_the_public_figures_follow_the_records(client, world):
    before = figures_json(client)
    guangdong = place("Guangdong", JurisdictionLevel.PROVINCE, population=126_012_510)
    train(official_of(guangdong), course_ending(D(2027, 5, 14)))
    train(official_of(guangdong), course_ending(D(2027, 5, 14), status=CourseStatus.CANCELLED))
    after = figures_json(client)
    assert after["officials_trained"] == before["officials_trained"] + 1
    assert after["population_led"] == before["population_led"] + 126_012_510
    assert after["text"]["zh"] == "已培训3名官员，所辖人口1.5亿"


def test_the_public_figures_may_be_cached_for_an_hour_and_read_from_another_site(client, world):
    response = client.get(reverse("impact:figures"))
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=3600"}
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url_name", ["impact:figures", "impact:public"])
def test_the_public_pages_show_no_personal_data(client, world, url_name):
    body = client.get(reverse(url_name)).content.decode()
    for personal in ("王伟", "李娜", "Wang", "official", "@example.org", "Hangzhou", "Suzhou", "杭州", "CELAP"):
        assert personal not in body.replace("officials", "")


def test_the_snippet_says_it_in_both_languages(client, world):
    response = client.get(reverse("impact:public"))
    body = response.content.decode()
    assert '<p class="impact-sentence" lang="en">2 officials trained, leading 24.6 million people</p>' in body
    assert '<p class="impact-sentence" lang="zh-Hans">已培训2名官员，所辖人口2468万</p>' in body
    assert '<span lang="en">Since 2026</span>' in body and '<span lang="zh-Hans">2026年以来</span>' in body
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=3600"}


def test_the_snippet_can_be_embedded_in_another_site(client, world):
    response = client.get(reverse("impact:public"))
    assert "X-Frame-Options" not in response
    assert client.get(reverse("impact:dashboard"))["X-Frame-Options"] == "DENY"


def test_the_snippet_shows_large_numbers_the_chinese_way(client, world):
    course = course_ending(D(2027, 5, 14))
    for name, population in (("Guangdong", 126_012_510), ("Shandong", 101_527_453), ("Henan", 99_365_519)):
        train(official_of(place(name, JurisdictionLevel.PROVINCE, population=population)), course)
    body = client.get(reverse("impact:public")).content.decode()
    # 2 cities (24,684,272) and three provinces: 351,589,754 people.
    assert "已培训5名官员，所辖人口3.5亿" in body
    assert "5 officials trained, leading 351 million people" in body


def test_the_snippets_frame_is_in_the_readers_language(client, world):
    body = client.get(reverse("impact:public"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "已培训2名官员" in body and "2 officials trained" in body


def test_nothing_trained_yet_is_said_plainly(client, db, today):
    data = figures_json(client)
    assert (data["officials_trained"], data["population_led"], data["since"]) == (0, 0, None)
    assert data["text"] == {"en": "0 officials trained", "zh": "已培训0名官员"}
    body = client.get(reverse("impact:public")).content.decode()
    assert "Since" not in body
