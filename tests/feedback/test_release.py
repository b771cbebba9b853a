"""A lecturer who reloads every page after every answer learns nothing about any one answer.

The answers on a session reach lecturers and coordinators in batches of PEIXUN_FEEDBACK_RELEASE_BATCH, or
when feedback on the session closes (peixun/feedback/release.py). These tests answer one by one and read,
after each answer, every page a lecturer (and a coordinator) can open: the results, a session's page with
its figures, spread and comments, the follow-ups, the start page. Only the note on how many answers wait
may change in between; everything else changes only when a whole batch has arrived."""

import re

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from peixun.feedback import release
from peixun.feedback.models import Evaluation
from peixun.feedback.selectors import lecturer_follow_ups

from .conftest import answer, confirmed_officials

pytestmark = pytest.mark.django_db

#: Seven answers, each unmistakable: its own ratings and comment; some ask to follow up.
ANSWERS = [
    ([5, 4, 3, 2, 1], "Alpha: the zoning maps helped.", False, False),
    ([1, 1, 1, 1, 1], "Bravo: far too theoretical.", True, False),
    ([4, 4, 4, 4, 4], "Charlie: good pace.", False, False),
    ([2, 3, 2, 3, 2], "Delta: more on district heating.", True, True),
    ([5, 5, 5, 5, 5], "Echo: the best session so far.", False, False),
    ([3, 2, 5, 1, 4], "Foxtrot: the translation lagged.", True, False),
    ([2, 2, 2, 2, 2], "Golf: nothing new for my city.", False, False),
]

#: The notes that say how many answers wait: the one part of a page that may change with each answer.
WAITING_NOTES = re.compile(
    r'<(p|span)[^>]*data-testid="(holding|waiting|overall-waiting)"[^>]*>.*?</\1>', flags=re.DOTALL
)
TOKENS = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def lecturer_pages(world) -> list[str]:
    session = reverse("feedback:session", args=[world.session.pk])
    return [
        reverse("home"),
        reverse("feedback:my_results"),
        reverse("feedback:my_results") + "?order=interest",
        reverse("feedback:my_results") + f"?course={world.course.pk}",
        session,
        reverse("feedback:my_follow_ups"),
    ]


def coordinator_pages(world) -> list[str]:
    return [
        reverse("feedback:dashboard"),
        reverse("feedback:dashboard") + "?order=interest&trend=topic",
        reverse("feedback:session", args=[world.session.pk]),
    ]


def view(client, user, urls) -> dict[str, str]:
    """What ``user`` sees on each page, without the waiting notes, the per-request tokens and the layout's
    blank lines."""
    client.force_login(user)
    seen = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        page = TOKENS.sub(r"\1", WAITING_NOTES.sub("", response.content.decode()))
        seen[url] = re.sub(r"\s+", " ", page)  # the notes leave blank lines behind
    return seen


@pytest.fixture
def officials(world):
    return [world.official, *confirmed_officials(world.course, len(ANSWERS) - 1)]


def answer_one(world, official, index: int) -> None:
    ratings, comment, follow_up, share = ANSWERS[index]
    answer(official, world.session, ratings, comment=comment, follow_up=follow_up, share_name=share)


def walk(client, world, officials, *, batch: int):
    """Answer one by one; after each, every page of the lecturer and the coordinator is read. Returns the
    number of answers after which each reader's view changed."""
    lecturer, coordinator = world.users["lecturer"], world.users["coordinator"]
    before = {"lecturer": view(client, lecturer, lecturer_pages(world))}
    before["coordinator"] = view(client, coordinator, coordinator_pages(world))
    changes = {"lecturer": [], "coordinator": []}
    for index, official in enumerate(officials):
        answer_one(world, official, index)
        now = {"lecturer": view(client, lecturer, lecturer_pages(world))}
        now["coordinator"] = view(client, coordinator, coordinator_pages(world))
        for reader in changes:
            changed = [url for url in now[reader] if now[reader][url] != before[reader][url]]
            if changed:
                changes[reader].append(index + 1)
        # Nothing of an answer still waiting is on any page.
        for waiting in ANSWERS[(index + 1) // batch * batch : index + 1]:
            for reader in now:
                for url, page in now[reader].items():
                    assert waiting[1] not in page, (reader, url, waiting[1])
        before = now
    return changes


@pytest.mark.parametrize("batch", [3, 4])
def test_the_pages_change_only_when_a_whole_batch_has_arrived(client, world, officials, settings, batch):
    settings.PEIXUN_FEEDBACK_RELEASE_BATCH = batch
    changes = walk(client, world, officials, batch=batch)
    whole_batches = [n for n in range(1, len(ANSWERS) + 1) if n % batch == 0]
    assert changes == {"lecturer": whole_batches, "coordinator": whole_batches}
    # The lecturer now reads the released answers' comments, and no other.
    client.force_login(world.users["lecturer"])
    page = client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()
    released = whole_batches[-1]
    assert [comment for _r, comment, _f, _s in ANSWERS if comment in page] == [a[1] for a in ANSWERS[:released]]


def test_the_waiting_note_says_how_many_wait_and_until_when(client, world, officials):
    for index, official in enumerate(officials[:4]):
        answer_one(world, official, index)
    client.force_login(world.users["lecturer"])
    page = client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()
    note = re.search(r'data-testid="holding"[^>]*>(.*?)</p>', page, flags=re.DOTALL).group(1)
    assert note.startswith("1 answer is waiting; results appear once 3 have arrived or when feedback closes at ")
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("feedback:session", args=[world.session.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    note = re.search(r'data-testid="holding"[^>]*>(.*?)</p>', page.content.decode(), flags=re.DOTALL).group(1)
    assert note.startswith("有1份答卷待公布；满3份")


def test_staff_see_every_answer_as_it_arrives(client, world, officials):
    client.force_login(world.users["staff"])
    for index, official in enumerate(officials[:2]):
        answer_one(world, official, index)
        page = client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()
        assert ANSWERS[index][1] in page


def test_when_feedback_closes_a_remainder_of_three_is_released(client, world, officials, settings):
    settings.PEIXUN_FEEDBACK_RELEASE_BATCH = 4
    for index, official in enumerate(officials):
        answer_one(world, official, index)
    client.force_login(world.users["lecturer"])
    url = reverse("feedback:session", args=[world.session.pk])
    open_page = client.get(url)
    assert open_page.context["stats"].responses == 4
    settings.PEIXUN_FEEDBACK_OPEN_DAYS = 14  # the session was three weeks ago: its feedback has closed
    closed_page = client.get(url)
    assert closed_page.context["stats"].responses == 7
    assert closed_page.context["holding"].waiting == 0
    for _ratings, comment, _f, _s in ANSWERS:
        assert comment in closed_page.content.decode()


def test_when_feedback_closes_one_or_two_answers_after_the_last_batch_are_never_shown(
    client, world, officials, settings
):
    for index, official in enumerate(officials):
        answer_one(world, official, index)
    settings.PEIXUN_FEEDBACK_OPEN_DAYS = 14
    client.force_login(world.users["lecturer"])
    page = client.get(reverse("feedback:session", args=[world.session.pk]))
    assert page.context["stats"].responses == 6
    text = page.content.decode()
    assert ANSWERS[6][1] not in text
    assert "1 answer came after the last results were shown and is not shown" in text
    # Staff still see it.
    client.force_login(world.users["staff"])
    assert ANSWERS[6][1] in client.get(reverse("feedback:session", args=[world.session.pk])).content.decode()


def test_a_lecturer_sees_a_name_on_a_follow_up_only_if_the_official_shared_it(world, officials):
    for index, official in enumerate(officials[:6]):
        answer_one(world, official, index)
    rows = lecturer_follow_ups(world.lecturer)
    # Bravo, Delta and Foxtrot asked to follow up; only Delta (officials[3]) shared the name.
    assert [(row.name_shared, row.name_zh) for row in rows] == [
        (False, ""),
        (True, officials[3].name_zh),
        (False, ""),
    ]
    assert all(row.title == "" and row.unit == "" for row in rows if not row.name_shared)


def test_a_name_shared_without_a_follow_up_is_not_recorded(world, officials):
    answer(officials[0], world.session, 3, follow_up=False, share_name=True)
    assert Evaluation.objects.get().name_shared_with_lecturer is False


def test_the_form_asks_whether_to_share_the_name_and_defaults_to_no(client, world):
    client.force_login(world.users["official"])
    url = reverse("feedback:rate", args=[world.session.pk])
    form = client.get(url).context["form"]
    assert form["share_name_with_lecturer"].initial is False
    ratings = {name: 4 for name in ("interest", "local_growth", "differentiation", "community_health")}
    client.post(url, {**ratings, "applicability": 4, "wants_follow_up": "on", "share_name_with_lecturer": "on"})
    evaluation = Evaluation.objects.get()
    assert evaluation.wants_follow_up and evaluation.name_shared_with_lecturer


def test_released_count_follows_the_rule():
    assert [release.released_count(n, closed=False, batch=3) for n in range(8)] == [0, 0, 0, 3, 3, 3, 6, 6]
    assert [release.released_count(n, closed=True, batch=3) for n in range(8)] == [0, 0, 0, 3, 3, 3, 6, 6]
    assert [release.released_count(n, closed=True, batch=5) for n in range(11)] == [0, 0, 0, 3, 4, 5, 5, 5, 8, 9, 10]


@pytest.mark.parametrize("value", [2, 0, "3"])
def test_a_release_batch_below_three_is_refused_at_start(settings, value):
    settings.PEIXUN_FEEDBACK_RELEASE_BATCH = value
    with pytest.raises(SystemCheckError, match="PEIXUN_FEEDBACK_RELEASE_BATCH"):
        call_command("check")
