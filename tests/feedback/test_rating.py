"""An official rates the sessions they took part in, once, from a form made of RATINGS."""

import datetime
import re
from html import escape

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.services import Mark, record_roll_call
from peixun.core import clock
from peixun.core.models import AuditEvent
from peixun.courses.enums import EnrolmentStatus
from peixun.feedback import services
from peixun.feedback.models import RATINGS, Evaluation, FollowUp
from peixun.feedback.selectors import sessions_for_official
from tests.factories import EnrolmentFactory
from tests.timing import session_around_now

from .conftest import answer, confirmed_officials, session_in

pytestmark = pytest.mark.django_db

ALL_FOURS = {name: "4" for name, _label in RATINGS}


@pytest.fixture
def official(client, world):
    client.force_login(world.users["official"])
    return client


def rate_url(session) -> str:
    return reverse("feedback:rate", args=[session.pk])


def test_the_form_has_a_1_to_5_scale_for_every_question_in_ratings(official, world):
    page = official.get(rate_url(world.session)).content.decode()
    for name, label in RATINGS:
        assert f"<legend>{escape(str(label))}</legend>" in page
        for value in range(1, 6):
            assert f'name="{name}" value="{value}"' in page
        assert page.count(f'name="{name}"') == 5
        assert len(re.findall(rf'<input type="radio" name="{name}" value="\d"[^>]* required', page)) == 5
    assert 'name="comment"' in page
    assert "I want to follow up on this" in page
    assert 'type="checkbox" name="wants_follow_up"' in page


def test_an_official_answers_and_the_session_moves_to_answered(official, world):
    response = official.post(rate_url(world.session), ALL_FOURS | {"comment": "  Very useful.  "})
    assert response.status_code == 302
    assert response.url == reverse("feedback:mine")
    evaluation = Evaluation.objects.get()
    assert (evaluation.session, evaluation.official) == (world.session, world.official)
    assert [getattr(evaluation, name) for name, _l in RATINGS] == [4, 4, 4, 4, 4]
    assert evaluation.comment == "Very useful."
    assert evaluation.wants_follow_up is False
    assert FollowUp.objects.count() == 0
    page = official.get(reverse("feedback:mine")).content.decode()
    assert "Thank you! Your feedback on “Energy master planning” is saved." in page
    sessions = sessions_for_official(world.official, timezone.now())
    assert (sessions.to_rate, sessions.done) == ([], [world.session])
    event = AuditEvent.objects.get(action="evaluation.submitted")
    assert event.actor == world.users["official"]
    assert event.course is None  # the course's history, which coordinators read, does not show who answered
    assert event.changes["interest"] == [None, 4]


def test_a_question_left_unanswered_is_named(official, world):
    data = dict(ALL_FOURS)
    del data["community_health"]
    response = official.post(rate_url(world.session), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {"community_health": ["This field is required."]}
    assert Evaluation.objects.count() == 0


@pytest.mark.parametrize("value", ["0", "6", "x"])
def test_an_answer_off_the_scale_is_refused(official, world, value):
    response = official.post(rate_url(world.session), ALL_FOURS | {"interest": value})
    assert response.status_code == 200
    assert "interest" in response.context["form"].errors
    assert Evaluation.objects.count() == 0


def test_the_service_refuses_answers_off_the_scale_by_question(world):
    answers = {name: 3 for name, _l in RATINGS} | {"differentiation": 7, "applicability": True}
    with pytest.raises(ValidationError) as refused:
        services.submit_evaluation(actor=world.users["official"], session=world.session, answers=answers)
    assert set(refused.value.error_dict) == {"differentiation", "applicability"}
    assert Evaluation.objects.count() == 0


def test_submitting_twice_is_refused_politely(official, world):
    assert official.post(rate_url(world.session), ALL_FOURS).status_code == 302
    response = official.post(rate_url(world.session), ALL_FOURS | {"interest": "1"}, follow=True)
    assert response.status_code == 200
    assert "You have already given feedback on “Energy master planning”. Thank you!" in response.content.decode()
    assert Evaluation.objects.get().interest == 4
    page = official.get(rate_url(world.session)).content.decode()
    assert "You have already given feedback on this session. Thank you!" in page
    assert 'name="interest"' not in page


def test_the_service_refuses_a_second_answer(world):
    answer(world.official, world.session, 4)
    with pytest.raises(services.AlreadyAnswered):
        answer(world.official, world.session, 2)
    assert Evaluation.objects.count() == 1


def test_the_database_refuses_a_second_answer_that_slips_past_the_check(world):
    from django.db import IntegrityError, transaction

    answer(world.official, world.session, 4)
    with pytest.raises(IntegrityError), transaction.atomic():
        ratings = dict.fromkeys([name for name, _label in RATINGS], 3)
        Evaluation.objects.create(
            session=world.session, official=world.official, submitted_at=timezone.now(), **ratings
        )


def test_a_ticked_follow_up_becomes_an_open_task_in_the_same_transaction(official, world):
    response = official.post(rate_url(world.session), ALL_FOURS | {"wants_follow_up": "on"}, follow=True)
    assert "The programme team will get in touch with you to follow up." in response.content.decode()
    evaluation = Evaluation.objects.get()
    follow_up = FollowUp.objects.get()
    assert follow_up.state == FollowUp.State.OPEN
    assert follow_up.official == world.official
    assert follow_up.evaluation == evaluation
    assert follow_up.session == world.session
    assert follow_up.lecturer == world.lecturer
    assert follow_up.partner == world.partner
    assert follow_up.topic == world.topics[0]
    assert follow_up.due == timezone.localdate() + datetime.timedelta(days=14)
    assert follow_up.owner is None
    event = AuditEvent.objects.get(action="follow_up.requested")
    assert event.object_id == str(follow_up.pk)
    assert event.changes["state"] == [None, "open"]
    assert event.changes["lecturer"] == [None, "Ada Lovelace"]


def test_a_follow_up_from_a_session_without_lecturer_module_or_sponsor_leaves_them_empty(world):
    dinner = session_in(world.course, 1, format="dinner", class_hours=0, title_en="Welcome dinner")
    answer(world.official, dinner, 5, follow_up=True)
    follow_up = FollowUp.objects.get()
    assert (follow_up.lecturer, follow_up.partner, follow_up.topic, follow_up.session) == (None, None, None, dinner)


def test_the_first_lecturer_of_a_session_taught_by_two_is_chosen(world):
    second = session_in(world.course, 2, lecturers=[world.other_lecturer, world.lecturer])
    answer(world.official, second, 5, follow_up=True)
    assert FollowUp.objects.get().lecturer == world.other_lecturer


def test_a_failed_follow_up_leaves_no_evaluation(world, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "create_follow_up", broken)
    with pytest.raises(RuntimeError):
        answer(world.official, world.session, 4, follow_up=True)
    assert Evaluation.objects.count() == 0
    assert AuditEvent.objects.filter(action="evaluation.submitted").count() == 0


# Which sessions an official may rate ----------------------------------------------------------------


def test_the_list_shows_held_sessions_of_confirmed_and_completed_courses_not_yet_answered(world):
    completed = session_in(world.other_course, 1, title_en="Green bonds II")
    EnrolmentFactory(course=world.other_course, official=world.official, status=EnrolmentStatus.COMPLETED)
    later = session_in(world.course, 2, title_en="Later")
    answered = session_in(world.course, 1, title_en="Answered")
    answer(world.official, answered, 3)
    sessions = sessions_for_official(world.official, timezone.now())
    # Newest first; the future session is not offered yet.
    assert sessions.to_rate == [later, completed, world.other_session, world.session]
    assert sessions.done == [answered]


@pytest.mark.parametrize(
    "status",
    [EnrolmentStatus.NOMINATED, EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN, EnrolmentStatus.DECLINED],
)
def test_officials_not_confirmed_do_not_rate(client, world, status):
    world.enrolment.status = status
    world.enrolment.save()
    assert sessions_for_official(world.official, timezone.now()).to_rate == []
    client.force_login(world.users["official"])
    response = client.get(rate_url(world.session))
    assert response.status_code == 403
    assert "You can give feedback only on sessions of courses you take part in." in response.content.decode()


def test_a_session_not_begun_is_refused_saying_when_feedback_opens(official, world):
    response = official.post(rate_url(world.future), ALL_FOURS)
    assert response.status_code == 403
    page = response.content.decode()
    opens = clock.when(world.future.starts_at)
    assert f"“Smart grids” has not begun yet: feedback on it opens at {opens}." in page
    assert Evaluation.objects.count() == 0


def test_a_session_begun_today_can_be_rated_and_one_about_to_begin_is_coming(world):
    begun = session_around_now(world.course, begins_in=-datetime.timedelta(minutes=5), title_en="Begun")
    soon = session_around_now(world.course, begins_in=datetime.timedelta(hours=2), title_en="Soon")
    sessions = sessions_for_official(world.official, timezone.now())
    assert begun in sessions.to_rate and soon not in sessions.to_rate
    assert sessions.coming == [soon]
    assert sessions.coming[0].feedback_opens == soon.starts_at


@pytest.mark.parametrize(
    ("status", "may_rate"),
    [
        (AttendanceStatus.PRESENT, True),
        (AttendanceStatus.LATE, True),
        (AttendanceStatus.ABSENT, False),
        (AttendanceStatus.EXCUSED, False),
    ],
)
def test_when_attendance_was_taken_only_those_present_or_late_rate(client, world, status, may_rate):
    record_roll_call(
        actor=world.users["staff"],
        session=world.session,
        marks={world.enrolment.pk: Mark(status, "ill" if status == AttendanceStatus.EXCUSED else "")},
    )
    assert (world.session in sessions_for_official(world.official, timezone.now()).to_rate) is may_rate
    client.force_login(world.users["official"])
    response = client.post(rate_url(world.session), ALL_FOURS)
    if may_rate:
        assert response.status_code == 302
        assert Evaluation.objects.count() == 1
    else:
        assert response.status_code == 403
        assert "does not show you as present" in response.content.decode()
        assert Evaluation.objects.count() == 0


def test_an_official_left_unmarked_while_others_were_marked_does_not_rate(world):
    other = confirmed_officials(world.course, 1)[0]
    enrolment = other.enrolments.get()
    record_roll_call(actor=world.users["staff"], session=world.session, marks={enrolment.pk: Mark("present")})
    assert world.session not in sessions_for_official(world.official, timezone.now()).to_rate
    with pytest.raises(PermissionDenied):
        answer(world.official, world.session, 4)


def test_without_attendance_taken_every_confirmed_official_rates(world):
    assert world.session in sessions_for_official(world.official, timezone.now()).to_rate


def test_a_session_that_does_not_exist_is_not_found(official):
    assert official.get(reverse("feedback:rate", args=[999999])).status_code == 404
