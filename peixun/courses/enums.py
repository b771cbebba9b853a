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
