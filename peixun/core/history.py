"""The history people read: an audit row's changes in words, in the reader's language.

Audit rows keep values as they were stored (``"site_visit"``, ``2``, ``"2026-12-05"``, ``true``); the
model the row is about says what each field is called and how its values read, so the history shows
"Part of day: — → Evening" to one reader and "时段：— → 晚上" to another.
"""

from __future__ import annotations

import datetime
from typing import Any, NamedTuple

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from .models import AuditEvent

#: Names some rows record that are not fields of their model.
NOT_FIELDS = {
    "file": gettext_lazy("file"),
    "version": gettext_lazy("version"),
    "reason": gettext_lazy("reason"),
    "api_token": gettext_lazy("API token"),
}
EMPTY = "—"


class Change(NamedTuple):
    label: str
    old: str
    new: str


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _moment(value: str) -> str:
    moment = datetime.datetime.fromisoformat(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def readable_value(field: models.Field | None, value: Any) -> str:
    """One recorded value as the field's reader would write it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, list):
        return ", ".join(readable_value(None, v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {readable_value(None, v)}" for key, v in value.items())
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    try:
        if isinstance(field, models.DateTimeField):
            return _moment(value)
        if isinstance(field, models.DateField):
            return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
    except (TypeError, ValueError):
        pass  # a value recorded in another shape than the field's own: shown as it was recorded
    return str(value)


def readable_changes(event: AuditEvent) -> list[Change]:
    """The event's changes as (field label, old value, new value), in the active language."""
    model = _model(event.object_type)
    changes = []
    for name, (old, new) in (event.changes or {}).items():
        field = _field(model, name)
        if field is not None:
            label = field.verbose_name
        else:
            label = NOT_FIELDS.get(name, name.replace("_", " "))
        changes.append(Change(capfirst(str(label)), readable_value(field, old), readable_value(field, new)))
    return changes
