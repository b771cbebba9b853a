"""Who may see and change partners' engagements and the press archive, and what they are told when not.

Partners are the programme's relationships: programme staff manage them (the organisations, their
contacts, what each promised and delivered). A partner contact sees only their own organisation's
engagements and records what took place, nothing else. Coordinators see, read only, what partners
host during their academy's courses, since those happen in their timetable; they do not change the
programme's commitments with sponsors. The press archive, the translated documents and the
acknowledgements are public; only programme staff add to them or change them.
"""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.enums import Role
from peixun.core.permissions import define
from peixun.core.predicates import has_role, is_staff_member
from peixun.courses.rules import coordinates_course

is_partner_contact = has_role(Role.PARTNER)


@rules.predicate
def contact_of_engagement_partner(user, engagement) -> bool:
    return (
        engagement is not None
        and is_partner_contact(user)
        and user.partner_id is not None
        and engagement.partner_id == user.partner_id
    )


@rules.predicate
def is_published(user, item) -> bool:
    return item is not None and bool(item.published)


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
define(
    "partners.manage_press",
    is_staff_member,
    _("Only programme staff add to the press archive and the translated documents, or change them."),
)
define(
    "partners.view_press_item",
    is_published | is_staff_member,
    _("This press item is not shown publicly."),
)
define(
    "partners.view_document",
    is_published | is_staff_member,
    _("This document is not shown publicly."),
)
