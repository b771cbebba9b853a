import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from peixun.core.actions import action_label
from peixun.feedback.models import FollowUp
from peixun.feedback.selectors import follow_ups_for_official

register = template.Library()

FIELD_LABELS = {
    "official": _("Official"),
    "session": _("Session"),
    "lecturer": _("Lecturer"),
    "partner": _("Partner"),
    "topic": _("Topic"),
    "owner": _("Owner"),
    "due": _("Due"),
    "state": _("State"),
    "notes": _("Notes"),
    "reminded_at": _("Last reminder"),
}
#: Labels of the follow-up's own actions; the others come from the project's table (peixun.core.actions).
ACTION_LABELS = {
    "follow_up.requested": _("Asked for in the feedback form"),
    "follow_up.reminded": _("Owner reminded by e-mail"),
}


@register.simple_tag(takes_context=True)
def official_follow_ups(context, official):
    """The official's follow-ups the reader may see (none for most readers)."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    if user is None or official is None:
        return []
    return list(follow_ups_for_official(user, official))


@register.filter(name="follow_up_action")
def follow_up_action(action: str) -> str:
    return str(ACTION_LABELS.get(action) or action_label(action))


def _readable(name: str, value):
    if value in (None, ""):
        return "—"
    if name == "state":
        return str(dict(FollowUp.State.choices).get(value, value))
    if name == "due":
        try:
            return date_format(datetime.date.fromisoformat(value), "DATE_FORMAT")
        except (TypeError, ValueError):
            return value
    if name == "reminded_at":
        try:
            moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        except (TypeError, ValueError):
            return value
        return date_format(moment, "SHORT_DATETIME_FORMAT")
    return value


@register.filter
def readable_changes(changes: dict) -> list[tuple[str, str, str]]:
    """An audit row's changes as (field label, old value, new value), in words."""
    return [
        (str(FIELD_LABELS.get(name, name)), _readable(name, old), _readable(name, new))
        for name, (old, new) in (changes or {}).items()
    ]
