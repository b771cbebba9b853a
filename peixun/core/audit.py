"""Audit rows are written in the same transaction as the change they describe."""

from __future__ import annotations

import contextlib
import contextvars
import datetime
import decimal
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from .models import AuditEvent, User


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(instance, name)) for name in fields}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


#: How long a reason recorded with an action may be (the audit row keeps it whole up to this length).
REASON_LENGTH = 300


def required_reason(reason: str | None, *, message: str) -> str:
    """The reason a person gave for an action, on one line; refused with ``message`` when empty."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": message})
    return reason[:REASON_LENGTH]


#: The name of the API token the current request came with, if any: every audit row written while it is set
#: records it (``"api_token": [null, "name"]``), so a change made by another system says which key made it.
_API_TOKEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("api_token", default=None)


@contextlib.contextmanager
def through_api_token(name: str) -> Iterator[None]:
    """Record ``name`` as the API token on every audit row written inside the block."""
    marker = _API_TOKEN.set(name)
    try:
        yield
    finally:
        _API_TOKEN.reset(marker)


def record_event(
    *,
    actor: User | None,
    action: str,
    instance: models.Model,
    changes: dict[str, list[Any]] | None = None,
    course=None,
) -> AuditEvent:
    changes = dict(changes or {})
    token_name = _API_TOKEN.get()
    if token_name is not None:
        changes["api_token"] = [None, token_name]
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        course=course,
        changes={k: [_plain(v[0]), _plain(v[1])] for k, v in changes.items()},
    )
