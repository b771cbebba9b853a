"""Peixun on more than one machine, on this one: two gunicorn app servers (A and B) and a Celery worker, each a
process of its own, against the PostgreSQL test database, Redis (sessions, caches, broker) and an
S3-compatible object store (moto's server, tests/s3.py), as docs/operations.md deploys them.

A person logs in through A and is known to B (the session is in Redis and the database); a deck uploaded
through A is downloaded through B and is in the bucket, on neither server's disk; a file a job made on the
worker is downloaded through B; a timetable build started through A is run by the worker, followed and
accepted through B. Each test gets its own ``cluster`` (servers, worker, bucket).
"""

from __future__ import annotations

import datetime
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from peixun.core.enums import Role
from peixun.courses import services as course_services
from peixun.jobs import services as job_services
from peixun.jobs.enums import JobState
from peixun.materials import services as material_services
from tests.factories import AcademyFactory, CourseFactory, LecturerFactory, UserFactory, VenueFactory
from tests.jobs import kinds  # noqa: F401  (registers the test kinds in this process)
from tests.jobs.test_worker import REDIS_URL, Worker, broker, database_url  # noqa: F401  (broker: a fixture)
from tests.s3 import free_port
from tests.shared_fixtures import FIXTURES

ROOT = Path(__file__).resolve().parent.parent
DECK = FIXTURES / "decks" / "pptx-txt-font-props.pptx"
OTHER_DECK = FIXTURES / "decks" / "pptx-tbl-cell.pptx"
PASSWORD = "several-servers-1"

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


class AppServer:
    """``gunicorn peixun.wsgi`` on a free port of this machine, in its own process group."""

    def __init__(self, name: str, env: dict[str, str], folder: Path):
        self.name = name
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = folder / f"gunicorn-{name}.log"
        self.media = folder / f"media-{name}"
        self.media.mkdir()
        command = [sys.executable, "-m", "gunicorn", "peixun.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "1", "--threads", "2", "--timeout", "120", "--access-logfile", "-"]
        with self.log.open("a") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env={**env, "PEIXUN_MEDIA_ROOT": str(self.media)},
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until_healthy(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(f"{self.url}/health/", timeout=30).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"App server {self.name} never became healthy\n{self.log.read_text()}")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)

    def files_on_disk(self) -> list[Path]:
        return [path for path in self.media.rglob("*") if path.is_file()]


@dataclass
class Cluster:
    a: AppServer
    b: AppServer
    worker: Worker
    s3: object
    bucket: str

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text()}"
            for path in (self.a.log, self.b.log, self.worker.log)
            if path.exists()
        )


@pytest.fixture
def cluster(broker, s3_bucket, tmp_path):  # noqa: F811  (broker is the fixture imported above)
    """App servers A and B and one worker, sharing the test database, Redis and this test's bucket."""
    s3, bucket = s3_bucket
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PEIXUN_")},
        "PEIXUN_DEMO": "0",
        "PEIXUN_SECRET_KEY": secrets.token_urlsafe(50),  # one key for every process, as in production
        "PEIXUN_DATA_DIR": str(tmp_path),
        "PEIXUN_DATABASE_URL": database_url(),
        "PEIXUN_DB_CONN_MAX_AGE": "0",
        "PEIXUN_CACHE_URL": REDIS_URL,
        "PEIXUN_BROKER_URL": REDIS_URL,
        "PEIXUN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "PEIXUN_FONT_DIR": str(ROOT / "var" / "fonts"),
        **s3.environment(bucket),
    }
    a, b = AppServer("a", env, tmp_path), AppServer("b", env, tmp_path)
    worker_env = {k: v for k, v in env.items() if k.startswith("PEIXUN_") and k != "PEIXUN_DB_CONN_MAX_AGE"}
    worker = Worker(tmp_path / "worker.log", **worker_env).start()
    try:
        a.wait_until_healthy()
        b.wait_until_healthy()
        yield Cluster(a, b, worker, s3, bucket)
    finally:
        a.stop()
        b.stop()
        worker.stop()


def log_in(server: AppServer, username: str) -> requests.Session:
    browser = requests.Session()
    browser.get(f"{server.url}/login/", timeout=30).raise_for_status()
    answer = browser.post(
        f"{server.url}/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=30,
    )
    assert answer.status_code == 302, answer.text
    return browser


def csrf_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def user(username: str, role: str, **fields):
    # Hashed with Argon2, which the app servers know (the ``material`` fixture sets it for this process, which
    # otherwise hashes with MD5 for speed).
    return UserFactory(username=username, role=role, password=PASSWORD, **fields)


@pytest.fixture
def material(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    staff = user("staff", Role.STAFF)
    academy = AcademyFactory(code="namc", name_en="NAMC", name_zh="市长研修学院")
    course = CourseFactory(academy=academy, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    lecturer = LecturerFactory(name="Ada Lovelace", user=user("lecturer", Role.LECTURER))
    session = course_services.create_session(
        actor=staff,
        course=course,
        date=course.start,
        part_of_day=1,
        format="lecture",
        title_en="Energy master planning",
        title_zh="能源总体规划",
        class_hours=3,
        lecturers=[lecturer],
        venue=VenueFactory(academy=academy),
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    return material_services.create_material(
        actor=staff,
        course=course,
        lecturer=lecturer,
        session=session,
        title_en="Sponge cities",
        file=SimpleUploadedFile(DECK.name, DECK.read_bytes()),
    )


def download(browser: requests.Session, server: AppServer, path: str) -> bytes:
    """A download through ``server``: Peixun checks, then redirects to the bucket's signed address."""
    answer = browser.get(f"{server.url}{path}", allow_redirects=False, timeout=60)
    assert answer.status_code == 302, answer.text[:2000]
    assert "X-Amz-Signature=" in answer.headers["Location"]
    # The signed address is fetched without Peixun's cookies, as a browser fetches another host.
    fetched = requests.get(answer.headers["Location"], timeout=60)
    assert fetched.status_code == 200
    return fetched.content


def test_a_login_an_upload_and_a_job_s_file_through_one_server_are_there_on_the_other(cluster, material):
    lecturer = log_in(cluster.a, "lecturer")

    # Known to B through the session A wrote.
    page = lecturer.get(f"{cluster.b.url}/materials/{material.pk}/upload/", timeout=60)
    assert page.status_code == 200, cluster.logs()
    assert "Sponge cities" in page.text

    uploaded = lecturer.post(
        f"{cluster.a.url}/materials/{material.pk}/upload/",
        data={"csrfmiddlewaretoken": csrf_of(page.text), "note": "through A"},
        files={"file": (OTHER_DECK.name, OTHER_DECK.read_bytes())},
        allow_redirects=False,
        timeout=120,
    )
    assert uploaded.status_code == 302, uploaded.text[:2000] + cluster.logs()

    version = material.versions.get(number=2)
    assert download(lecturer, cluster.b, f"/materials/{material.pk}/versions/2/") == OTHER_DECK.read_bytes()
    assert download(lecturer, cluster.a, f"/materials/{material.pk}/versions/1/") == DECK.read_bytes()
    stored = cluster.s3.objects(cluster.bucket)
    assert stored[version.file.name] == OTHER_DECK.read_bytes()
    assert cluster.a.files_on_disk() == [] and cluster.b.files_on_disk() == []

    # Someone who may not see the presentation is refused by B before any address is made.
    stranger = log_in(cluster.a, user("other_lecturer", Role.LECTURER).username)
    refused = stranger.get(f"{cluster.b.url}/materials/{material.pk}/versions/2/", allow_redirects=False, timeout=60)
    assert refused.status_code in (403, 404) and "Location" not in refused.headers

    # A file made by the worker, downloaded through B by the person who started the work.
    job = job_services.start(
        "tests.generate",
        actor=version.uploaded_by,
        params={"text": "培训 ", "times": 100, "filename": "report.txt"},
    )
    deadline = time.monotonic() + 90
    while job.state not in {JobState.SUCCEEDED, JobState.FAILED}:
        if time.monotonic() > deadline:
            pytest.fail("the worker never ran the job\n" + cluster.logs())
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, cluster.logs()
    assert download(lecturer, cluster.b, f"/jobs/{job.pk}/file/") == "培训 ".encode() * 100
    assert cluster.s3.objects(cluster.bucket)[job.result["file"]["name"]] == "培训 ".encode() * 100


def test_a_build_started_through_one_server_is_run_by_the_worker_and_accepted_through_the_other(cluster, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    staff = user("staff", Role.STAFF)
    course = CourseFactory(title_en="Energy Smart Cities", title_zh="能源智慧城市")
    user("coordinator", Role.COORDINATOR, academy=course.academy)
    visitor = LecturerFactory(name="Dr Ada Visitor", time_zone="Europe/London")
    sessions = [
        course_services.create_session(
            actor=staff,
            course=course,
            date=course.start + datetime.timedelta(days=day),
            part_of_day=1,
            format="lecture",
            title_en=f"Lecture {day}",
            title_zh="讲座",
            class_hours=3,
            lecturers=[visitor],
        )
        for day in (0, 3)
    ]
    coordinator = log_in(cluster.a, "coordinator")
    build = f"/timetables/courses/{course.pk}/build/"
    page = coordinator.get(f"{cluster.a.url}{build}", timeout=60)
    assert page.status_code == 200, cluster.logs()
    token = re.search(r'name="build_token" value="([^"]+)"', page.text).group(1)

    started = coordinator.post(
        f"{cluster.a.url}{build}",
        data={"csrfmiddlewaretoken": csrf_of(page.text), "time_limit": "5", "build_token": token},
        allow_redirects=False,
        timeout=60,
    )
    # A has queued the build and answers at once with its status page; the worker runs it.
    assert started.status_code == 302 and "/jobs/" in started.headers["Location"], started.text[:2000]
    job_url = started.headers["Location"]
    deadline = time.monotonic() + 120
    while True:
        status = coordinator.get(f"{cluster.b.url}{job_url}", timeout=60)
        assert status.status_code == 200, cluster.logs()
        if "/timetables/proposals/" in status.text:
            break
        if time.monotonic() > deadline:
            pytest.fail("the worker never finished the build\n" + cluster.logs())
        time.sleep(0.5)
    proposal_path = re.search(r'href="(/timetables/proposals/\d+/)"', status.text).group(1)

    proposal = coordinator.get(f"{cluster.b.url}{proposal_path}", timeout=60)
    assert proposal.status_code == 200 and "Dr Ada Visitor" in proposal.text, cluster.logs()
    accepted = coordinator.post(
        f"{cluster.b.url}{proposal_path}accept/",
        data={"csrfmiddlewaretoken": csrf_of(proposal.text)},
        allow_redirects=False,
        timeout=60,
    )
    assert accepted.status_code == 302, accepted.text[:2000] + cluster.logs()
    for session in sessions:
        session.refresh_from_db()
    # The visitor from London now teaches both lectures on one day: one trip.
    assert len({session.date for session in sessions}) == 1
