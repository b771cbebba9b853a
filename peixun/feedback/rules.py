"""Who may give, see and act on feedback, and what they are told when they may not.

Officials rate the sessions they took part in (see ``selectors`` for the exact rule). Results are
for programme staff (everything, with names), the coordinators of an academy (its courses, without
names) and lecturers (their own sessions, without names); see ``selectors`` for the small-number rule.
Follow-up is programme staff's work; a lecturer sees the follow-ups that concern them.
"""

import rules
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_coordinator, is_staff_member

from .selectors import feedback_sessions, lecturer_of, official_of, rating_refusal, result_sessions


@rules.predicate
def has_own_official(user) -> bool:
    return official_of(user) is not None


@rules.predicate
def has_own_lecturer(user) -> bool:
    return lecturer_of(user) is not None


@rules.predicate
def may_rate_session(user, session) -> bool:
    official = official_of(user)
    if official is None or session is None:
        return False
    session = feedback_sessions(official).select_related("course__academy").filter(pk=session.pk).first()
    return session is not None and rating_refusal(session, timezone.now()) is None


@rules.predicate
def can_see_session_results(user, session) -> bool:
    return session is not None and result_sessions(user).filter(pk=session.pk).exists()


define(
    "feedback.rate_sessions",
    has_own_official,
    _("Session feedback is given by officials, from a login linked to their official's record."),
)
define(
    "feedback.rate_session",
    may_rate_session,
    _(
        "You can give feedback only on sessions of your courses that you attended, from when they begin "
        "until feedback on them closes."
    ),
)
define(
    "feedback.view_dashboard",
    is_staff_member | is_coordinator,
    _(
        "The feedback dashboard is for programme staff and academy coordinators; "
        "lecturers see the results of their own sessions under “Your feedback”."
    ),
)
define(
    "feedback.view_own_results",
    has_own_lecturer,
    _("Only lecturers see feedback on their own sessions, from a login linked to their lecturer's record."),
)
define(
    "feedback.view_session_results",
    is_staff_member | can_see_session_results,
    _("A session's feedback is shown only to programme staff, the coordinators of its academy and its lecturers."),
)
define(
    "feedback.view_respondents",
    is_staff_member,
    _("Only programme staff see who gave which answers; everyone else sees them without names."),
)
define(
    "feedback.manage_follow_ups",
    is_staff_member,
    _("Only programme staff see and manage the follow-up with officials."),
)
define(
    "feedback.view_own_follow_ups",
    has_own_lecturer,
    _("Only lecturers see the follow-ups that concern them, from a login linked to their lecturer's record."),
)
