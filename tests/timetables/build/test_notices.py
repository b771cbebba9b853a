"""Accepting a timetable tells each person whose sessions moved, once, with all of their moves."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from peixun.core.enums import Role
from peixun.courses import services as course_services
from peixun.courses.enums import EnrolmentStatus
from peixun.notifications.models import Notice
from peixun.timetables import services
from peixun.timetables.models import TimetableProposal
from tests.factories import MONDAY, AcademyFactory, CourseFactory, EnrolmentFactory, LecturerFactory, UserFactory

pytestmark = pytest.mark.django_db
WEEK = [MONDAY + datetime.timedelta(days=i) for i in range(14)]


def lecture(actor, course, day, lecturers, title):
    return course_services.create_session(
        actor=actor,
        course=course,
        date=day,
        part_of_day=1,
        format="lecture",
        title_en=title,
        title_zh=f"{title}（中文）",
        class_hours=Decimal("3"),
        lecturers=lecturers,
    )


def proposal_moving(staff, courses, moves):
    proposal = TimetableProposal.objects.create(
        created_by=staff,
        placements={str(session.pk): [day.isoformat(), 1] for session, day in moves},
        outcome={"status": "optimal"},
    )
    proposal.courses.set(courses)
    return proposal


def lecturer(username, **extra):
    user = UserFactory(username=username, role=Role.LECTURER, email=f"{username}@example.org", language="en")
    return LecturerFactory(user=user, **extra)


def test_accepting_tells_each_person_once_with_all_their_moves(django_capture_on_commit_callbacks):
    staff = UserFactory(role=Role.STAFF)
    course = CourseFactory(title_en="Green Cities", title_zh="绿色城市")
    ada, bo, still = lecturer("ada"), lecturer("bo"), lecturer("still")
    official = UserFactory(username="wang", role=Role.OFFICIAL, email="wang@example.cn", language="zh-hans")
    EnrolmentFactory(course=course, official__user=official, status=EnrolmentStatus.CONFIRMED)
    ada_sessions = [lecture(staff, course, WEEK[day], [ada], f"Ada {day}") for day in (0, 1, 2)]
    bo_session = lecture(staff, course, WEEK[3], [bo], "Bo")
    stays = lecture(staff, course, WEEK[4], [still], "Still")
    moves = [(s, s.date + datetime.timedelta(days=7)) for s in [*ada_sessions, bo_session]] + [(stays, stays.date)]

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.accept_proposal(actor=staff, proposal=proposal_moving(staff, [course], moves))

    assert moved == 4
    told = sorted((n.user.username, len(n.items)) for n in Notice.objects.select_related("user"))
    assert told == [("ada", 3), ("bo", 1), ("wang", 4)]
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.org", "bo@example.org", "wang@example.cn"]
    to_ada = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert to_ada.subject == "Green Cities: 3 sessions moved / 绿色城市：3个课节已调整"
    english = to_ada.body.split("————————")[0]
    assert [line for line in english.splitlines() if line.startswith("– ")] == [
        "– “Ada 0” (Green Cities) moves from Mon 1 Mar 2027 · Morning to Mon 8 Mar 2027 · Morning.",
        "– “Ada 1” (Green Cities) moves from Tue 2 Mar 2027 · Morning to Tue 9 Mar 2027 · Morning.",
        "– “Ada 2” (Green Cities) moves from Wed 3 Mar 2027 · Morning to Wed 10 Mar 2027 · Morning.",
    ]
    to_wang = next(m for m in mail.outbox if m.to == ["wang@example.cn"])
    assert to_wang.subject.startswith("绿色城市：4个课节已调整 / ")


def test_a_lecturer_moved_in_two_courses_gets_one_notice(django_capture_on_commit_callbacks):
    staff = UserFactory(role=Role.STAFF)
    shared = lecturer("shared")
    namc = CourseFactory(academy=AcademyFactory(code="namc"), title_en="Green Cities")
    celap = CourseFactory(academy=AcademyFactory(code="celap"), title_en="Clean Energy")
    first = lecture(staff, namc, WEEK[0], [shared], "First")
    second = lecture(staff, celap, WEEK[1], [shared], "Second")
    proposal = proposal_moving(staff, [namc, celap], [(first, WEEK[7]), (second, WEEK[8])])

    with django_capture_on_commit_callbacks(execute=True):
        services.accept_proposal(actor=staff, proposal=proposal)

    (notice,) = Notice.objects.all()
    assert [item["course_en"] for item in notice.items] == ["Green Cities", "Clean Energy"]
    (message,) = mail.outbox
    assert message.subject == "2 sessions moved / 2个课节已调整"


def test_a_timetable_that_cannot_be_accepted_tells_nobody(django_capture_on_commit_callbacks):
    staff = UserFactory(role=Role.STAFF)
    course = CourseFactory()
    session = lecture(staff, course, WEEK[0], [lecturer("ada")], "Ada")
    sunday = WEEK[6]  # the course's day off

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.accept_proposal(actor=staff, proposal=proposal_moving(staff, [course], [(session, sunday)]))

    assert Notice.objects.count() == 0
    assert mail.outbox == []
