"""A timetable build started through the page is run by a real Celery worker (a process of its own)
against Redis and the test database, and the page follows it to its proposal (see tests/jobs/test_worker.py
for the worker and the broker)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from peixun.core.enums import Role
from peixun.courses import services as course_services
from peixun.jobs.enums import JobState
from peixun.timetables.models import TimetableProposal
from tests.factories import MONDAY, CourseFactory, LecturerFactory, UserFactory
from tests.jobs.flow import job_of, status
from tests.jobs.test_worker import broker, state, wait_for, worker  # noqa: F401  (the fixtures)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_runs_the_build_a_coordinator_started_and_the_page_goes_to_its_proposal(broker, worker, client):  # noqa: F811
    course = CourseFactory()
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR, academy=course.academy)
    visitor = LecturerFactory(time_zone="Europe/London")
    for day in (0, 3):
        course_services.create_session(
            actor=coordinator,
            course=course,
            date=MONDAY + datetime.timedelta(days=day),
            part_of_day=1,
            format="lecture",
            title_en=f"Lecture {day}",
            title_zh="讲座",
            class_hours=Decimal("3"),
            lecturers=[visitor],
        )
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
