"""The jobs app's configuration: loads the Celery application so that tasks sent from Django use it,
then every app's ``jobs.py``, where the app registers its kinds of job (``kinds.register``)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "peixun.jobs"
    label = "jobs"
    verbose_name = _("Background work")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from peixun import celery  # noqa: F401  (the Celery application, for the tasks Django sends)

        autodiscover_modules("jobs")
