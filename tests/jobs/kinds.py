"""Job kinds for the tests: counting, failing, cancelling itself, and waiting for the test to let it finish."""

import time
from pathlib import Path

from peixun.jobs.kinds import JobError, register


@register("tests.count", title="Counting")
def count(job, params, progress):
    for step in range(1, params["steps"] + 1):
        progress(step / params["steps"], "jobs.step", {"step": step, "steps": params["steps"]})
    return {"url": f"/jobs/{job.pk}/", "counted": params["steps"]}


@register("tests.fail", title="Failing")
def fail(job, params, progress):
    progress(0.5)
    raise RuntimeError("database password is hunter2")


@register("tests.refuse", title="Refusing")
def refuse(job, params, progress):
    raise JobError("jobs.step", step=2, steps=3)


@register("tests.cancelled_meanwhile", title="Cancelled meanwhile")
def cancelled_meanwhile(job, params, progress):
    from peixun.jobs.models import Job

    progress(0.25)
    # Someone presses Cancel in another request while the work runs.
    Job.objects.filter(pk=job.pk).update(cancel_requested=True)
    progress(0.5)
    raise AssertionError("the work went on after it was cancelled")


@register("tests.wait", title="Waiting")
def wait(job, params, progress):
    """Notes each attempt in ``dir``/attempts, then waits until the test creates ``dir``/release."""
    folder = Path(params["dir"])
    with (folder / "attempts").open("a") as attempts:
        attempts.write(f"{job.attempts}\n")
    progress(0.5, "jobs.step", {"step": 1, "steps": 2})
    deadline = time.monotonic() + 120
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise RuntimeError("never released")
        time.sleep(0.05)
    return {"attempts": len((folder / "attempts").read_text().split())}


@register("tests.generate", title="Generating")
def generate(job, params, progress):
    """Makes a file, as an export or a class's certificates do, and keeps it for ``jobs:file``."""
    from django.urls import reverse

    from peixun.core.files import generated_file

    data = params["text"].encode() * params["times"]
    return {
        "file": generated_file(data, folder="tests", filename=params["filename"], content_type="text/plain"),
        "url": reverse("jobs:file", args=[job.pk]),
    }
