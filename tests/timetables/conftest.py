"""The timetable tests' world: the page tests' course, and fixtures that fill its days with sessions."""

import datetime

import pytest

from peixun.courses import services
from peixun.courses.models import SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from tests.factories import SessionFactory, VenueFactory
from tests.web import conftest as web
from tests.web.conftest import World

# The page tests' world: a course with a session, a nominated official, and every kind of user.
world = web.world


@pytest.fixture
def full_day(world: World):
    """The course's first day filled: the world's lecture in the morning, a workshop in the afternoon
    and a dinner in the evening; and a lunch on the second day."""
    course = world.course
    venue = world.session.venue
    restaurant = VenueFactory(name_en="Quanjude Roast Duck", name_zh="全聚德烤鸭店", academy=None, kind="restaurant")
    afternoon = SessionFactory(
        course=course,
        date=course.start,
        part_of_day=PartOfDay.AFTERNOON,
        format=SessionFormat.WORKSHOP,
        title_en="Workshop: your city's energy baseline",
        title_zh="研讨：本市能源消费基线",
        venue=venue,
    )
    dinner = SessionFactory(
        course=course,
        date=course.start,
        part_of_day=PartOfDay.EVENING,
        format=SessionFormat.DINNER,
        title_en="Welcome dinner",
        title_zh="欢迎晚宴",
        venue=restaurant,
        class_hours=0,
    )
    lunch = SessionFactory(
        course=course,
        date=course.start + datetime.timedelta(days=1),
        part_of_day=PartOfDay.AFTERNOON,
        format=SessionFormat.LUNCH,
        title_en="Partner lunch",
        title_zh="合作伙伴午餐",
        venue=restaurant,
        class_hours=0,
    )
    return {"morning": world.session, "afternoon": afternoon, "evening": dinner, "lunch": lunch}


def teach(session, lecturer):
    SessionLecturer.objects.create(
        session=session, lecturer=lecturer, date=session.date, part_of_day=session.part_of_day
    )


def confirm(in_world: World):
    """Confirm the world's official in the course (they start out nominated)."""
    return services.confirm_nomination(actor=in_world.users["staff"], enrolment=in_world.enrolment)
