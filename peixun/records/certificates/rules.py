"""Permissions on certificates.

Verifying a certificate by its code is public and needs no permission; everything else does. The
training transcript is the training record as a PDF: it follows the record's rules
(``records.view_record`` and ``records.view_own_record``, in ``rules_ledger``), not rules of its own.
"""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_official, is_staff_member
from peixun.courses.rules import coordinates_course
from peixun.records.rules_ledger import contact_of_officials_unit, has_own_record


@rules.predicate
def coordinates_certificate_course(user, certificate) -> bool:
    return certificate is not None and coordinates_course(user, certificate.course)


@rules.predicate
def holds_certificate(user, certificate) -> bool:
    return certificate is not None and is_official(user) and certificate.official.user_id == user.pk


@rules.predicate
def contact_of_certificate_unit(user, certificate) -> bool:
    return certificate is not None and contact_of_officials_unit(user, certificate.official)


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
    "certificates.view_own",
    has_own_record,
    _("Only officials have certificates of their own; this login is not linked to an official."),
)
