"""Factories for tests. Courses start on a Monday with Sunday off unless a test says otherwise."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from peixun.academies.models import Academy, Venue
from peixun.core.enums import Role
from peixun.core.models import User
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.courses.models import Course, CourseModule, Enrolment, Session, UnitQuota
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.curriculum.models import Module, OutlineSession, Topic
from peixun.people.enums import JurisdictionLevel, OrganisationKind, PositionCategory
from peixun.people.models import Availability, Jurisdiction, Lecturer, Official, Organisation

MONDAY = datetime.date(2027, 3, 1)
PASSWORD = "correct horse battery"


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"academy-{n}")
    name_en = factory.Sequence(lambda n: f"Academy {n}")
    name_zh = factory.Sequence(lambda n: f"学院{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_zh = factory.Sequence(lambda n: f"单位{n}")
    kind = OrganisationKind.GOVERNMENT
    is_sending_unit = True


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    name_en = factory.Sequence(lambda n: f"City {n}")
    name_zh = factory.Sequence(lambda n: f"城市{n}")
    level = JurisdictionLevel.PREFECTURE
    population = 1_000_000


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name_en = factory.Sequence(lambda n: f"Room {n}")
    name_zh = factory.Sequence(lambda n: f"教室{n}")
    academy = None  # a host outside the academies, within reach of an academy with no city
    capacity = 60
    open_days = [0, 1, 2, 3, 4, 5, 6]


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = Role.STAFF
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")
    name_zh = factory.Sequence(lambda n: f"主题{n}")


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"module-{n}")
    title_en = factory.Sequence(lambda n: f"Module {n}")
    title_zh = factory.Sequence(lambda n: f"模块{n}")
    days = 3
    objectives_en = "Understand the subject."
    objectives_zh = "理解主题。"

    @factory.post_generation
    def outline(obj, create, extracted, **kwargs):
        if not create:
            return
        for day in range(1, obj.days + 1):
            OutlineSession.objects.create(
                module=obj,
                day=day,
                part_of_day=PartOfDay.MORNING,
                format=SessionFormat.LECTURE,
                title_en=f"{obj.title_en} day {day}",
                title_zh=f"{obj.title_zh} 第{day}天",
                class_hours=Decimal("3.0"),
            )


class LecturerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lecturer
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Lecturer {n}")
    affiliation = factory.SubFactory(OrganisationFactory, kind=OrganisationKind.UNIVERSITY, is_sending_unit=False)
    time_zone = "America/New_York"

    @factory.post_generation
    def available(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            start, end = (
                extracted
                if extracted
                else (MONDAY - datetime.timedelta(days=60), MONDAY + datetime.timedelta(days=120))
            )
            Availability.objects.create(lecturer=obj, start=start, end=end)


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    name_zh = factory.Iterator(["王伟", "李娜", "张敏", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴芳"])
    position_category = PositionCategory.VICE_MAYOR
    sending_unit = factory.SubFactory(OrganisationFactory)
    jurisdiction = factory.SubFactory(JurisdictionFactory)
    service_began = datetime.date(2010, 1, 1)
    email = factory.Sequence(lambda n: f"official{n}@example.org")


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    academy = factory.SubFactory(AcademyFactory)
    title_en = factory.Sequence(lambda n: f"Course {n}")
    title_zh = factory.Sequence(lambda n: f"课程{n}")
    start = MONDAY
    end = factory.LazyAttribute(lambda c: c.start + datetime.timedelta(days=13))
    day_off = 6
    capacity = 55
    status = CourseStatus.OPEN


class UnitQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitQuota

    course = factory.SubFactory(CourseFactory)
    unit = factory.SubFactory(OrganisationFactory)
    seats = 10
    priority = 5


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    course = factory.SubFactory(CourseFactory)
    official = factory.SubFactory(OfficialFactory)
    unit = factory.LazyAttribute(lambda e: e.official.sending_unit)
    status = EnrolmentStatus.NOMINATED
    nominated_at = factory.LazyFunction(timezone.now)


class CourseModuleFactory(factory.django.DjangoModelFactory):
    """A module row written directly, bypassing the services (for reads and database-constraint tests)."""

    class Meta:
        model = CourseModule

    course = factory.SubFactory(CourseFactory)
    order = factory.Sequence(lambda n: n + 1)
    title_en = factory.Sequence(lambda n: f"Course module {n}")
    title_zh = factory.Sequence(lambda n: f"课程模块{n}")
    days = 3
    first_day = factory.LazyAttribute(lambda m: m.course.start)


class SessionFactory(factory.django.DjangoModelFactory):
    """A session row written directly, bypassing the checker (for reads and database-constraint tests)."""

    class Meta:
        model = Session

    course = factory.SubFactory(CourseFactory)
    date = factory.LazyAttribute(lambda s: s.course.start)
    part_of_day = PartOfDay.MORNING
    format = SessionFormat.LECTURE
    title_en = factory.Sequence(lambda n: f"Session {n}")
    title_zh = factory.Sequence(lambda n: f"课{n}")
    class_hours = Decimal("3.0")


def course_in_session(**kwargs) -> Course:
    """A course that began some days before today (by the real clock) and runs on: a class in session,
    whose first days are history."""
    today = timezone.localdate()
    kwargs.setdefault("start", today - datetime.timedelta(days=6))
    kwargs.setdefault("end", today + datetime.timedelta(days=14))
    return CourseFactory(**kwargs)


def course_day(course: Course, offset: int) -> datetime.date:
    """The course day ``offset`` days from today, or the next one if that is its day off."""
    day = timezone.localdate() + datetime.timedelta(days=offset)
    return day if day.weekday() != course.day_off else day + datetime.timedelta(days=1)


def lecturer_around_today(**kwargs) -> Lecturer:
    today = timezone.localdate()
    return LecturerFactory(
        available=(today - datetime.timedelta(days=60), today + datetime.timedelta(days=60)), **kwargs
    )
