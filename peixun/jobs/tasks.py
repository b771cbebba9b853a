"""Peixun's Celery tasks: thin wrappers that call the same service functions as the pages and commands.

``run_job`` and ``deliver_mail`` carry only an id; the rows say the rest. The periodic ones are sent by
beat (``CELERY_BEAT_SCHEDULE`` in settings.py) and do what the management commands of
docs/operations.md do.
"""

from __future__ import annotations

import io

from celery import shared_task
from django.conf import settings
from django.core.management import call_command


@shared_task(name="peixun.jobs.tasks.run_job")
def run_job(job_id: int) -> None:
    from . import services

    services.run_job(job_id)


@shared_task(name="peixun.jobs.tasks.deliver_mail")
def deliver_mail(mail_id: int) -> None:
    from . import dispatch, outbox

    wait = outbox.deliver(mail_id)
    if wait is not None:
        # The retry is a new message held by the broker until it is due; this one is done.
        dispatch.send_now(deliver_mail, mail_id, countdown=wait.total_seconds())


@shared_task(name="peixun.jobs.tasks.sweep")
def sweep() -> dict:
    """Send again what was left waiting: jobs and mail whose task was lost (broker down, worker gone)."""
    from . import outbox, services

    return {"jobs": services.requeue_waiting_jobs(), "mail": outbox.send_due()}


@shared_task(name="peixun.jobs.tasks.credit_ended_sessions")
def credit_ended_sessions() -> int:
    from peixun.attendance import services

    return services.credit_ended_sessions()


@shared_task(name="peixun.jobs.tasks.send_compliance_alerts")
def send_compliance_alerts() -> str:
    out = io.StringIO()
    call_command("send_compliance_alerts", stdout=out, stderr=out)
    return out.getvalue()


@shared_task(name="peixun.jobs.tasks.send_follow_up_reminders")
def send_follow_up_reminders() -> int:
    from django.utils import translation

    from peixun.feedback import services

    with translation.override("en"):
        run = services.remind_follow_up_owners(base_url=settings.PEIXUN_BASE_URL)
    return len(run.sent)


@shared_task(name="peixun.jobs.tasks.expire_stale")
def expire_stale() -> dict:
    from peixun.timetables import feeds
    from peixun.timetables import services as timetables

    from . import services

    return {
        "proposals": timetables.expire_proposals(),
        "calendar_feeds": feeds.expire_calendar_feeds(),
        "job_files": services.forget_kept_files(),
    }
