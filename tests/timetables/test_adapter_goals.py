"""The adapter's goals and venue choices, built from the database: each module's sessions spread
over its days in one venue, the class's teaching kept compact (not its meals), and an outline's venues
within reach that hold the class offered to the engine as alternatives for the sessions to create."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from peixun.core.enums import Role
from peixun.courses import services as course_services
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.curriculum.models import OutlineSession
from peixun.timetables import services
from peixun.timetables.adapter import build_problem, module_key, outline_key, session_key, venue_key
from peixun.timetables.models import TimetableProposal
from tests.factories import CourseFactory, CourseModuleFactory, ModuleFactory, SessionFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(username="staff", role=Role.STAFF)


def outline(template, day, fmt=SessionFormat.LECTURE, part=PartOfDay.MORNING, venues=()):
    session = OutlineSession.objects.create(
        module=template,
        day=day,
        part_of_day=part,
        format=fmt,
        title_en=f"{template.title_en} {fmt} {day}",
        title_zh="课",
        class_hours=Decimal("0") if fmt in (SessionFormat.DINNER, SessionFormat.LUNCH) else Decimal("3"),
    )
    session.venues.add(*venues)
    return session


def test_the_problem_has_each_modules_goals_and_the_outlines_venues_that_fit(staff):
    course = CourseFactory(academy__city_en="Beijing", capacity=40)
    # A module already timetabled: two lectures and a dinner.
    held = CourseModuleFactory(course=course, days=3)
    lecture = SessionFactory(course=course, module=held, format=SessionFormat.LECTURE)
    workshop = SessionFactory(
        course=course, module=held, format=SessionFormat.WORKSHOP, part_of_day=PartOfDay.AFTERNOON
    )
    dinner = SessionFactory(
        course=course, module=held, format=SessionFormat.DINNER, part_of_day=PartOfDay.EVENING, class_hours=0
    )
    # A module with one session only: no spread, no one-venue group.
    single = CourseModuleFactory(course=course, days=2, first_day=course.start + datetime.timedelta(days=7))
    SessionFactory(course=course, module=single, date=single.first_day)
    # A module still to be created from its template's outline.
    template = ModuleFactory(title_en="Eco-cities", days=2)
    template.outline.all().delete()
    hall = VenueFactory(name_en="Hall", city_en="Beijing", capacity=80)
    room = VenueFactory(name_en="Room", city_en="beijing", capacity=45)
    closet = VenueFactory(name_en="Closet", city_en="Beijing", capacity=20)  # too small for 40
    far = VenueFactory(name_en="Far hall", city_en="Shanghai", capacity=200)  # out of reach
    plant = VenueFactory(name_en="Plant", city_en="Beijing", capacity=100)
    other_plant = VenueFactory(name_en="Other plant", city_en="Beijing", capacity=100)
    talk = outline(template, 1, venues=[closet, room, far, hall])
    visit = outline(template, 1, SessionFormat.SITE_VISIT, PartOfDay.AFTERNOON, venues=[plant, other_plant])
    banquet = outline(template, 2, SessionFormat.DINNER, PartOfDay.EVENING)
    new = course_services.add_module_from_template(actor=staff, course=course, template=template)

    problem = build_problem([course])

    (built,) = problem.courses
    groups = {g.id: g for g in built.groups}
    assert set(groups) == {f"g{held.pk}", f"g{new.pk}", f"k{course.pk}"}
    old_group = groups[f"g{held.pk}"]
    assert set(old_group.session_ids) == {session_key(s.pk) for s in (lecture, workshop, dinner)}
    assert old_group.spread_days == 3 and old_group.one_venue and not old_group.compact
    new_group = groups[f"g{new.pk}"]
    new_keys = {outline_key(new.pk, o.pk) for o in (talk, visit, banquet)}
    assert set(new_group.session_ids) == new_keys
    assert new_group.spread_days == 2 and new_group.one_venue  # as many days as the module has
    compact = groups[f"k{course.pk}"]
    assert compact.compact and not compact.one_venue
    assert session_key(dinner.pk) not in compact.session_ids  # meals are not teaching
    assert outline_key(new.pk, banquet.pk) not in compact.session_ids
    assert {session_key(lecture.pk), session_key(workshop.pk), outline_key(new.pk, talk.pk)} <= set(compact.session_ids)
    assert outline_key(new.pk, visit.pk) in compact.session_ids

    sessions = {s.id: s for s in built.sessions}
    talk_session = sessions[outline_key(new.pk, talk.pk)]
    # Within reach and big enough: the room and the hall, not the closet (too small) nor Shanghai.
    assert talk_session.venue_id is None
    assert set(talk_session.venue_ids) == {venue_key(room.pk), venue_key(hall.pk)}
    visit_session = sessions[outline_key(new.pk, visit.pk)]
    assert visit_session.venue_ids == () and visit_session.venue_id == venue_key(plant.pk)
    assert venue_key(far.pk) not in {v.id for v in problem.venues}
    assert sessions[outline_key(new.pk, banquet.pk)].module_id == module_key(new.pk)


def test_a_build_puts_new_sessions_in_the_outline_venue_that_holds_the_class(client, staff):
    course = CourseFactory(academy__city_en="Beijing", capacity=40)
    template = ModuleFactory(title_en="Eco-cities", days=2)
    small = VenueFactory(name_en="Seminar room", city_en="Beijing", capacity=20)
    big = VenueFactory(name_en="Lecture theatre", city_en="Beijing", capacity=60)
    for session in template.outline.all():
        session.venues.add(small, big)  # the first (by id) is too small; the second fits
    course_services.add_module_from_template(actor=staff, course=course, template=template)

    problem = build_problem([course])
    # The seminar room is the outline's first venue but too small: the theatre is offered instead.
    assert [(s.venue_id, s.venue_ids) for s in problem.sessions()] == [(None, (venue_key(big.pk),))] * 2

    proposal = services.build_timetable(actor=staff, courses=[course], time_limit=5)
    assert proposal.status == TimetableProposal.Status.PROPOSED, proposal.outcome
    services.accept_proposal(actor=staff, proposal=proposal)

    created = list(course.sessions.order_by("date"))
    assert [s.title_en for s in created] == ["Eco-cities day 1", "Eco-cities day 2"]
    assert {s.venue_id for s in created} == {big.pk}
    client.force_login(staff)
    response = client.get(reverse("timetabling:proposal", args=[proposal.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Eco-cities day 1" in page and "Eco-cities day 2" in page
