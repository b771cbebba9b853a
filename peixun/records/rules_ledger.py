"""Permissions on training records, compliance reports and imports.

A training record is personal data: it is shown to programme staff, to the official, to the contact
of the official's sending unit and to the coordinators of an academy where the official has a
current or completed enrolment (see ``selectors.record_officials``). Only programme staff change it.
"""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_coordinator, is_official, is_staff_member, is_unit_contact
from peixun.courses.models import Enrolment

from .selectors import RECORD_STATUSES


@rules.predicate
def is_the_official(user, official) -> bool:
    return official is not None and official.user_id is not None and official.user_id == user.pk


@rules.predicate
def contact_of_officials_unit(user, official) -> bool:
    return official is not None and is_unit_contact(user) and official.sending_unit_id == user.sending_unit_id


@rules.predicate
def coordinates_officials_academy(user, official) -> bool:
    return (
        official is not None
        and is_coordinator(user)
        and Enrolment.objects.filter(
            official=official, course__academy_id=user.academy_id, status__in=RECORD_STATUSES
        ).exists()
    )


@rules.predicate
def has_own_record(user) -> bool:
    return is_official(user) and hasattr(user, "official")


define(
    "records.view_record",
    is_staff_member | is_the_official | contact_of_officials_unit | coordinates_officials_academy,
    _(
        "An official's training record is shown only to programme staff, the official, their sending unit "
        "and the coordinators of an academy where they are enrolled."
    ),
)
define(
    "records.view_own_record",
    has_own_record,
    _("Your login is not linked to an official, so there is no training record of your own to show."),
)
define(
    "records.add_entry",
    is_staff_member,
    _("Only programme staff add training taken elsewhere to an official's record."),
)
define(
    "records.correct_entry",
    is_staff_member,
    _("Only programme staff correct a training record."),
)
define(
    "records.import",
    is_staff_member,
    _("Only programme staff import training records from a spreadsheet."),
)
define(
    "records.view_compliance",
    is_staff_member | is_coordinator | is_unit_contact,
    _("Compliance reports are for programme staff, academy coordinators and sending-unit contacts."),
)
