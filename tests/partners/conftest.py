"""A programme with partners: one course that has ended, one to come, one at another academy; two partner
organisations with a contact each; engagements in every state; press items and translated documents."""

import datetime
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from peixun.courses.enums import CourseStatus
from peixun.courses.models import Course, Session, SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.partners.models import Engagement, PressItem, TranslatedDocument
from peixun.people.enums import OrganisationKind
from peixun.people.models import Lecturer, Organisation
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    SessionFactory,
    UnitQuotaFactory,
)
from tests.worlds import logins


def monday_on_or_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def pdf_bytes(text: str = "PlaNYC") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "Emissions"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def company(name_en: str, name_zh: str, kind: str = OrganisationKind.COMPANY) -> Organisation:
    return OrganisationFactory(name_en=name_en, name_zh=name_zh, kind=kind, is_sending_unit=False)


def engagement(**values) -> Engagement:
    """An engagement row written directly (the services are tested on their own)."""
    values.setdefault("kind", values["session"].format if values.get("session") else SessionFormat.WORKSHOP)
    values.setdefault("promised_en", "A dinner for the class")
    return Engagement.objects.create(**values)


@dataclass
class World:
    today: datetime.date
    past_course: Course
    future_course: Course
    other_course: Course
    partner: Organisation
    other_partner: Organisation
    outlet: Organisation
    past_dinner: Session
    past_visit: Session
    future_dinner: Session
    unrecorded_lunch: Session
    delivered_short: Engagement
    unreported: Engagement
    upcoming: Engagement
    other_delivered: Engagement
    lecturer: Lecturer
    published_item: PressItem
    unpublished_item: PressItem
    published_document: TranslatedDocument
    unpublished_document: TranslatedDocument
    users: dict


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db, media_root) -> World:
    today = timezone.localdate()
    academy = AcademyFactory(code="namc", name_en="NAMC", name_zh="市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="浦东干部学院")
    past_start = monday_on_or_before(today - datetime.timedelta(days=60))
    past_course = CourseFactory(
        academy=academy,
        title_en="Energy Smart Cities",
        title_zh="能源智慧城市",
        start=past_start,
        status=CourseStatus.FINISHED,
    )
    future_course = CourseFactory(
        academy=academy,
        title_en="Green Buildings",
        title_zh="绿色建筑",
        start=monday_on_or_before(today + datetime.timedelta(days=40)),
    )
    other_course = CourseFactory(
        academy=other_academy,
        title_en="Green Finance",
        title_zh="绿色金融",
        start=monday_on_or_before(today - datetime.timedelta(days=30)),
        status=CourseStatus.FINISHED,
    )
    partner = company("Philips Lighting", "飞利浦照明")
    other_partner = company("Covanta", "卡万塔")
    outlet = company("China Daily", "中国日报", kind=OrganisationKind.MEDIA)

    def session(course, day, part, fmt, title_en, title_zh, sponsor=None, hours="3.0"):
        return SessionFactory(
            course=course,
            date=course.start + datetime.timedelta(days=day),
            part_of_day=part,
            format=fmt,
            title_en=title_en,
            title_zh=title_zh,
            sponsor=sponsor,
            class_hours=hours,
        )

    past_dinner = session(
        past_course, 0, PartOfDay.EVENING, SessionFormat.DINNER, "Welcome dinner", "欢迎晚宴", partner, "0"
    )
    past_visit = session(
        past_course, 2, PartOfDay.AFTERNOON, SessionFormat.SITE_VISIT, "Smart street lighting", "智慧道路照明", partner
    )
    future_dinner = session(
        future_course, 0, PartOfDay.EVENING, SessionFormat.DINNER, "Partner dinner", "合作伙伴晚宴", partner, "0"
    )
    unrecorded_lunch = session(
        past_course, 5, PartOfDay.AFTERNOON, SessionFormat.LUNCH, "Partner lunch", "合作伙伴午餐", other_partner, "0"
    )
    lecture = session(past_course, 1, PartOfDay.MORNING, SessionFormat.LECTURE, "Energy planning", "能源规划")
    lecturer = LecturerFactory(name="Ada Whitfield", name_zh="怀特菲尔德", affiliation=company("Arup", "奥雅纳"))
    SessionLecturer.objects.create(
        session=lecture, lecturer=lecturer, date=lecture.date, part_of_day=lecture.part_of_day
    )

    delivered_short = engagement(
        partner=partner,
        course=past_course,
        session=past_dinner,
        state=Engagement.State.DELIVERED,
        promised_en="Welcome dinner for the whole class",
        guests_promised=30,
        delivered_en="Dinner with a talk on smart lighting",
        guests_delivered=18,
        notes="Sponsorship fee invoiced",
    )
    unreported = engagement(
        partner=partner,
        course=past_course,
        session=past_visit,
        state=Engagement.State.CONFIRMED,
        promised_en="Tour of the lighting application centre",
        guests_promised=40,
    )
    upcoming = engagement(
        partner=partner,
        course=future_course,
        session=future_dinner,
        state=Engagement.State.CONFIRMED,
        promised_en="Partner dinner",
        guests_promised=45,
    )
    other_delivered = engagement(
        partner=other_partner,
        course=other_course,
        kind=SessionFormat.SITE_VISIT,
        state=Engagement.State.DELIVERED,
        promised_en="Visit to the energy-from-waste plant",
        delivered_en="Visit with the plant manager",
        guests_promised=30,
        guests_delivered=32,
    )

    published_item = PressItem.objects.create(
        date=datetime.date(2009, 5, 20),
        outlet=outlet,
        title_en="Mayoral Training Program on Energy Smart Cities launches",
        title_zh="市长培训项目启动能源智慧城市课程",
        summary_en="The first course opened in Beijing.",
        summary_zh="首期课程在北京开班。",
        url="https://example.org/news/1",
    )
    unpublished_item = PressItem.objects.create(
        date=datetime.date(2010, 6, 1),
        outlet=outlet,
        title_en="Draft: interview not yet cleared",
        title_zh="草稿：尚未审定的采访",
        published=False,
    )
    published_document = TranslatedDocument.objects.create(
        title_en="PlaNYC in Chinese", title_zh="纽约城市规划中文版", date=datetime.date(2010, 12, 1)
    )
    published_document.translated_file.save("planyc-zh.pdf", io.BytesIO(pdf_bytes()), save=True)
    unpublished_document = TranslatedDocument.objects.create(
        title_en="Seoul climate plan", title_zh="首尔气候规划", date=datetime.date(2011, 3, 1), published=False
    )
    unpublished_document.translated_file.save("seoul-zh.pdf", io.BytesIO(pdf_bytes("Seoul")), save=True)

    quota = UnitQuotaFactory(course=future_course)
    official = OfficialFactory(sending_unit=quota.unit)
    users = logins(
        "staff", "coordinator", "other_coordinator", "reviewer", "unit_contact", "lecturer", "official",
        "translator", "partner", "other_partner",
        academy=academy, other_academy=other_academy, unit=quota.unit, partner=partner,
        other_partner=other_partner, people={"lecturer": lecturer, "official": official},
        details={"partner": {"first_name": "Mei", "last_name": "Lin"}},
    )  # fmt: skip
    return World(
        today=today,
        past_course=past_course,
        future_course=future_course,
        other_course=other_course,
        partner=partner,
        other_partner=other_partner,
        outlet=outlet,
        past_dinner=past_dinner,
        past_visit=past_visit,
        future_dinner=future_dinner,
        unrecorded_lunch=unrecorded_lunch,
        delivered_short=delivered_short,
        unreported=unreported,
        upcoming=upcoming,
        other_delivered=other_delivered,
        lecturer=lecturer,
        published_item=published_item,
        unpublished_item=unpublished_item,
        published_document=published_document,
        unpublished_document=unpublished_document,
        users=users,
    )


@pytest.fixture
def staff(world):
    return world.users["staff"]
