"""Who may search and see officials, see lecturers and academies, and change a lecturer's availability."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_coordinator, is_staff_member, is_unit_contact

from .selectors import visible_officials


@rules.predicate
def can_see_official(user, official) -> bool:
    return official is not None and visible_officials(user).filter(pk=official.pk).exists()


define(
    "people.search_officials",
    is_staff_member | is_coordinator | is_unit_contact,
    _("Only programme staff, academy coordinators and sending-unit contacts can search officials."),
)
define(
    "people.see_official",
    is_staff_member | can_see_official,
    _(
        "This official's record is shown only to programme staff, their academy's coordinators, "
        "their sending unit and themselves."
    ),
)


@rules.predicate
def is_the_lecturer(user, lecturer) -> bool:
    return lecturer is not None and lecturer.user_id is not None and lecturer.user_id == user.pk


define(
    "people.manage_availability",
    is_staff_member | is_the_lecturer,
    _("Only the lecturer and programme staff can change a lecturer's availability."),
)
define(
    "people.see_lecturer",
    rules.is_authenticated,
    _("Log in to see lecturers."),
)
define(
    "academies.see_academy",
    rules.is_authenticated,
    _("Log in to see academies."),
)
