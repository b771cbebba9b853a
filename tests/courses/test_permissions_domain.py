"""Who may see and do what: the django-rules permissions and the scoped selectors, role by role.

The world: course “Green Cities” at academy NAMC, and course “Smart Transport” a month later at CELAP.
Hangzhou has a quota in Green Cities (its official 王伟 is confirmed there, with a login); Ningbo also has a
quota and a confirmed official; Suzhou has a quota only in Smart Transport. A lecturer with a login teaches
one session of Green Cities.
"""

import datetime
import types

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from peixun.core import permissions
from peixun.core.enums import Role
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.courses import selectors
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course, SessionLecturer
from peixun.people.selectors import visible_officials
from tests.factories import (
    MONDAY,
    AcademyFactory,
    CourseFactory,
    EnrolmentFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    UnitQuotaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


ROLES = (
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "unit_with_quota",
    "unit_without_quota",
    "lecturer",
    "official",
    "anonymous",
)


@pytest.fixture
def world():
    namc = AcademyFactory(code="namc", name_en="National Academy for Mayors")
    celap = AcademyFactory(code="celap", name_en="CELAP")
    green = CourseFactory(academy=namc, title_en="Green Cities", start=MONDAY)
    transport = CourseFactory(academy=celap, title_en="Smart Transport", start=MONDAY + datetime.timedelta(days=30))
    hangzhou, ningbo, suzhou = (
        OrganisationFactory(name_en="Hangzhou"),
        OrganisationFactory(name_en="Ningbo"),
        OrganisationFactory(name_en="Suzhou"),
    )
    UnitQuotaFactory(course=green, unit=hangzhou)
    UnitQuotaFactory(course=green, unit=ningbo)
    UnitQuotaFactory(course=transport, unit=suzhou)

    official_user = UserFactory(username="wangwei", role=Role.OFFICIAL)
    wang = OfficialFactory(name_zh="王伟", sending_unit=hangzhou, user=official_user)
    li = OfficialFactory(name_zh="李娜", sending_unit=ningbo)
    zhang = OfficialFactory(name_zh="张敏", sending_unit=suzhou)
    first = datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC)
    wang_enrolment = EnrolmentFactory(course=green, official=wang, status=EnrolmentStatus.CONFIRMED, nominated_at=first)
    li_enrolment = EnrolmentFactory(
        course=green, official=li, status=EnrolmentStatus.CONFIRMED, nominated_at=first + datetime.timedelta(hours=1)
    )
    zhang_enrolment = EnrolmentFactory(course=transport, official=zhang, status=EnrolmentStatus.NOMINATED)

    lecturer_user = UserFactory(username="lecturer", role=Role.LECTURER)
    lecturer = LecturerFactory(name="Jane Smith", user=lecturer_user)
    session = SessionFactory(course=green)
    SessionLecturer.objects.create(
        session=session, lecturer=lecturer, date=session.date, part_of_day=session.part_of_day
    )

    users = {
        "staff": UserFactory(username="staff", role=Role.STAFF),
        "coordinator": UserFactory(username="coord", role=Role.COORDINATOR, academy=namc),
        "other_coordinator": UserFactory(username="coord2", role=Role.COORDINATOR, academy=celap),
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER, academy=namc),
        "unit_with_quota": UserFactory(username="hangzhou", role=Role.UNIT_CONTACT, sending_unit=hangzhou),
        "unit_without_quota": UserFactory(username="suzhou", role=Role.UNIT_CONTACT, sending_unit=suzhou),
        "lecturer": lecturer_user,
        "official": official_user,
        "anonymous": AnonymousUser(),
    }
    return types.SimpleNamespace(
        namc=namc,
        celap=celap,
        course=green,
        other_course=transport,
        academy=namc,
        enrolment=wang_enrolment,
        other_enrolment=li_enrolment,
        transport_enrolment=zhang_enrolment,
        official=wang,
        lecturer=lecturer,
        ningbo=ningbo,
        users=users,
        none=None,
    )


Y, N = True, False

# fmt: off
PERMISSIONS = [
    # permission                         object       staff coord other  rev   unitQ unitN lect  offic anon
    ("courses.view_course",              "course",    (Y,    Y,    N,    Y,    Y,    N,    Y,    Y,    N)),
    ("courses.add_course",               "none",      (Y,    Y,    Y,    N,    N,    N,    N,    N,    N)),
    ("courses.add_course_at",            "academy",   (Y,    Y,    N,    N,    N,    N,    N,    N,    N)),
    ("courses.change_course",            "course",    (Y,    Y,    N,    N,    N,    N,    N,    N,    N)),
    ("courses.view_roster",              "course",    (Y,    Y,    N,    N,    Y,    N,    N,    N,    N)),
    ("courses.view_history",             "course",    (Y,    Y,    N,    N,    N,    N,    N,    N,    N)),
    ("courses.set_quota",                "course",    (Y,    Y,    N,    N,    N,    N,    N,    N,    N)),
    ("courses.nominate",                 "course",    (Y,    N,    N,    N,    Y,    N,    N,    N,    N)),
    ("courses.decide_enrolment",         "enrolment", (Y,    Y,    N,    N,    N,    N,    N,    N,    N)),
    ("courses.withdraw_enrolment",       "enrolment", (Y,    Y,    N,    N,    Y,    N,    N,    N,    N)),
    ("courses.substitute_enrolment",     "enrolment", (Y,    Y,    N,    N,    Y,    N,    N,    N,    N)),
    ("courses.build_timetable",          "course",    (Y,    Y,    N,    N,    N,    N,    N,    N,    N)),
    ("courses.build_portfolio",          "none",      (Y,    N,    N,    N,    N,    N,    N,    N,    N)),
    ("people.search_officials",          "none",      (Y,    Y,    Y,    N,    Y,    Y,    N,    N,    N)),
    ("people.see_official",              "official",  (Y,    Y,    N,    N,    Y,    N,    N,    Y,    N)),
    ("people.see_lecturer",              "lecturer",  (Y,    Y,    Y,    Y,    Y,    Y,    Y,    Y,    N)),
    ("people.manage_availability",       "lecturer",  (Y,    N,    N,    N,    N,    N,    Y,    N,    N)),
    ("academies.see_academy",            "academy",   (Y,    Y,    Y,    Y,    Y,    Y,    Y,    Y,    N)),
    ("people.change_official",           "official",  (Y,    N,    N,    N,    N,    N,    N,    N,    N)),
    ("core.view_auditevent",             "none",      (Y,    N,    N,    N,    N,    N,    N,    N,    N)),
]
# fmt: on

MATRIX = [
    pytest.param(permission, target, role, allowed, id=f"{permission}-{role}")
    for permission, target, row in PERMISSIONS
    for role, allowed in zip(ROLES, row, strict=True)
]


@pytest.mark.parametrize(("permission", "target", "role", "allowed"), MATRIX)
def test_permission_matrix(world, permission, target, role, allowed):
    user = world.users[role]

    assert user.has_perm(permission, getattr(world, target)) is allowed


def test_permission_matrix_has_a_row_for_every_registered_permission():
    registered = {name for name in permissions._REASONS if name.split(".")[0] in ("courses", "people", "academies")}

    assert registered <= {permission for permission, _, _ in PERMISSIONS}


@pytest.mark.parametrize(
    ("permission", "target", "role", "reason"),
    [
        (
            "courses.change_course",
            "course",
            "other_coordinator",
            "Only programme staff and the coordinators of this course's academy can change it.",
        ),
        (
            "courses.nominate",
            "course",
            "unit_without_quota",
            "Only a sending unit with a quota for this course can nominate officials into it.",
        ),
        (
            "courses.view_roster",
            "course",
            "lecturer",
            "Only programme staff, the academy's coordinators and the sending units of this course see its roster.",
        ),
        (
            "courses.withdraw_enrolment",
            "enrolment",
            "official",
            "Only programme staff, the academy's coordinators and the official's own sending unit can withdraw them.",
        ),
        (
            "people.see_official",
            "official",
            "other_coordinator",
            "This official's record is shown only to programme staff, their academy's coordinators, "
            "their sending unit and themselves.",
        ),
        ("courses.view_course", "course", "anonymous", "This course is not among the courses you can see."),
    ],
)
def test_require_refuses_with_the_registered_reason(world, permission, target, role, reason):
    with pytest.raises(PermissionDenied) as excinfo:
        require(world.users[role], permission, getattr(world, target))

    assert str(excinfo.value) == reason
    assert str(reason_for(permission)) == reason


def test_require_lets_an_allowed_user_through(world):
    assert require(world.users["coordinator"], "courses.change_course", world.course) is None


def test_require_on_an_unregistered_permission_gives_the_general_reason(world):
    with pytest.raises(PermissionDenied) as excinfo:
        require(world.users["coordinator"], "courses.no_such_permission", world.course)

    assert str(excinfo.value) == "You do not have permission to do this."


def test_unit_contact_may_not_withdraw_another_units_official(world):
    assert not world.users["unit_with_quota"].has_perm("courses.withdraw_enrolment", world.other_enrolment)


def test_unit_contact_loses_the_roster_when_the_quota_is_removed(world):
    contact = world.users["unit_with_quota"]
    world.course.quotas.filter(unit=contact.sending_unit).delete()

    assert not contact.has_perm("courses.view_roster", world.course)
    assert not contact.has_perm("courses.nominate", world.course)


@pytest.mark.parametrize("role", ["staff", "coordinator", "unit_with_quota", "official"])
def test_deactivated_user_loses_every_course_permission(world, role):
    user = world.users[role]
    user.is_active = False
    user.save()

    allowed = [
        permission
        for permission, target, _ in PERMISSIONS
        if permission.startswith("courses.") and user.has_perm(permission, getattr(world, target))
    ]

    assert allowed == []


def test_get_scoped_refuses_an_object_outside_the_scope_with_the_reason(world):
    scope = selectors.visible_courses(world.users["other_coordinator"])

    with pytest.raises(PermissionDenied) as excinfo:
        get_scoped(scope, "Not your academy.", pk=world.course.pk)

    assert str(excinfo.value) == "Not your academy."


def test_get_scoped_returns_an_object_inside_the_scope_and_404s_a_missing_one(world):
    scope = selectors.visible_courses(world.users["coordinator"])

    assert get_scoped(scope, "Not your academy.", pk=world.course.pk) == world.course
    with pytest.raises(Http404):
        get_scoped(scope, "Not your academy.", pk=world.course.pk + 1000)


# Scoped reads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff", ["Smart Transport", "Green Cities"]),
        ("coordinator", ["Green Cities"]),
        ("other_coordinator", ["Smart Transport"]),
        ("reviewer", ["Green Cities"]),
        ("unit_with_quota", ["Green Cities"]),
        ("unit_without_quota", ["Smart Transport"]),
        ("lecturer", ["Green Cities"]),
        ("official", ["Green Cities"]),
        ("anonymous", []),
    ],
)
def test_visible_courses_per_role(world, role, expected):
    courses = selectors.visible_courses(world.users[role])

    assert [course.title_en for course in courses] == expected


def test_official_no_longer_sees_a_course_they_withdrew_from(world):
    world.enrolment.status = EnrolmentStatus.WITHDRAWN
    world.enrolment.save()

    assert list(selectors.visible_courses(world.users["official"])) == []


def test_deactivated_staff_sees_no_course(world):
    staff = world.users["staff"]
    staff.is_active = False
    staff.save()

    assert list(selectors.visible_courses(staff)) == []


def test_unit_contact_sees_a_course_once_even_with_several_quotas(world):
    contact = world.users["unit_with_quota"]
    UnitQuotaFactory(course=world.other_course, unit=contact.sending_unit)

    assert [c.title_en for c in selectors.visible_courses(contact)] == ["Smart Transport", "Green Cities"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff", ["王伟", "李娜"]),
        ("coordinator", ["王伟", "李娜"]),
        ("other_coordinator", []),
        ("reviewer", []),
        ("unit_with_quota", ["王伟"]),
        ("unit_without_quota", []),
        ("lecturer", []),
        ("official", []),
        ("anonymous", []),
    ],
)
def test_visible_enrolments_per_role(world, role, expected):
    enrolments = selectors.visible_enrolments(world.users[role], world.course)

    assert [e.official.name_zh for e in enrolments] == expected
    # The roster's own query (SQL) shows each role the same officials, ordered by name.
    roster = selectors.roster(world.users[role], world.course)
    assert sorted(row.name_zh for row in roster) == sorted(expected)
    keys = [row.name_pinyin for row in roster]
    assert keys == sorted(keys)


def test_roster_rows_carry_the_enrolment_and_the_official_as_stored(world):
    world.official.jurisdiction = None
    world.official.title = ""
    world.official.email = "wang@example.cn"
    world.official.save()
    staff = world.users["staff"]

    rows = {row.name_zh: row for row in selectors.roster(staff, world.course)}

    wang = rows["王伟"]
    assert wang.enrolment_id == world.enrolment.pk and wang.official_id == world.official.pk
    assert wang.status == EnrolmentStatus.CONFIRMED and wang.status_label == "Confirmed"
    # Stored in UTC; read back as the same moment, with its zone, on either database.
    assert wang.nominated_at == datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC)
    assert wang.nominated_at.tzinfo is not None
    assert wang.jurisdiction == "" and wang.unit == "Hangzhou" and wang.email == "wang@example.cn"
    assert wang.post == world.official.get_position_category_display()


def test_roster_keeps_only_the_statuses_asked_for(world):
    staff = world.users["staff"]
    world.other_enrolment.status = EnrolmentStatus.WAITLISTED
    world.other_enrolment.save()

    assert [r.name_zh for r in selectors.roster(staff, world.course, statuses=[EnrolmentStatus.WAITLISTED])] == ["李娜"]
    both = selectors.roster(staff, world.course, statuses=[EnrolmentStatus.WAITLISTED, EnrolmentStatus.CONFIRMED])
    assert len(both) == 2
    assert selectors.roster(staff, world.course, statuses=[]) == []


def test_visible_enrolments_of_another_course_for_its_unit_contact(world):
    contact = world.users["unit_without_quota"]

    assert list(selectors.visible_enrolments(contact, world.other_course)) == [world.transport_enrolment]


def test_deactivated_coordinator_sees_no_enrolment(world):
    coordinator = world.users["coordinator"]
    coordinator.is_active = False
    coordinator.save()

    assert list(selectors.visible_enrolments(coordinator, world.course)) == []


def test_with_seat_counts_counts_confirmed_and_waitlisted(world):
    EnrolmentFactory(course=world.course, official=OfficialFactory(sending_unit=world.ningbo), status="waitlisted")

    counted = selectors.with_seat_counts(Course.objects.filter(pk=world.course.pk)).get()

    assert (counted.confirmed_count, counted.waitlisted_count) == (2, 1)


ROLES_SEEING_GREEN = ["staff", "coordinator", "reviewer", "unit_with_quota", "lecturer", "official"]


@pytest.mark.parametrize("role", [*ROLES_SEEING_GREEN, "other_coordinator", "unit_without_quota"])
def test_course_for_gives_the_course_to_those_who_see_it_and_refuses_the_others_with_the_reason(
    world, role, django_assert_max_num_queries
):
    user = world.users[role]
    assert selectors.sees_course(user, world.course) is (role in ROLES_SEEING_GREEN)
    assert (world.course in selectors.visible_courses(user)) is (role in ROLES_SEEING_GREEN)
    if role not in ROLES_SEEING_GREEN:
        with pytest.raises(PermissionDenied, match="This course is not among the courses you can see."):
            selectors.course_for(user, world.course.pk)
        return
    EnrolmentFactory(course=world.course, official=OfficialFactory(sending_unit=world.ningbo), status="waitlisted")
    with django_assert_max_num_queries(2):  # the course; for scoped roles, whether they see it
        course = selectors.course_for(user, world.course.pk)
    assert (course.confirmed_count, course.waitlisted_count) == (2, 1)
    assert (course.title_en, course.start, course.academy.name_en) == (
        "Green Cities",
        MONDAY,
        "National Academy for Mayors",
    )
    assert not course._state.adding and course._state.db == "default"
    assert course.academy == world.namc and course.academy_id == world.namc.pk


def test_course_for_an_id_that_does_not_exist_is_not_found(world):
    with pytest.raises(Http404):
        selectors.course_for(world.users["staff"], Course.objects.order_by("pk").last().pk + 1)


def test_course_for_refuses_an_inactive_coordinator(world):
    coordinator = world.users["coordinator"]
    coordinator.is_active = False
    with pytest.raises(PermissionDenied):
        selectors.course_for(coordinator, world.course.pk)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff", ["李娜", "王伟", "张敏"]),
        ("coordinator", ["李娜", "王伟"]),
        ("other_coordinator", ["张敏"]),
        ("reviewer", []),
        ("unit_with_quota", ["王伟"]),
        ("unit_without_quota", ["张敏"]),
        ("lecturer", []),
        ("official", ["王伟"]),
        ("anonymous", []),
    ],
)
def test_visible_officials_per_role(world, role, expected):
    officials = visible_officials(world.users[role])

    assert [o.name_zh for o in officials] == expected
