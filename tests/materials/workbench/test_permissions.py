"""Who may open, edit and export a translation, use the memory and keep the glossary; refusals say why."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from peixun.core.enums import Role
from peixun.materials.models import GlossaryTerm, Segment
from tests.factories import PASSWORD, AcademyFactory, CourseFactory, LecturerFactory, OrganisationFactory, UserFactory

from .helpers import make_material

pytestmark = pytest.mark.django_db

ROLES = [
    "staff",
    "coordinator",
    "other_coordinator",
    "reviewer",
    "other_reviewer",
    "translator",
    "other_translator",
    "lecturer",
    "other_lecturer",
    "unit_contact",
    "official",
    "partner",
    "anonymous",
]
OK, NO, LOGIN, DONE = 200, 403, 302, 302

VIEW_REASON = "Only programme staff, the translator assigned to this presentation, its lecturer and the academy's"
EDIT_REASON = "Only the translator assigned to this presentation and programme staff can edit its translation."
EXPORT_REASON = "Only programme staff, the translator assigned to this presentation, its lecturer and the academy's"

# (name, method) → expected status per role in ROLES order
CASES = {
    ("workbench:edit", "get"): [OK, OK, NO, OK, NO, OK, NO, OK, NO, NO, NO, NO, LOGIN],
    ("workbench:save_segment", "post"): [DONE, NO, NO, NO, NO, DONE, NO, NO, NO, NO, NO, NO, LOGIN],
    ("workbench:export", "get"): [OK, OK, NO, OK, NO, OK, NO, OK, NO, NO, NO, NO, LOGIN],
    ("workbench:memory", "get"): [OK, NO, NO, NO, NO, OK, OK, NO, NO, NO, NO, NO, LOGIN],
    ("workbench:memory_import", "post"): [400, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, LOGIN],
    ("workbench:memory_tmx", "get"): [OK, NO, NO, NO, NO, OK, OK, NO, NO, NO, NO, NO, LOGIN],
    ("workbench:glossary", "get"): [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, OK, LOGIN],
    ("workbench:glossary_edit", "get"): [OK, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, NO, LOGIN],
}

REASONS = {
    ("workbench:edit", "other_coordinator"): VIEW_REASON,
    ("workbench:edit", "other_translator"): VIEW_REASON,
    ("workbench:edit", "other_lecturer"): VIEW_REASON,
    ("workbench:edit", "unit_contact"): VIEW_REASON,
    ("workbench:save_segment", "reviewer"): EDIT_REASON,
    ("workbench:save_segment", "lecturer"): EDIT_REASON,
    ("workbench:save_segment", "other_translator"): EDIT_REASON,
    ("workbench:export", "official"): EXPORT_REASON,
    ("workbench:memory", "lecturer"): "Only programme staff and translators use the translation memory.",
    ("workbench:memory_import", "coordinator"): "Only programme staff can import translation memories.",
    ("workbench:memory_tmx", "lecturer"): "Only programme staff and translators can download the translation memory.",
    ("workbench:glossary_edit", "translator"): "Only programme staff can add, change or remove glossary terms.",
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world():
    academy, other_academy = AcademyFactory(), AcademyFactory()
    course = CourseFactory(academy=academy)
    lecturer_user = UserFactory(role=Role.LECTURER)
    translator = UserFactory(role=Role.TRANSLATOR)
    material = make_material(course=course, translator=translator, lecturer=LecturerFactory(user=lecturer_user))
    users = {
        "staff": UserFactory(role=Role.STAFF),
        "coordinator": UserFactory(role=Role.COORDINATOR, academy=academy),
        "other_coordinator": UserFactory(role=Role.COORDINATOR, academy=other_academy),
        "reviewer": UserFactory(role=Role.REVIEWER, academy=academy),
        "other_reviewer": UserFactory(role=Role.REVIEWER, academy=other_academy),
        "translator": translator,
        "other_translator": UserFactory(role=Role.TRANSLATOR),
        "lecturer": lecturer_user,
        "other_lecturer": LecturerFactory(user=UserFactory(role=Role.LECTURER)).user,
        "unit_contact": UserFactory(role=Role.UNIT_CONTACT, sending_unit=OrganisationFactory()),
        "official": UserFactory(role=Role.OFFICIAL),
        "partner": UserFactory(role=Role.PARTNER, partner=OrganisationFactory(is_sending_unit=False)),
        "anonymous": None,
    }
    segment = Segment.objects.filter(version__material=material).order_by("order").first()
    term = GlossaryTerm.objects.create(english="zz test term", chinese="测试")
    return SimpleNamespace(material=material, users=users, segment=segment, term=term)


def url_for(name, world):
    args = {
        "workbench:edit": [world.material.pk],
        "workbench:save_segment": [world.material.pk, world.segment.pk],
        "workbench:export": [world.material.pk],
        "workbench:glossary_edit": [world.term.pk],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("case", list(CASES), ids=lambda c: f"{c[0]}-{c[1]}")
def test_permission_matrix(client, world, case):
    name, method = case
    for role, expected in zip(ROLES, CASES[case], strict=True):
        client.logout()
        if world.users[role] is not None:
            client.login(username=world.users[role].username, password=PASSWORD)
        url = url_for(name, world)
        if method == "post":
            response = client.post(url, {"target": "译", "status": "translated"})
        else:
            response = client.get(url)
        assert response.status_code == expected, (role, name)
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login")), name
        reason = REASONS.get((name, role))
        if reason:
            assert reason in response.content.decode().replace("&#x27;", "'"), (role, name)
