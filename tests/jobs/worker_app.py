"""The Celery application the worker tests start: Peixun's own (``peixun.celery``), with the test kinds."""

from peixun.celery import app
from tests.jobs import kinds  # noqa: F401  (registers the test kinds in the worker)

__all__ = ["app"]
