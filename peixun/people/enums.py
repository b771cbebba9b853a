"""The choices of people: an organisation's kind, a jurisdiction's level and an official's position."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government body")
    SOE = "soe", _("State-owned enterprise")
    ACADEMY = "academy", _("Training academy")
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    NGO = "ngo", _("NGO or foundation")
    INTERNATIONAL = "international", _("International organisation")
    MEDIA = "media", _("Media outlet")


class JurisdictionLevel(models.TextChoices):
    PROVINCE = "province", _("Province-level")
    PREFECTURE = "prefecture", _("Prefecture-level city")
    COUNTY = "county", _("County")
    DISTRICT = "district", _("District")


class PositionCategory(models.TextChoices):
    MAYOR = "mayor", _("Mayor")
    VICE_MAYOR = "vice_mayor", _("Vice mayor")
    PARTY_SECRETARY = "party_secretary", _("Party secretary")
    BUREAU_OFFICER = "bureau_officer", _("Central-government bureau officer")
    PROVINCIAL_OFFICIAL = "provincial_official", _("Provincial official")
    SOE_EXECUTIVE = "soe_executive", _("State-owned-enterprise executive")
    OTHER = "other", _("Other")
