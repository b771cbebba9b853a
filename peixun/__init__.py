"""Peixun (培训). The Celery application is loaded with Django, so that tasks sent from a request use it."""

from .celery import app as celery_app

__all__ = ("celery_app",)
