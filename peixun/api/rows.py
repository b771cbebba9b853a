"""What the API's plain row builders share: values written exactly as the serializers write them.

A list of many rows is answered by a function that builds each row's dict in one pass from the selector's
rows, as the pages build theirs; building a DRF serializer per row cost more than the page spent on the
whole row (docs/benchmarks.md, API against pages). The serializer classes stay the schema, and
tests/api/test_rows.py holds each builder to its serializer field by field. Days and hours go through one
instance of the serializers' own fields; times are written as DRF's DateTimeField writes them (in the active
zone, with its offset, UTC as ``Z``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from rest_framework import serializers

_MOMENT = serializers.DateTimeField()
_DAY = serializers.DateField()
_HOURS = serializers.DecimalField(max_digits=9, decimal_places=2)


def moment_writer() -> Callable:
    """A writer of times as the serializers write them: ISO 8601 in the active time zone with its offset, None
    as None. The zone is looked up once for the many times of one answer, not once a time."""
    zone = timezone.get_current_timezone()

    def write(value):
        if value is None:
            return None
        if value.tzinfo is None:  # not from the database, which gives times in UTC: as the serializer does
            return _MOMENT.to_representation(value)
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return write


def day(value):
    """A day as the serializers write it (ISO 8601); None stays None."""
    return None if value is None else _DAY.to_representation(value)


def hours(value):
    """Class hours as the serializers write them: a string with two decimal places; None stays None."""
    return None if value is None else _HOURS.to_representation(value)


def named(pk, name_en, name_zh):
    """A related place or organisation in both languages (``NamedBriefSerializer``), or None without one."""
    return None if pk is None else {"id": pk, "name_en": name_en, "name_zh": name_zh}
