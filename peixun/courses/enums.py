"""The choices of courses: a course's status, an enrolment's, and why a session is held as history."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    OPEN = "open", _("Open for nominations")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class EnrolmentStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("Waitlisted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUBSTITUTED = "substituted", _("Substituted")
    DECLINED = "declined", _("Declined")
    COMPLETED = "completed", _("Completed")


#: Statuses that hold a place in the unit's quota.
ACTIVE_STATUSES = (EnrolmentStatus.NOMINATED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED)


class HeldReason(models.TextChoices):
    """Why a session is history: the first that applies, most telling first. Each label completes
    “it stays where it is: …”."""

    CREDITED = "credited", _("class hours for it are in officials' training records")
    ROLL_CALL = "roll_call", _("it has a roll call")
    CHECKED_IN = "checked_in", _("officials have checked in to it")
    FEEDBACK = "feedback", _("officials have given feedback on it")
    STARTED = "started", _("it has started")
