"""The public acknowledgements: only what was delivered and held, in the reader's language."""

import datetime

from django.urls import reverse
from django.utils import translation

from peixun.courses.enums import CourseStatus
from peixun.courses.models import SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.partners.models import Engagement
from peixun.partners.selectors import acknowledgements
from tests.factories import LecturerFactory, SessionFactory


def _by_year(today):
    return {y.year: y for y in acknowledgements(today)}


def test_only_delivered_engagements_and_held_sessions_are_thanked(world):
    years = acknowledgements(world.today)
    partners = [(p.name, [(h.kind, h.course_title, h.day) for h in p.hosted]) for y in years for p in y.partners]
    assert sorted(partners) == sorted(
        [
            ("Philips Lighting", [("dinner", "Energy Smart Cities", world.past_dinner.date)]),
            ("Covanta", [("site_visit", "Green Finance", world.other_course.start)]),
        ]
    )
    lecturers = [(lec.name, lec.affiliation, lec.courses) for y in years for lec in y.lecturers]
    assert lecturers == [("Ada Whitfield", "Arup", ["Energy Smart Cities"])]


def test_confirmed_proposed_and_cancelled_engagements_are_not_thanked(world):
    for state in ("proposed", "confirmed", "cancelled"):
        Engagement.objects.filter(pk=world.delivered_short.pk).update(state=state)
        names = [p.name for y in acknowledgements(world.today) for p in y.partners]
        assert names == ["Covanta"], state


def test_sessions_to_come_and_cancelled_courses_are_not_thanked(world):
    later = SessionFactory(course=world.future_course, date=world.future_course.start, part_of_day=PartOfDay.MORNING)
    newcomer = LecturerFactory(name="Not Yet")
    SessionLecturer.objects.create(session=later, lecturer=newcomer, date=later.date, part_of_day=later.part_of_day)
    names = [lec.name for y in acknowledgements(world.today) for lec in y.lecturers]
    assert names == ["Ada Whitfield"]
    world.past_course.status = CourseStatus.CANCELLED
    world.past_course.save()
    assert [lec.name for y in acknowledgements(world.today) for lec in y.lecturers] == []
    assert [p.name for y in acknowledgements(world.today) for p in y.partners] == ["Covanta"]


def test_a_session_held_today_is_thanked_from_tomorrow(world):
    today = SessionFactory(course=world.past_course, date=world.today, format=SessionFormat.LECTURE)
    guest = LecturerFactory(name="Grace Today")
    SessionLecturer.objects.create(session=today, lecturer=guest, date=today.date, part_of_day=today.part_of_day)
    assert "Grace Today" not in [lec.name for y in acknowledgements(world.today) for lec in y.lecturers]
    tomorrow = world.today + datetime.timedelta(days=1)
    assert "Grace Today" in [lec.name for y in acknowledgements(tomorrow) for lec in y.lecturers]


def test_years_are_newest_first_and_a_lecturer_is_listed_once_per_year(world):
    second = SessionFactory(course=world.past_course, date=world.past_course.start + datetime.timedelta(days=3))
    SessionLecturer.objects.create(
        session=second, lecturer=world.lecturer, date=second.date, part_of_day=second.part_of_day
    )
    old_session = SessionFactory(date=datetime.date(2019, 4, 2))
    SessionLecturer.objects.create(
        session=old_session, lecturer=world.lecturer, date=old_session.date, part_of_day=old_session.part_of_day
    )
    years = acknowledgements(world.today)
    assert [y.year for y in years] == sorted({world.past_course.start.year, world.other_course.start.year, 2019})[::-1]
    this_year = next(y for y in years if y.year == world.past_course.start.year)
    assert [(lec.name, lec.courses) for lec in this_year.lecturers] == [("Ada Whitfield", ["Energy Smart Cities"])]


def test_in_chinese_the_page_uses_chinese_names_and_titles(world):
    with translation.override("zh-hans"):
        years = acknowledgements(world.today)
        partners = {p.name: p for y in years for p in y.partners}
        lecturers = [lec for y in years for lec in y.lecturers]
    assert set(partners) == {"飞利浦照明", "卡万塔"}
    assert partners["飞利浦照明"].other_name == "Philips Lighting"
    assert partners["飞利浦照明"].hosted[0].course_title == "能源智慧城市"
    assert [(lec.name, lec.other_name, lec.affiliation, lec.courses) for lec in lecturers] == [
        ("怀特菲尔德", "Ada Whitfield", "奥雅纳", ["能源智慧城市"])
    ]


def test_the_page_is_public_and_says_what_each_partner_hosted(client, world):
    response = client.get(reverse("partners:thanks"))
    assert response.status_code == 200
    body = response.content.decode()
    month = world.past_dinner.date.strftime("%B %Y")
    assert f"hosted a dinner for Energy Smart Cities, {month}" in body
    assert "hosted a site visit for Green Finance" in body
    # Only public names and affiliations: no e-mail, no guest numbers, no notes, nothing promised.
    assert "@" not in body.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Sponsorship fee" not in body
    assert "guest" not in body.lower()
    assert "Tour of the lighting application centre" not in body


def test_the_page_in_chinese_for_an_anonymous_visitor(client, world):
    response = client.post(
        reverse("set_language"), {"language": "zh-hans", "next": reverse("partners:thanks")}, follow=True
    )
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "飞利浦照明" in body
    assert "怀特菲尔德" in body
    assert "能源智慧城市" in body


def test_names_are_in_alphabetical_order_in_english_and_pinyin_order_in_chinese(world):
    Engagement.objects.filter(pk=world.other_delivered.pk).update(course=world.past_course)
    [year] = [y for y in acknowledgements(world.today) if y.year == world.past_course.start.year]
    assert [p.name for p in year.partners] == ["Covanta", "Philips Lighting"]
    with translation.override("zh-hans"):
        [year] = [y for y in acknowledgements(world.today) if y.year == world.past_course.start.year]
    assert [p.name for p in year.partners] == ["飞利浦照明", "卡万塔"]  # fēi before kǎ
