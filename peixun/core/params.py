"""Reading numbers and dates from an address or a form that anyone can type.

``str.isdigit()`` and ``int()`` take more than a person means by a number: '²' passes isdigit() and
int() refuses it (a server error where the code trusted isdigit), '٣' (an Arabic-Indic three) passes
both, and twenty digits pass both and overflow the database. Here a number is ASCII digits that fit a
64-bit key, and anything else is None: the caller treats it as "not given" or says what is wrong.
"""

from __future__ import annotations

import datetime
import re

from .converters import MAX_ID

_ID = re.compile(r"[0-9]{1,19}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_id(value) -> int | None:
    """An object's id written as ASCII digits, 1..2**63-1, or None for anything else."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values) -> list[int] | None:
    """Every value an id, or None when any one is not (a form's checked boxes: all or nothing)."""
    ids = [parse_id(value) for value in values]
    return None if any(number is None for number in ids) else ids


def parse_date(value) -> datetime.date | None:
    """A date written YYYY-MM-DD in ASCII digits that the calendar has (not 2024-02-30 nor 0000-00-00), or None."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def query_id(params, name: str) -> int | None:
    """The id in the parameter ``name`` of a QueryDict (request.GET or request.POST), or None."""
    return parse_id(params.get(name, ""))
