"""Who may do what with courses, and what they are told when they may not."""

import rules
from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_coordinator, is_staff_member, is_unit_contact

from .selectors import sees_course


@rules.predicate
def coordinates_course(user, course) -> bool:
    return course is not None and is_coordinator(user) and course.academy_id == user.academy_id


@rules.predicate
def coordinates_academy(user, academy) -> bool:
    return academy is not None and is_coordinator(user) and academy.pk == user.academy_id


@rules.predicate
def can_see_course(user, course) -> bool:
    return course is not None and sees_course(user, course)


@rules.predicate
def has_quota_in_course(user, course) -> bool:
    return course is not None and is_unit_contact(user) and course.quotas.filter(unit_id=user.sending_unit_id).exists()


@rules.predicate
def coordinates_enrolment(user, enrolment) -> bool:
    return enrolment is not None and coordinates_course(user, enrolment.course)


@rules.predicate
def contact_of_enrolment_unit(user, enrolment) -> bool:
    return enrolment is not None and is_unit_contact(user) and enrolment.unit_id == user.sending_unit_id


define("courses.view_course", is_staff_member | can_see_course, _("This course is not among the courses you can see."))
define(
    "courses.add_course",
    is_staff_member | is_coordinator,
    _("Only programme staff and academy coordinators can create courses."),
)
define(
    "courses.add_course_at",
    is_staff_member | coordinates_academy,
    _("Coordinators can create courses only at their own academy."),
)
define(
    "courses.change_course",
    is_staff_member | coordinates_course,
    _("Only programme staff and the coordinators of this course's academy can change it."),
)
# The roster's page and its exports (CSV, Excel) answer to this one rule, and show the rows of one scope
# (selectors.roster): a sending unit's contact sees, and takes away, their own unit's nominees only.
define(
    "courses.view_roster",
    is_staff_member | coordinates_course | has_quota_in_course,
    _("Only programme staff, the academy's coordinators and the sending units of this course see its roster."),
)
define(
    "courses.view_history",
    is_staff_member | coordinates_course,
    _("Only programme staff and the academy's coordinators see the history of changes."),
)
define(
    "courses.set_quota",
    is_staff_member | coordinates_course,
    _("Only programme staff and the academy's coordinators set the sending units' quotas."),
)
define(
    "courses.nominate",
    is_staff_member | has_quota_in_course,
    _("Only a sending unit with a quota for this course can nominate officials into it."),
)
define(
    "courses.decide_enrolment",
    is_staff_member | coordinates_enrolment,
    _("Only programme staff and the academy's coordinators confirm or decline nominations."),
)
define(
    "courses.withdraw_enrolment",
    is_staff_member | coordinates_enrolment | contact_of_enrolment_unit,
    _("Only programme staff, the academy's coordinators and the official's own sending unit can withdraw them."),
)
define(
    "courses.substitute_enrolment",
    is_staff_member | coordinates_enrolment | contact_of_enrolment_unit,
    _("Only the official's own sending unit, programme staff or the academy's coordinators can substitute them."),
)

define(
    "courses.build_timetable",
    is_staff_member | coordinates_course,
    _("Only programme staff and the coordinators of this course's academy build its timetable."),
)
define(
    "courses.build_portfolio",
    is_staff_member,
    _("Only programme staff build the timetables of several academies' courses at once."),
)
