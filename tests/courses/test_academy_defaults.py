"""A new course starts from its academy: the usual class size, classrooms that hold the class, and
venues within reach of the academy."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from peixun.academies.models import Venue
from peixun.core.enums import Role
from peixun.courses import services
from peixun.courses.forms import CourseForm, SessionForm
from peixun.curriculum.models import OutlineSession
from tests.factories import MONDAY, AcademyFactory, CourseFactory, ModuleFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beijing():
    academy = AcademyFactory(name_en="NAMC", city_en="Beijing", city_zh="北京", usual_capacity=40)
    VenueFactory(academy=academy, kind=Venue.Kind.ROOM, name_en="Hall", capacity=50)
    return academy


def course_form(academy, **values):
    data = {
        "academy": academy.pk,
        "title_en": "Green Cities",
        "title_zh": "绿色城市",
        "start": MONDAY,
        "end": MONDAY + datetime.timedelta(days=13),
        "day_off": 6,
        "status": "planning",
    } | values
    return CourseForm(data, academies=type(academy).objects.filter(pk=academy.pk))


def test_the_course_form_offers_the_academys_usual_class_size(beijing):
    form = course_form(beijing)
    assert form.fields["capacity"].initial == 40
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capacity"] == 40


def test_a_class_larger_than_every_classroom_of_the_academy_is_refused(beijing):
    staff = UserFactory(role=Role.STAFF)
    with pytest.raises(ValidationError) as excinfo:
        services.create_course(
            actor=staff,
            academy=beijing,
            title_en="Too big",
            title_zh="太大",
            start=MONDAY,
            end=MONDAY + datetime.timedelta(days=13),
            day_off=6,
            capacity=55,
        )
    assert excinfo.value.message_dict == {
        "capacity": ["No classroom of NAMC holds a class of 55; the largest holds 50."]
    }


def test_venues_within_reach_are_the_academys_own_and_hosts_in_its_city(beijing):
    other = AcademyFactory(city_en="Beijing")
    own = Venue.objects.get(academy=beijing)
    near = VenueFactory(name_en="Planning hall", city_en="BEIJING")
    VenueFactory(name_en="Xintiandi", city_en="Shanghai")
    VenueFactory(academy=other, name_en="Other academy's room")
    assert list(Venue.objects.within_reach_of(beijing).order_by("pk")) == [own, near]
    assert [own.is_within_reach_of(beijing), near.is_within_reach_of(beijing)] == [True, True]


def test_a_session_at_a_venue_out_of_reach_is_refused_naming_the_city(beijing):
    course = CourseFactory(academy=beijing, capacity=40)
    staff = UserFactory(role=Role.STAFF)
    far = VenueFactory(name_en="Xintiandi", city_en="Shanghai", city_zh="上海")
    other_room = VenueFactory(academy=AcademyFactory(), name_en="CAG Hall")
    lecture = {
        "actor": staff,
        "course": course,
        "date": MONDAY,
        "part_of_day": 1,
        "format": "site_visit",
        "title_en": "Visit",
        "title_zh": "参观",
        "class_hours": Decimal("3"),
    }
    with pytest.raises(ValidationError) as excinfo:
        services.create_session(**lecture, venue=far)
    assert excinfo.value.message_dict == {
        "venue": ["Xintiandi is in Shanghai, out of reach of NAMC; choose a venue near the academy."]
    }
    with pytest.raises(ValidationError) as excinfo:
        services.create_session(**lecture, venue=other_room)
    assert excinfo.value.message_dict == {
        "venue": ["CAG Hall belongs to another academy; choose a venue of NAMC or near it."]
    }
    form = SessionForm(course=course)
    assert far not in form.fields["venue"].queryset and other_room not in form.fields["venue"].queryset


def test_an_outline_site_visit_goes_to_its_first_venue_within_reach(beijing):
    celap = AcademyFactory(city_en="Shanghai")
    outline = OutlineSession.objects.create(
        module=ModuleFactory(days=2),
        day=1,
        part_of_day=1,
        format="site_visit",
        title_en="Visit",
        title_zh="参观",
        class_hours=Decimal("3"),
    )
    shanghai = VenueFactory(city_en="Shanghai")
    beijing_site = VenueFactory(city_en="Beijing")
    outline.venues.set([shanghai, beijing_site])
    assert outline.venue_for(beijing) == beijing_site
    assert outline.venue_for(celap) == shanghai
    assert outline.venue_for(AcademyFactory(city_en="Chengdu")) is None
