"""Permissions on certificates and training documents.

Verifying a certificate by its code is public and needs no permission; everything else does.
"""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_official, is_staff_member, is_unit_contact
from peixun.courses.rules import coordinates_course


@rules.predicate
def coordinates_certificate_course(user, certificate) -> bool:
    return certificate is not None and coordinates_course(user, certificate.course)


@rules.predicate
def holds_certificate(user, certificate) -> bool:
    return certificate is not None and is_official(user) and certificate.official.user_id == user.pk


@rules.predicate
def is_the_official(user, official) -> bool:
    return official is not None and is_official(user) and official.user_id == user.pk


@rules.predicate
def contact_of_officials_unit(user, official) -> bool:
    return official is not None and is_unit_contact(user) and official.sending_unit_id == user.sending_unit_id


@rules.predicate
def contact_of_certificate_unit(user, certificate) -> bool:
    return certificate is not None and contact_of_officials_unit(user, certificate.official)


@rules.predicate
def has_official_record(user) -> bool:
    return is_official(user) and hasattr(user, "official")


define(
    "certificates.manage_course",
    is_staff_member | coordinates_course,
    _("Only programme staff and the coordinators of this course's academy issue and revoke its certificates."),
)
define(
    "certificates.download",
    is_staff_member | coordinates_certificate_course | holds_certificate | contact_of_certificate_unit,
    _(
        "A certificate is shown only to the official who holds it, their sending unit, the coordinators "
        "of the course's academy and programme staff."
    ),
)
define(
    "certificates.view_transcript",
    is_staff_member | is_the_official | contact_of_officials_unit,
    _("An official's training transcript is shown only to the official, their sending unit and programme staff."),
)
define(
    "certificates.view_own",
    has_official_record,
    _("Only officials have certificates of their own; this login is not linked to an official."),
)
