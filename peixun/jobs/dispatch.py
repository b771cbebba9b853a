"""Handing work to a worker once the transaction commits, or doing it in this process with no broker.

With ``PEIXUN_BROKER_URL`` set, the task is sent to the broker after the commit, so a worker never looks
for a row that is not written yet. Without a broker the task's function runs right after the commit, in
the process that asked (a request, a command): the same code as in a worker, with no queue between.
Celery's own eager mode is not used: it runs the task at the moment it is sent (inside the transaction)
and turns a retry into an immediate loop, which is not how a worker behaves.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def has_broker() -> bool:
    return bool(settings.PEIXUN_BROKER_URL)


def send_now(task, *args, countdown: float | None = None) -> None:
    """Send ``task`` to the workers, or with no broker run it here (``countdown`` then has no meaning)."""
    if has_broker():
        task.apply_async(args=args, countdown=countdown)
    else:
        task.run(*args)


def after_commit(task, *args) -> None:
    """Send ``task`` (a Celery task of ``tasks.py``) with ``args`` once the current transaction commits.

    A broker that cannot be reached does not undo the change that was committed: the error is logged,
    and the periodic sweep (``tasks.sweep``) sends what was left waiting."""
    transaction.on_commit(lambda: send_now(task, *args), robust=True)
