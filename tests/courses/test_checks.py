"""The rules a course, its modules and its sessions must keep, as the person making the change reads them.

Courses in these tests run from Monday 1 March 2027 to Sunday 14 March 2027 with Sunday off, so the
course days are 1-6 and 8-13 March.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from peixun.courses import checks, services
from peixun.courses.models import Course, CourseModule, Session, SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from tests.factories import (
    MONDAY,
    AcademyFactory,
    CourseFactory,
    CourseModuleFactory,
    LecturerFactory,
    ModuleFactory,
    SessionFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db


TUESDAY = MONDAY + datetime.timedelta(days=1)  # 2 March 2027
SATURDAY = MONDAY + datetime.timedelta(days=5)  # 6 March 2027
SUNDAY = MONDAY + datetime.timedelta(days=6)  # 7 March 2027, the day off
SUNDAY_OFF = 6


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def staff():
    return UserFactory(username="staff")


@pytest.fixture
def academy():
    return AcademyFactory(code="namc", name_en="National Academy for Mayors", name_zh="全国市长研修学院")


@pytest.fixture
def course(academy):
    return CourseFactory(
        academy=academy, title_en="Green Cities", title_zh="绿色城市", start=MONDAY, end=MONDAY + days(13)
    )


def make_course(staff, academy, *, start=MONDAY, length=14, day_off=SUNDAY_OFF, capacity=55):
    return services.create_course(
        actor=staff,
        academy=academy,
        title_en="Green Cities",
        title_zh="绿色城市",
        start=start,
        end=start + days(length - 1),
        day_off=day_off,
        capacity=capacity,
    )


def add_session(staff, course, **overrides):
    fields = {
        "actor": staff,
        "course": course,
        "date": TUESDAY,
        "part_of_day": PartOfDay.MORNING,
        "format": SessionFormat.LECTURE,
        "title_en": "Energy master planning",
        "title_zh": "能源总体规划",
        "class_hours": Decimal("3.0"),
    }
    fields.update(overrides)
    return services.create_session(**fields)


def refusal(excinfo) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# Courses -------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [14, 20, 31])
def test_course_of_14_to_31_days_is_accepted(staff, academy, length):
    course, warnings = make_course(staff, academy, length=length)

    assert course.length_days == length
    assert warnings == []


@pytest.mark.parametrize("length", [13, 32])
def test_course_shorter_than_14_or_longer_than_31_days_is_refused(staff, academy, length):
    with pytest.raises(ValidationError) as excinfo:
        make_course(staff, academy, length=length)

    assert refusal(excinfo) == {
        "end": [f"The course lasts {length} days; courses at National Academy for Mayors last 14 to 31 days."]
    }
    assert not Course.objects.exists()


def test_course_length_limits_follow_the_academy_settings(staff, academy):
    academy.min_course_days, academy.max_course_days = 7, 10
    academy.save()

    with pytest.raises(ValidationError) as excinfo:
        make_course(staff, academy, length=14)
    assert refusal(excinfo) == {
        "end": ["The course lasts 14 days; courses at National Academy for Mayors last 7 to 10 days."]
    }

    course, _ = make_course(staff, academy, length=8)
    assert course.length_days == 8


def test_course_that_ends_before_it_begins_is_refused(staff, academy):
    with pytest.raises(ValidationError) as excinfo:
        services.create_course(
            actor=staff,
            academy=academy,
            title_en="Backwards",
            title_zh="倒序",
            start=MONDAY,
            end=MONDAY - days(1),
            day_off=SUNDAY_OFF,
            capacity=40,
        )

    assert refusal(excinfo) == {"end": ["The course ends before it begins."]}


def test_course_without_weekly_day_off_is_refused(staff, academy):
    with pytest.raises(ValidationError) as excinfo:
        make_course(staff, academy, day_off=None)

    assert refusal(excinfo) == {"day_off": ["A course needs a weekly day off."]}
    assert not Course.objects.exists()


def test_course_days_skip_the_weekly_day_off(staff, academy):
    course, _ = make_course(staff, academy, day_off=2)  # Wednesday

    assert [d.weekday() for d in course.course_days()].count(2) == 0
    assert len(course.course_days()) == 12
    assert course.is_course_day(MONDAY)
    assert not course.is_course_day(MONDAY + days(2))
    assert not course.is_course_day(MONDAY + days(14))


def test_capacity_above_the_academy_maximum_is_refused(staff, academy):
    with pytest.raises(ValidationError) as excinfo:
        make_course(staff, academy, capacity=56)

    assert refusal(excinfo) == {
        "capacity": ["A class of 56 is larger than National Academy for Mayors allows (at most 55)."]
    }
    assert not Course.objects.exists()


def test_capacity_maximum_follows_the_academy_settings(staff, academy):
    academy.max_capacity = 70
    academy.save()

    course, warnings = make_course(staff, academy, capacity=70)

    assert course.capacity == 70
    assert warnings == []


def test_capacity_below_the_academy_minimum_is_a_warning_not_a_refusal(staff, academy):
    course, warnings = make_course(staff, academy, capacity=20)

    assert warnings == ["A class of 20 is smaller than the usual minimum of 30 at National Academy for Mayors."]
    assert Course.objects.get() == course
    assert course.capacity == 20


def test_check_course_marks_small_capacity_as_warning(academy):
    problems = checks.check_course(academy=academy, start=MONDAY, end=MONDAY + days(13), day_off=6, capacity=29)

    assert checks.errors(problems) == []
    assert [(p.field, p.is_warning) for p in checks.warnings(problems)] == [("capacity", True)]


def test_update_course_refuses_a_length_outside_the_limits(staff, course):
    with pytest.raises(ValidationError) as excinfo:
        services.update_course(actor=staff, course=course, end=MONDAY + days(40))

    assert refusal(excinfo) == {
        "end": ["The course lasts 41 days; courses at National Academy for Mayors last 14 to 31 days."]
    }
    course.refresh_from_db()
    assert course.end == MONDAY + days(13)


def test_update_course_refuses_to_put_a_session_on_the_new_day_off(staff, course):
    add_session(staff, course, date=MONDAY + days(12))  # Saturday 13 March

    with pytest.raises(ValidationError) as excinfo:
        services.update_course(actor=staff, course=course, day_off=5)

    assert excinfo.value.messages == [
        "1 session, “Energy master planning”, would fall outside the course, its day off or its module; move it first."
    ]
    course.refresh_from_db()
    assert course.day_off == SUNDAY_OFF


def test_update_course_refuses_to_leave_a_session_outside_the_course(staff, course):
    add_session(staff, course, date=TUESDAY)

    with pytest.raises(ValidationError) as excinfo:
        services.update_course(actor=staff, course=course, start=MONDAY + days(2), end=MONDAY + days(16))

    assert excinfo.value.messages == [
        "1 session, “Energy master planning”, would fall outside the course, its day off or its module; move it first."
    ]


# Modules -------------------------------------------------------------------------------------


@pytest.fixture
def module(staff, course):
    return services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=3))


def test_module_dates_are_consecutive_course_days_skipping_the_day_off(staff, module):
    module = services.update_course_module(actor=staff, module=module, first_day=MONDAY + days(4))  # Friday

    assert module.dates() == [MONDAY + days(4), MONDAY + days(5), MONDAY + days(7)]


def test_module_without_first_day_has_no_dates(module):
    assert module.first_day is None
    assert module.dates() == []


@pytest.mark.parametrize("length", [2, 6])
def test_module_of_2_to_6_days_is_accepted(staff, module, length):
    module = services.update_course_module(actor=staff, module=module, days=length, first_day=MONDAY)

    assert len(module.dates()) == length


@pytest.mark.parametrize("length", [1, 7])
def test_module_shorter_than_2_or_longer_than_6_days_is_refused(staff, module, length):
    with pytest.raises(ValidationError) as excinfo:
        services.update_course_module(actor=staff, module=module, days=length, first_day=MONDAY)

    assert refusal(excinfo) == {"days": [f"A module takes 2 to 6 days, not {length}."]}
    module.refresh_from_db()
    assert module.days == 3


def test_module_may_not_begin_on_the_day_off(staff, module):
    with pytest.raises(ValidationError) as excinfo:
        services.update_course_module(actor=staff, module=module, first_day=SUNDAY)

    assert refusal(excinfo) == {
        "first_day": ["A module cannot begin on 7 March 2027: it is the course's day off (Sunday)."]
    }


def test_module_may_not_begin_outside_the_course(staff, module):
    with pytest.raises(ValidationError) as excinfo:
        services.update_course_module(actor=staff, module=module, first_day=MONDAY + days(19))

    assert refusal(excinfo) == {
        "first_day": ["20 March 2027 is outside the course (1 March 2027 to 14 March 2027)."]
    }


def test_module_needing_more_course_days_than_are_left_is_refused(staff, module):
    with pytest.raises(ValidationError) as excinfo:
        services.update_course_module(actor=staff, module=module, first_day=MONDAY + days(11))  # Friday 12 March

    assert refusal(excinfo) == {
        "days": ["The module needs 3 course days from 12 March 2027, but the course has only 2 left."]
    }
    module.refresh_from_db()
    assert module.first_day is None


def test_module_move_that_would_strand_its_sessions_is_refused(staff, course, module):
    module = services.update_course_module(actor=staff, module=module, first_day=MONDAY)
    add_session(staff, course, date=MONDAY + days(2), module=module, title_en="Waste to energy")

    with pytest.raises(ValidationError) as excinfo:
        services.update_course_module(actor=staff, module=module, first_day=MONDAY + days(7))

    assert excinfo.value.messages == [
        "1 of the module's sessions would fall outside its days, such as “Waste to energy”; move them first."
    ]
    module.refresh_from_db()
    assert module.first_day == MONDAY


def test_database_refuses_a_module_of_seven_days_written_directly(course):
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseModule.objects.create(course=course, title_en="Too long", title_zh="太长", days=7)


# Sessions ------------------------------------------------------------------------------------


def test_session_on_a_course_day_is_created(staff, course):
    session = add_session(staff, course)

    assert Session.objects.get() == session
    assert (session.date, session.part_of_day) == (TUESDAY, PartOfDay.MORNING)


def test_session_outside_the_course_is_refused(staff, course):
    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, date=MONDAY + days(19))

    assert refusal(excinfo) == {"date": ["20 March 2027 is outside the course (1 March 2027 to 14 March 2027)."]}
    assert not Session.objects.exists()


def test_session_on_the_day_off_is_refused(staff, course):
    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, date=SUNDAY)

    assert refusal(excinfo) == {
        "date": ["7 March 2027 is the course's day off (Sunday); no session may be placed on it."]
    }


def test_session_outside_its_modules_days_is_refused(staff, course, module):
    module = services.update_course_module(actor=staff, module=module, days=2, first_day=MONDAY)

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, date=MONDAY + days(2), module=module)

    assert refusal(excinfo) == {
        "date": [
            f"3 March 2027 is not one of the days of the module “{module.title_en}” (1 March 2027 to 2 March 2027)."
        ]
    }


def test_session_inside_its_modules_days_is_accepted(staff, course, module):
    module = services.update_course_module(actor=staff, module=module, days=2, first_day=MONDAY)

    session = add_session(staff, course, date=TUESDAY, module=module)

    assert session.module == module


def test_session_in_a_module_without_days_is_refused(staff, course, module):
    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, module=module)

    assert refusal(excinfo) == {"module": [f"The module “{module.title_en}” has no days yet; give it a first day."]}


def test_session_in_a_module_of_another_course_is_refused(staff, course, academy):
    other_course = CourseFactory(academy=academy, title_en="Smart Transport", title_zh="智慧交通")
    other_module = CourseModuleFactory(course=other_course, title_en="Mobility", first_day=MONDAY)

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, module=other_module)

    assert refusal(excinfo) == {"module": ["The module “Mobility” belongs to another course, “Smart Transport”."]}


@pytest.mark.parametrize(
    ("session_format", "part", "label"),
    [(SessionFormat.DINNER, PartOfDay.EVENING, "dinner"), (SessionFormat.LUNCH, PartOfDay.AFTERNOON, "lunch")],
)
def test_meal_credited_with_class_hours_is_refused(staff, course, session_format, part, label):
    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, format=session_format, part_of_day=part, class_hours=Decimal("1.5"))

    assert refusal(excinfo) == {"class_hours": [f"A {label} credits no class hours."]}


def test_dinner_with_no_class_hours_in_the_evening_is_accepted(staff, course):
    session = add_session(staff, course, format=SessionFormat.DINNER, part_of_day=PartOfDay.EVENING, class_hours=0)

    assert session.class_hours == 0


def test_database_refuses_a_dinner_with_class_hours_written_directly(course):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            course=course,
            date=TUESDAY,
            part_of_day=PartOfDay.EVENING,
            format=SessionFormat.DINNER,
            title_en="Welcome dinner",
            title_zh="欢迎晚宴",
            class_hours=Decimal("2.0"),
        )


@pytest.mark.parametrize("part", [PartOfDay.MORNING, PartOfDay.AFTERNOON])
def test_dinner_outside_the_evening_is_refused(staff, course, part):
    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, format=SessionFormat.DINNER, part_of_day=part, class_hours=0)

    assert refusal(excinfo) == {"part_of_day": ["A dinner takes place only in the evening."]}


def test_site_visit_without_venue_is_refused(staff, course):
    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, format=SessionFormat.SITE_VISIT)

    assert refusal(excinfo) == {"venue": ["A site visit needs the venue it visits."]}


def test_site_visit_with_venue_is_accepted(staff, course):
    venue = VenueFactory(name_en="Tianjin Eco-City", capacity=80)

    session = add_session(staff, course, format=SessionFormat.SITE_VISIT, venue=venue)

    assert session.venue == venue


def test_lecturer_outside_their_availability_is_refused(staff, course):
    lecturer = LecturerFactory(name="Jane Smith", available=(MONDAY + days(7), MONDAY + days(13)))

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, lecturers=[lecturer])

    assert refusal(excinfo) == {"lecturers": ["Jane Smith is not available on 2 March 2027."]}


def test_lecturer_with_no_availability_at_all_is_refused(staff, course):
    lecturer = LecturerFactory(name="Jane Smith", available=False)

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, lecturers=[lecturer])

    assert refusal(excinfo) == {"lecturers": ["Jane Smith is not available on 2 March 2027."]}


def test_lecturer_booked_in_another_academys_course_at_the_same_time_is_refused(staff, course):
    lecturer = LecturerFactory(name="Jane Smith")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="中国浦东干部学院")
    other_course = CourseFactory(academy=other_academy, title_en="Climate Resilience", title_zh="气候韧性")
    add_session(staff, other_course, title_en="Flood defences", lecturers=[lecturer])

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, lecturers=[lecturer])

    assert refusal(excinfo) == {
        "lecturers": ["Jane Smith already teaches “Flood defences” (Climate Resilience) on 2 March 2027, morning."]
    }
    assert list(SessionLecturer.objects.values_list("session__course", flat=True)) == [other_course.pk]


def test_lecturer_may_teach_another_course_in_a_different_part_of_the_day(staff, course):
    lecturer = LecturerFactory()
    other_course = CourseFactory(academy=AcademyFactory(code="cag"))
    add_session(staff, other_course, lecturers=[lecturer], part_of_day=PartOfDay.MORNING)

    session = add_session(staff, course, lecturers=[lecturer], part_of_day=PartOfDay.AFTERNOON)

    assert list(session.lecturers.all()) == [lecturer]


def test_database_refuses_one_lecturer_in_two_sessions_at_once_written_directly(course):
    lecturer = LecturerFactory()
    first = SessionFactory(course=course, date=TUESDAY, part_of_day=PartOfDay.MORNING)
    second = SessionFactory(course=CourseFactory(), date=TUESDAY, part_of_day=PartOfDay.MORNING)
    SessionLecturer.objects.create(session=first, lecturer=lecturer, date=TUESDAY, part_of_day=PartOfDay.MORNING)

    with pytest.raises(IntegrityError), transaction.atomic():
        SessionLecturer.objects.create(session=second, lecturer=lecturer, date=TUESDAY, part_of_day=PartOfDay.MORNING)


def test_venue_closed_on_that_weekday_is_refused(staff, course):
    venue = VenueFactory(name_en="Museum of Urban Planning", open_days=[0, 1, 2, 3, 4])

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, date=SATURDAY, venue=venue)

    assert refusal(excinfo) == {"venue": ["Museum of Urban Planning is closed on Saturday."]}


def test_venue_smaller_than_the_course_is_refused(staff, course):
    venue = VenueFactory(name_en="Seminar room", capacity=40)

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, venue=venue)

    assert refusal(excinfo) == {"venue": ["Seminar room holds 40 people, but the course has 55 seats."]}


def test_two_sessions_of_one_course_in_the_same_slot_are_refused(staff, course):
    add_session(staff, course, title_en="Green buildings")

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, title_en="Eco-cities")

    assert refusal(excinfo) == {"part_of_day": ["The class already has “Green buildings” on 2 March 2027, morning."]}
    assert list(Session.objects.values_list("title_en", flat=True)) == ["Green buildings"]


def test_every_broken_rule_is_reported_at_once(staff, course):
    venue = VenueFactory(name_en="Seminar room", capacity=40)

    with pytest.raises(ValidationError) as excinfo:
        add_session(
            staff, course, format=SessionFormat.DINNER, part_of_day=PartOfDay.MORNING, class_hours=2, venue=venue
        )

    assert refusal(excinfo) == {
        "class_hours": ["A dinner credits no class hours."],
        "part_of_day": ["A dinner takes place only in the evening."],
        "venue": ["Seminar room holds 40 people, but the course has 55 seats."],
    }


def test_update_session_checks_the_new_slot_but_not_against_itself(staff, course):
    lecturer = LecturerFactory()
    session = add_session(staff, course, lecturers=[lecturer])

    session = services.update_session(actor=staff, session=session, title_en="Renamed")

    assert session.title_en == "Renamed"
    assert list(session.lecturers.all()) == [lecturer]


def test_update_session_into_an_occupied_slot_is_refused(staff, course):
    add_session(staff, course, title_en="Green buildings", part_of_day=PartOfDay.MORNING)
    second = add_session(staff, course, title_en="Eco-cities", part_of_day=PartOfDay.AFTERNOON)

    with pytest.raises(ValidationError) as excinfo:
        services.update_session(actor=staff, session=second, part_of_day=PartOfDay.MORNING)

    assert refusal(excinfo) == {"part_of_day": ["The class already has “Green buildings” on 2 March 2027, morning."]}
    second.refresh_from_db()
    assert second.part_of_day == PartOfDay.AFTERNOON


# In Chinese ----------------------------------------------------------------------------------


def test_session_refusals_read_in_chinese_under_the_chinese_locale(staff, course):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, format=SessionFormat.DINNER, part_of_day=PartOfDay.MORNING, class_hours=0)
    assert refusal(excinfo) == {"part_of_day": ["晚宴只能安排在晚上。"]}

    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, format=SessionFormat.SITE_VISIT)
    assert refusal(excinfo) == {"venue": ["现场考察须指定考察场地。"]}


def test_module_length_refusal_reads_in_chinese_under_the_chinese_locale(staff, module):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        services.update_course_module(actor=staff, module=module, days=7)

    assert refusal(excinfo) == {"days": ["模块应为期2至6天，而不是7天。"]}


def test_lecture_in_the_evening_is_refused(staff, course):
    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, part_of_day=PartOfDay.EVENING)

    assert refusal(excinfo) == {"part_of_day": ["A lecture takes place only in the morning or afternoon."]}


def test_a_venue_hosts_one_session_at_a_time_across_courses(staff, course):
    venue = VenueFactory(name_en="NAMC Lecture Hall", capacity=100)
    other_course = CourseFactory(title_en="Green Finance")
    add_session(staff, other_course, venue=venue, title_en="Green bonds")

    with pytest.raises(ValidationError) as excinfo:
        add_session(staff, course, venue=venue)

    assert refusal(excinfo) == {
        "venue": ["NAMC Lecture Hall already hosts “Green bonds” (Green Finance) on 2 March 2027, morning."]
    }
