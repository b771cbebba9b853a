"""Changes to a lecturer's availability: adding and removing windows (audited)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peixun.core.audit import record_event
from peixun.core.models import User

from .models import Availability, Lecturer


def _sessions_outside(lecturer: Lecturer, windows: list[tuple[datetime.date, datetime.date]]):
    return [
        slot.session
        for slot in lecturer.slots.select_related("session__course").order_by("date")
        if not any(start <= slot.date <= end for start, end in windows)
    ]


@transaction.atomic
def add_availability(
    *, actor: User, lecturer: Lecturer, start: datetime.date, end: datetime.date, note: str = ""
) -> Availability:
    if end < start:
        raise ValidationError({"end": _("The window ends before it begins.")})
    window = Availability.objects.create(lecturer=lecturer, start=start, end=end, note=note)
    record_event(
        actor=actor,
        action="availability.added",
        instance=lecturer,
        changes={"availability": [None, f"{start.isoformat()} – {end.isoformat()}"]},
    )
    return window


@transaction.atomic
def remove_availability(*, actor: User, window: Availability) -> None:
    lecturer = Lecturer.objects.select_for_update().get(pk=window.lecturer_id)
    remaining = [(w.start, w.end) for w in lecturer.availability.exclude(pk=window.pk)]
    stranded = _sessions_outside(lecturer, remaining)
    if stranded:
        session = stranded[0]
        raise ValidationError(
            _(
                "%(lecturer)s teaches “%(session)s” (%(course)s) on %(day)s, inside this window; "
                "move the session before removing the window."
            )
            % {
                "lecturer": lecturer,
                "session": session,
                "course": session.course,
                "day": date_format(session.date, "DATE_FORMAT"),
            }
        )
    record_event(
        actor=actor,
        action="availability.removed",
        instance=lecturer,
        changes={"availability": [f"{window.start.isoformat()} – {window.end.isoformat()}", None]},
    )
    window.delete()
