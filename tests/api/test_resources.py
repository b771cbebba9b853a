"""Every read endpoint for every role: what each sees, what each is refused and why, across academies."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import ROLES
from tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def visible_courses_by_role(world) -> dict[str, list]:
    """What each role's course list holds, newest first: the course list page's rule."""
    a_open, a_draft = world.open_course, world.draft_course
    b_open, b_draft = world.other_open_course, world.other_draft_course
    return {
        "staff": [b_draft, b_open, a_draft, a_open],
        "coordinator": [a_draft, a_open],
        "other_coordinator": [b_draft, b_open],
        "reviewer": [a_draft, a_open],
        "nominator": [a_open],
        "other_nominator": [b_open],
        "lecturer": [a_open],
        "official": [a_open],
        "translator": [],
        "partner": [],
    }


@pytest.mark.parametrize("role", ROLES)
def test_course_list_holds_exactly_the_courses_the_page_lists(world, role):
    expected = visible_courses_by_role(world)[role]
    assert ids(world.client(role).get("/api/v1/courses/")) == [course.pk for course in expected]


@pytest.mark.parametrize("role", ROLES)
def test_course_detail_is_served_in_scope_and_refused_with_the_reason_outside(world, role):
    visible = visible_courses_by_role(world)[role]
    client = world.client(role)
    for course in (world.open_course, world.draft_course, world.other_open_course, world.other_draft_course):
        response = client.get(f"/api/v1/courses/{course.pk}/")
        if course in visible:
            assert response.status_code == 200, (role, course)
            assert response.json()["title_zh"] == course.title_zh
        else:
            assert response.status_code == 403, (role, course)
            assert response.json()["error"] == {
                "code": "permission_denied",
                "message": "This course is not among the courses you can see.",
                "fields": {},
            }


def test_a_coordinator_cannot_read_another_academys_draft_even_by_filtering(world):
    client = world.client("coordinator")
    other = world.other_academy
    assert ids(client.get("/api/v1/courses/", {"academy": other.pk})) == []
    assert ids(client.get("/api/v1/courses/", {"academy_code": "celap", "status": "planning"})) == []
    assert client.get(f"/api/v1/courses/{world.other_draft_course.pk}/").status_code == 403


def test_a_course_that_does_not_exist_is_not_found_in_the_error_shape(world):
    response = world.client("staff").get("/api/v1/courses/999999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_course_detail_holds_both_languages_its_modules_and_its_timetable(world):
    body = world.client("nominator").get(f"/api/v1/courses/{world.open_course.pk}/").json()
    assert body["academy"] == {
        "id": world.academy.pk,
        "code": "namc",
        "name_en": "National Academy for Mayors",
        "name_zh": "全国市长研修学院",
    }
    assert (body["title_en"], body["title_zh"]) == ("Energy Smart Cities", "能源智慧城市")
    assert (body["start"], body["end"], body["status"]) == ("2027-03-01", "2027-03-14", "open")
    assert body["confirmed"] == 0 and body["capacity"] == 55
    [module] = body["modules"]
    assert module["template"] == "smart-energy" and module["topics"] == ["energy"]
    assert (module["title_en"], module["title_zh"]) == ("Smart energy", "智慧能源")
    [session] = body["sessions"]
    assert session["module"] == world.module.pk
    assert (session["title_en"], session["title_zh"]) == ("Energy master planning", "能源总体规划")
    assert session["class_hours"] == "3.0"
    assert session["venue"]["name_zh"] == "甲厅"
    [lecturer] = session["lecturers"]
    assert (lecturer["name"], lecturer["name_zh"]) == ("Ada Lovelace", "洛芙莱斯")
    # ISO 8601 with the zone: the academy's morning, 09:00 in Beijing.
    starts = datetime.datetime.fromisoformat(session["starts_at"])
    assert starts.utcoffset() is not None
    assert starts.astimezone(datetime.UTC) == datetime.datetime(2027, 3, 1, 1, 0, tzinfo=datetime.UTC)
    assert session["starts_at"].endswith("+08:00")
    created = datetime.datetime.fromisoformat(body["created_at"])
    assert created.utcoffset() is not None


def test_course_list_filters_and_orders(world):
    client = world.client("staff")
    assert ids(client.get("/api/v1/courses/", {"status": "planning"})) == [
        world.other_draft_course.pk,
        world.draft_course.pk,
    ]
    assert ids(client.get("/api/v1/courses/", {"academy_code": "namc", "ordering": "start"})) == [
        world.open_course.pk,
        world.draft_course.pk,
    ]
    assert ids(client.get("/api/v1/courses/", {"starts_from": "2027-04-01", "starts_until": "2027-05-01"})) == [
        world.other_open_course.pk
    ]
    assert ids(client.get("/api/v1/courses/", {"ordering": "title_en"}))[0] == world.other_draft_course.pk


def test_an_invalid_filter_value_is_refused_naming_the_field(world):
    response = world.client("staff").get("/api/v1/courses/", {"status": "sleeping", "starts_from": "soon"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert sorted(error["fields"]) == ["starts_from", "status"]


def test_cursor_pages_walk_every_course_once_in_order(world):
    for _ in range(7):
        CourseFactory(academy=world.academy, start=datetime.date(2027, 3, 1))  # ties on the sort key
    client = world.client("staff")
    expected = ids(client.get("/api/v1/courses/", {"page_size": 200}))
    assert len(expected) == 11
    seen, url, params = [], "/api/v1/courses/", {"page_size": 3}
    while url:
        body = client.get(url, params).json()
        assert len(body["results"]) <= 3
        seen += [row["id"] for row in body["results"]]
        url, params = body["next"], None
    assert seen == expected
    # and back again from the last page
    assert body["previous"] is not None


def test_a_forged_cursor_is_not_found(world):
    response = world.client("staff").get("/api/v1/courses/", {"cursor": "not-a-cursor"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_course_list_takes_the_same_queries_for_one_course_and_for_many(world):
    client = world.client("coordinator")

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/courses/")
        assert response.status_code == 200
        return len(queries), len(response.json()["results"])

    client.get("/api/v1/courses/")  # the token's first use of the minute writes last_used_at once
    few, rows = count()
    for _ in range(20):
        CourseFactory(academy=world.academy)
    many, more_rows = count()
    assert (rows, more_rows) == (2, 22)
    assert many == few


@pytest.mark.parametrize("role", ROLES)
def test_academies_and_venues_are_read_by_everyone_logged_in_as_on_the_academies_page(world, role):
    client = world.client(role)
    academies = client.get("/api/v1/academies/").json()["results"]
    assert [(a["code"], a["name_en"], a["name_zh"]) for a in academies] == [
        ("celap", "CELAP", "中国浦东干部学院"),
        ("namc", "National Academy for Mayors", "全国市长研修学院"),
    ]
    assert client.get(f"/api/v1/academies/{world.academy.pk}/").json()["morning_start"] == "09:00"
    venues = client.get("/api/v1/venues/").json()["results"]
    assert [(v["name_en"], v["name_zh"], v["academy"]) for v in venues] == [
        ("Hall A", "甲厅", world.academy.pk),
        ("Solar Works", "太阳能厂", None),
    ]
    assert ids(client.get("/api/v1/venues/", {"academy": world.other_academy.pk})) == []


@pytest.mark.parametrize("role", ROLES)
def test_topics_are_read_by_everyone_logged_in(world, role):
    topics = world.client(role).get("/api/v1/topics/").json()["results"]
    assert [(t["slug"], t["name_en"], t["name_zh"]) for t in topics] == [
        ("energy", "Energy master planning", "能源总体规划"),
        ("waste", "Municipal waste", "城市垃圾处理"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_module_templates_are_read_by_staff_and_coordinators_only(world, role):
    client = world.client(role)
    response = client.get("/api/v1/module-templates/")
    detail = client.get(f"/api/v1/module-templates/{world.template.pk}/")
    if role in ("staff", "coordinator", "other_coordinator"):
        [template] = response.json()["results"]
        assert (template["code"], template["title_zh"], template["topics"]) == ("smart-energy", "智慧能源", ["energy"])
        assert [step["title_en"] for step in template["outline"]] == [
            "Smart energy day 1",
            "Smart energy day 2",
            "Smart energy day 3",
        ]
        assert detail.status_code == 200
    else:
        for refused in (response, detail):
            assert refused.status_code == 403
            assert refused.json()["error"]["message"] == (
                "Only programme staff and academy coordinators see the curriculum's module templates."
            )


def test_module_templates_filter_by_topic(world):
    client = world.client("staff")
    assert ids(client.get("/api/v1/module-templates/", {"topic": "energy"})) == [world.template.pk]
    assert ids(client.get("/api/v1/module-templates/", {"topic": "waste"})) == []


LISTS = ["/api/v1/courses/", "/api/v1/academies/", "/api/v1/venues/", "/api/v1/topics/", "/api/v1/module-templates/"]


@pytest.mark.parametrize("path", LISTS)
def test_every_resource_refuses_a_caller_without_credentials(world, path):
    response = world.client(None).get(path)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_an_inactive_users_token_is_refused(world):
    user = world.users["coordinator"]
    user.is_active = False
    user.save()
    assert world.client("coordinator").get("/api/v1/courses/").status_code == 401
