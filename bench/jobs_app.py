"""The Celery application bench/jobs.py starts its worker with: Peixun's own, with the benchmark's trivial kind."""

from peixun.celery import app
from peixun.jobs.kinds import register


@register("bench.noop", title="Benchmark")
def noop(job, params, progress):
    """The least a job can do: report once and return, so that what is measured is the queue around it."""
    progress(1.0)
    return {"n": params.get("n", 0)}


__all__ = ["app", "noop"]
