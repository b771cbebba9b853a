"""Who may see and change partners' engagements, and what they are told when not.

Partners are the programme's relationships: programme staff manage them (the organisations, their
contacts, what each promised and delivered). A partner contact sees only their own organisation's
engagements and records what took place, nothing else. Coordinators see, read only, what partners
host during their academy's courses, since those happen in their timetable; they do not change the
programme's commitments with sponsors. The acknowledgements are public. The press archive's rules
are in ``press/rules.py``, imported here so that django-rules, which loads this module, finds them.
"""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.enums import Role
from peixun.core.permissions import define
from peixun.core.predicates import has_role, is_staff_member
from peixun.courses.rules import coordinates_course

from .press import rules as press_rules  # noqa: F401 (django-rules loads this module only: it brings the press rules)

is_partner_contact = has_role(Role.PARTNER)


@rules.predicate
def contact_of_engagement_partner(user, engagement) -> bool:
    return (
        engagement is not None
        and is_partner_contact(user)
        and user.partner_id is not None
        and engagement.partner_id == user.partner_id
    )


define(
    "partners.view_partners",
    is_staff_member,
    _(
        "Only programme staff see the partners' pages. Partner contacts see their own organisation's "
        "engagements under “Your engagements”."
    ),
)
define(
    "partners.manage_engagements",
    is_staff_member,
    _("Only programme staff record and change partners' engagements."),
)
define(
    "partners.view_course_engagements",
    is_staff_member | coordinates_course,
    _("Only programme staff and the coordinators of this course's academy see what partners host during it."),
)
define(
    "partners.view_own_engagements",
    is_partner_contact,
    _("This page is for partner contacts: it shows their own organisation's engagements."),
)
define(
    "partners.report_delivery",
    is_staff_member | contact_of_engagement_partner,
    _("Only the partner's own contacts and programme staff record what took place."),
)
