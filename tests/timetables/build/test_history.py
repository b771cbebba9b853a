"""Rebuilding a course in session: what was held stays, nothing goes back in time, accepting re-checks."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.services import Mark, record_roll_call
from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services as course_services
from peixun.courses.enums import EnrolmentStatus, HeldReason
from peixun.courses.held import first_slot_to_come, held_sessions
from peixun.curriculum.enums import PartOfDay
from peixun.records.models import LedgerEntry
from peixun.scheduling.problem import Slot
from peixun.timetables import services
from peixun.timetables.adapter import build_problem, module_key, session_key
from peixun.timetables.explain import describe_outcome
from peixun.timetables.models import TimetableProposal
from peixun.timetables.services import TimetablePlan
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    EnrolmentFactory,
    LecturerFactory,
    ModuleFactory,
    SessionFactory,
    UserFactory,
    course_day,
    course_in_session,
    lecturer_around_today,
)

from .test_build import WEEK, assert_keeps_every_rule

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="staff", role=Role.STAFF)


def lecture(staff, course, day, lecturer, part=PartOfDay.MORNING, **extra):
    return course_services.create_session(
        actor=staff,
        course=course,
        date=day,
        part_of_day=part,
        format="lecture",
        title_en=extra.pop("title_en", f"Lecture on {day}"),
        title_zh="讲座",
        class_hours=Decimal("3"),
        lecturers=[lecturer],
        **extra,
    )


def roll_call(staff, session, enrolment, status=AttendanceStatus.PRESENT):
    record_roll_call(actor=staff, session=session, marks={enrolment.pk: Mark(status)})


def slot_of(session) -> tuple[datetime.date, int]:
    session.refresh_from_db()
    return session.date, session.part_of_day


@pytest.fixture
def in_session(staff):
    """A class in session: a visiting lecturer taught on a day already past (roll call taken, hours
    credited) and comes back twice; a resident lecturer's session has simply begun."""
    course = course_in_session(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    enrolment = EnrolmentFactory(course=course, status=EnrolmentStatus.CONFIRMED)
    visitor = lecturer_around_today(name="Dr Ada Visitor", time_zone="Europe/London")
    resident = lecturer_around_today(name="Prof. Wang Lei", time_zone="Asia/Shanghai")
    past = lecture(staff, course, course_day(course, -4), visitor, title_en="District energy")
    begun = lecture(staff, course, course_day(course, -2), resident, title_en="Smart grids")
    later = [lecture(staff, course, course_day(course, days), visitor) for days in (3, 7)]
    roll_call(staff, past, enrolment)
    return course, past, begun, later


def test_the_adapter_gives_the_engine_history_as_held_and_the_first_slot_still_to_come(staff, in_session):
    course, past, begun, later = in_session
    problem = build_problem([course])

    [engine_course] = problem.courses
    sessions = {s.id: s for s in engine_course.sessions}
    assert sessions[session_key(past.pk)].held and sessions[session_key(past.pk)].pinned == Slot(past.date, 1)
    assert sessions[session_key(begun.pk)].held
    assert [sessions[session_key(s.pk)].held for s in later] == [False, False]
    assert [sessions[session_key(s.pk)].pinned for s in later] == [None, None]
    assert engine_course.not_before == Slot(*first_slot_to_come(course.academy))


def test_a_module_that_has_begun_keeps_its_first_day(staff):
    course = course_in_session()
    module = course_services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=3))
    first = course_day(course, -4)
    module = course_services.update_course_module(actor=staff, module=module, first_day=first)
    lecture(staff, course, first, lecturer_around_today(), module=module)

    [engine_module] = build_problem([course]).courses[0].modules

    assert (engine_module.id, engine_module.first_day, engine_module.begun) == (module_key(module.pk), first, True)


def test_rebuilding_a_course_in_session_leaves_its_history_and_moves_only_what_is_still_to_come(staff, in_session):
    course, past, begun, later = in_session
    credits = list(LedgerEntry.objects.filter(session=past).values_list("date", flat=True))
    before = {s.pk: slot_of(s) for s in (past, begun, *later)}

    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)

    assert proposal.status == TimetableProposal.Status.PROPOSED, proposal.outcome
    assert proposal.placements[str(past.pk)] == [past.date.isoformat(), 1]
    assert proposal.placements[str(begun.pk)] == [begun.date.isoformat(), 1]
    to_come = first_slot_to_come(course.academy)
    for session in later:
        day, part = proposal.placements[str(session.pk)]
        assert (datetime.date.fromisoformat(day), part) >= to_come

    moved = services.accept_proposal(actor=staff, proposal=proposal)

    assert moved >= 1  # the visitor's two later sessions come together
    assert slot_of(past) == before[past.pk] and slot_of(begun) == before[begun.pk]
    assert list(LedgerEntry.objects.filter(session=past).values_list("date", flat=True)) == credits == [past.date]
    changed = {int(e.object_id) for e in AuditEvent.objects.filter(action="session.changed")}
    assert changed <= {s.pk for s in later}
    assert_keeps_every_rule([course])


def test_accepting_refuses_a_proposal_that_moves_a_session_held_since_it_was_built(client, staff):
    course = CourseFactory(title_en="Energy Smart Cities")
    visitor = LecturerFactory(time_zone="Europe/London")
    first = lecture(staff, course, WEEK[0], visitor, title_en="District energy")
    second = lecture(staff, course, WEEK[3], visitor, title_en="Heat networks")
    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)
    moving = next(s for s in (first, second) if proposal.placements[str(s.pk)] != [s.date.isoformat(), 1])
    # Before anyone accepts, the session the proposal moves gets its roll call.
    roll_call(staff, moving, EnrolmentFactory(course=course, status=EnrolmentStatus.CONFIRMED), AttendanceStatus.ABSENT)
    before = {s.pk: slot_of(s) for s in (first, second)}

    with pytest.raises(ValidationError) as refused:
        services.accept_proposal(actor=staff, proposal=proposal)

    day = moving.date
    assert refused.value.messages == [
        f"“{moving.title_en}” stays on {day.day} {day:%B} {day.year}, morning: it has a roll call.",
        "Nothing was changed; build the timetable again.",
    ]
    assert {s.pk: slot_of(s) for s in (first, second)} == before
    assert TimetableProposal.objects.get(pk=proposal.pk).status == TimetableProposal.Status.PROPOSED
    assert not AuditEvent.objects.filter(action__in=["session.changed", "timetable.accepted"]).exists()

    client.force_login(staff)
    page = client.get(reverse("timetabling:proposal", args=[proposal.pk])).content.decode()
    assert 'data-testid="blocked"' in page and f"“{moving.title_en}”: it has a roll call." in page
    assert 'data-testid="accept"' not in page


def test_accepting_refuses_to_put_a_session_in_a_part_of_a_day_that_has_begun(staff, in_session):
    course, past, begun, later = in_session
    yesterday = max(d for d in course.course_days() if d < timezone.localdate())
    plan = TimetablePlan(
        course=course, module_first_days={}, placements={later[0].pk: (yesterday, PartOfDay.AFTERNOON)}
    )

    with pytest.raises(ValidationError) as refused:
        course_services.apply_timetables(actor=staff, plans=[plan])

    assert "that part of the day has already begun." in refused.value.messages[0]
    assert slot_of(later[0])[0] == course_day(course, 3)


def test_accepting_refuses_to_move_the_first_day_of_a_module_that_has_begun(staff):
    course = course_in_session()
    module = course_services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=2))
    first = course_day(course, -4)
    module = course_services.update_course_module(actor=staff, module=module, first_day=first)
    lecture(staff, course, first, lecturer_around_today(), module=module, title_en="Opening")
    plan = TimetablePlan(course=course, module_first_days={module.pk: course_day(course, 4)}, placements={})

    with pytest.raises(ValidationError) as refused:
        course_services.apply_timetables(actor=staff, plans=[plan])

    assert refused.value.messages[0].startswith(f"The module “{module.title_en}” has begun: it keeps its first day")
    module.refresh_from_db()
    assert module.first_day == first


def test_the_portfolio_leaves_the_history_of_a_course_in_session_alone(staff, in_session):
    course, past, begun, later = in_session
    visitor = past.lecturers.get()
    other = course_in_session(academy=AcademyFactory(code="celap"), title_en="Green Finance")
    theirs = [lecture(staff, other, course_day(other, days), visitor, PartOfDay.AFTERNOON) for days in (-3, 5)]

    proposal = services.build_timetable(actor=staff, courses=[course, other], time_limit=5)
    services.accept_proposal(actor=staff, proposal=proposal)

    assert slot_of(past) == (course_day(course, -4), 1) and slot_of(theirs[0]) == (course_day(other, -3), 2)
    assert set(held_sessions([course.pk, other.pk])) == {past.pk, begun.pk, theirs[0].pk}
    assert_keeps_every_rule([course, other])


def test_the_review_page_shows_history_as_fixed_with_the_reason_in_the_readers_language(client, staff, in_session):
    course, past, begun, later = in_session
    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)
    client.force_login(staff)
    url = reverse("timetabling:proposal", args=[proposal.pk])

    page = client.get(url).content.decode()
    held = page.split('data-testid="held"')[1].split("</table>")[0]
    assert "District energy" in held and "Class hours for it are in officials&#x27; training records" in held
    assert "Smart grids" in held and "It has started" in held
    assert "2 sessions already held stay where they are" in page

    with translation.override("zh-hans"):
        staff.language = "zh-hans"
        staff.save()
        page = client.get(url).content.decode()
    assert "已开始" in page.split('data-testid="held"')[1]


def test_when_history_leaves_no_room_the_explanation_says_so_in_the_readers_language(staff):
    course = course_in_session(title_en="Energy Smart Cities")
    template = ModuleFactory(title_en="Energy master planning", days=3)
    module = course_services.add_module_from_template(actor=staff, course=course, template=template)
    first = max(d for d in course.course_days() if d < timezone.localdate())
    module = course_services.update_course_module(actor=staff, module=module, first_day=first)
    SessionFactory(course=course, module=module, date=first, title_en="Opening")  # held yesterday
    # Five lectures still to place in the module: its six slots would do, but two of them are past.
    for n in range(5):
        SessionFactory(course=course, module=module, date=course_day(course, 3 + 2 * n), title_en=f"Part {n}")

    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=10)

    assert proposal.status == TimetableProposal.Status.IMPOSSIBLE
    said = describe_outcome(proposal)
    assert said["summary"].startswith("Sessions already held and modules already begun stay as they are")
    texts = " ".join(t for conflict in said["conflicts"] for t in conflict["requirements"])
    assert "began on" in texts or "was already held on" in texts
    assert "Sessions still to place take no slot before" in texts
    with translation.override("zh-hans"):
        chinese = describe_outcome(proposal)
    assert chinese["summary"].startswith("已举行的课节和已开始的模块")
    assert HeldReason.STARTED in held_sessions([course.pk]).values()
