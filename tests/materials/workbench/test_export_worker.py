"""A translated file asked for in the workbench is written by a real Celery worker (a process of its own,
whose document engine runs in a child process of its own) against Redis and the test database, and
downloaded through the page (see tests/jobs/test_worker.py for the worker and the broker)."""

import pytest
from django.urls import reverse

from peixun.docengine import extract
from peixun.jobs.enums import JobState
from tests.jobs.flow import job_of, status
from tests.jobs.test_worker import broker, state, wait_for, worker  # noqa: F401  (the fixtures)

from .helpers import SMALL_DECK, make_material

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_worker_writes_the_file_the_workbench_asked_for(broker, worker, client, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    material = make_material(SMALL_DECK, title="Sponge cities")
    running = worker(PEIXUN_MEDIA_ROOT=str(settings.MEDIA_ROOT))
    client.force_login(material.translator)

    started = client.post(
        reverse("workbench:export", args=[material.pk]), {"mode": "translated"}, HTTP_HX_REQUEST="true"
    )
    job = job_of(started)

    wait_for("the worker writes the file", lambda: state(job) in {JobState.SUCCEEDED, JobState.FAILED}, running.log)
    assert job.state == JobState.SUCCEEDED, job.error_code
    download = reverse("workbench:export_download", args=[material.pk, job.pk])
    assert download in status(client, job).content.decode()
    response = client.get(download)
    assert response.status_code == 200
    assert len(extract(b"".join(response.streaming_content), "pptx")) == 10
