"""The choices of training records: an entry's source, a rule's period and compliance statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EntrySource(models.TextChoices):
    COURSE = "course", _("Peixun course")
    EXTERNAL = "external", _("Training elsewhere")
    CORRECTION = "correction", _("Correction")


class RulePeriod(models.TextChoices):
    YEAR = "year", _("Each calendar year")
    SERVICE = "service", _("Each window of service")


class ComplianceStatus(models.TextChoices):
    """Ordered from best to worst; an official's overall status is the worst of their rules'."""

    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    SHORT = "short", _("Short")


STATUS_ORDER = [ComplianceStatus.MET, ComplianceStatus.ON_TRACK, ComplianceStatus.AT_RISK, ComplianceStatus.SHORT]
