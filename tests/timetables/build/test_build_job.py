"""A timetable build as a job, through the pages with no broker: started, followed, cancelled, refused,
asked for twice, and run twice."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from peixun.core.enums import Role
from peixun.courses import services as course_services
from peixun.jobs import services as jobs
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job
from peixun.timetables import services
from peixun.timetables.models import TimetableProposal
from tests.factories import MONDAY, AcademyFactory, CourseFactory, LecturerFactory, UserFactory
from tests.jobs.flow import job_of, post_and_run, status

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = CourseFactory()
    staff = UserFactory(role=Role.STAFF)
    visitor = LecturerFactory(time_zone="Europe/London")
    for day in (0, 3):
        course_services.create_session(
            actor=staff,
            course=course,
            date=MONDAY + datetime.timedelta(days=day),
            part_of_day=1,
            format="lecture",
            title_en=f"Lecture {day}",
            title_zh="讲座",
            class_hours=Decimal("3"),
            lecturers=[visitor],
        )
    return course


@pytest.fixture
def coordinator(course):
    return UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy)


def build_url(course) -> str:
    return reverse("timetabling:course_build", args=[course.pk])


def test_the_page_starts_a_build_follows_its_progress_and_goes_to_the_proposal(
    client, course, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        started = client.post(build_url(course), {"time_limit": "3"}, HTTP_HX_REQUEST="true")
    job = job_of(started)
    # The page shows the job's status, which polls itself, with a Cancel button.
    fragment = started.content.decode()
    assert 'data-state="queued"' in fragment and f'hx-get="/jobs/{job.pk}/status/"' in fragment
    assert f'action="/jobs/{job.pk}/cancel/"' in fragment
    assert (job.kind, job.started_by, job.params["courses"]) == ("timetables.build", coordinator, [course.pk])
    assert not TimetableProposal.objects.exists()  # nothing was built inside the request

    for callback in pending:
        callback()

    job.refresh_from_db()
    proposal = TimetableProposal.objects.get()
    assert (job.state, job.progress, job.result["proposal"]) == (JobState.SUCCEEDED, 1.0, proposal.pk)
    # The last report was the best timetable found, with its points.
    assert job.progress_message == "timetables.best_so_far"
    assert job.progress_params["objective"] == f"{proposal.outcome['objective']:g}"
    done = status(client, job)
    assert done["HX-Redirect"] == reverse("timetabling:proposal", args=[proposal.pk])
    assert client.get(done["HX-Redirect"]).status_code == 200


def test_the_status_says_how_far_the_build_is_in_the_starters_language(client, course, coordinator):
    coordinator.language = "zh-hans"
    coordinator.save(update_fields=["language"])
    job = Job.objects.create(
        kind="timetables.build",
        started_by=coordinator,
        state=JobState.RUNNING,
        progress=0.4,
        progress_message="timetables.best_so_far",
        progress_params={"objective": "12.5", "bound": "3", "seconds": "2"},
    )
    client.force_login(coordinator)

    fragment = status(client, job).content.decode()

    assert '<progress max="100" value="40">' in fragment
    assert "目前最佳课表：12.5 分（任何课表都不低于 3 分）" in fragment


def test_a_second_start_of_the_same_build_returns_the_running_job(
    client, course, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        first = job_of(client.post(build_url(course), {"time_limit": "3"}))
        again = job_of(client.post(build_url(course), {"time_limit": "3"}, HTTP_HX_REQUEST="true"))

    assert again == first
    assert Job.objects.count() == 1


def test_someone_who_may_not_build_is_refused_and_may_not_follow_anothers_build(
    client, course, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        job = job_of(client.post(build_url(course), {"time_limit": "3"}))

    elsewhere = UserFactory(role=Role.COORDINATOR, academy=AcademyFactory())
    colleague = UserFactory(role=Role.COORDINATOR, academy=course.academy)
    client.force_login(elsewhere)
    assert client.post(build_url(course), {"time_limit": "3"}).status_code in (403, 404)
    client.force_login(colleague)
    assert status(client, job).status_code == 403
    assert client.post(f"/jobs/{job.pk}/cancel/").status_code == 403
    assert Job.objects.count() == 1


def test_a_build_cancelled_before_it_starts_never_runs(client, course, coordinator, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        job = job_of(client.post(build_url(course), {"time_limit": "3"}))
    client.post(f"/jobs/{job.pk}/cancel/", HTTP_HX_REQUEST="true")
    for callback in pending:
        callback()

    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert not TimetableProposal.objects.exists()
    assert "The work was cancelled before it was done." in status(client, job).content.decode()


def test_a_build_cancelled_while_it_searches_stops_at_its_next_report(
    client, course, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    told = services.record_progress

    def someone_presses_cancel(**kwargs):  # in another request, as the first timetable is found
        told(**kwargs)
        Job.objects.filter(kind="timetables.build").update(cancel_requested=True)

    monkeypatch.setattr(services, "record_progress", someone_presses_cancel)
    client.force_login(coordinator)

    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, build_url(course), {"time_limit": "3"}))

    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert not TimetableProposal.objects.exists()


def test_a_build_run_again_after_its_worker_died_keeps_the_proposal_it_made(
    client, course, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, build_url(course), {"time_limit": "3"}))
    proposal = TimetableProposal.objects.get()
    # As a worker that died after keeping the proposal, before marking the job done, leaves it:
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, result={"proposal": proposal.pk})

    jobs.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    assert job.result["url"] == reverse("timetabling:proposal", args=[proposal.pk])
    assert TimetableProposal.objects.count() == 1


def test_the_portfolio_builds_as_a_job_too(client, django_capture_on_commit_callbacks):
    staff = UserFactory(role=Role.STAFF)
    first, second = CourseFactory(), CourseFactory()
    client.force_login(staff)

    url = reverse("timetabling:portfolio")
    job = job_of(
        post_and_run(
            client, django_capture_on_commit_callbacks, url, {"courses": [first.pk, second.pk], "time_limit": "3"}
        )
    )

    job.refresh_from_db()
    proposal = TimetableProposal.objects.get()
    assert job.state == JobState.SUCCEEDED and job.params["portfolio"] is True
    assert set(proposal.courses.all()) == {first, second}
    assert status(client, job)["HX-Redirect"] == reverse("timetabling:proposal", args=[proposal.pk])
