"""A presentation's page, its files, its workbench and the workbench's export answer alike, for every role at
every step of the workflow: one rule (rules_workflow.reads_material) and one scope (selectors.visible_materials)."""

import pytest
from django.urls import reverse

from peixun.core.enums import Role
from peixun.materials.enums import MaterialState
from tests.factories import AcademyFactory, CourseFactory, LecturerFactory, OrganisationFactory, UserFactory

from .workbench.helpers import make_material

pytestmark = pytest.mark.django_db

OPENS = {
    "staff": True,
    "coordinator": True,
    "reviewer": True,
    "translator": True,
    "lecturer": True,
    "other_coordinator": False,
    "other_reviewer": False,
    "other_translator": False,
    "other_lecturer": False,
    # Set as the translator of a presentation although not a translator: neither the page nor the workbench.
    "coordinator_named_translator": False,
    "unit_contact": False,
    "official": False,
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def people():
    academy, other_academy = AcademyFactory(), AcademyFactory()
    return {
        "academy": academy,
        "staff": UserFactory(role=Role.STAFF),
        "coordinator": UserFactory(role=Role.COORDINATOR, academy=academy),
        "reviewer": UserFactory(role=Role.REVIEWER, academy=academy),
        "translator": UserFactory(role=Role.TRANSLATOR),
        "lecturer": UserFactory(role=Role.LECTURER),
        "other_coordinator": UserFactory(role=Role.COORDINATOR, academy=other_academy),
        "other_reviewer": UserFactory(role=Role.REVIEWER, academy=other_academy),
        "other_translator": UserFactory(role=Role.TRANSLATOR),
        "other_lecturer": LecturerFactory(user=UserFactory(role=Role.LECTURER)).user,
        "coordinator_named_translator": UserFactory(role=Role.COORDINATOR, academy=other_academy),
        "unit_contact": UserFactory(role=Role.UNIT_CONTACT, sending_unit=OrganisationFactory()),
        "official": UserFactory(role=Role.OFFICIAL),
    }


def _doors(material) -> dict[str, str]:
    return {
        "page": reverse("materials:detail", args=[material.pk]),
        "file": reverse("materials:download", args=[material.pk, 1]),
        "workbench": reverse("workbench:edit", args=[material.pk]),
        "export": reverse("workbench:export", args=[material.pk]),
        "slide_picture": reverse("thumbnails:slide", args=[material.pk, material.versions.get().pk, 1]),
        "preview": reverse("thumbnails:previews", args=[material.pk]),
    }


@pytest.mark.parametrize("state", MaterialState.values)
def test_page_files_workbench_and_export_agree_for_every_role(client, people, state):
    course = CourseFactory(academy=people["academy"])
    material = make_material(
        course=course, translator=people["translator"], lecturer=LecturerFactory(user=people["lecturer"]), state=state
    )
    second = make_material(
        course=course,
        translator=people["coordinator_named_translator"],
        lecturer=LecturerFactory(user=UserFactory(role=Role.LECTURER)),
        state=state,
    )
    for role, opens in OPENS.items():
        client.force_login(people[role])
        target = second if role == "coordinator_named_translator" else material
        answers = {door: client.get(url).status_code for door, url in _doors(target).items()}
        expected = 200 if opens else 403
        assert answers == dict.fromkeys(answers, expected), (role, state, answers)
