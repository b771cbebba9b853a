"""Feedback pages take the same number of queries with one row as with many."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.core.enums import Role
from peixun.feedback import services
from tests.factories import CourseModuleFactory, LecturerFactory, TopicFactory, UserFactory

from .conftest import answer, confirmed_officials, course_at, session_in

pytestmark = pytest.mark.django_db


def queries(client, url, shows: str = "Energy master planning") -> list[str]:
    """The SQL of one page, which must be served with the lecture's title on it: a page refused or
    empty would take few queries for the wrong reason."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    assert shows in response.content.decode(), (url, shows)
    return [q["sql"] for q in captured.captured_queries]


def grow(world, size: int = 4) -> None:
    """More of everything: courses, sessions, lecturers, topics, answers and follow-ups."""
    staff = world.users["staff"]
    for n in range(size):
        course = course_at(world.course.academy, world.course.start - datetime.timedelta(weeks=4 * (n + 1)))
        module = CourseModuleFactory(course=course, first_day=course.start)
        module.topics.set([TopicFactory(), TopicFactory()])
        officials = confirmed_officials(course, 4, start=n)
        for day in range(3):
            lecturers = [world.lecturer, LecturerFactory()] if day else [LecturerFactory()]
            session = session_in(course, day, lecturers=lecturers, module=module if day < 2 else None)
            for official in officials:
                answer(official, session, 1 + (day + n) % 5, comment=f"Comment {n}-{day}", follow_up=day == 1)
        for official in officials:
            services.create_follow_up(actor=staff, official=official, owner=staff, lecturer=world.lecturer)
    for official in confirmed_officials(world.course, 3, start=8):
        answer(official, world.session, 4, comment="Fine")
    for day in range(3, 6):
        session_in(world.course, day, lecturers=[LecturerFactory()])


PAGES = [
    ("staff", "feedback:dashboard", None),
    ("staff", "feedback:dashboard", "?order=interest&trend=topic"),
    ("coordinator", "feedback:dashboard", None),
    ("staff", "feedback:session", "session"),
    ("lecturer", "feedback:session", "session"),
    ("lecturer", "feedback:my_results", None),
    ("lecturer", "feedback:my_follow_ups", None),
    ("staff", "feedback:follow_ups", None),
    ("official", "feedback:mine", None),
    ("staff", "feedback:follow_up", "follow_up"),
]


@pytest.mark.parametrize(("role", "page", "extra"), PAGES)
def test_queries_do_not_grow_with_the_rows(client, world, role, page, extra):
    # One of everything: three answers on the lecture and on a better session, so that one session is
    # flagged, figures are shown and comments read; one follow-up.
    official = world.official
    better = session_in(world.course, 1, lecturers=[world.lecturer])
    session_in(world.course, 2, lecturers=[world.lecturer])
    answer(official, world.session, 3, follow_up=True)
    for other in confirmed_officials(world.course, 2, start=10):
        answer(other, world.session, 3, comment="Good")
        answer(other, better, 5)
    answer(official, better, 5)
    follow_up = official.follow_ups.get()

    def url() -> str:
        if extra == "session":
            return reverse(page, args=[world.session.pk])
        if extra == "follow_up":
            return reverse(page, args=[follow_up.pk])
        return reverse(page) + (extra or "")

    client.force_login(world.users[role])
    one = queries(client, url())
    grow(world)
    for _extra in range(3):
        services.create_follow_up(
            actor=world.users["staff"], official=official, owner=UserFactory(role=Role.STAFF), topic=world.topics[0]
        )
    many = queries(client, url())
    assert len(one) == len(many), "\n".join(many)
