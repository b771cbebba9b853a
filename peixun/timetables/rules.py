"""Who may subscribe to which calendar, and who may revoke a subscription link."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_staff_member
from peixun.courses.rules import can_see_course
from peixun.people.rules import is_the_lecturer


@rules.predicate
def is_the_official(user, official) -> bool:
    return official is not None and official.user_id is not None and official.user_id == user.pk


@rules.predicate
def owns_feed(user, feed) -> bool:
    return feed is not None and feed.owner_id == user.pk


define(
    "timetables.subscribe_course",
    is_staff_member | can_see_course,
    _("You can subscribe only to the timetables of courses you can see."),
)
define(
    "timetables.subscribe_lecturer",
    is_staff_member | is_the_lecturer,
    _("Only the lecturer and programme staff can subscribe to a lecturer's sessions."),
)
define(
    "timetables.subscribe_official",
    is_staff_member | is_the_official,
    _("Only the official and programme staff can subscribe to an official's timetable."),
)
define(
    "timetables.revoke_feed",
    is_staff_member | owns_feed,
    _("Only the person who created this subscription link, or programme staff, can revoke it."),
)
define(
    "timetables.advanced_settings",
    is_staff_member,
    _("Only programme staff set the timetabling weights as numbers and export timetabling problems."),
)
