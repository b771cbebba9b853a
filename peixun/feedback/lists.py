"""The follow-ups as a list: still to do by due date first, filtered by state, owner, lecturer and due date."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peixun.core.lists import ChoiceFilter, Column, ListSpec, in_order_of
from peixun.people.models import Lecturer

from .forms import ACTIVE, ANY, MINE, NOBODY, OVERDUE, THIS_WEEK
from .models import FollowUp
from .selectors import ACTIVE_FOLLOW_UP_STATES, staff_users


def _states(request):
    return [*FollowUp.State.choices, (ANY, _("Any state"))]


def _in_state(follow_ups, state: str, request):
    if not state or state == ACTIVE:
        return follow_ups.filter(state__in=ACTIVE_FOLLOW_UP_STATES)
    if state == ANY:
        return follow_ups
    return follow_ups.filter(state=state)


def _owners(request):
    return [(MINE, _("Me")), (NOBODY, _("Nobody yet")), *((user.pk, str(user)) for user in staff_users())]


def _owned_by(follow_ups, owner: str, request):
    if owner == MINE:
        return follow_ups.filter(owner=request.user)
    if owner == NOBODY:
        return follow_ups.filter(owner__isnull=True)
    return follow_ups.filter(owner_id=owner)


def _lecturers(request):
    lecturers = Lecturer.objects.filter(pk__in=FollowUp.objects.values("lecturer_id")).order_by("name")
    return [(lecturer.pk, lecturer.display_name) for lecturer in lecturers]


def _due(follow_ups, when: str, request):
    today = timezone.localdate()
    if when == OVERDUE:
        return follow_ups.filter(due__lt=today)
    return follow_ups.filter(due__gte=today, due__lte=today + datetime.timedelta(days=7))


FOLLOW_UPS = ListSpec(
    columns=[
        Column("official", _("Official"), en=["official__search_key"]),
        Column("about", _("About")),
        Column("owner", _("Owner")),
        # Expressions, so that follow-ups without a due date come last on every database.
        Column("due", _("Due"), en=[F("due")]),
        Column("state", _("State"), en=[in_order_of("state", FollowUp.State.values), F("due")]),
    ],
    default_sort="due",
    filters=[
        ChoiceFilter("state", _("State"), _states, _in_state, any_label=_("Still to do"), applies_when_empty=True),
        ChoiceFilter("owner", _("Owner"), _owners, _owned_by, any_label=_("Anyone")),
        ChoiceFilter(
            "lecturer", _("Lecturer"), _lecturers, lambda f, v, r: f.filter(lecturer_id=v), any_label=_("Any lecturer")
        ),
        ChoiceFilter(
            "due",
            _("Due"),
            lambda request: [(OVERDUE, _("Overdue")), (THIS_WEEK, _("Due within 7 days"))],
            _due,
            any_label=_("Any time"),
        ),
    ],
    per_page=25,
)
