"""Lecturers (and coordinators) never learn who answered what: no names, no rows per person, no comment
tied to a person or a time, and nothing at all from fewer than three answers. Staff see who answered."""

import pytest
from django.urls import reverse

from peixun.feedback.selectors import anonymous_comments
from peixun.feedback.services import create_follow_up

from .conftest import answer, confirmed_officials

pytestmark = pytest.mark.django_db

COMMENTS = ["Zoning examples were great.", "A bit fast.", "More on district heating, please."]


@pytest.fixture
def respondents(world):
    """Three officials answered the lecture, each with a comment; world.official asked to follow up and
    to tell the lecturer their name."""
    officials = [world.official, *confirmed_officials(world.course, 2)]
    for official, rating, comment in zip(officials, [5, 2, 4], COMMENTS, strict=True):
        mine = official == world.official
        answer(official, world.session, rating, comment=comment, follow_up=mine, share_name=mine)
    return officials


def names_of(officials) -> list[str]:
    names = []
    for official in officials:
        names += [official.name_zh, official.name_pinyin, official.name_en, official.email]
    return [name for name in names if name]


def lecturer_pages(world) -> list[tuple[str, int, list[str]]]:
    """Every page a lecturer can open, and the URLs a curious one might craft: each with the status it
    must answer and, when served, text the lecturer must find there. A page that refused the lecturer
    everywhere (or broke) would name nobody, so the absence of names counts only with these."""
    results = reverse("feedback:session", args=[world.session.pk])
    served = ["Energy master planning", "A bit fast."]
    return [
        (reverse("feedback:my_results"), 200, ["Your feedback", "Energy master planning"]),
        (reverse("feedback:my_results") + f"?course={world.course.pk}&order=interest", 200, ["Your feedback"]),
        (results, 200, served),
        (results + "?names=1&official=1", 200, served),
        (reverse("feedback:my_follow_ups"), 200, ["Officials to follow up with", world.official.name_zh]),
        (reverse("feedback:dashboard"), 403, []),
        (reverse("feedback:follow_ups"), 403, []),
        (reverse("feedback:follow_up", args=[1]), 403, []),
        (reverse("feedback:follow_up", args=[999]), 403, []),
        (reverse("feedback:rate", args=[world.session.pk]), 403, []),
        (reverse("feedback:mine"), 403, []),
        (reverse("people:official", args=[world.official.pk]), 403, []),
    ]


def test_a_lecturers_pages_never_name_the_respondents(client, world, respondents):
    client.force_login(world.users["lecturer"])
    others = respondents[1:]  # world.official asked to follow up, so the lecturer may read their name there
    for url, status, expected in lecturer_pages(world):
        response = client.get(url)
        assert response.status_code == status, url
        page = response.content.decode()
        for text in expected:
            assert text in page, (url, text)
        for name in names_of(others):
            assert name not in page, (url, name)
        if "follow-ups" not in url:
            for name in names_of(respondents[:1]):
                assert name not in page, (url, name)


def test_a_lecturer_sees_the_comments_in_alphabetical_order_without_ids_or_times(client, world, respondents):
    client.force_login(world.users["lecturer"])
    page = client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()
    positions = [page.index(comment) for comment in sorted(COMMENTS)]
    assert positions == sorted(positions)
    assert "Who answered" not in page
    assert reverse("feedback:follow_up", args=[1]) not in page
    for evaluation in world.session.evaluations.all():
        assert evaluation.submitted_at.strftime("%H:%M") not in page
    assert anonymous_comments(world.session) == sorted(COMMENTS)


def test_with_fewer_than_three_answers_comments_and_figures_are_withheld(client, world):
    officials = [world.official, *confirmed_officials(world.course, 1)]
    for official, comment in zip(officials, COMMENTS, strict=False):
        answer(official, world.session, [1, 2, 3, 4, 5], comment=comment)
    assert anonymous_comments(world.session) == []
    for role in ("lecturer", "coordinator"):
        client.force_login(world.users[role])
        page = client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()
        for comment in COMMENTS[:2]:
            assert comment not in page
        assert "Comments are shown once at least 3 officials have answered." in page
        assert "±" not in page
        results = client.get(reverse("feedback:my_results" if role == "lecturer" else "feedback:dashboard"))
        assert "Shown from 3 answers on" in results.content.decode()
        assert results.context["report"].overall.interest.mean is None


def test_the_third_answer_reveals_the_figures(client, world):
    officials = [world.official, *confirmed_officials(world.course, 2)]
    for official in officials:
        answer(official, world.session, 4)
    client.force_login(world.users["lecturer"])
    report = client.get(reverse("feedback:my_results")).context["report"]
    assert report.overall.interest.mean == pytest.approx(4.0)
    assert [s.interest.mean for s in report.page.object_list] == [pytest.approx(4.0)]


def test_staff_see_who_answered_what(client, world, respondents):
    client.force_login(world.users["staff"])
    page = client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()
    assert "Who answered" in page
    for official in respondents:
        assert official.name_zh in page
    for comment in COMMENTS:
        assert comment in page
    follow_up = world.official.follow_ups.get()
    assert reverse("feedback:follow_up", args=[follow_up.pk]) in page


def test_coordinators_see_figures_but_no_names(client, world, respondents):
    client.force_login(world.users["coordinator"])
    for url in (reverse("feedback:session", args=[world.session.pk]), reverse("feedback:dashboard")):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Energy master planning" in page, url
        for name in names_of(respondents):
            assert name not in page, (url, name)
    assert (
        "Zoning examples were great."
        in client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()
    )


def test_a_lecturers_follow_ups_show_name_title_and_unit_but_no_contact_details(client, world, respondents):
    follow_up = world.official.follow_ups.get()
    follow_up.notes = "Called him on 13800000000"
    follow_up.save()
    world.official.title_en = "Vice Mayor of Suzhou"
    world.official.save()
    create_follow_up(actor=world.users["staff"], official=respondents[1], lecturer=world.other_lecturer)
    client.force_login(world.users["lecturer"])
    page = client.get(reverse("feedback:my_follow_ups")).content.decode()
    assert world.official.name_zh in page
    assert "Vice Mayor of Suzhou" in page
    assert world.official.sending_unit.name_en in page
    assert "Energy master planning" in page
    for secret in (world.official.email, world.official.phone, "Called him"):
        assert secret not in page
    # Another lecturer's follow-up is not listed.
    assert respondents[1].name_zh not in page


def test_the_course_history_does_not_tell_coordinators_who_answered(client, world, respondents):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("courses:history", args=[world.course.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Energy Smart Cities" in page
    for official in respondents:
        assert official.name_zh not in page


def test_a_follow_up_staff_add_by_hand_names_the_official_to_its_lecturer(client, world, respondents):
    """Staff bring a lecturer and an official together on purpose: the lecturer sees who, while a follow-up
    asked for on the feedback form names the official only if they chose so."""
    by_hand = respondents[1]
    create_follow_up(actor=world.users["staff"], official=by_hand, lecturer=world.lecturer)
    client.force_login(world.users["lecturer"])
    page = client.get(reverse("feedback:my_follow_ups")).content.decode()
    assert by_hand.name_zh in page
    assert by_hand.email and by_hand.email not in page
