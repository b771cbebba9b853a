"""The presentations' pages × every role: allowed or refused with the reason, and what each one shows."""

import pytest
from django.urls import reverse

from peixun.materials import services
from peixun.materials.checklist import checklist_keys
from peixun.materials.enums import MaterialState
from peixun.materials.models import Material

from .conftest import MALFORMED, ROLES, SMALL_DECK, advance, translate_all, upload

OK, NO = 200, 403
NOT_SHOWN = "This presentation is shown only to programme staff, its lecturer, its translator"

# A material in review: its reviewer sees it. Page → expected status per role, in ROLES order.
PAGES = {
    "materials:list": [OK, OK, OK, OK, OK, OK, OK, OK, OK, OK],
    "materials:detail": [OK, OK, OK, NO, OK, NO, OK, NO, NO, NO],
    "materials:download": [OK, OK, OK, NO, OK, NO, OK, NO, NO, NO],
    "materials:upload": [OK, NO, NO, NO, NO, NO, OK, NO, NO, NO],
    "materials:create": [OK, NO, NO, NO, NO, NO, OK, OK, NO, NO],
    "materials:course": [OK, OK, OK, NO, OK, NO, OK, NO, NO, NO],
}
REASONS = {
    ("materials:detail", "other_reviewer"): NOT_SHOWN,
    ("materials:detail", "other_translator"): NOT_SHOWN,
    ("materials:download", "official"): NOT_SHOWN,
    ("materials:upload", "translator"): "Only the presentation's lecturer and programme staff upload new versions.",
    ("materials:upload", "reviewer"): "Only the presentation's lecturer and programme staff upload new versions.",
    (
        "materials:create",
        "translator",
    ): "Only lecturers (for their own sessions) and programme staff add presentations.",
    ("materials:course", "other_reviewer"): "Only programme staff and the people working on this course see its",
}


@pytest.fixture
def in_review(world) -> Material:
    material = world.material(SMALL_DECK)
    services.assign_translator(actor=world.users["staff"], material=material, translator=world.users["translator"])
    translate_all(material)
    return advance(world, material, "review")


def url_for(name, material):
    args = {
        "materials:detail": [material.pk],
        "materials:download": [material.pk, 1],
        "materials:upload": [material.pk],
        "materials:course": [material.course_id],
    }.get(name, [])
    return reverse(name, args=args)


@pytest.mark.parametrize("page", list(PAGES))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, in_review, page, role):
    client.force_login(world.users[role])
    response = client.get(url_for(page, in_review))
    expected = PAGES[page][ROLES.index(role)]
    assert response.status_code == expected, f"{role} on {page}"
    if expected == NO:
        body = response.content.decode().replace("&#x27;", "'")
        assert '<p class="reason">' in body
        if (page, role) in REASONS:
            assert REASONS[page, role] in body


@pytest.mark.parametrize("page", list(PAGES))
def test_anonymous_is_sent_to_login(client, world, in_review, page):
    response = client.get(url_for(page, in_review))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_reviewers_read_their_academys_presentations_at_every_step_and_act_only_in_review(client, world):
    material = world.material(SMALL_DECK)
    assert material.state == "adaptation"
    client.force_login(world.users["reviewer"])
    page = client.get(reverse("materials:detail", args=[material.pk]))
    assert page.status_code == 200
    assert "data-action=" not in page.content.decode()
    # The translation workbench opens for the same reviewer on the same presentation: the rules agree.
    assert client.get(reverse("workbench:edit", args=[material.pk])).status_code == 200
    assert list(client.get(reverse("materials:list")).context["materials"]) == [material]
    client.post(reverse("materials:action", args=[material.pk, "approve"]))
    material.refresh_from_db()
    assert material.state == "adaptation"


@pytest.mark.parametrize("state", [choice for choice, _label in MaterialState.choices])
@pytest.mark.parametrize("role", ["reviewer", "other_reviewer", "coordinator", "translator", "lecturer"])
def test_the_page_and_the_workbench_open_for_the_same_people(world, state, role):
    material = world.material(SMALL_DECK)
    services.assign_translator(actor=world.users["staff"], material=material, translator=world.users["translator"])
    Material.objects.filter(pk=material.pk).update(state=state)
    material = Material.objects.select_related("course", "lecturer").get(pk=material.pk)
    user = world.users[role]
    assert user.has_perm("materials.view_material", material) == user.has_perm("materials.view_workbench", material)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("staff", ["Sponge cities", "Other lecturer's talk"]),
        ("coordinator", ["Sponge cities", "Other lecturer's talk"]),
        ("lecturer", ["Sponge cities"]),
        ("other_lecturer", ["Other lecturer's talk"]),
        ("translator", ["Sponge cities"]),
        ("other_translator", []),
        ("reviewer", ["Sponge cities", "Other lecturer's talk"]),
        ("unit_contact", []),
        ("official", []),
    ],
)
def test_the_list_is_scoped(client, world, role, expected):
    world.material(SMALL_DECK)
    module_session = world.session
    module_session.lecturer_slots.create(
        lecturer=world.other_lecturer, date=module_session.date, part_of_day=module_session.part_of_day
    )
    other = world.material(SMALL_DECK, title="Other lecturer's talk")
    Material.objects.filter(pk=other.pk).update(lecturer=world.other_lecturer)
    services.assign_translator(
        actor=world.users["staff"],
        material=Material.objects.get(title_en="Sponge cities"),
        translator=world.users["translator"],
    )
    client.force_login(world.users[role])
    response = client.get(reverse("materials:list"))
    assert sorted(m.title for m in response.context["materials"]) == sorted(expected)


def test_the_list_takes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    client.force_login(world.users["staff"])
    world.material(SMALL_DECK)
    with django_assert_max_num_queries(8) as one:
        response = client.get(reverse("materials:list"))
    assert response.status_code == 200
    for n in range(5):
        world.material(SMALL_DECK, title=f"Talk {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(reverse("materials:list"))
    assert response.status_code == 200
    assert all(f"Talk {n}" in response.content.decode() for n in range(5))


def test_the_action_buttons_are_the_users_own(client, world, in_review):
    client.force_login(world.users["reviewer"])
    body = client.get(reverse("materials:detail", args=[in_review.pk])).content.decode()
    assert 'data-action="approve"' in body and 'data-action="return"' in body
    client.force_login(world.users["translator"])
    body = client.get(reverse("materials:detail", args=[in_review.pk])).content.decode()
    assert "data-action=" not in body


@pytest.mark.parametrize("role", ROLES)
def test_approving_through_the_page(client, world, in_review, role):
    client.force_login(world.users[role])
    response = client.post(reverse("materials:action", args=[in_review.pk, "approve"]))
    in_review.refresh_from_db()
    if role == "reviewer":
        assert response.status_code == 302 and in_review.state == "acceptability"
    else:
        assert response.status_code == 403 and in_review.state == "review"


def test_returning_through_the_page_without_a_comment_says_so(client, world, in_review):
    client.force_login(world.users["reviewer"])
    response = client.post(reverse("materials:action", args=[in_review.pk, "return"]), follow=True)
    in_review.refresh_from_db()
    assert in_review.state == "review"
    assert "Say what needs to change: a comment is required." in response.content.decode()


def test_signing_off_through_the_page(client, world, in_review):
    services.transition(actor=world.users["reviewer"], material=in_review, action="approve")
    client.force_login(world.users["staff"])
    url = reverse("materials:action", args=[in_review.pk, "sign_off"])
    body = client.get(reverse("materials:detail", args=[in_review.pk])).content.decode()
    assert body.count('class="mt-check"') == len(checklist_keys())
    client.post(url, {f"check_{key}": "on" for key in checklist_keys()[:-1]})
    in_review.refresh_from_db()
    assert in_review.state == "acceptability"
    client.post(url, {f"check_{key}": "on" for key in checklist_keys()})
    in_review.refresh_from_db()
    assert in_review.state == "ready"


def test_the_page_shows_steps_versions_timeline_and_checks(client, world, in_review):
    client.force_login(world.users["staff"])
    response = client.get(reverse("materials:detail", args=[in_review.pk]))
    body = response.content.decode()
    assert body.count('class="mt-step ') == 8
    assert 'aria-current="step"' in body
    assert reverse("materials:download", args=[in_review.pk, 1]) in body
    assert [e.action for e in response.context["events"]] == [
        "created",
        "uploaded",
        "translator_assigned",
        "send_to_translation",
        "submit_for_review",
    ]
    assert 'data-testid="findings"' in body


def test_download_is_the_file_as_uploaded(client, world, in_review):
    client.force_login(world.users["translator"])
    response = client.get(reverse("materials:download", args=[in_review.pk, 1]))
    assert b"".join(response.streaming_content) == SMALL_DECK.read_bytes()
    assert response["Content-Disposition"].startswith("attachment")
    assert client.get(reverse("materials:download", args=[in_review.pk, 9])).status_code == 404


def test_lecturer_creates_a_presentation_on_the_page(client, world):
    client.force_login(world.users["lecturer"])
    url = reverse("materials:create") + f"?course={world.course.pk}"
    page = client.get(url)
    assert list(page.context["form"].fields["session"].queryset) == [world.session]
    response = client.post(url, {"session": world.session.pk, "title_en": "Sponge cities", "file": upload(SMALL_DECK)})
    material = Material.objects.get()
    assert response.status_code == 302 and response.url == reverse("materials:detail", args=[material.pk])
    assert (material.lecturer, material.session, material.versions.count()) == (world.lecturer, world.session, 1)


def test_a_lecturer_does_not_see_others_courses_to_add_to(client, world):
    client.force_login(world.users["other_lecturer"])
    response = client.get(reverse("materials:create"))
    assert list(response.context["chooser"].fields["course"].queryset) == []


def test_a_broken_file_on_the_create_page_leaves_nothing(client, world, _media):
    client.force_login(world.users["staff"])
    url = reverse("materials:create") + f"?course={world.course.pk}"
    response = client.post(
        url,
        {
            "session": world.session.pk,
            "lecturer": world.lecturer.pk,
            "title_en": "Broken",
            "file": upload(MALFORMED[0]),
        },
    )
    assert response.status_code == 200
    assert "The file is damaged and cannot be opened." in response.content.decode()
    assert Material.objects.count() == 0
    assert list(_media.rglob("*")) == []


def test_comment_and_translator_through_the_page(client, world):
    material = world.material(SMALL_DECK)
    client.force_login(world.users["staff"])
    client.post(reverse("materials:comment", args=[material.pk]), {"comment": "Add a Chinese city example."})
    client.post(reverse("materials:translator", args=[material.pk]), {"translator": world.users["translator"].pk})
    material.refresh_from_db()
    assert material.translator == world.users["translator"]
    assert list(material.events.order_by("at", "id").values_list("action", "comment"))[-2:] == [
        ("commented", "Add a Chinese city example."),
        ("translator_assigned", "translator"),
    ]


def test_course_block_lists_the_courses_presentations(client, world, in_review):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("materials:course", args=[world.course.pk]))
    assert [m.title for m in response.context["course_materials"]] == ["Sponge cities"]
    assert 'data-testid="course-materials"' in response.content.decode()


@pytest.mark.parametrize(
    ("role", "listed"),
    [
        ("staff", True),
        ("coordinator", True),
        ("reviewer", True),
        ("translator", True),
        ("lecturer", True),
        ("unit_contact", False),
        ("official", False),
    ],
)
def test_who_has_presentations_in_the_navigation(world, role, listed):
    assert world.users[role].has_perm("materials.list_materials") is listed
