"""Topics, module templates (two to six days) and the sessions of a module's outline."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from peixun.core.i18n import BilingualName, BilingualTitle, pick

from .enums import UNCREDITED_FORMATS, PartOfDay, SessionFormat

MODULE_MIN_DAYS = 2
MODULE_MAX_DAYS = 6


class Topic(BilingualName, models.Model):
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "slug"]


class Module(BilingualTitle, models.Model):
    """A curriculum template. Courses copy it and may then change their copy."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), related_name="modules")
    days = models.PositiveSmallIntegerField(
        _("days"), validators=[MinValueValidator(MODULE_MIN_DAYS), MaxValueValidator(MODULE_MAX_DAYS)]
    )
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    objectives_zh = models.TextField(_("objectives (Chinese)"), blank=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=MODULE_MIN_DAYS, days__lte=MODULE_MAX_DAYS), name="module_days_2_to_6"
            )
        ]

    @property
    def objectives(self) -> str:
        return pick(self.objectives_en, self.objectives_zh)


class OutlineSession(BilingualTitle, models.Model):
    """One session in a module's outline: which day of the module, when, and in what format."""

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.CASCADE, related_name="outline")
    day = models.PositiveSmallIntegerField(_("day of the module"), validators=[MinValueValidator(1)])
    part_of_day = models.PositiveSmallIntegerField(_("part of day"), choices=PartOfDay.choices)
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    class_hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1)
    venues = models.ManyToManyField(
        "academies.Venue",
        verbose_name=_("venues"),
        blank=True,
        related_name="+",
        help_text=_(
            "Where a site visit can go, near each academy: a course takes the first one within reach of its academy."
        ),
    )

    class Meta:
        verbose_name = _("outline session")
        verbose_name_plural = _("outline sessions")
        ordering = ["module", "day", "part_of_day"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(format__in=UNCREDITED_FORMATS) | models.Q(class_hours=0),
                name="outline_meals_credit_no_hours",
            ),
            models.CheckConstraint(condition=models.Q(class_hours__gte=0), name="outline_hours_not_negative"),
        ]

    def venue_for(self, academy):
        """The first of the outline's venues (by id) within reach of ``academy``, or None (read from a prefetch)."""
        return next((v for v in sorted(self.venues.all(), key=lambda v: v.pk) if v.is_within_reach_of(academy)), None)
