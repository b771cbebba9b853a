"""A timetable build started through the page is run by a real Celery worker (a process of its own)
against Redis and the test database, and the page follows it to its proposal (see tests/jobs/test_worker.py
for the worker and the broker)."""


import pytest
from django.urls import reverse

from peixun.jobs.enums import JobState
from peixun.timetables.models import TimetableProposal
from tests.jobs.flow import job_of, status
from tests.jobs.test_worker import broker, state, wait_for, worker  # noqa: F401  (the fixtures)

from .test_build_job import coordinator, course  # noqa: F401  (the fixtures: a course of two lectures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_runs_the_build_a_coordinator_started_and_the_page_goes_to_its_proposal(
    broker, worker, client, course, coordinator  # noqa: F811
):
    running = worker()
    client.force_login(coordinator)

    started = client.post(
        reverse("timetabling:course_build", args=[course.pk]), {"time_limit": "3"}, HTTP_HX_REQUEST="true"
    )
    job = job_of(started)
    assert 'id="job-status"' in started.content.decode()  # the request did not wait for the build

    wait_for("the worker finishes the build", lambda: state(job) in {JobState.SUCCEEDED, JobState.FAILED}, running.log)
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 1), job.error_code
    proposal = TimetableProposal.objects.get()
    assert proposal.created_by == coordinator
    assert status(client, job)["HX-Redirect"] == reverse("timetabling:proposal", args=[proposal.pk])
