"""The Celery application: Peixun's background work (jobs, outgoing mail, the periodic tasks beat sends).

Configured from Django's settings (the ``CELERY_`` names in settings.py). With ``PEIXUN_BROKER_URL``
unset nothing is sent to a broker: ``peixun.jobs.dispatch`` runs the work in the same process once the
transaction commits (docs/operations.md, "Background work").
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peixun.settings")

app = Celery("peixun")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
