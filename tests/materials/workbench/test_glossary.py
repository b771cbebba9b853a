"""The glossary page: everyone logged in reads it, programme staff keep it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.materials.models import GlossaryTerm
from peixun.materials.workbench import services
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


@pytest.fixture(autouse=True)
def empty_glossary():
    GlossaryTerm.objects.all().delete()


def test_staff_add_a_term_and_it_is_audited(client, staff):
    client.login(username=staff.username, password=PASSWORD)
    response = client.post(reverse("workbench:glossary"), {"english": "green  bond", "chinese": "绿色债券 | 绿债"})
    assert response.status_code == 302
    term = GlossaryTerm.objects.get()
    assert (term.english, term.chinese) == ("green bond", "绿色债券|绿债")
    assert AuditEvent.objects.get(action="glossary.added").actor == staff


@pytest.mark.parametrize(
    "english,chinese,field,message",
    [
        ("Green Bond", "绿色债券", "english", "“Green Bond” is in the glossary already."),
        ("sponge city", "sponge city", "chinese", "must be written in Chinese characters: “sponge city” is not."),
        ("sponge city", "海绵城市|sponge", "chinese", "“sponge” is not."),
        ("", "海绵城市", "english", "Give the English term."),
    ],
)
def test_term_validation(staff, english, chinese, field, message):
    services.add_glossary_term(actor=staff, english="green bond", chinese="绿色债券")
    with pytest.raises(ValidationError) as error:
        services.add_glossary_term(actor=staff, english=english, chinese=chinese)
    assert message in " ".join(error.value.message_dict[field])
    assert GlossaryTerm.objects.count() == 1


def test_form_shows_the_service_error_on_its_field(client, staff):
    client.login(username=staff.username, password=PASSWORD)
    response = client.post(reverse("workbench:glossary"), {"english": "sponge city", "chinese": "sponge"})
    assert response.status_code == 400
    assert response.context["form"].errors["chinese"] == [
        "Each Chinese rendering must be written in Chinese characters: “sponge” is not."
    ]


def test_edit_and_delete(client, staff):
    term = services.add_glossary_term(actor=staff, english="green bond", chinese="绿色债券")
    client.login(username=staff.username, password=PASSWORD)
    response = client.post(
        reverse("workbench:glossary_edit", args=[term.pk]), {"english": "green bond", "chinese": "绿色债券|绿债"}
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert term.chinese == "绿色债券|绿债"
    assert AuditEvent.objects.get(action="glossary.changed").changes == {"chinese": ["绿色债券", "绿色债券|绿债"]}
    client.post(reverse("workbench:glossary_delete", args=[term.pk]))  # asks first
    assert GlossaryTerm.objects.exists()
    client.post(reverse("workbench:glossary_delete", args=[term.pk]), {"confirmed": "yes"})
    assert not GlossaryTerm.objects.exists()
    assert AuditEvent.objects.filter(action="glossary.deleted").count() == 1


def test_everyone_logged_in_reads_but_only_staff_change(client):
    services.add_glossary_term(actor=None, english="green bond", chinese="绿色债券")
    official = UserFactory(role=Role.OFFICIAL)
    client.login(username=official.username, password=PASSWORD)
    response = client.get(reverse("workbench:glossary") + "?q=债券")
    assert response.status_code == 200
    assert [t.english for t in response.context["page"].object_list] == ["green bond"]
    assert response.context["can_change"] is False
    assert "Add a term" not in response.content.decode()
    refused = client.post(reverse("workbench:glossary"), {"english": "x", "chinese": "叉"})
    assert refused.status_code == 403
    assert "Only programme staff can add, change or remove glossary terms." in refused.content.decode()
    assert GlossaryTerm.objects.count() == 1


def test_staff_see_one_form_to_add_a_term_below_the_list_and_a_plain_title(client, staff):
    client.login(username=staff.username, password=PASSWORD)
    page = client.get(reverse("workbench:glossary")).content.decode()
    assert page.count('id="add-term"') == 1
    head, _, body = page.partition("</head>")
    assert "<form" not in head
    assert "<title>Glossary · Peixun</title>" in head
