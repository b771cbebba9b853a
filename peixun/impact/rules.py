"""Who may see the programme's impact.

The dashboard and its exports (Excel, PDF) are for programme staff, who see every academy, and for
academy coordinators, who see their own academy's courses only. The public figures and the public
snippet show totals only, no personal data, and are open to everyone, logged in or not.
"""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_coordinator, is_staff_member


@rules.predicate
def coordinates_academy(user, academy) -> bool:
    return academy is not None and is_coordinator(user) and academy.pk == user.academy_id


define(
    "impact.view_dashboard",
    is_staff_member | is_coordinator,
    _("The impact dashboard is for programme staff and academy coordinators."),
)
define(
    "impact.view_academy",
    is_staff_member | coordinates_academy,
    _("Academy coordinators see the impact of their own academy only."),
)
define("impact.view_public_figures", rules.always_allow, _("Everyone may see the public figures."))
