"""Following a job a page started, with no broker, through Django's test client: the work runs when the
request's transaction commits (``django_capture_on_commit_callbacks(execute=True)`` in tests, where the
test's own transaction never commits), and the page then answers with the job's status."""

from __future__ import annotations

import re

from peixun.jobs.models import Job

STATUS = re.compile(r"/jobs/(\d+)/")


def post_and_run(client, capture, url: str, data: dict | None = None, **extra):
    """POST ``data`` to ``url`` and run the work it starts once the request is answered."""
    with capture(execute=True):
        response = client.post(url, data or {}, **extra)
    return response


def job_of(response) -> Job:
    """The job a page's answer leads to: its status page (a redirect) or its status fragment (htmx)."""
    where = response.get("Location") or response.get("HX-Redirect") or response.content.decode()
    found = STATUS.search(where)
    assert found, f"no job in the answer: {response.status_code} {where[:300]}"
    return Job.objects.get(pk=int(found.group(1)))


def status(client, job: Job):
    """The status fragment as the page polls it (htmx)."""
    return client.get(f"/jobs/{job.pk}/status/", HTTP_HX_REQUEST="true")
