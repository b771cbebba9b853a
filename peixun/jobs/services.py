"""Starting, running, reporting on and cancelling background jobs: every change of a job goes through here.

A job is a row (``models.Job``) and a task (``tasks.run_job``) that carries only its id. The runner
is safe to receive twice: a job that has finished is never run again, and a job found running when its
task arrives again was left by a worker that died (tasks are acknowledged once they have run, and the
broker hands them out again after ``PEIXUN_BROKER_VISIBILITY_TIMEOUT``, longer than any job may run),
so it runs again from the start. The kind's function must therefore be safe to run again.
"""

from __future__ import annotations

import datetime
import logging
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from peixun.core.audit import record_event
from peixun.core.models import User
from peixun.core.permissions import reason_for

from . import dispatch, kinds, tasks
from .enums import FINISHED, UNFINISHED, JobState
from .models import Job

logger = logging.getLogger(__name__)

#: A job whose worker died this many times is not tried again: it fails (the work itself may kill workers).
MAX_ATTEMPTS = 3


def start(kind: str, *, actor: User | None, key: str = "", params: dict | None = None) -> Job:
    """Ask for ``kind`` to run with ``params``; returns its job. The work is queued once the caller's
    transaction commits (with no broker, it runs then, in this process).

    With a ``key``, a job of the same kind and key that has not finished yet is returned instead of
    starting a second one (also when two requests start it at the same moment: the database allows one
    unfinished job per kind and key)."""
    if kinds.get(kind) is None:
        raise ValueError(f"No job kind {kind!r} is registered.")
    params = params or {}
    with transaction.atomic():
        if not key:
            job = Job.objects.create(kind=kind, params=params, started_by=actor)
        else:
            existing = Job.objects.filter(kind=kind, key=key, state__in=UNFINISHED).first()
            if existing is not None:
                return existing
            try:
                with transaction.atomic():
                    job = Job.objects.create(kind=kind, key=key, params=params, started_by=actor)
            except IntegrityError:
                # Another request started the same work between our look and our insert (and it may even
                # have finished since): that job is the one asked for.
                return Job.objects.filter(kind=kind, key=key).order_by("-pk").first()
        record_event(actor=actor, action="jobs.start", instance=job, changes={"kind": [None, kind], "key": [None, key]})
        dispatch.after_commit(tasks.run_job, job.pk)
    return job


def request_cancel(*, actor: User, job: Job) -> Job:
    """Ask a job to stop. A job not started yet is cancelled at once; a running one stops at its next
    progress report. Cancelling a finished job changes nothing."""
    if not actor.has_perm("jobs.cancel_job", job):
        raise PermissionDenied(reason_for("jobs.cancel_job"))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.is_finished or job.cancel_requested:
            return job
        job.cancel_requested = True
        fields = ["cancel_requested"]
        if job.state == JobState.QUEUED:
            job.state, job.finished_at = JobState.CANCELLED, timezone.now()
            fields += ["state", "finished_at"]
        job.save(update_fields=fields)
        record_event(actor=actor, action="jobs.cancel", instance=job, changes={"state": [None, job.state]})
    return job


def report_progress(job: Job, fraction: float, message: str = "", params: dict | None = None) -> None:
    """Store how far ``job`` is (0 to 1) and what it is doing (a message code with its parameters);
    raise :class:`kinds.Cancelled` if someone asked to cancel it meanwhile."""
    fraction = min(1.0, max(0.0, float(fraction)))
    # One statement both stores the progress and finds out whether the job should stop: it changes no
    # row when a cancel was asked for (or the job was ended meanwhile).
    stored = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, cancel_requested=False).update(
        progress=fraction, progress_message=message, progress_params=params or {}
    )
    if not stored:
        raise kinds.Cancelled
    job.progress, job.progress_message, job.progress_params = fraction, message, params or {}


def remember(job: Job, **values) -> None:
    """Keep ``values`` in the job's result now, inside the caller's transaction: what a later attempt of
    the same job (its worker died) reads to take up the work where it was kept (say, the proposal
    already saved) rather than doing it twice."""
    job.result = {**(job.result or {}), **values}
    Job.objects.filter(pk=job.pk).update(result=job.result)


def _claim(job_id: int) -> Job | None:
    """Mark the job running for this attempt; None when there is nothing (more) to do."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in FINISHED:
            return None
        now = timezone.now()
        if job.cancel_requested:
            job.state, job.finished_at = JobState.CANCELLED, now
            job.save(update_fields=["state", "finished_at"])
            return None
        if job.attempts >= MAX_ATTEMPTS:
            _finish(job, JobState.FAILED, error=("jobs.interrupted", {}))
            return None
        job.state, job.started_at, job.attempts = JobState.RUNNING, now, job.attempts + 1
        job.progress, job.progress_message, job.progress_params = 0.0, "", {}
        job.save(update_fields=["state", "started_at", "attempts", "progress", "progress_message", "progress_params"])
        return job


def _finish(job: Job, state: str, *, result: dict | None = None, error: tuple[str, dict] | None = None) -> None:
    job.state, job.finished_at = state, timezone.now()
    job.result = result or {}
    job.error_code, job.error_params = error or ("", {})
    fields = ["state", "finished_at", "result", "error_code", "error_params"]
    if state == JobState.SUCCEEDED:
        job.progress = 1.0
        fields.append("progress")
    # Only the attempt that holds the job may end it: a cancel or another attempt may have ended it already.
    Job.objects.filter(pk=job.pk, state__in=UNFINISHED).update(**{name: getattr(job, name) for name in fields})


def run_job(job_id: int) -> None:
    """Run one attempt of a job (the body of ``tasks.run_job``); never raises for the job's own failures."""
    job = _claim(job_id)
    if job is None:
        return
    kind = kinds.get(job.kind)
    if kind is None:
        _finish(job, JobState.FAILED, error=("jobs.unknown_kind", {}))
        return

    def progress(fraction: float, message: str = "", params: dict | None = None) -> None:
        report_progress(job, fraction, message, params)

    try:
        result: Any = kind.function(job, dict(job.params), progress)
    except kinds.Cancelled:
        _finish(job, JobState.CANCELLED)
    except kinds.JobError as error:
        _finish(job, JobState.FAILED, error=(error.code, error.params))
    except SoftTimeLimitExceeded:
        logger.warning("Job %s (%s) reached its time limit", job.pk, job.kind)
        _finish(job, JobState.FAILED, error=("jobs.time_limit", {}))
    except Exception:
        # The reader is told that something went wrong, in their language; the traceback goes to the log.
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobState.FAILED, error=("jobs.unexpected", {}))
    else:
        _finish(job, JobState.SUCCEEDED, result=result or {})


def requeue_waiting_jobs(*, older_than_seconds: int = 600) -> int:
    """Send again the jobs still waiting to start long after they were asked for (their task was lost,
    e.g. the broker was down at the time); running them twice is harmless (see the module's note)."""
    since = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    waiting = list(
        Job.objects.filter(state=JobState.QUEUED, created_at__lt=since, cancel_requested=False).values_list(
            "pk", flat=True
        )
    )
    for job_id in waiting:
        dispatch.send_now(tasks.run_job, job_id)
    return len(waiting)


def forget_kept_files(now: datetime.datetime | None = None) -> int:
    """Delete the files jobs made (exports, certificate zips) that finished more than
    ``PEIXUN_JOB_FILE_DAYS`` ago: whoever wanted one has had it, and asking again makes it anew. The job
    keeps its row; its download then says the file is no longer kept. Returns how many were deleted."""
    from django.conf import settings
    from django.core.files.storage import default_storage

    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.PEIXUN_JOB_FILE_DAYS)
    forgotten = 0
    finished = Job.objects.filter(state=JobState.SUCCEEDED, finished_at__lt=cutoff).exclude(result={})
    for job in finished.only("pk", "result").iterator():
        stored = job.result.get("file")
        name = stored.get("name") if isinstance(stored, dict) else stored
        if not isinstance(name, str) or not name:
            continue
        default_storage.delete(name)
        Job.objects.filter(pk=job.pk).update(result={**job.result, "file": "", "forgotten": name})
        forgotten += 1
    return forgotten
