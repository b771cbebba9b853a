"""A real Celery worker (a process of its own) against Redis and the test database: it runs a job started
through the service, and a job whose worker is killed mid-way is run again to completion by the next one.

The worker shares the test database, so these tests commit (``transaction=True``); on SQLite it opens the
test database's file (tests/conftest.py leaves it a file), on PostgreSQL the test database. Redis is
``PEIXUN_TEST_REDIS_URL`` (database 13 of the local server by default), emptied before each test; with no
Redis the tests skip, and under ``CI=true`` fail.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.db import connection

from peixun.jobs import services
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("PEIXUN_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker(settings):
    """An empty Redis database as the broker, for this process (which sends) and the workers (which run)."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis not reachable at {REDIS_URL} ({error}): start redis-server or set PEIXUN_TEST_REDIS_URL"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    client.flushdb()
    from peixun.celery import app

    settings.PEIXUN_BROKER_URL = REDIS_URL
    previous = app.conf.broker_url
    app.conf.broker_url = REDIS_URL
    yield REDIS_URL
    # The app's connection pool stays open (bound to this Redis) for the next test: a closed one cannot reopen.
    app.conf.broker_url = previous
    client.flushdb()


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """``celery worker`` for Peixun's app with the test kinds (tests/jobs/worker_app.py), in its own
    process group so that the test can kill it and its pool at once."""

    def __init__(self, log: Path, **env: str):
        self.log = log
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> Worker:
        env = {
            **os.environ,
            "PEIXUN_BROKER_URL": REDIS_URL,
            "PEIXUN_DATABASE_URL": database_url(),
            "PEIXUN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            # A task left unacknowledged by a dead worker is handed out again after 2 seconds.
            "PEIXUN_BROKER_VISIBILITY_TIMEOUT": "2",
            # ...and the worker looks for such tasks every second (a worker that started within 2 seconds
            # of the delivery found none at start-up and looked again only 100 seconds later).
            "PEIXUN_BROKER_RESTORE_SECONDS": "1",
            "PEIXUN_DB_CONN_MAX_AGE": "0",
            **self.env,
        }
        command = [sys.executable, "-m", "celery", "-A", "tests.jobs.worker_app", "worker", "-l", "info"]
        command += ["--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat"]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker(tmp_path):
    started = []

    def start(**env: str) -> Worker:
        started.append(Worker(tmp_path / "worker.log", **env).start())
        return started[-1]

    yield start
    for one in started:
        one.stop()


def wait_for(what: str, condition, log: Path, timeout: float = 90) -> None:
    """Wait until ``condition()`` holds; fail naming ``what`` (with the worker's log) if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"Never happened: {what}\n--- worker log ---\n{log.read_text() if log.exists() else ''}")
        time.sleep(0.1)


def state(job: Job) -> str:
    job.refresh_from_db()
    return job.state


def test_a_worker_runs_a_job_started_through_the_service(broker, worker, django_user_model, tmp_path):
    starter = django_user_model.objects.create(username="starter")
    running = worker()

    job = services.start("tests.count", actor=starter, key="count-5", params={"steps": 5})

    wait_for("the worker finishes the job", lambda: state(job) in {JobState.SUCCEEDED, JobState.FAILED}, running.log)
    assert (job.state, job.attempts, job.progress) == (JobState.SUCCEEDED, 1, 1.0)
    assert job.result == {"url": f"/jobs/{job.pk}/", "counted": 5}


def test_a_job_whose_worker_dies_is_run_again_to_completion_by_the_next_worker(
    broker, worker, django_user_model, tmp_path
):
    starter = django_user_model.objects.create(username="starter")
    first = worker()
    job = services.start("tests.wait", actor=starter, params={"dir": str(tmp_path)})
    attempts = tmp_path / "attempts"
    wait_for("the first worker starts the job", lambda: state(job) == JobState.RUNNING and attempts.exists(), first.log)
    wait_for("the job reports its progress", lambda: (job.refresh_from_db() or job.progress) == 0.5, first.log)

    first.kill()  # SIGKILL to the worker and its pool: nothing is acknowledged, nothing cleans up
    (tmp_path / "release").touch()
    assert state(job) == JobState.RUNNING  # as the dead worker left it

    second = worker()
    wait_for(
        "the second worker finishes the job", lambda: state(job) in {JobState.SUCCEEDED, JobState.FAILED}, second.log
    )
    assert (job.state, job.attempts, job.result) == (JobState.SUCCEEDED, 2, {"attempts": 2})
    assert attempts.read_text().split() == ["1", "2"]


def test_worker_health_hears_a_running_worker(broker, worker):
    from io import StringIO

    from django.core.management import call_command

    running = worker()
    out = StringIO()
    deadline = time.monotonic() + 90
    while True:
        try:
            call_command("worker_health", "--timeout", "2", stdout=out)
            break
        except Exception:
            if time.monotonic() > deadline:
                pytest.fail("no worker answered\n" + running.log.read_text())
    assert "1 worker(s) answered." in out.getvalue()


def test_a_worker_sends_the_mail_written_in_a_request(broker, worker, settings, tmp_path):
    from django.core.mail import send_mail

    from peixun.jobs.enums import MailState
    from peixun.jobs.models import OutgoingMail

    settings.EMAIL_BACKEND = "peixun.jobs.outbox.QueuedEmailBackend"
    running = worker(
        PEIXUN_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", PEIXUN_DATA_DIR=str(tmp_path)
    )

    send_mail("Moved / 已调整", "The session moved.", None, ["ada@example.org"])

    row = OutgoingMail.objects.get()
    wait_for("the worker sends the mail", lambda: (row.refresh_from_db() or row.state) == MailState.SENT, running.log)
    [written] = (tmp_path / "mail").iterdir()
    assert "To: ada@example.org" in written.read_text()
