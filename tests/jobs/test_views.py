"""The job status page, the fragment it polls, and its Cancel button, for the starter, staff and anyone else."""

import pytest
from django.utils.translation import override

from peixun.jobs.enums import JobState
from peixun.jobs.models import Job
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def logged_in(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def running(starter):
    return Job.objects.create(
        kind="tests.count",
        started_by=starter,
        state=JobState.RUNNING,
        attempts=1,
        progress=0.5,
        progress_message="jobs.step",
        progress_params={"step": 2, "steps": 4},
    )


@pytest.mark.parametrize("who", ["starter", "staff"])
def test_the_starter_and_staff_see_the_page_and_its_progress(client, running, who, request):
    response = logged_in(client, request.getfixturevalue(who)).get(f"/jobs/{running.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Counting</h1>" in page
    assert '<progress max="100" value="50">' in page
    assert "Step 2 of 4." in page
    assert f'hx-get="/jobs/{running.pk}/status/" hx-trigger="every 2s"' in page
    assert f'action="/jobs/{running.pk}/cancel/"' in page


def test_someone_else_is_refused_the_page_the_fragment_and_the_cancel(client, running, other):
    logged_in(client, other)

    for response in (
        client.get(f"/jobs/{running.pk}/"),
        client.get(f"/jobs/{running.pk}/status/"),
        client.post(f"/jobs/{running.pk}/cancel/"),
    ):
        assert response.status_code == 403
        assert "This work was started by someone else." in response.content.decode()
    running.refresh_from_db()
    assert (running.state, running.cancel_requested) == (JobState.RUNNING, False)


def test_a_job_that_does_not_exist_is_not_found(client, starter):
    assert logged_in(client, starter).get("/jobs/999999/").status_code == 404


def test_the_page_asks_for_a_login(client, running):
    response = client.get(f"/jobs/{running.pk}/status/")

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_fragment_polls_while_the_job_runs_and_stops_with_a_link_when_done(client, running, starter):
    logged_in(client, starter)
    polling = client.get(f"/jobs/{running.pk}/status/", HTTP_HX_REQUEST="true").content.decode()

    Job.objects.filter(pk=running.pk).update(state=JobState.SUCCEEDED, progress=1, result={"url": "/records/"})
    done = client.get(f"/jobs/{running.pk}/status/", HTTP_HX_REQUEST="true").content.decode()

    assert polling.startswith('<section class="card job-status" id="job-status" data-state="running"')
    assert 'hx-trigger="every 2s"' in polling
    assert 'data-state="succeeded"' in done
    assert "hx-trigger" not in done and "<progress" not in done and "Cancel</button>" not in done
    assert '<a class="button" data-testid="job-result" href="/records/">See the result</a>' in done


def test_a_result_link_outside_peixun_is_not_shown(client, starter):
    job = Job.objects.create(
        kind="tests.count", started_by=starter, state=JobState.SUCCEEDED, result={"url": "//evil.example/"}
    )

    page = logged_in(client, starter).get(f"/jobs/{job.pk}/status/").content.decode()

    assert "evil.example" not in page
    assert "The work is done." in page


def test_a_failed_job_says_why_in_the_readers_language_without_the_traceback(client, starter):
    job = Job.objects.create(kind="tests.fail", started_by=starter, state=JobState.FAILED, error_code="jobs.unexpected")
    starter.language = "zh-hans"
    starter.save()

    page = logged_in(client, starter).get(f"/jobs/{job.pk}/").content.decode()

    with override("zh-hans"):
        assert "服务器出错了。错误已记录，请稍后再试。" in page
    assert "失败" in page
    assert "Traceback" not in page


def test_the_json_status_says_the_same(client, running, staff):
    data = logged_in(client, staff).get(f"/jobs/{running.pk}/status/?format=json").json()

    assert data == {
        "id": running.pk,
        "state": "running",
        "finished": False,
        "progress": 0.5,
        "message": "Step 2 of 4.",
        "error": "",
        "result_url": "",
    }


def test_cancel_from_the_page_stops_the_job_and_shows_it(client, running, starter):
    response = logged_in(client, starter).post(f"/jobs/{running.pk}/cancel/", HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    fragment = response.content.decode()
    assert "Stopping…" in fragment and "Cancel</button>" not in fragment
    running.refresh_from_db()
    assert (running.state, running.cancel_requested) == (JobState.RUNNING, True)  # stops at its next report


def test_cancel_needs_a_post_with_the_csrf_token(running, starter):
    from django.test import Client

    client = logged_in(Client(enforce_csrf_checks=True), starter)

    assert client.get(f"/jobs/{running.pk}/cancel/").status_code == 405
    assert client.post(f"/jobs/{running.pk}/cancel/").status_code == 403
    running.refresh_from_db()
    assert running.cancel_requested is False


def test_cancelling_a_waiting_job_without_htmx_returns_to_its_page(client, starter):
    job = Job.objects.create(kind="tests.count", started_by=starter)

    response = logged_in(client, starter).post(f"/jobs/{job.pk}/cancel/")

    assert (response.status_code, response["Location"]) == (302, f"/jobs/{job.pk}/")
    job.refresh_from_db()
    assert job.state == JobState.CANCELLED
    assert "The work was cancelled before it was done." in client.get(f"/jobs/{job.pk}/").content.decode()
