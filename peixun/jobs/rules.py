"""Who may follow and cancel a job: the person who started it, and programme staff."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_staff_member


@rules.predicate
def started_it(user, job) -> bool:
    return job is not None and user.is_authenticated and job.started_by_id == user.pk


define("jobs.follow_job", started_it | is_staff_member, _("This work was started by someone else."))
define("jobs.cancel_job", started_it | is_staff_member, _("This work was started by someone else."))

# The admin's lists of jobs and outgoing mail (read-only; failed mail can be sent again), for staff.
rules.add_perm("jobs", is_staff_member)
rules.add_perm("jobs.view_job", is_staff_member)
rules.add_perm("jobs.view_outgoingmail", is_staff_member)
