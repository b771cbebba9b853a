"""The API's Celery tasks: posting a webhook delivery (retried with backoff), and the sweep of due ones."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="peixun.api.tasks.deliver_webhook")
def deliver_webhook(delivery_id: int) -> None:
    from peixun.jobs import dispatch

    from . import webhooks

    wait = webhooks.deliver(delivery_id)
    if wait is not None and dispatch.has_broker():
        # The retry is a new message held by the broker until it is due; this one is done.
        dispatch.send_now(deliver_webhook, delivery_id, countdown=wait.total_seconds())


@shared_task(name="peixun.api.tasks.send_due_webhooks")
def send_due_webhooks() -> int:
    """Send again the deliveries whose retry was lost (broker down, worker gone)."""
    from . import webhooks

    return webhooks.send_due()
