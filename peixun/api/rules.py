"""Who may read what through the API beyond the pages' own rules, and who manages API tokens."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_coordinator, is_staff_member


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and user.is_authenticated and token.user_id == user.pk


define("api.manage_tokens", rules.is_active, _("Log in to manage your API tokens."))
define(
    "api.revoke_token",
    owns_token | is_staff_member,
    _("Only the token's owner can revoke it."),
)
# The module templates are read where a course's modules are added from them: by programme staff (and in
# the admin) and by academy coordinators (courses.change_course on their courses).
define(
    "api.view_module_templates",
    is_staff_member | is_coordinator,
    _("Only programme staff and academy coordinators see the curriculum's module templates."),
)
# Topics name the modules, sessions and presentations every logged-in person reads.
define("api.view_topics", rules.is_authenticated, _("Log in to see the curriculum's topics."))

# Webhook endpoints are set up by programme staff in the admin, where every delivery and attempt is listed.
define(
    "api.manage_webhooks",
    is_staff_member,
    _("Only programme staff set up webhook endpoints."),
)
rules.add_perm("api", is_staff_member)
for _model in ("webhookendpoint",):
    for _verb in ("view", "add", "change", "delete"):
        rules.add_perm(f"api.{_verb}_{_model}", is_staff_member)
rules.add_perm("api.view_webhookdelivery", is_staff_member)
rules.add_perm("api.view_webhookattempt", is_staff_member)
