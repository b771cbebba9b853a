"""Organisations, jurisdictions, officials, lecturers and the windows in which lecturers can teach."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from peixun.academies.models import validate_weekdays
from peixun.core.clock import validate_time_zone
from peixun.core.fields import SortKeyField
from peixun.core.i18n import BilingualName, is_chinese, pick

from .enums import JurisdictionLevel, OrganisationKind, PositionCategory
from .pinyin import name_to_pinyin, strip_tones


def validate_languages(value: str) -> None:
    for code in filter(None, (part.strip() for part in value.split(","))):
        if not code.isalpha() or len(code) not in (2, 3):
            raise ValidationError(
                _("Languages are two-letter codes separated by commas, such as “en, zh”; “%(code)s” is not."),
                params={"code": code},
            )


class Organisation(BilingualName, models.Model):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_zh_key = SortKeyField(_("sort key"), of=("name_zh", "name_en"))
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    is_sending_unit = models.BooleanField(
        _("sends officials"), default=False, help_text=_("A unit that nominates its officials into courses.")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en"]


class Jurisdiction(BilingualName, models.Model):
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_zh_key = SortKeyField(_("sort key"), of=("name_zh", "name_en"))
    level = models.CharField(_("level"), max_length=20, choices=JurisdictionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("part of"), on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    population = models.PositiveBigIntegerField(_("population"))

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["name_en"]

    def clean(self):
        node = self.parent
        while node is not None:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A jurisdiction cannot be part of itself.")})
            node = node.parent


class Official(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="official",
    )
    name_zh = models.CharField(_("Chinese name"), max_length=50)
    name_pinyin = models.CharField(_("pinyin"), max_length=120, blank=True, editable=False)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    search_key = models.CharField(_("search key"), max_length=300, editable=False, db_index=True)
    position_category = models.CharField(_("position category"), max_length=30, choices=PositionCategory.choices)
    title_zh = models.CharField(
        pgettext_lazy("an official's post", "post (Chinese)"),
        max_length=200,
        blank=True,
        help_text=_("The official's post, as they write it."),
    )
    title_en = models.CharField(
        pgettext_lazy("an official's post", "post (English)"),
        max_length=200,
        blank=True,
        help_text=_("The post in English, for lecturers and partners who read Peixun in English."),
    )
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("jurisdiction"), on_delete=models.PROTECT, null=True, blank=True
    )
    sending_unit = models.ForeignKey(
        Organisation,
        verbose_name=_("sending unit"),
        on_delete=models.PROTECT,
        related_name="officials",
        limit_choices_to={"is_sending_unit": True},
    )
    service_began = models.DateField(
        _("service began"),
        null=True,
        blank=True,
        help_text=_(
            "The day the official's service began: the five-year training windows count from it. "
            "If only the year is known, enter 1 January of that year."
        ),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_demo = models.BooleanField(_("demo person"), default=False, editable=False)

    class Meta:
        verbose_name = _("official")
        verbose_name_plural = _("officials")
        ordering = ["search_key"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service_began__isnull=True) | models.Q(service_began__gte=datetime.date(1949, 1, 1)),
                name="official_service_began_plausible",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        self.name_pinyin = name_to_pinyin(self.name_zh)
        self.search_key = " ".join(
            filter(None, [strip_tones(self.name_pinyin), strip_tones(self.name_en), self.name_zh])
        )
        super().save(*args, **kwargs)

    @property
    def post(self) -> str:
        """Their post in the reader's language (the other one if that is all there is), or their position category."""
        return pick(self.title_en, self.title_zh) or self.get_position_category_display()

    @property
    def display_name(self) -> str:
        """Chinese readers see the characters; English readers see pinyin with the characters."""
        if is_chinese():
            return self.name_zh
        return f"{self.name_pinyin} ({self.name_zh})" if self.name_pinyin else self.name_zh


class Lecturer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lecturer",
    )
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("name in Chinese"), max_length=120, blank=True)
    name_key = SortKeyField(_("sort key"), of=("name_zh", "name"), name=True)
    affiliation = models.ForeignKey(
        Organisation, verbose_name=_("affiliation"), on_delete=models.PROTECT, related_name="lecturers"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    bio_en = models.TextField(_("biography (English)"), blank=True)
    bio_zh = models.TextField(_("biography (Chinese)"), blank=True)
    topics = models.ManyToManyField("curriculum.Topic", verbose_name=_("topics"), blank=True, related_name="lecturers")
    languages = models.CharField(
        _("languages"), max_length=50, default="en", validators=[validate_languages], help_text=_("For example: en, zh")
    )
    time_zone = models.CharField(_("home time zone"), max_length=60, default="UTC", validators=[validate_time_zone])
    preferred_weekdays = models.JSONField(
        _("preferred weekdays"),
        default=list,
        blank=True,
        validators=[validate_weekdays],
        help_text=_("Days of the week the lecturer prefers to teach; timetabling favours them. Empty: no preference."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    is_demo = models.BooleanField(_("demo person"), default=False, editable=False)

    class Meta:
        verbose_name = _("lecturer")
        verbose_name_plural = _("lecturers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def post(self) -> str:
        """Their post in the reader's language (the other one if that is all there is), or their position category."""
        return pick(self.title_en, self.title_zh) or self.get_position_category_display()

    @property
    def display_name(self) -> str:
        if is_chinese() and self.name_zh:
            return self.name_zh
        return self.name

    @property
    def bio(self) -> str:
        return (self.bio_zh or self.bio_en) if is_chinese() else (self.bio_en or self.bio_zh)


class Availability(models.Model):
    """A window of dates, inclusive, in which a lecturer can teach in China."""

    lecturer = models.ForeignKey(
        Lecturer, verbose_name=_("lecturer"), on_delete=models.CASCADE, related_name="availability"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("availability window")
        verbose_name_plural = _("availability windows")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="availability_start_before_end")
        ]

    def __str__(self) -> str:
        return f"{self.start} – {self.end}"

    def clean(self):
        if self.start and self.end and self.start > self.end:
            raise ValidationError({"end": _("The window ends before it begins.")})
