"""A file a job makes (an export, a class's certificates) kept through the storage and downloaded through
``jobs:file`` by whoever may follow the job: streamed from the local disk, or from S3-compatible object
storage (moto's server, tests/s3.py) by a redirect to a short-lived signed address."""

from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest

from peixun.jobs import services
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

PARAMS = {"text": "培训 ", "times": 1000, "filename": "report 报告.txt"}
CONTENT = PARAMS["text"].encode() * PARAMS["times"]


def generated(callbacks, starter) -> Job:
    with callbacks(execute=True):
        job = services.start("tests.generate", actor=starter, params=PARAMS)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    return job


def test_a_generated_file_is_kept_on_disk_and_streamed_to_its_starter(
    client, starter, settings, django_capture_on_commit_callbacks
):
    job = generated(django_capture_on_commit_callbacks, starter)
    name = job.result["file"]["name"]
    assert name.startswith("generated/tests/") and name.endswith("/report_报告.txt")
    assert (settings.MEDIA_ROOT / name).read_bytes() == CONTENT
    client.login(username=starter.username, password=PASSWORD)

    page = client.get(f"/jobs/{job.pk}/").content.decode()
    response = client.get(f"/jobs/{job.pk}/file/")

    assert f'href="/jobs/{job.pk}/file/"' in page
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Type"] == "text/plain"
    assert "filename*=utf-8''report%20%E6%8A%A5%E5%91%8A.txt" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_generated_file_in_the_bucket_is_downloaded_through_a_signed_address(
    client, starter, s3_bucket, settings, django_capture_on_commit_callbacks
):
    server, bucket = s3_bucket
    job = generated(django_capture_on_commit_callbacks, starter)
    assert server.objects(bucket) == {job.result["file"]["name"]: CONTENT}
    assert not any(path.is_file() for path in settings.MEDIA_ROOT.rglob("*"))
    client.login(username=starter.username, password=PASSWORD)

    response = client.get(f"/jobs/{job.pk}/file/")

    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-type"] == ["text/plain"]
    with urlopen(response["Location"]) as answer:  # noqa: S310 (the test's own S3 server)
        assert answer.read() == CONTENT


def test_someone_else_is_refused_the_file_and_given_no_address(
    client, starter, other, s3_bucket, django_capture_on_commit_callbacks
):
    job = generated(django_capture_on_commit_callbacks, starter)
    client.login(username=other.username, password=PASSWORD)

    response = client.get(f"/jobs/{job.pk}/file/")

    assert response.status_code == 403
    assert "This work was started by someone else." in response.content.decode()
    assert "Location" not in response


def test_a_job_without_a_file_or_not_finished_has_none(client, starter, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        counted = services.start("tests.count", actor=starter, params={"steps": 2})
    waiting = Job.objects.create(kind="tests.generate", started_by=starter, result={"file": {"name": "x"}})
    client.login(username=starter.username, password=PASSWORD)

    assert client.get(f"/jobs/{counted.pk}/file/").status_code == 404
    assert client.get(f"/jobs/{waiting.pk}/file/").status_code == 404


@pytest.mark.parametrize("days", [8, 6])
def test_a_file_older_than_the_limit_is_deleted_and_its_download_says_so(
    client, starter, settings, django_capture_on_commit_callbacks, days
):
    import datetime

    from django.utils import timezone

    settings.PEIXUN_JOB_FILE_DAYS = 7
    job = generated(django_capture_on_commit_callbacks, starter)
    kept = generated(django_capture_on_commit_callbacks, starter)  # a newer file of the same person stays
    name = job.result["file"]["name"]
    Job.objects.filter(pk=job.pk).update(finished_at=timezone.now() - datetime.timedelta(days=days))

    assert services.forget_kept_files() == (1 if days > 7 else 0)

    assert (settings.MEDIA_ROOT / name).exists() == (days <= 7)
    assert (settings.MEDIA_ROOT / kept.result["file"]["name"]).exists()
    client.login(username=starter.username, password=PASSWORD)
    response = client.get(f"/jobs/{job.pk}/file/")
    if days > 7:
        assert response.status_code == 410
        assert "This file is no longer kept; ask for it again." in response.content.decode()
        assert Job.objects.get(pk=job.pk).result["forgotten"] == name
        assert services.forget_kept_files() == 0  # nothing left to delete the next night
    else:
        assert b"".join(response.streaming_content) == CONTENT
