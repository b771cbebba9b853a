"""The impact dashboard: its figures and tables, its filters, each role's scope, Chinese, and a bounded
number of queries whatever the number of officials."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.courses.enums import EnrolmentStatus
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory
from tests.factories import AcademyFactory, OrganisationFactory, SessionFactory, TopicFactory

from .conftest import D, course_ending, evaluate, official_of, place, train, with_topics


def headline_of(html: str) -> dict[str, str]:
    """The headline figures as the page shows them, by name."""
    figures = re.findall(
        r'data-figure="(\w+)">\s*<dt>.*?</dt>\s*<dd><span class="figure-value">([^<]*)</span>', html, flags=re.S
    )
    return dict(figures)


def get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("impact:dashboard"), params)


def test_staff_see_every_academys_figures(client, world):
    html = get(client, world.users["staff"]).content.decode()
    assert headline_of(html) == {
        "officials_trained": "2",
        "population_led": "24,684,272",  # Hangzhou and Suzhou
        "executives": "0",
        "courses": "2",
        "class_hours": "9",
        "companies": "0",
    }
    assert "All academies" in html
    assert "Courses ending in 2026–2027" in html


def test_a_coordinator_sees_their_own_academy_only(client, world):
    html = get(client, world.users["coordinator"]).content.decode()
    assert headline_of(html)["officials_trained"] == "1"
    assert headline_of(html)["population_led"] == "11,936,010"
    assert "CELAP" not in html and "绿色金融" not in html
    scope = re.search(r'data-testid="scope">(.*?)</p>', html, flags=re.S).group(1)
    assert "National Academy for Mayors of China" in scope
    options = re.findall(r'<option value="(\d*)"', re.search(r'<select name="academy".*?</select>', html, re.S)[0])
    assert options == [str(world.academy.pk)]


def test_a_coordinator_asking_for_another_academy_is_told_why_not(client, world):
    response = get(client, world.users["coordinator"], academy=world.other_academy.pk)
    assert response.status_code == 403
    assert "Academy coordinators see the impact of their own academy only." in response.content.decode()


def test_staff_filter_by_academy_and_years(client, world):
    html = get(client, world.users["staff"], academy=world.other_academy.pk).content.decode()
    assert headline_of(html)["officials_trained"] == "1"
    assert headline_of(html)["population_led"] == "12,748,262"
    html = get(client, world.users["staff"], year_from=2027, year_to=2027).content.decode()
    assert headline_of(html)["officials_trained"] == "1"
    assert "Courses ending in 2027" in html
    html = get(client, world.users["staff"], year_to=2025).content.decode()
    assert headline_of(html)["officials_trained"] == "0"


def test_a_reversed_year_range_is_explained_and_counts_nothing(client, world):
    response = get(client, world.users["staff"], year_from=2027, year_to=2026)
    html = response.content.decode()
    assert response.status_code == 200
    assert "The last year comes before the first; swap them." in html
    assert headline_of(html)["officials_trained"] == "0"


def test_an_unknown_academy_is_an_invalid_filter(client, world):
    response = get(client, world.users["staff"], academy=999999)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert headline_of(response.content.decode())["officials_trained"] == "0"


def test_the_tables_show_each_breakdown(client, world):
    html = get(client, world.users["staff"]).content.decode()
    by_topic = re.search(r'id="by-topic".*?</section>', html, re.S)[0]
    assert re.search(r"<th scope=\"row\">Energy master planning</th><td class=\"num\">1</td>", by_topic)
    by_year = re.search(r'id="by-year".*?</section>', html, re.S)[0]
    rows = re.findall(r'<tr><th scope="row">(\d+)</th><td class="num">(\d+)</td>', by_year)
    assert rows == [("2026", "1"), ("2027", "1")]
    by_level = re.search(r'id="by-level".*?</section>', html, re.S)[0]
    assert "Prefecture-level city" in by_level and "24,684,272" in by_level


def test_the_dashboard_reads_in_chinese(client, world):
    user = world.users["staff"]
    user.language = "zh-hans"
    user.save()
    html = get(client, user).content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "全国市长研修学院" in html and "能源总体规划" in html and "副市长" in html
    assert "2468万" in html  # the population's short form, the Chinese way


def test_the_population_has_its_short_form_in_english(client, world):
    html = get(client, world.users["staff"]).content.decode()
    assert '<span class="figure-short">24.6 million</span>' in html


def test_staff_are_offered_the_public_figures_and_coordinators_are_not(client, world):
    assert reverse("impact:public") in get(client, world.users["staff"]).content.decode()
    assert reverse("impact:public") not in get(client, world.users["coordinator"]).content.decode()


def test_the_export_links_keep_the_filters(client, world):
    html = get(client, world.users["staff"], year_from=2026).content.decode()
    assert f'href="{reverse("impact:xlsx")}?year_from=2026"' in html
    assert f'href="{reverse("impact:pdf")}?year_from=2026"' in html


# ------------------------------------------------------------------------------------ bounded queries


def many_officials(count: int) -> None:
    """``count`` officials trained at two academies over three years, with places, topics, units and feedback."""
    academies = [AcademyFactory(), AcademyFactory()]
    topics = [TopicFactory() for _ in range(3)]
    province = place("Sichuan", JurisdictionLevel.PROVINCE, population=83_674_866)
    company = OrganisationFactory(kind=OrganisationKind.SOE)
    courses = []
    for index, end in enumerate((D(2024, 6, 14), D(2025, 6, 13), D(2026, 6, 12))):
        course = course_ending(end, academies[index % 2])
        with_topics(course, *topics[: index + 1])
        courses.append((course, SessionFactory(course=course)))
    for index in range(count):
        course, session = courses[index % 3]
        if index % 4 == 0:
            official = official_of(None, PositionCategory.SOE_EXECUTIVE, company)
        else:
            official = official_of(place(f"City {index}", parent=province if index % 2 else None))
        train(official, course, EnrolmentStatus.COMPLETED if index % 2 else EnrolmentStatus.CONFIRMED)
        evaluate(session, official, interest=1 + index % 5)


#: What each page starts with once served: an empty or refused answer would take few queries too.
SERVED = {
    "impact:dashboard": b"<!DOCTYPE html>",
    "impact:xlsx": b"PK\x03\x04",
    "impact:pdf": b"%PDF-",
    "impact:figures": b'{"officials_trained": ',
}


def queries_for(client, user, url_name: str) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response.content.startswith(SERVED[url_name]), response.content[:80]
    return len(queries)


@pytest.mark.parametrize("url_name", ["impact:dashboard", "impact:xlsx", "impact:pdf", "impact:figures"])
def test_queries_do_not_grow_with_the_number_of_officials(client, world, url_name):
    many_officials(1)
    few = queries_for(client, world.users["staff"], url_name)
    many_officials(30)
    assert queries_for(client, world.users["staff"], url_name) == few


def test_the_dashboards_queries_are_few(client, world, django_assert_max_num_queries):
    many_officials(30)
    client.force_login(world.users["coordinator"])
    # The page's frame: session, user and the menu's two permission lookups. The report: the
    # coordinator's academy, the first year for the form's choices, and ten for the figures.
    with django_assert_max_num_queries(16):
        response = client.get(reverse("impact:dashboard"))
    assert response.status_code == 200
    assert response.context["report"] is not None
