"""A notice is its reader's alone."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define


@rules.predicate
def is_addressee(user, notice) -> bool:
    return notice is not None and user.is_authenticated and notice.user_id == user.pk


define("notifications.dismiss_notice", is_addressee, _("This notice is addressed to someone else."))
