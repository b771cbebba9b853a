"""Starting, running, cancelling and rerunning jobs, in-process (no broker), on SQLite and PostgreSQL."""

import datetime
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from peixun.core.models import AuditEvent
from peixun.jobs import services, wording
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job

pytestmark = pytest.mark.django_db


def start(callbacks, kind="tests.count", *, actor, key="", params=None, execute=True):
    with callbacks(execute=execute):
        return services.start(kind, actor=actor, key=key, params={"steps": 4} if params is None else params)


def test_a_job_runs_in_process_once_its_transaction_commits(starter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        job = services.start("tests.count", actor=starter, params={"steps": 4})
    job.refresh_from_db()
    assert (job.state, job.attempts, len(pending)) == (JobState.QUEUED, 0, 1)  # nothing ran before the commit

    pending[0]()

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert (job.progress, job.attempts, job.result) == (1.0, 1, {"url": f"/jobs/{job.pk}/", "counted": 4})
    assert job.started_at is not None and job.finished_at >= job.started_at
    assert job.started_by == starter
    event = AuditEvent.objects.get(action="jobs.start")
    assert (event.actor, event.object_id, event.changes) == (
        starter,
        str(job.pk),
        {"kind": [None, "tests.count"], "key": [None, ""]},
    )


def test_a_duplicate_start_returns_the_unfinished_job_instead_of_a_second(
    starter, staff, django_capture_on_commit_callbacks
):
    first = start(django_capture_on_commit_callbacks, actor=starter, key="course-7", execute=False)
    again = start(django_capture_on_commit_callbacks, actor=staff, key="course-7", execute=False)

    assert again.pk == first.pk
    assert list(Job.objects.values_list("pk", "started_by__username")) == [(first.pk, "starter")]
    assert AuditEvent.objects.filter(action="jobs.start").count() == 1


def test_the_same_key_starts_again_once_the_job_has_finished(starter, django_capture_on_commit_callbacks):
    first = start(django_capture_on_commit_callbacks, actor=starter, key="course-7")
    second = start(django_capture_on_commit_callbacks, actor=starter, key="course-7")

    assert second.pk != first.pk
    assert list(Job.objects.order_by("pk").values_list("state", flat=True)) == [JobState.SUCCEEDED, JobState.SUCCEEDED]


def test_another_kind_with_the_same_key_is_another_job(starter, django_capture_on_commit_callbacks):
    first = start(django_capture_on_commit_callbacks, actor=starter, key="course-7", execute=False)
    other = start(django_capture_on_commit_callbacks, "tests.fail", actor=starter, key="course-7", execute=False)

    assert other.pk != first.pk


def test_the_database_allows_one_unfinished_job_per_kind_and_key(starter):
    Job.objects.create(kind="tests.count", key="k", state=JobState.RUNNING)
    Job.objects.create(kind="tests.count", key="k", state=JobState.FAILED)
    Job.objects.create(kind="tests.count", key="", state=JobState.QUEUED)
    Job.objects.create(kind="tests.count", key="", state=JobState.QUEUED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(kind="tests.count", key="k", state=JobState.QUEUED)


def test_an_unknown_kind_cannot_be_started(starter):
    with pytest.raises(ValueError, match="tests.nothing"):
        services.start("tests.nothing", actor=starter)
    assert Job.objects.count() == 0


def test_cancelling_a_waiting_job_ends_it_and_it_never_runs(starter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        job = services.start("tests.count", actor=starter, params={"steps": 2})

    services.request_cancel(actor=starter, job=job)
    pending[0]()  # its task arrives anyway

    job.refresh_from_db()
    assert (job.state, job.cancel_requested, job.attempts, job.result) == (JobState.CANCELLED, True, 0, {})
    event = AuditEvent.objects.get(action="jobs.cancel")
    assert (event.actor, event.changes) == (starter, {"state": [None, "cancelled"]})


def test_a_running_job_stops_at_its_next_progress_report_once_cancelled(starter, django_capture_on_commit_callbacks):
    job = start(django_capture_on_commit_callbacks, "tests.cancelled_meanwhile", actor=starter, params={})

    job.refresh_from_db()
    assert (job.state, job.progress, job.error_code) == (JobState.CANCELLED, 0.25, "")


def test_someone_else_cannot_cancel_a_job_but_staff_can(starter, other, staff, django_capture_on_commit_callbacks):
    job = start(django_capture_on_commit_callbacks, actor=starter, execute=False)

    with pytest.raises(PermissionDenied, match="started by someone else"):
        services.request_cancel(actor=other, job=job)
    assert Job.objects.get().state == JobState.QUEUED

    services.request_cancel(actor=staff, job=job)
    assert Job.objects.get().state == JobState.CANCELLED


def test_cancelling_a_finished_job_changes_nothing(starter, django_capture_on_commit_callbacks):
    job = start(django_capture_on_commit_callbacks, actor=starter)

    services.request_cancel(actor=starter, job=job)

    job.refresh_from_db()
    assert (job.state, job.cancel_requested) == (JobState.SUCCEEDED, False)
    assert not AuditEvent.objects.filter(action="jobs.cancel").exists()


def test_an_unexpected_error_is_logged_and_stored_as_a_message_in_each_language(
    starter, caplog, django_capture_on_commit_callbacks
):
    with caplog.at_level(logging.ERROR, logger="peixun.jobs.services"):
        job = start(django_capture_on_commit_callbacks, "tests.fail", actor=starter, params={})

    job.refresh_from_db()
    assert (job.state, job.error_code, job.error_params, job.progress) == (JobState.FAILED, "jobs.unexpected", {}, 0.5)
    assert "hunter2" in caplog.text and "Traceback" in caplog.text  # the log has it all...
    english = wording.say(job.error_code, job.error_params)
    with translation.override("zh-hans"):
        chinese = wording.say(job.error_code, job.error_params)
    assert english == "Something went wrong on the server. The error was recorded; please try again later."
    assert chinese == "服务器出错了。错误已记录，请稍后再试。"
    assert "hunter2" not in english + chinese  # ...the reader only the message


def test_a_refusal_keeps_its_code_and_parameters(starter, django_capture_on_commit_callbacks):
    job = start(django_capture_on_commit_callbacks, "tests.refuse", actor=starter, params={})

    job.refresh_from_db()
    assert (job.state, job.error_code, job.error_params) == (JobState.FAILED, "jobs.step", {"step": 2, "steps": 3})
    assert wording.say(job.error_code, job.error_params) == "Step 2 of 3."
    with translation.override("zh-hans"):
        assert wording.say(job.error_code, job.error_params) == "第2步，共3步。"


def test_a_finished_job_delivered_again_is_not_run_again(starter, django_capture_on_commit_callbacks):
    job = start(django_capture_on_commit_callbacks, actor=starter)
    job.refresh_from_db()
    finished_at = job.finished_at

    services.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.attempts, job.finished_at) == (JobState.SUCCEEDED, 1, finished_at)


def test_a_running_job_delivered_again_was_left_by_a_dead_worker_and_runs_again(starter):
    job = Job.objects.create(
        kind="tests.count", params={"steps": 3}, started_by=starter, state=JobState.RUNNING, attempts=1, progress=0.3
    )

    services.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.attempts, job.progress, job.result["counted"]) == (JobState.SUCCEEDED, 2, 1.0, 3)


def test_a_job_that_killed_its_workers_too_often_fails_instead_of_running_again(starter):
    job = Job.objects.create(kind="tests.count", params={"steps": 3}, state=JobState.RUNNING, attempts=3)

    services.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.attempts, job.error_code) == (JobState.FAILED, 3, "jobs.interrupted")


def test_a_job_of_a_kind_no_longer_known_fails_with_a_message(starter):
    job = Job.objects.create(kind="tests.gone", started_by=starter)

    services.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.error_code) == (JobState.FAILED, "jobs.unknown_kind")


def test_jobs_whose_task_was_lost_are_sent_again_by_the_sweep(starter):
    old = Job.objects.create(kind="tests.count", params={"steps": 1}, started_by=starter)
    Job.objects.filter(pk=old.pk).update(created_at=old.created_at - datetime.timedelta(hours=1))
    new = Job.objects.create(kind="tests.count", params={"steps": 1}, started_by=starter)

    assert services.requeue_waiting_jobs() == 1

    assert list(Job.objects.order_by("pk").values_list("pk", "state")) == [
        (old.pk, JobState.SUCCEEDED),
        (new.pk, JobState.QUEUED),
    ]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_starts_of_the_same_work_at_the_same_moment_make_one_job(starter, monkeypatch):
    import threading

    from django.db import connections

    monkeypatch.setattr("peixun.jobs.dispatch.after_commit", lambda task, *args: None)  # keep it unfinished
    started, barrier = [], threading.Barrier(4)

    def start_it():
        barrier.wait()
        try:
            started.append(services.start("tests.count", actor=starter, key="course-7", params={"steps": 1}).pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=start_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(started) == 4 and len(set(started)) == 1
    assert list(Job.objects.values_list("pk", flat=True)) == started[:1]
