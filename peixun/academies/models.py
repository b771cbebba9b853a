"""Academies (their time zone, course limits and times of day) and the venues courses use."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from peixun.core.clock import validate_time_zone
from peixun.core.fields import SortKeyField
from peixun.core.i18n import BilingualName, pick

DEFAULTS = settings.PEIXUN_COURSE_DEFAULTS

WEEKDAY_NAMES = [
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
]


def validate_weekdays(value) -> None:
    if not isinstance(value, list) or any(not isinstance(d, int) or not 0 <= d <= 6 for d in value):
        raise ValidationError(_("Open days must be a list of weekday numbers from 0 (Monday) to 6 (Sunday)."))


def _clock(text: str) -> datetime.time:
    return datetime.time.fromisoformat(text)


#: When each part of the day runs, unless an academy says otherwise (morning, afternoon, evening).
PART_TIMES = settings.PEIXUN_PART_TIMES


class Academy(BilingualName, models.Model):
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_zh_key = SortKeyField(_("sort key"), of=("name_zh", "name_en"))
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    city_zh = models.CharField(_("city (Chinese)"), max_length=100, blank=True)
    min_course_days = models.PositiveSmallIntegerField(_("shortest course (days)"), default=DEFAULTS["min_course_days"])
    max_course_days = models.PositiveSmallIntegerField(_("longest course (days)"), default=DEFAULTS["max_course_days"])
    min_capacity = models.PositiveSmallIntegerField(_("smallest class"), default=DEFAULTS["min_capacity"])
    max_capacity = models.PositiveSmallIntegerField(_("largest class"), default=DEFAULTS["max_capacity"])
    usual_capacity = models.PositiveSmallIntegerField(
        _("usual class size"),
        default=DEFAULTS["usual_capacity"],
        help_text=_("A new course at this academy starts with this many seats."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=60,
        default=settings.TIME_ZONE,
        validators=[validate_time_zone],
        help_text=_("Session times are in this time zone."),
    )
    morning_start = models.TimeField(_("morning begins"), default=_clock(PART_TIMES[1][0]))
    morning_end = models.TimeField(_("morning ends"), default=_clock(PART_TIMES[1][1]))
    afternoon_start = models.TimeField(_("afternoon begins"), default=_clock(PART_TIMES[2][0]))
    afternoon_end = models.TimeField(_("afternoon ends"), default=_clock(PART_TIMES[2][1]))
    evening_start = models.TimeField(_("evening begins"), default=_clock(PART_TIMES[3][0]))
    evening_end = models.TimeField(_("evening ends"), default=_clock(PART_TIMES[3][1]))

    class Meta:
        verbose_name = _("academy")
        verbose_name_plural = _("academies")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_course_days__lte=models.F("max_course_days"), min_course_days__gte=1),
                name="academy_course_days_range",
            ),
            models.CheckConstraint(
                condition=models.Q(min_capacity__lte=models.F("max_capacity"), min_capacity__gte=1),
                name="academy_capacity_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    usual_capacity__gte=models.F("min_capacity"), usual_capacity__lte=models.F("max_capacity")
                ),
                name="academy_usual_capacity_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    morning_start__lt=models.F("morning_end"),
                    afternoon_start__lt=models.F("afternoon_end"),
                    evening_start__lt=models.F("evening_end"),
                ),
                name="academy_day_parts_end_after_start",
            ),
        ]

    @property
    def city(self) -> str:
        return pick(self.city_en, self.city_zh)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def part_times(self, part: int) -> tuple[datetime.time, datetime.time]:
        """When ``part`` of the day (1 morning, 2 afternoon, 3 evening) begins and ends at this academy."""
        name = {1: "morning", 2: "afternoon", 3: "evening"}[int(part)]
        return getattr(self, f"{name}_start"), getattr(self, f"{name}_end")


class VenueQuerySet(models.QuerySet):
    def within_reach_of(self, academy: Academy) -> "VenueQuerySet":
        """Venues a course at ``academy`` can use: its own rooms, and hosts outside every academy in its city."""
        if not academy.city_en:
            return self.filter(models.Q(academy=academy) | models.Q(academy__isnull=True))
        return self.filter(models.Q(academy=academy) | models.Q(academy__isnull=True, city_en__iexact=academy.city_en))


class Venue(BilingualName, models.Model):
    class Kind(models.TextChoices):
        ROOM = "room", _("Classroom")
        SITE = "site", _("Site-visit host")
        RESTAURANT = "restaurant", _("Restaurant")
        HALL = "hall", _("Exhibition hall")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ROOM)
    academy = models.ForeignKey(
        Academy,
        verbose_name=_("academy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
        help_text=_("Leave empty for a host outside the academies, such as a company's site."),
    )
    host = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="venues",
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    city_en = models.CharField(
        _("city (English)"),
        max_length=100,
        blank=True,
        help_text=_("For a host outside the academies: courses use it only at academies in the same city."),
    )
    city_zh = models.CharField(_("city (Chinese)"), max_length=100, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    open_days = models.JSONField(
        _("open days"),
        default=list,
        validators=[validate_weekdays],
        help_text=_("Weekday numbers on which the venue can be used: 0 is Monday, 6 is Sunday."),
    )

    objects = VenueQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name_en"]

    @property
    def city(self) -> str:
        if self.academy_id:
            return self.academy.city
        return pick(self.city_en, self.city_zh)

    def is_within_reach_of(self, academy: Academy) -> bool:
        if self.academy_id:
            return self.academy_id == academy.pk
        return not academy.city_en or self.city_en.casefold() == academy.city_en.casefold()

    def is_open_on(self, weekday: int) -> bool:
        return weekday in self.open_days

    @property
    def open_day_names(self) -> list[str]:
        return [str(WEEKDAY_NAMES[d]) for d in sorted(self.open_days)]
