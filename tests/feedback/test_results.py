"""Averages, spread and response rates, computed in the database, against numbers worked out by hand."""

import math

import pytest
from django.urls import reverse
from django.utils import timezone

from peixun.attendance.services import Mark, record_roll_call
from peixun.courses.enums import EnrolmentStatus
from peixun.feedback import results
from peixun.feedback.reports import build_dashboard
from peixun.feedback.selectors import result_sessions
from tests.factories import EnrolmentFactory

from .conftest import answer, confirmed_officials, session_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(world):
    """Five confirmed officials (world.official and four more).

    The lecture (no attendance taken): four answer, interest 5, 4, 3, 4 → mean 4.0, spread √0.5; rate 4 of 5.
    A workshop by the same lecturer, with a roll call of 3 present, 1 late, 1 absent: two answer,
    interest 2 and 3 → mean 2.5, spread 0.5; rate 2 of 4.
    """
    officials = [world.official, *confirmed_officials(world.course, 4)]
    # Withdrawn and nominated officials are not expected to answer.
    EnrolmentFactory(course=world.course, status=EnrolmentStatus.WITHDRAWN)
    EnrolmentFactory(course=world.course, status=EnrolmentStatus.NOMINATED)
    for official, interest in zip(officials, [5, 4, 3, 4], strict=False):
        answer(official, world.session, [interest, 3, 2, 5, 4])
    workshop = session_in(world.course, 1, lecturers=[world.lecturer], format="workshop", title_en="Workshop")
    enrolments = [official.enrolments.get(course=world.course) for official in officials]
    marks = ["present", "present", "present", "late", "absent"]
    record_roll_call(
        actor=world.users["staff"],
        session=workshop,
        marks={e.pk: Mark(status) for e, status in zip(enrolments, marks, strict=True)},
    )
    answer(officials[0], workshop, [2, 1, 1, 1, 1])
    answer(officials[3], workshop, [3, 5, 5, 5, 5])
    return workshop


def stats_of_session(session, anonymous=False) -> results.Stats:
    return results.session_stats(session, anonymous=anonymous)


def test_a_sessions_averages_spread_and_rate(world, answered):
    lecture = stats_of_session(world.session)
    assert lecture.responses == 4
    assert lecture.expected == 5
    assert lecture.rate == pytest.approx(0.8)
    assert lecture.rate_percent == 80
    interest, local_growth, *_rest, applicability = lecture.figures
    assert interest.mean == pytest.approx(4.0)
    assert interest.sd == pytest.approx(math.sqrt(0.5))
    assert interest.n == 4
    assert local_growth.mean == pytest.approx(3.0)
    assert local_growth.sd == pytest.approx(0.0)
    assert applicability.mean == pytest.approx(4.0)

    workshop = stats_of_session(answered)
    assert (workshop.responses, workshop.expected, workshop.rate_percent) == (2, 4, 50)
    assert workshop.interest.mean == pytest.approx(2.5)
    assert workshop.interest.sd == pytest.approx(0.5)
    assert workshop.figures[1].mean == pytest.approx(3.0)
    assert workshop.figures[1].sd == pytest.approx(2.0)


def test_a_session_without_answers_has_no_figures_and_a_zero_rate(world):
    confirmed_officials(world.course, 2)
    stats = stats_of_session(world.session)
    assert (stats.responses, stats.expected, stats.rate) == (0, 3, 0)
    assert [f.mean for f in stats.figures] == [None] * 5


def test_a_lecturers_figures_gather_their_sessions(world, answered):
    by_lecturer = {
        s.key: s for s in results.group_stats(result_sessions(world.users["staff"]), "lecturer", anonymous=False)
    }
    ada = by_lecturer[world.lecturer.pk]
    assert ada.label == "Ada Lovelace"
    assert (ada.sessions, ada.responses, ada.expected) == (2, 6, 9)
    assert ada.rate == pytest.approx(6 / 9)
    # interest 5, 4, 3, 4, 2, 3: mean 3.5; mean of squares 79/6
    assert ada.interest.mean == pytest.approx(3.5)
    assert ada.interest.sd == pytest.approx(math.sqrt(79 / 6 - 3.5**2))
    grace = by_lecturer[world.other_lecturer.pk]
    assert (grace.sessions, grace.responses, grace.expected) == (1, 0, 1)


def test_groups_by_topic_format_academy_and_course(world, answered):
    sessions = result_sessions(world.users["staff"]).filter(date__lte=timezone.localdate())
    by_topic = results.group_stats(sessions, "topic", anonymous=False)
    # The lecture's module has both topics, so it counts for each; the workshop and the session at
    # CELAP have no module (expected 4 and 1).
    assert [(s.label, s.sessions, s.responses, s.expected) for s in by_topic] == [
        ("Clean energy", 1, 4, 5),
        ("Energy master planning", 1, 4, 5),
        ("No topic", 2, 2, 5),
    ]
    by_format = {s.key: s for s in results.group_stats(sessions, "format", anonymous=False)}
    assert by_format["workshop"].responses == 2
    assert by_format["lecture"].responses == 4
    by_academy = {s.label: s for s in results.group_stats(sessions, "academy", anonymous=False)}
    assert by_academy["NAMC"].responses == 6
    assert by_academy["CELAP"].responses == 0


def test_overall_figures(world, answered):
    held = result_sessions(world.users["staff"]).filter(date__lte=timezone.localdate())
    overall = results.overall_stats(held, anonymous=False)
    # Held: the lecture (5 expected), the workshop (4), Grace Hopper's session at CELAP (1 confirmed).
    assert (overall.sessions, overall.responses, overall.expected) == (3, 6, 10)
    assert overall.interest.mean == pytest.approx(3.5)


def test_the_weakest_sessions_are_flagged_only_with_enough_answers(world, answered):
    extra = confirmed_officials(world.course, 3, start=5)
    weak = session_in(world.course, 2, lecturers=[world.lecturer], title_en="Weak")
    for official in extra:
        answer(official, weak, 1)
    report = build_dashboard(world.users["staff"], {}, today=timezone.localdate())
    # The workshop is lower still, but two answers are too few to judge.
    assert [s.key for s in report.weakest] == [weak.pk]
    flagged = [s.key for s in report.page.object_list if s.flagged]
    assert flagged == [weak.pk]


def test_the_dashboard_filters_by_academy_course_and_dates(world, answered):
    staff = world.users["staff"]
    day = world.course.start
    report = build_dashboard(staff, {"academy": world.other_course.academy.pk}, today=timezone.localdate())
    assert [s.key for s in report.page.object_list] == [world.other_session.pk]
    report = build_dashboard(staff, {"course": world.course.pk, "order": "interest"}, today=timezone.localdate())
    assert [s.key for s in report.page.object_list] == [answered.pk, world.session.pk]
    report = build_dashboard(staff, {"date_from": day.isoformat(), "date_to": day.isoformat()}, today=day)
    assert {s.key for s in report.page.object_list} == {world.session.pk, world.other_session.pk}
    report = build_dashboard(staff, {"date_from": "2030-01-02", "date_to": "2030-01-01"}, today=day)
    assert report.page.object_list == []
    assert "date_to" in report.form.errors


def test_a_coordinator_cannot_filter_their_way_into_another_academy(world, answered):
    coordinator = world.users["other_coordinator"]
    report = build_dashboard(coordinator, {"course": world.course.pk}, today=timezone.localdate())
    assert "course" in report.form.errors
    assert report.page.object_list == []
    report = build_dashboard(coordinator, {}, today=timezone.localdate())
    assert [s.key for s in report.page.object_list] == [world.other_session.pk]
    assert report.overall.responses == 0


def test_the_trend_shows_average_interest_per_lecturer_course_by_course(world, answered):
    later = session_in(world.other_course, 3, lecturers=[world.lecturer])
    for official in confirmed_officials(world.other_course, 3, start=6):
        answer(official, later, 2)
    report = build_dashboard(world.users["staff"], {}, today=timezone.localdate())
    trend = report.trend
    assert trend.courses == sorted([world.course, world.other_course], key=lambda c: (c.start, c.pk))
    rows = {row.label: row for row in trend.rows}
    cells = {trend.courses[i]: cell for i, cell in enumerate(rows["Ada Lovelace"].cells)}
    assert cells[world.course].mean == pytest.approx(3.5)
    assert cells[world.course].n == 6
    assert cells[world.other_course].mean == pytest.approx(2.0)


def test_the_lecturer_trend_withholds_small_cells(world, answered):
    # A coordinator sees released answers only: the lecture's first three (interest 5, 4, 3), not its
    # fourth, nor the workshop's two, which wait for a third (feedback/release.py).
    report = build_dashboard(world.users["coordinator"], {}, today=timezone.localdate())
    ada = {row.label: row for row in report.trend.rows}["Ada Lovelace"]
    assert [(cell.mean, cell.n) for cell in ada.cells if cell] == [(pytest.approx(4.0), 3)]
    workshop = {s.key: s for s in report.page.object_list}[answered.pk]
    assert workshop.withheld and workshop.interest.mean is None


def test_the_dashboard_shows_the_numbers(client, world, answered):
    client.force_login(world.users["staff"])
    page = client.get(reverse("feedback:dashboard")).content.decode()
    assert "80 %" in page and "50 %" in page
    assert "4.0" in page and "±0.7" in page
