"""The presentations' world: a course with a session and lecturers, and `world.material(...)` to upload a deck."""

from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from peixun.core.enums import Role
from peixun.core.i18n import split_by_language
from peixun.courses import services as course_services
from peixun.courses.models import Course, Session
from peixun.materials import services
from peixun.materials.models import Material
from peixun.people.models import Lecturer
from tests.factories import (
    AcademyFactory,
    CourseFactory,
    LecturerFactory,
    OrganisationFactory,
    UserFactory,
    VenueFactory,
)
from tests.shared_fixtures import FIXTURES

DECKS = sorted((FIXTURES / "decks").glob("*.pptx"))
DOCUMENTS = sorted((FIXTURES / "documents").glob("*.docx"))
MALFORMED = sorted((FIXTURES / "malformed").iterdir())
SMALL_DECK = FIXTURES / "decks" / "pptx-txt-font-props.pptx"
OTHER_DECK = FIXTURES / "decks" / "pptx-tbl-cell.pptx"

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


# The world's users, in the order the pages' permission tables list them.
ROLES = [
    "staff",
    "coordinator",
    "reviewer",
    "other_reviewer",
    "translator",
    "other_translator",
    "lecturer",
    "other_lecturer",
    "unit_contact",
    "official",
]


def upload(path: Path, name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name or path.name, path.read_bytes())


def pdf(name: str = "handout.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@dataclass
class World:
    course: Course
    other_course: Course
    session: Session
    lecturer: Lecturer
    other_lecturer: Lecturer
    users: dict

    def material(self, path: Path = SMALL_DECK, **kwargs) -> Material:
        return services.create_material(
            actor=self.users["staff"],
            course=self.course,
            lecturer=self.lecturer,
            session=self.session,
            **dict(zip(("title_en", "title_zh"), split_by_language(kwargs.pop("title", "Sponge cities")), strict=True)),
            file=upload(path),
            **kwargs,
        )


@pytest.fixture
def world(db) -> World:
    """A course at NAMC with a session by one lecturer; a course at CELAP; every kind of user."""
    academy = AcademyFactory(code="namc", name_en="NAMC", name_zh="市长研修学院")
    other_academy = AcademyFactory(code="celap", name_en="CELAP", name_zh="浦东干部学院")
    course = CourseFactory(academy=academy, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    other_course = CourseFactory(academy=other_academy, title_en="Green Finance", title_zh="绿色金融")
    staff = UserFactory(username="staff", role=Role.STAFF, first_name="Sam", last_name="Staff")
    lecturer = LecturerFactory(name="Ada Lovelace")
    other_lecturer = LecturerFactory(name="Grace Hopper")
    session = course_services.create_session(
        actor=staff,
        course=course,
        date=course.start,
        part_of_day=1,
        format="lecture",
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=3,
        lecturers=[lecturer],
        venue=VenueFactory(academy=academy),
    )
    users = {
        "staff": staff,
        "coordinator": UserFactory(username="coordinator", role=Role.COORDINATOR, academy=academy),
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER, academy=academy),
        "other_reviewer": UserFactory(username="other_reviewer", role=Role.REVIEWER, academy=other_academy),
        "translator": UserFactory(username="translator", role=Role.TRANSLATOR),
        "other_translator": UserFactory(username="other_translator", role=Role.TRANSLATOR),
        "lecturer": UserFactory(username="lecturer", role=Role.LECTURER),
        "other_lecturer": UserFactory(username="other_lecturer", role=Role.LECTURER),
        "unit_contact": UserFactory(
            username="unit_contact",
            role=Role.UNIT_CONTACT,
            sending_unit=OrganisationFactory(),
        ),
        "official": UserFactory(username="official", role=Role.OFFICIAL),
    }
    lecturer.user = users["lecturer"]
    lecturer.save()
    other_lecturer.user = users["other_lecturer"]
    other_lecturer.save()
    return World(course, other_course, session, lecturer, other_lecturer, users)


def translate_all(material: Material, text: str = "译文") -> None:
    from peixun.materials.selectors import editable_version

    version = editable_version(material)
    version.segments.update(target=text, status="translated")


def advance(world: World, material: Material, to: str) -> Material:
    """Take the material along the workflow to the step ``to`` the ordinary way."""
    staff, reviewer = world.users["staff"], world.users["reviewer"]
    path = [
        ("translation", lambda: _to_translation(world, material)),
        (
            "review",
            lambda: (
                translate_all(material),
                services.transition(actor=staff, material=material, action="submit_for_review"),
            ),
        ),
        ("acceptability", lambda: services.transition(actor=reviewer, material=material, action="approve")),
        (
            "ready",
            lambda: services.transition(
                actor=staff, material=material, action="sign_off", checklist={k: True for k in checklist_keys()}
            ),
        ),
        ("delivered", lambda: services.transition(actor=staff, material=material, action="deliver")),
        ("follow_up", lambda: services.transition(actor=staff, material=material, action="start_follow_up")),
        ("closed", lambda: services.transition(actor=staff, material=material, action="close")),
    ]
    for state, step in path:
        if material.state == to:
            break
        step()
        material.refresh_from_db()
        assert material.state == state
    return material


def checklist_keys():
    from peixun.materials.checklist import checklist_keys as keys

    return keys()


def _to_translation(world: World, material: Material) -> None:
    staff = world.users["staff"]
    if material.translator_id is None:
        services.assign_translator(actor=staff, material=material, translator=world.users["translator"])
    services.transition(actor=staff, material=material, action="send_to_translation")
