"""Who may see and change the press archive and the translated documents: both are public once
published, and only programme staff add to them or change them."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_staff_member


@rules.predicate
def is_published(user, item) -> bool:
    return item is not None and bool(item.published)


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
