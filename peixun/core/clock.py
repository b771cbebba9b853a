"""Dates, times and time zones as the reader writes them.

One format for each, in both languages (``peixun/formats/``): ``7 December 2026, 06:12`` and
``2026年12月7日 上午6:12``. Time zones are named by their city in the reader's language (纽约, not
``America/New_York``), from the Unicode CLDR data that Babel carries.
"""

from __future__ import annotations

import datetime
import functools
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .i18n import is_chinese

# Django's date format "A" asks for these; its own Chinese catalogue leaves them untranslated.
# Translators: before a time of day in the morning (上午6:12).
gettext_noop("AM")
# Translators: before a time of day in the afternoon or evening (下午2:00).
gettext_noop("PM")


def validate_time_zone(value) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(zone)s” is not a time zone; choose one from the list."), params={"zone": value}
        ) from None


@functools.cache
def _city(zone: str, locale: str) -> str:
    from babel.dates import get_timezone_location

    try:
        return get_timezone_location(zone, locale=locale, return_city=True)
    except (LookupError, ValueError):
        return zone.rsplit("/", 1)[-1].replace("_", " ")


def zone_city(zone: str) -> str:
    """``America/New_York`` as its city in the reader's language: New York, 纽约."""
    return _city(zone, "zh_Hans_CN" if is_chinese() else "en_GB")


def zone_choices() -> list[tuple[str, str]]:
    """Every time zone as (identifier, city in the reader's language), by city name."""
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
    return sorted(((z, f"{zone_city(z)} ({z.split('/', 1)[0].replace('_', ' ')})") for z in zones), key=lambda c: c[1])


def reader_zone() -> zoneinfo.ZoneInfo:
    return timezone.get_current_timezone()


def when(value: datetime.datetime, *, zone: zoneinfo.ZoneInfo | None = None) -> str:
    """A moment in the reader's time zone (or ``zone``), named by its city when it is not the programme's."""
    zone = zone or reader_zone()
    text = date_format(timezone.localtime(value, zone), "DATETIME_FORMAT")
    if str(zone) != settings.TIME_ZONE:
        text = f"{text} ({zone_city(str(zone))})"
    return text


def day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


def clock(value: datetime.time) -> str:
    return time_format(value, "TIME_FORMAT")


def clock_range(start: datetime.time, end: datetime.time) -> str:
    """``09:00–12:00``, ``上午9:00–下午12:00``."""
    return f"{clock(start)}–{clock(end)}"


@dataclass(frozen=True)
class Window:
    """A span of time that opens at ``opens`` and closes at ``closes``: open from its opening moment on,
    closed from its closing moment on (``opens <= at < closes``). Check-in and feedback each have one."""

    opens: datetime.datetime
    closes: datetime.datetime

    def __post_init__(self):
        if timezone.is_naive(self.opens) or timezone.is_naive(self.closes):
            raise ValueError("A window opens and closes at aware moments.")
        # Kept in UTC: Python compares and subtracts two moments of one time zone by their wall clocks,
        # which is an hour off across a change to or from summer time.
        object.__setattr__(self, "opens", self.opens.astimezone(datetime.UTC))
        object.__setattr__(self, "closes", self.closes.astimezone(datetime.UTC))

    def has_opened(self, at: datetime.datetime) -> bool:
        return _utc(at) >= self.opens

    def has_closed(self, at: datetime.datetime) -> bool:
        return _utc(at) >= self.closes

    def is_open(self, at: datetime.datetime) -> bool:
        return self.has_opened(at) and not self.has_closed(at)

    def seconds_until_change(self, at: datetime.datetime) -> float | None:
        """Seconds from ``at`` until the window opens or closes next; None once it has closed."""
        if not self.has_opened(at):
            return (self.opens - _utc(at)).total_seconds()
        if not self.has_closed(at):
            return (self.closes - _utc(at)).total_seconds()
        return None


def _utc(at: datetime.datetime) -> datetime.datetime:
    if timezone.is_naive(at):
        raise ValueError("A window is asked about an aware moment.")
    return at.astimezone(datetime.UTC)
