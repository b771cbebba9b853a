"""What beat sends: each schedule entry names a task of Peixun's app, and each task does its command's work."""

import pytest
from django.conf import settings

from peixun.celery import app
from peixun.jobs import tasks

pytestmark = pytest.mark.django_db


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()

    assert sorted(settings.CELERY_BEAT_SCHEDULE) == [
        "credit-ended-sessions",
        "expire-stale",
        "send-compliance-alerts",
        "send-due-webhooks",
        "send-follow-up-reminders",
        "sweep-waiting-work",
    ]
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]


def test_the_periodic_tasks_run_their_commands_work():
    assert tasks.credit_ended_sessions.run() == 0
    assert tasks.send_compliance_alerts.run().startswith("Sent 0 alert(s) for ")
    assert tasks.send_follow_up_reminders.run() == 0
    assert tasks.sweep.run() == {"jobs": 0, "mail": 0}


def test_the_celery_settings_keep_tasks_until_they_have_run():
    assert (app.conf.task_acks_late, app.conf.task_reject_on_worker_lost) == (True, True)
    assert (app.conf.worker_prefetch_multiplier, app.conf.task_serializer, app.conf.accept_content) == (
        1,
        "json",
        ["json"],
    )
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit
