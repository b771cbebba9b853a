"""Permissions on attendance: roll call, the classroom check-in screen, self check-in.

Attendance is the academy's business: programme staff and the coordinators of the course's academy
take and see it. Sending-unit contacts are not shown it here; an official's own attendance reaches
them through the official's training record. Officials check themselves in through the services,
which refuse with their own reasons (a code expired or forged, not enrolled, check-in not open yet or
closed).
"""

from django.utils.translation import gettext_lazy as _

from peixun.core.permissions import define
from peixun.core.predicates import is_staff_member
from peixun.courses.rules import coordinates_course

define(
    "attendance.view_attendance",
    is_staff_member | coordinates_course,
    _("Only programme staff and the coordinators of this course's academy see its attendance."),
)
define(
    "attendance.take_roll_call",
    is_staff_member | coordinates_course,
    _("Only programme staff and the coordinators of this course's academy take the roll call."),
)
define(
    "attendance.show_checkin_screen",
    is_staff_member | coordinates_course,
    _("Only programme staff and the coordinators of this course's academy show the classroom check-in code."),
)
