"""Who is told of a change to a timetable or a roster, and what: exact notices and exact mails."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from peixun.core.enums import Role
from peixun.courses import services
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.curriculum.enums import PartOfDay
from peixun.notifications.models import Notice
from peixun.timetables.services import TimetablePlan
from tests.factories import (
    MONDAY,
    CourseFactory,
    EnrolmentFactory,
    LecturerFactory,
    ModuleFactory,
    OfficialFactory,
    OrganisationFactory,
    UnitQuotaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TUESDAY = MONDAY + datetime.timedelta(days=1)
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


def lecturer(name, *, login=True, email="", languages="en", language="en"):
    user = (
        UserFactory(username=name, role=Role.LECTURER, email=f"{name}@example.org", language=language)
        if login
        else None
    )
    return LecturerFactory(name=name.title(), user=user, email=email, languages=languages)


def official(name_zh, unit, *, username=None, email="", language="zh-hans"):
    user = (
        UserFactory(username=username, role=Role.OFFICIAL, email=f"{username}@example.cn", language=language)
        if username
        else None
    )
    return OfficialFactory(name_zh=name_zh, sending_unit=unit, user=user, email=email)


def lecture(actor, course, date, lecturers, part=PartOfDay.MORNING, title="Energy planning"):
    return services.create_session(
        actor=actor,
        course=course,
        date=date,
        part_of_day=part,
        format="lecture",
        title_en=title,
        title_zh="能源规划",
        class_hours=Decimal("3"),
        lecturers=lecturers,
    )


def told(**filters):
    """(username, kinds of their items) of every notice written."""
    return sorted(
        (notice.user.username, tuple(item["kind"] for item in notice.items))
        for notice in Notice.objects.filter(**filters).select_related("user")
    )


def mailed():
    return sorted(address for message in mail.outbox for address in message.to)


@pytest.fixture
def world():
    """A course with two confirmed officials (one with a login), one waitlisted and one nominated;
    lecturers with and without logins; a unit contact; a coordinator."""
    course = CourseFactory(title_en="Green Cities", title_zh="绿色城市", capacity=2, status=CourseStatus.OPEN)
    unit = OrganisationFactory(name_en="Hangzhou Municipal Government", name_zh="杭州市人民政府")
    UnitQuotaFactory(course=course, unit=unit, seats=10)
    contact = UserFactory(username="contact", role=Role.UNIT_CONTACT, sending_unit=unit, email="contact@hz.example.cn")
    wang = official("王伟", unit, username="wang")
    li = official("李娜", unit, email="li@example.cn")
    zhang = official("张敏", unit, email="zhang@example.cn")
    liu = official("刘洋", unit, email="liu@example.cn")
    EnrolmentFactory(course=course, official=wang, status=EnrolmentStatus.CONFIRMED, nominated_by=contact)
    EnrolmentFactory(course=course, official=li, status=EnrolmentStatus.CONFIRMED, nominated_by=contact)
    EnrolmentFactory(course=course, official=zhang, status=EnrolmentStatus.WAITLISTED, nominated_by=contact)
    EnrolmentFactory(course=course, official=liu, status=EnrolmentStatus.NOMINATED, nominated_by=contact)
    return {
        "course": course,
        "unit": unit,
        "contact": contact,
        "coordinator": UserFactory(username="coordinator", role=Role.COORDINATOR, academy=course.academy),
        "ada": lecturer("ada"),
        "bo": lecturer("bo", language="zh-hans"),
        "carl": lecturer("carl", login=False, email="carl@example.org"),
        "dan": lecturer("dan", login=False),
    }


# Sessions ------------------------------------------------------------------------------------


def test_moving_a_session_tells_its_lecturers_and_the_confirmed_officials_and_nobody_else(
    world, django_capture_on_commit_callbacks
):
    coordinator = world["coordinator"]
    session = lecture(coordinator, world["course"], MONDAY, [world["ada"], world["carl"], world["dan"]])
    lecture(coordinator, world["course"], WEDNESDAY, [world["bo"]], title="Waste")

    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(actor=coordinator, session=session, date=TUESDAY, part_of_day=PartOfDay.AFTERNOON)

    # Notices for those with a login; mail for everyone with an address; the waitlisted and nominated
    # officials, the unit contact, the other session's lecturer and the coordinator hear nothing.
    assert told() == [("ada", ("session_moved",)), ("wang", ("session_moved",))]
    assert mailed() == ["ada@example.org", "carl@example.org", "li@example.cn", "wang@example.cn"]
    item = Notice.objects.get(user__username="ada").items[0]
    assert item == {
        "kind": "session_moved",
        "course_en": "Green Cities",
        "course_zh": "绿色城市",
        "session_en": "Energy planning",
        "session_zh": "能源规划",
        "date": TUESDAY.isoformat(),
        "part": PartOfDay.AFTERNOON,
        "old_date": MONDAY.isoformat(),
        "old_part": PartOfDay.MORNING,
    }
    assert Notice.objects.get(user__username="ada").link == f"/courses/{world['course'].pk}/timetable/"


def test_a_change_that_moves_no_session_tells_nobody(world, django_capture_on_commit_callbacks):
    session = lecture(world["coordinator"], world["course"], MONDAY, [world["ada"]])

    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(actor=world["coordinator"], session=session, title_en="Energy master planning")

    assert told() == []
    assert mail.outbox == []


def test_changing_the_lecturers_tells_only_the_one_added_and_the_one_taken_off(
    world, django_capture_on_commit_callbacks
):
    session = lecture(world["coordinator"], world["course"], MONDAY, [world["ada"], world["bo"]])

    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(actor=world["coordinator"], session=session, lecturers=[world["ada"], world["carl"]])

    assert told() == [("bo", ("lecturer_removed",))]
    assert mailed() == ["bo@example.org", "carl@example.org"]
    assert Notice.objects.get().link == ""  # bo no longer teaches there


def test_moving_and_changing_lecturers_at_once(world, django_capture_on_commit_callbacks):
    session = lecture(world["coordinator"], world["course"], MONDAY, [world["ada"], world["bo"]])

    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(
            actor=world["coordinator"], session=session, date=TUESDAY, lecturers=[world["ada"], world["carl"]]
        )

    assert told() == [("ada", ("session_moved",)), ("bo", ("lecturer_removed",)), ("wang", ("session_moved",))]
    removed = Notice.objects.get(user__username="bo").items[0]
    assert (removed["date"], removed["part"]) == (MONDAY.isoformat(), PartOfDay.MORNING)  # where bo was to teach
    assert mailed() == ["ada@example.org", "bo@example.org", "carl@example.org", "li@example.cn", "wang@example.cn"]


def test_cancelling_a_session_tells_its_lecturers_and_the_confirmed_officials(
    world, django_capture_on_commit_callbacks
):
    session = lecture(world["coordinator"], world["course"], MONDAY, [world["bo"], world["carl"]])

    with django_capture_on_commit_callbacks(execute=True):
        services.delete_session(actor=world["coordinator"], session=session, reason="The lecturer cannot come")

    assert told() == [("bo", ("session_cancelled",)), ("wang", ("session_cancelled",))]
    assert mailed() == ["bo@example.org", "carl@example.org", "li@example.cn", "wang@example.cn"]
    assert Notice.objects.get(user__username="wang").items[0]["session_zh"] == "能源规划"


def test_the_person_who_makes_the_change_is_not_told(world, django_capture_on_commit_callbacks):
    """Staff who also teach move their own session: the others are told, they are not."""
    teaching_staff = UserFactory(username="teacher", role=Role.STAFF)
    own = LecturerFactory(user=teaching_staff)
    session = lecture(teaching_staff, world["course"], MONDAY, [own, world["ada"]])

    with django_capture_on_commit_callbacks(execute=True):
        services.update_session(actor=teaching_staff, session=session, date=TUESDAY)

    assert told() == [("ada", ("session_moved",)), ("wang", ("session_moved",))]
    assert "teacher@example.org" not in mailed()


# A whole timetable -------------------------------------------------------------------------------


def test_an_accepted_timetable_gives_each_person_one_notice_and_one_mail_listing_all_their_moves(
    world, django_capture_on_commit_callbacks
):
    course, coordinator = world["course"], world["coordinator"]
    ada_sessions = [
        lecture(coordinator, course, MONDAY + datetime.timedelta(days=day), [world["ada"]], part=part)
        for day in range(5)
        for part in (PartOfDay.MORNING, PartOfDay.AFTERNOON)
    ]
    bo_session = lecture(coordinator, course, MONDAY + datetime.timedelta(days=12), [world["bo"]])
    # Every one of ada's ten sessions moves a week on; bo's stays.
    placements = {s.pk: (s.date + datetime.timedelta(days=7), s.part_of_day) for s in ada_sessions}
    placements[bo_session.pk] = (bo_session.date, bo_session.part_of_day)

    with django_capture_on_commit_callbacks(execute=True):
        moved = services.apply_timetables(
            actor=coordinator,
            plans=[TimetablePlan(course=course, module_first_days={}, placements=placements)],
        )

    assert moved == 10
    assert told() == [("ada", ("session_moved",) * 10), ("wang", ("session_moved",) * 10)]
    assert mailed() == ["ada@example.org", "li@example.cn", "wang@example.cn"]
    ada_mail = next(message for message in mail.outbox if message.to == ["ada@example.org"])
    assert ada_mail.subject.split(" / ")[0] == "Green Cities: 10 sessions moved"
    english = ada_mail.body.split("————————")[0]
    assert english.count("moves from") == 10
    assert (
        "“Energy planning” (Green Cities) moves from Mon 1 Mar 2027 · Morning to Mon 8 Mar 2027 · Morning." in english
    )
    assert "moves from Fri 5 Mar 2027 · Afternoon to Fri 12 Mar 2027 · Afternoon." in english
    # In the order of the new week.
    items = Notice.objects.get(user__username="ada").items
    assert [(i["date"], i["part"]) for i in items] == sorted((i["date"], i["part"]) for i in items)


# Rosters -----------------------------------------------------------------------------------------


def test_declining_a_nomination_tells_the_official_and_the_contact_who_nominated_them(
    world, django_capture_on_commit_callbacks
):
    other_contact = UserFactory(role=Role.UNIT_CONTACT, sending_unit=world["unit"], email="other@hz.example.cn")
    enrolment = world["course"].enrolments.get(official__name_zh="刘洋")

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_nomination(actor=world["coordinator"], enrolment=enrolment, reason="No longer in post")

    assert told() == [("contact", ("nomination_declined",))]
    assert mailed() == ["contact@hz.example.cn", "liu@example.cn"]
    assert other_contact.notices.count() == 0
    assert Notice.objects.get().link == f"/courses/{world['course'].pk}/roster/"


def test_a_nomination_made_by_staff_is_declined_to_every_contact_of_the_unit(world, django_capture_on_commit_callbacks):
    UserFactory(username="other", role=Role.UNIT_CONTACT, sending_unit=world["unit"], email="other@hz.example.cn")
    UserFactory(username="gone", role=Role.UNIT_CONTACT, sending_unit=world["unit"], is_active=False)
    enrolment = world["course"].enrolments.get(official__name_zh="刘洋")
    enrolment.nominated_by = UserFactory(role=Role.STAFF)
    enrolment.save()

    with django_capture_on_commit_callbacks(execute=True):
        services.decline_nomination(actor=world["coordinator"], enrolment=enrolment, reason="No longer in post")

    assert told() == [("contact", ("nomination_declined",)), ("other", ("nomination_declined",))]


def test_a_full_course_waitlists_a_nomination_and_says_so(world, django_capture_on_commit_callbacks):
    enrolment = world["course"].enrolments.get(official__name_zh="刘洋")

    with django_capture_on_commit_callbacks(execute=True):
        result = services.confirm_nomination(actor=world["coordinator"], enrolment=enrolment)

    assert result.status == EnrolmentStatus.WAITLISTED
    assert told() == [("contact", ("nomination_waitlisted",))]
    assert mailed() == ["contact@hz.example.cn", "liu@example.cn"]


def test_a_confirmation_with_a_free_seat_tells_nobody(world, django_capture_on_commit_callbacks):
    world["course"].capacity = 5
    world["course"].save()
    enrolment = world["course"].enrolments.get(official__name_zh="刘洋")

    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_nomination(actor=world["coordinator"], enrolment=enrolment)

    assert told() == []
    assert mail.outbox == []


def test_a_withdrawal_that_promotes_tells_the_contact_once_of_both(world, django_capture_on_commit_callbacks):
    wang = world["course"].enrolments.get(official__name_zh="王伟")

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.withdraw_enrolment(
            actor=world["coordinator"], enrolment=wang, reason="Called back to the city"
        )

    assert promoted.official.name_zh == "张敏"
    # The contact nominated both: one notice, one mail, listing the withdrawal and the promotion.
    assert told() == [("contact", ("withdrawn", "promoted")), ("wang", ("withdrawn",))]
    assert mailed() == ["contact@hz.example.cn", "wang@example.cn", "zhang@example.cn"]
    contact_mail = next(m for m in mail.outbox if m.to == ["contact@hz.example.cn"])
    assert contact_mail.subject == "Green Cities: 2 changes / 绿色城市：2处变动"
    assert Notice.objects.get(user__username="wang").link == ""  # no longer on the course


def test_a_contact_who_withdraws_their_own_nominee_is_not_told(world, django_capture_on_commit_callbacks):
    li = world["course"].enrolments.get(official__name_zh="李娜")

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_enrolment(actor=world["contact"], enrolment=li, reason="Called back to the city")

    # 李娜 hears of her withdrawal, 张敏 of her seat; the contact who did it hears of neither.
    assert told() == []
    assert mailed() == ["li@example.cn", "zhang@example.cn"]


def test_sessions_an_accepted_timetable_adds_are_told_to_the_confirmed_officials(
    world, django_capture_on_commit_callbacks
):
    course, coordinator = world["course"], world["coordinator"]
    module = services.add_module_from_template(
        actor=coordinator, course=course, template=ModuleFactory(title_en="Eco-cities", title_zh="生态城市", days=2)
    )
    outline = list(module.template.outline.order_by("day"))
    plan = TimetablePlan(
        course=course,
        module_first_days={module.pk: MONDAY},
        placements={},
        new_sessions={(module.pk, outline[0].pk): (MONDAY, 1), (module.pk, outline[1].pk): (TUESDAY, 1)},
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.apply_timetables(actor=coordinator, plans=[plan])

    # New sessions have no lecturers yet: only the class hears of them, each official once.
    assert told() == [("wang", ("session_added", "session_added"))]
    assert mailed() == ["li@example.cn", "wang@example.cn"]
    to_li = next(m for m in mail.outbox if m.to == ["li@example.cn"])
    assert to_li.subject == "绿色城市：您的课程表新增2个课节 / Green Cities: 2 new sessions on your timetable"
    assert "“生态城市 第1天”（绿色城市）" in to_li.body
    assert "“Eco-cities day 2” (Green Cities) is added on Tue 2 Mar 2027 · Morning." in to_li.body
