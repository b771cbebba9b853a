"""Build a timetable with the engine, review it, accept or discard it; and the portfolio."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services as course_services
from peixun.courses.models import Session
from peixun.scheduling.validate import check_timetable
from peixun.timetables import services
from peixun.timetables.adapter import build_problem, current_placement, module_key, session_key
from peixun.timetables.explain import describe_outcome
from peixun.timetables.models import TimetableProposal
from tests.factories import (
    MONDAY,
    AcademyFactory,
    CourseFactory,
    LecturerFactory,
    ModuleFactory,
    UserFactory,
    VenueFactory,
)
from tests.jobs.flow import job_of, post_and_run, status

pytestmark = pytest.mark.django_db
WEEK = [MONDAY + datetime.timedelta(days=i) for i in range(7)]


@pytest.fixture
def staff():
    return UserFactory(username="staff", role=Role.STAFF)


def lecture(staff, course, day, lecturers, part=1, **extra):
    return course_services.create_session(
        actor=staff,
        course=course,
        date=day,
        part_of_day=part,
        format="lecture",
        title_en=f"Lecture on {day}",
        title_zh="讲座",
        class_hours=Decimal("3"),
        lecturers=lecturers,
        **extra,
    )


def assert_keeps_every_rule(courses):
    problem = build_problem(courses)
    placement = current_placement(courses)
    violations = check_timetable(
        problem,
        {session_key(k): v for k, v in placement.sessions.items()},
        {module_key(k): v for k, v in placement.module_first_days.items()},
    )
    assert violations == []


def test_build_brings_a_visiting_lecturers_sessions_together_and_accepting_moves_them(staff):
    course = CourseFactory()
    visitor = LecturerFactory(name="Dr Ada Visitor", time_zone="Europe/London")
    first = lecture(staff, course, WEEK[0], [visitor])
    second = lecture(staff, course, WEEK[3], [visitor])  # a second trip from London

    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)

    assert proposal.status == TimetableProposal.Status.PROPOSED
    assert proposal.outcome["status"] == "optimal"
    assert course.sessions.get(pk=second.pk).date == WEEK[3]  # nothing moves before acceptance
    moved = services.accept_proposal(actor=staff, proposal=proposal)
    first.refresh_from_db()
    second.refresh_from_db()
    assert moved >= 1
    assert first.date == second.date  # one day of teaching, one trip
    assert_keeps_every_rule([course])
    assert AuditEvent.objects.filter(action="session.changed", actor=staff).count() == moved
    assert AuditEvent.objects.filter(action="timetable.accepted", course=course).count() == 1


def test_build_creates_the_sessions_a_new_modules_outline_asks_for(staff):
    course = CourseFactory()
    template = ModuleFactory(title_en="Eco-cities", days=3)  # an outline of one lecture a day
    module = course_services.add_module_from_template(actor=staff, course=course, template=template)

    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)
    assert proposal.status == TimetableProposal.Status.PROPOSED
    services.accept_proposal(actor=staff, proposal=proposal)

    module.refresh_from_db()
    sessions = list(course.sessions.order_by("date"))
    assert sorted(s.title_en for s in sessions) == [f"Eco-cities day {n}" for n in (1, 2, 3)]
    assert {s.module_id for s in sessions} == {module.pk}
    assert module.first_day is not None
    assert {s.date for s in sessions} <= set(module.dates())
    assert AuditEvent.objects.filter(action="session.created", actor=staff).count() == 3
    assert_keeps_every_rule([course])


def test_impossible_timetable_names_the_lecturer_in_the_readers_language(staff):
    course = CourseFactory()
    away = LecturerFactory(
        name="Dr Never Here", name_zh="永不在博士", available=(MONDAY + datetime.timedelta(days=100),) * 2
    )
    # A pinned session is where people put it; the lecturer added afterwards is not available then.
    lecture(staff, course, WEEK[0], [LecturerFactory()])
    Session.objects.filter(course=course).update(pinned=True)
    session = Session.objects.get(course=course)
    session.lecturer_slots.all().delete()
    session.lecturer_slots.create(lecturer=away, date=session.date, part_of_day=session.part_of_day)

    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)

    assert proposal.status == TimetableProposal.Status.IMPOSSIBLE
    english = describe_outcome(proposal)
    assert english["status"] == "infeasible"
    said = " ".join(text for conflict in english["conflicts"] for text in conflict["requirements"])
    assert "Dr Never Here can teach only" in said
    with translation.override("zh-hans"):
        chinese = describe_outcome(proposal)
    said = " ".join(text for conflict in chinese["conflicts"] for text in conflict["requirements"])
    assert "永不在博士" in said
    with pytest.raises(Exception):  # noqa: B017 - an impossible proposal cannot be accepted
        services.accept_proposal(actor=staff, proposal=proposal)


def test_no_timetable_found_in_time_is_not_called_impossible_in_either_language():
    """``unknown``: neither a timetable nor a proof that none exists; the page must not say none exists."""
    proposal = TimetableProposal(status=TimetableProposal.Status.NOT_FOUND, outcome={"status": "unknown", "wall_s": 3})

    english = describe_outcome(proposal)
    assert "none was proven impossible" in english["summary"]
    assert proposal.get_status_display() == "No timetable found in time"
    with translation.override("zh-hans"):
        assert "也未能证明不存在课程表" in describe_outcome(proposal)["summary"]
        assert proposal.get_status_display() == "未在时限内找到课程表"


def test_a_whole_problem_proven_infeasible_says_so_in_either_language():
    conflict = {"code": "whole_problem", "message": "", "params": {}, "requirements": [], "minimal": False}
    proposal = TimetableProposal(
        status=TimetableProposal.Status.IMPOSSIBLE, outcome={"status": "infeasible", "explanation": [conflict]}
    )

    assert "proved it for the whole problem" in describe_outcome(proposal)["summary"]
    with translation.override("zh-hans"):
        assert "求解器已对整个问题证明了这一点" in describe_outcome(proposal)["summary"]


def test_discarding_changes_nothing(staff):
    course = CourseFactory()
    visitor = LecturerFactory(time_zone="Europe/London")
    lecture(staff, course, WEEK[0], [visitor])
    second = lecture(staff, course, WEEK[3], [visitor])
    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)

    services.discard_proposal(actor=staff, proposal=proposal)

    second.refresh_from_db()
    assert second.date == WEEK[3]
    assert TimetableProposal.objects.get(pk=proposal.pk).status == TimetableProposal.Status.DISCARDED


def test_portfolio_shares_a_lecturer_between_two_academies(staff):
    shared = LecturerFactory(name="Dr Shared", time_zone="America/New_York")
    namc, celap = (
        CourseFactory(academy=AcademyFactory(code="namc")),
        CourseFactory(academy=AcademyFactory(code="celap")),
    )
    lecture(staff, namc, WEEK[0], [shared])
    lecture(staff, celap, WEEK[1], [shared])
    lecture(staff, celap, WEEK[2], [shared])

    proposal = services.build_timetable(actor=staff, courses=[namc, celap], time_limit=5)
    services.accept_proposal(actor=staff, proposal=proposal)

    slots = list(shared.slots.values_list("date", "part_of_day"))
    assert len(slots) == len(set(slots)) == 3
    assert_keeps_every_rule([namc, celap])


ROLES = {
    "staff": (Role.STAFF, {}),
    "coordinator": (Role.COORDINATOR, {"academy": "own"}),
    "other_coordinator": (Role.COORDINATOR, {"academy": "other"}),
    "lecturer": (Role.LECTURER, {}),
}


@pytest.mark.parametrize(
    ("role", "build", "portfolio"),
    [("staff", 200, 200), ("coordinator", 200, 403), ("other_coordinator", 403, 403), ("lecturer", 403, 403)],
)
def test_who_may_build(client, staff, role, build, portfolio):
    course = CourseFactory()
    kind, extra = ROLES[role]
    academy = {"own": course.academy, "other": AcademyFactory()}.get(extra.get("academy"))
    user = staff if role == "staff" else UserFactory(role=kind, academy=academy)
    client.force_login(user)
    assert client.get(reverse("timetabling:course_build", args=[course.pk])).status_code == build
    assert client.get(reverse("timetabling:portfolio")).status_code == portfolio


def test_review_page_shows_what_moves_and_accepting_redirects_to_the_timetable(
    client, staff, django_capture_on_commit_callbacks
):
    course = CourseFactory()
    visitor = LecturerFactory(time_zone="Europe/London")
    lecture(staff, course, WEEK[0], [visitor], venue=VenueFactory(academy=course.academy))
    lecture(staff, course, WEEK[4], [visitor])
    client.force_login(staff)

    url = reverse("timetabling:course_build", args=[course.pk])
    response = post_and_run(client, django_capture_on_commit_callbacks, url, {"time_limit": "5"})
    job = job_of(response)
    assert response.url == f"/jobs/{job.pk}/"  # the build ran after the answer: the page follows it
    proposal = TimetableProposal.objects.get()
    # The polled status sends the page to the proposal once the build is done.
    assert status(client, job)["HX-Redirect"] == reverse("timetabling:proposal", args=[proposal.pk])
    page = client.get(reverse("timetabling:proposal", args=[proposal.pk])).content.decode()
    assert "The best timetable there is" in page
    assert 'data-testid="moves"' in page and "was " in page

    response = client.post(reverse("timetabling:accept", args=[proposal.pk]))
    assert response.url == reverse("courses:timetable", args=[course.pk])
    response = client.post(reverse("timetabling:accept", args=[proposal.pk]), follow=True)
    assert "This proposal is accepted; only one waiting for review can be accepted." in response.content.decode()


def test_timetabling_settings_are_saved_per_course_and_used(client, staff):
    course = CourseFactory()
    client.force_login(staff)
    data = {"max_class_hours_per_day": "7.5", "save_settings": "1"}
    data |= {f"goal_{key}": "normal" for key in ("trips", "order", "hours", "dinners", "weekdays", "placed")}
    data |= {"goal_trips": "high", "goal_placed": "off"}
    response = client.post(reverse("timetabling:course_build", args=[course.pk]), data)
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.timetable_weights == {"lecturer_trips": 60, "lecturer_days": 9, "preferred_slot": 0}
    assert course.max_class_hours_per_day == Decimal("7.5")
    problem = build_problem([course])
    assert problem.courses[0].weights.lecturer_trips == 60 and problem.courses[0].max_class_hours_per_day == 7.5

    data = {
        f"weight_{name}": value
        for name, value in {
            "lecturer_days": 3,
            "lecturer_trips": 50,
            "module_order": 10,
            "daily_hours": 5,
            "dinner_spread": 2,
            "preferred_weekday": 2,
            "preferred_slot": 0,
        }.items()
    }
    response = client.post(reverse("timetabling:course_build", args=[course.pk]), data | {"save_weights": "1"})
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.timetable_weights == {"lecturer_trips": 50, "preferred_slot": 0}


def test_a_course_exports_itself_as_a_problem_the_command_line_solves(client, staff, tmp_path):
    import json
    import subprocess
    import sys

    from django.core.management import call_command

    course = CourseFactory()
    visitor = LecturerFactory(time_zone="Europe/London", preferred_weekdays=[0, 1])
    lecture(staff, course, WEEK[0], [visitor])
    client.force_login(staff)
    response = client.get(reverse("timetabling:course_problem", args=[course.pk]))
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert [c["id"] for c in data["courses"]] == [f"c{course.pk}"]
    assert data["lecturers"][0]["preferred_weekdays"] == [0, 1]

    path = tmp_path / "problem.json"
    with path.open("w") as out:
        call_command("export_timetable_problem", str(course.pk), stdout=out)
    result = subprocess.run(
        [sys.executable, "-m", "peixun.scheduling", "solve", str(path), "--time-limit", "5", "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["status"] == "optimal"
    assert [a["session_id"] for a in answer["assignments"]] == [f"s{course.sessions.get().pk}"]


def test_a_site_visit_without_a_venue_is_named_before_building(client, staff, django_capture_on_commit_callbacks):
    from peixun.curriculum.models import OutlineSession

    course = CourseFactory(academy__city_en="Beijing")
    template = ModuleFactory(title_en="Waste", days=2)
    visit = OutlineSession.objects.create(
        module=template,
        day=2,
        part_of_day=2,
        format="site_visit",
        title_en="Visit a recycling plant",
        title_zh="参观回收厂",
        class_hours=Decimal("3"),
    )
    course_services.add_module_from_template(actor=staff, course=course, template=template)
    client.force_login(staff)

    url = reverse("timetabling:course_build", args=[course.pk])
    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, url, {"time_limit": "5"}))

    missing = "The site visit “Visit a recycling plant” of the module template “Waste” has no venue within reach"
    assert missing in status(client, job).content.decode()
    assert not TimetableProposal.objects.exists()

    far = VenueFactory(name_en="Laogang plant", city_en="Shanghai", open_days=[0, 1, 2, 3, 4])
    visit.venues.add(far)
    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, url, {"time_limit": "5"}))
    assert missing in client.get(f"/jobs/{job.pk}/").content.decode()

    venue = VenueFactory(name_en="Recycling plant", city_en="beijing", open_days=[0, 1, 2, 3, 4])
    visit.venues.add(venue)
    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)
    services.accept_proposal(actor=staff, proposal=proposal)
    visit = course.sessions.get(format="site_visit")
    assert visit.venue == venue and visit.date.weekday() in venue.open_days


def test_a_new_course_from_the_demo_templates_gets_a_whole_timetable(settings):
    from django.core.management import call_command

    from peixun.academies.models import Academy
    from peixun.core.models import User as UserModel
    from peixun.curriculum.models import Module

    settings.DEMO_MODE = True
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    staff = UserModel.objects.get(username="staff")
    templates = list(Module.objects.filter(code__in=["green-finance", "eco-cities", "circular-economy"]))
    course, _warnings = course_services.create_course(
        actor=staff,
        academy=Academy.objects.get(code="celap"),
        title_en="Green Finance for Cities",
        title_zh="城市绿色金融",
        start=datetime.date(2027, 5, 10),
        end=datetime.date(2027, 5, 23),
        day_off=6,
        capacity=40,
        modules=templates,
        status="planning",
    )

    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=10)
    assert proposal.status == TimetableProposal.Status.PROPOSED, proposal.outcome
    services.accept_proposal(actor=staff, proposal=proposal)

    outline_count = sum(t.outline.count() for t in templates)
    assert course.sessions.count() == outline_count
    assert_keeps_every_rule([course])


def test_the_page_asks_how_its_build_is_going_and_sees_the_best_timetable_so_far(
    client, staff, django_capture_on_commit_callbacks
):
    course = CourseFactory()
    visitor = LecturerFactory(time_zone="Europe/London")
    lecture(staff, course, WEEK[0], [visitor])
    lecture(staff, course, WEEK[4], [visitor])
    client.force_login(staff)
    page = client.get(reverse("timetabling:course_build", args=[course.pk])).content.decode()
    token = page.split('name="build_token" value="')[1][:32]
    progress = reverse("timetabling:build_progress", args=[token])
    assert f'data-poll="{progress}"' in page
    assert "Looking for a first timetable…" in client.get(progress).content.decode()

    url = reverse("timetabling:course_build", args=[course.pk])
    post_and_run(client, django_capture_on_commit_callbacks, url, {"time_limit": "5", "build_token": token})

    proposal = TimetableProposal.objects.get()
    objective = proposal.outcome["objective"]
    told = client.get(progress).content.decode()
    assert f"Best timetable so far: {objective:g} points" in told
    # Another user, or a token the page did not make, learns nothing.
    client.force_login(UserFactory(role=Role.STAFF))
    assert "Looking for a first timetable…" in client.get(progress).content.decode()
    assert "Looking for" in client.get(reverse("timetabling:build_progress", args=["not-a-token"])).content.decode()


def test_a_build_tells_its_progress_each_better_timetable_cheaper_than_the_last(staff):
    namc = CourseFactory(academy=AcademyFactory(code="namc"))
    celap = CourseFactory(academy=AcademyFactory(code="celap"))
    shared = LecturerFactory(time_zone="America/New_York")
    for day in WEEK[:3]:
        lecture(staff, namc, day, [shared])
        lecture(staff, celap, day, [shared], part=2)
    told = []

    proposal = services.build_timetable(actor=staff, courses=[namc, celap], time_limit=5, progress=told.append)

    assert told and [t.objective for t in told] == sorted({t.objective for t in told}, reverse=True)
    assert told[-1].objective == proposal.outcome["objective"]
    assert all(t.bound <= t.objective for t in told)
