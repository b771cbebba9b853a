"""The start page: each role's next tasks, counted and linked, in a fixed number of queries."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.core.enums import Role
from peixun.core.models import User
from peixun.materials.enums import MaterialState, WorkflowAction
from peixun.materials.models import WorkflowEvent
from peixun.materials.selectors import review_queue
from tests.factories import AcademyFactory, CourseFactory, SessionFactory, UserFactory
from tests.materials.workbench.helpers import make_material

pytestmark = pytest.mark.django_db

# role → the tiles of its start page, in order, and the queries the page takes (a second visit: the
# menu and the session are kept by then, as for every page after the first), the reader's notices included.
TILES = {
    "staff": (["nominations", "proposals", "overdue", "due_week", "unreported"], 9),
    "coordinator": (["nominations", "roll_calls", "proposals", "unbuilt"], 8),
    "nominator": (["places_left", "waiting", "waitlisted", "confirmed"], 5),
    # The lecturer's answers and follow-ups are the released ones: two more queries (feedback/release.py).
    "lecturer": (["sessions", "to_adapt", "answers", "follow_ups"], 12),
    "official": (["today", "to_rate", "record"], 12),
    "translator": (["to_translate", "segments_left"], 6),
    "reviewer": (["queue", "coming"], 6),
    "partner": (["to_report", "ahead"], 4),
}


@pytest.fixture
def demo():
    call_command("load_demo", stdout=StringIO())


def visit(username: str):
    client = Client()
    client.force_login(User.objects.get(username=username))
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    return response, len(queries.captured_queries)


def test_each_demo_role_has_its_tasks_in_a_fixed_number_of_queries(demo):
    for role, (tiles, queries) in TILES.items():
        response, taken = visit(role)
        assert response.status_code == 200, role
        assert [task.key for task in response.context["tasks"]] == tiles, role
        assert taken == queries, f"{role}: {taken} queries"


def test_the_demo_start_pages_say_what_waits(demo):
    response, _ = visit("coordinator")
    tasks = {task.key: task.value for task in response.context["tasks"]}
    # The class in session has two sessions today and their roll calls are still to take.
    assert tasks["roll_calls"] == 2
    body = response.content.decode()
    for session in response.context["today_sessions"]:
        assert reverse("attendance:roll_call", args=[session.course_id, session.pk]) in body

    response, _ = visit("translator")
    tasks = {task.key: task.value for task in response.context["tasks"]}
    assert tasks["to_translate"] == 1
    # The deck in translation first, then the others by their course's start: the one delivered to the
    # class in session, the one in the academy's review.
    deck, delivered, in_review = response.context["assigned"]
    assert [deck.state, delivered.state, in_review.state] == ["translation", "delivered", "review"]
    assert deck.segments_total - deck.segments_done == tasks["segments_left"] == 17
    assert reverse("workbench:edit", args=[deck.pk]) in response.content.decode()

    response, _ = visit("reviewer")
    tasks = {task.key: task.value for task in response.context["tasks"]}
    assert tasks == {"queue": 1, "coming": 1}
    [waiting] = response.context["queue"]
    assert (waiting.title_en, waiting.returns) == ("How American cities plan their energy", 1)
    assert reverse("materials:detail", args=[waiting.pk]) in response.content.decode()

    response, _ = visit("partner")
    [engagement] = response.context["to_report"]
    assert reverse("partners:report", args=[engagement.pk]) in response.content.decode()
    assert "courses" not in response.context  # a partner contact has no course list to fall into

    response, _ = visit("nominator")
    assert [q.course.title_en for q in response.context["quotas"]] == [
        "Eco-Cities and Climate Resilience (class in session)",
        "Energy Smart Cities",
    ]


def _in_review(course, title):
    material = make_material(course=course, state=MaterialState.REVIEW, title=title)
    WorkflowEvent.objects.create(material=material, action=WorkflowAction.SUBMIT_FOR_REVIEW, to_state="review")
    return material


def test_the_review_queue_is_the_academys_soonest_session_first_in_one_query(django_assert_num_queries):
    academy = AcademyFactory()
    reviewer = UserFactory(role=Role.REVIEWER, academy=academy)
    course = CourseFactory(academy=academy)
    later, sooner = _in_review(course, "Later"), _in_review(course, "Sooner")
    later.session = SessionFactory(course=course, date=course.start.replace(day=course.start.day + 2))
    later.save()
    sooner.session = SessionFactory(course=course, date=course.start)
    sooner.save()
    make_material(course=course, state=MaterialState.TRANSLATION, title="Not yet")
    _in_review(CourseFactory(), "Another academy's")
    WorkflowEvent.objects.create(material=sooner, action=WorkflowAction.RETURN, from_state="review")
    with django_assert_num_queries(1):
        queue = list(review_queue(reviewer))
    assert [(m.title, m.returns, m.submitted_at is not None) for m in queue] == [
        ("Sooner", 1, True),
        ("Later", 0, True),
    ]


def test_the_reviewers_start_page_counts_the_queue_whatever_its_length(client):
    academy = AcademyFactory()
    reviewer = UserFactory(role=Role.REVIEWER, academy=academy)
    course = CourseFactory(academy=academy)
    _in_review(course, "First")
    client.force_login(reviewer)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        response = client.get("/")
    assert response.status_code == 200
    assert {t.key: t.value for t in response.context["tasks"]} == {"queue": 1, "coming": 0}
    for n in range(4):
        _in_review(course, f"Talk {n}")
    make_material(course=course, state=MaterialState.TRANSLATION, title="Not yet")
    with CaptureQueriesContext(connection) as five:
        response = client.get("/")
    assert response.status_code == 200
    assert {t.key: t.value for t in response.context["tasks"]} == {"queue": 5, "coming": 1}
    assert len(five.captured_queries) == len(one.captured_queries)
    queue_page = client.get(reverse("materials:review_queue"))
    assert [m.title for m in queue_page.context["materials"]][:1] == ["First"]
