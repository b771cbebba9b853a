"""Every change to partners' engagements goes through these functions (the press archive's and the
translated documents' go through ``press/services.py``).

Each one is atomic, checks the rules, and records an audit row with the old and new values in the same
transaction. Checks that refuse raise ``ValidationError`` keyed by field; checks that only warn come
back as a list of messages for the person making the change.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peixun.core.audit import diff, record_event, snapshot
from peixun.core.models import User
from peixun.courses.enums import CourseStatus
from peixun.courses.models import Course, Session
from peixun.people.models import Organisation

from .models import Engagement
from .selectors import REPORTABLE_STATES, engagement_day

ENGAGEMENT_FIELDS = (
    "partner",
    "course",
    "session",
    "kind",
    "state",
    "promised_en",
    "promised_zh",
    "delivered_en",
    "delivered_zh",
    "guests_promised",
    "guests_delivered",
    "notes",
)
REPORT_FIELDS = ("delivered_en", "delivered_zh", "guests_delivered", "state")


def _day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


# Engagements ---------------------------------------------------------------------------------


def check_engagement(engagement: Engagement, today: datetime.date | None = None) -> list[str]:
    """Refuse what cannot be; return warnings for what looks wrong but may be meant.

    The session must be one of the course's. An engagement cannot be delivered before its day.
    A kind that differs from the session's format is only a warning: the format is the academy's
    classification of the slot (it decides the class hours), the kind is what the partner provides,
    and a partner may run a workshop in a lecture slot or show an exhibition at a lunch.
    """
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    warnings: list[str] = []
    session = engagement.session
    if session is not None and session.course_id != engagement.course_id:
        errors.setdefault("session", []).append(
            _("The session “%(session)s” belongs to another course, not to “%(course)s”.")
            % {"session": session, "course": engagement.course}
        )
    if engagement.kind not in Engagement.Kind.values:
        errors.setdefault("kind", []).append(_("Choose what the partner hosts."))
    if not (engagement.promised_en.strip() or engagement.promised_zh.strip()):
        errors.setdefault("promised_en", []).append(
            _("Say what the partner undertook to provide, in English, in Chinese or in both.")
        )
    if not errors:
        day = engagement_day(engagement)
        if engagement.state == Engagement.State.DELIVERED and day > today:
            errors.setdefault("state", []).append(
                _("It cannot be delivered before it takes place (%(day)s).") % {"day": _day(day)}
            )
        if session is not None and session.format != engagement.kind:
            warnings.append(
                _(
                    "The session “%(session)s” is a %(format)s in the timetable, but this engagement is "
                    "recorded as %(kind)s: check that it is the right session."
                )
                % {
                    "session": session,
                    "format": session.get_format_display().lower(),
                    "kind": engagement.get_kind_display().lower(),
                }
            )
        if engagement.course.status == CourseStatus.CANCELLED and engagement.state != Engagement.State.CANCELLED:
            warnings.append(_("The course “%(course)s” is cancelled.") % {"course": engagement.course})
    if errors:
        raise ValidationError(errors)
    return warnings


@transaction.atomic
def create_engagement(
    *,
    actor: User,
    partner: Organisation,
    course: Course,
    kind: str,
    promised_en: str = "",
    promised_zh: str = "",
    session: Session | None = None,
    state: str = Engagement.State.PROPOSED,
    guests_promised: int | None = None,
    delivered_en: str = "",
    delivered_zh: str = "",
    guests_delivered: int | None = None,
    notes: str = "",
) -> tuple[Engagement, list[str]]:
    engagement = Engagement(
        partner=partner,
        course=course,
        session=session,
        kind=kind,
        state=state,
        promised_en=promised_en.strip(),
        promised_zh=promised_zh.strip(),
        delivered_en=delivered_en.strip(),
        delivered_zh=delivered_zh.strip(),
        guests_promised=guests_promised,
        guests_delivered=guests_delivered,
        notes=notes.strip(),
    )
    warnings = check_engagement(engagement)
    engagement.save()
    record_event(
        actor=actor,
        action="engagement.created",
        instance=engagement,
        course=course,
        changes={k: [None, v] for k, v in snapshot(engagement, ENGAGEMENT_FIELDS).items()},
    )
    return engagement, warnings


@transaction.atomic
def update_engagement(*, actor: User, engagement: Engagement, **fields) -> list[str]:
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("course", "session", "partner")
        .get(pk=engagement.pk)
    )
    before = snapshot(engagement, ENGAGEMENT_FIELDS)
    for name, value in fields.items():
        if name not in ENGAGEMENT_FIELDS:
            raise TypeError(f"update_engagement() got an unexpected field {name!r}")
        setattr(engagement, name, value.strip() if isinstance(value, str) else value)
    warnings = check_engagement(engagement)
    engagement.save()
    changes = diff(before, snapshot(engagement, ENGAGEMENT_FIELDS))
    if changes:
        record_event(
            actor=actor, action="engagement.changed", instance=engagement, course=engagement.course, changes=changes
        )
    return warnings


def why_not_reportable(engagement: Engagement, today: datetime.date | None = None) -> str | None:
    """Why what took place cannot be recorded yet, or None when it can."""
    today = today or timezone.localdate()
    if engagement.state not in REPORTABLE_STATES:
        return _("Only a confirmed engagement can be reported on; this one is “%(state)s”.") % {
            "state": engagement.get_state_display()
        }
    day = engagement_day(engagement)
    if day > today:
        return _("What took place can be recorded from %(day)s, the day it takes place.") % {"day": _day(day)}
    return None


@transaction.atomic
def report_delivery(
    *,
    actor: User,
    engagement: Engagement,
    delivered_en: str = "",
    delivered_zh: str = "",
    guests_delivered: int | None,
) -> Engagement:
    """Record what took place: the text and the number of guests hosted, nothing else.

    A confirmed engagement whose day has come becomes delivered: the partner's account of it is the
    record that it took place. Programme staff can still correct the state.
    """
    engagement = (
        Engagement.objects.select_for_update(of=("self",))
        .select_related("course", "session", "partner")
        .get(pk=engagement.pk)
    )
    reason = why_not_reportable(engagement)
    if reason:
        raise ValidationError(reason)
    delivered_en, delivered_zh = (delivered_en or "").strip(), (delivered_zh or "").strip()
    if not (delivered_en or delivered_zh):
        raise ValidationError({"delivered_en": _("Say what took place, in English, in Chinese or in both.")})
    if guests_delivered is not None and guests_delivered < 0:
        raise ValidationError({"guests_delivered": _("The number of guests cannot be negative.")})
    before = snapshot(engagement, REPORT_FIELDS)
    engagement.delivered_en, engagement.delivered_zh = delivered_en, delivered_zh
    engagement.guests_delivered = guests_delivered
    engagement.state = Engagement.State.DELIVERED
    engagement.save(update_fields=list(REPORT_FIELDS))
    changes = diff(before, snapshot(engagement, REPORT_FIELDS))
    if changes:
        record_event(
            actor=actor, action="engagement.reported", instance=engagement, course=engagement.course, changes=changes
        )
    return engagement
