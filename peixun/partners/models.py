"""Corporate partners' engagements with the programme, and the press archive."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from peixun.core.fields import SortKeyField
from peixun.core.i18n import BilingualTitle, pick


class Engagement(models.Model):
    """What a partner organisation hosts for a course: a dinner, a lunch, a site visit, a workshop, an exhibition."""

    class Kind(models.TextChoices):
        DINNER = "dinner", _("Dinner")
        LUNCH = "lunch", _("Lunch")
        SITE_VISIT = "site_visit", _("Site visit")
        WORKSHOP = "workshop", _("Workshop")
        EXHIBITION = "exhibition", _("Exhibition")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CONFIRMED = "confirmed", _("Confirmed")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    partner = models.ForeignKey(
        "people.Organisation", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="engagements"
    )
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="engagements"
    )
    session = models.ForeignKey(
        "courses.Session",
        verbose_name=_("session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="engagements",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PROPOSED)
    promised_en = models.TextField(
        _("promised (English)"), blank=True, help_text=_("What the partner undertook to provide.")
    )
    promised_zh = models.TextField(_("promised (Chinese)"), blank=True)
    delivered_en = models.TextField(_("delivered (English)"), blank=True, help_text=_("What actually took place."))
    delivered_zh = models.TextField(_("delivered (Chinese)"), blank=True)
    guests_promised = models.PositiveSmallIntegerField(_("guests promised"), null=True, blank=True)
    guests_delivered = models.PositiveSmallIntegerField(_("guests hosted"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("partner engagement")
        verbose_name_plural = _("partner engagements")
        ordering = ["course", "session__date", "id"]

    def __str__(self) -> str:
        return f"{self.partner} · {self.get_kind_display()} · {self.course}"

    @property
    def is_reported(self) -> bool:
        """Whether what took place is written, in either language."""
        return bool(self.delivered_en or self.delivered_zh)


class PressItem(BilingualTitle, models.Model):
    """An article about the programme, kept in both languages."""

    date = models.DateField(_("date"))
    outlet = models.ForeignKey(
        "people.Organisation", verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="press_items"
    )
    title_en = models.CharField(_("headline (English)"), max_length=300)
    title_zh = models.CharField(_("headline (Chinese)"), max_length=300)
    title_zh_key = SortKeyField(_("sort key"), of=("title_zh", "title_en"))
    url = models.URLField(_("link"), blank=True, max_length=500)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    courses = models.ManyToManyField("courses.Course", verbose_name=_("courses"), blank=True, related_name="press")
    published = models.BooleanField(_("shown publicly"), default=True)

    class Meta:
        verbose_name = _("press item")
        verbose_name_plural = _("press archive")
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["-date"])]

    @property
    def summary(self) -> str:
        return pick(self.summary_en, self.summary_zh)


class TranslatedDocument(BilingualTitle, models.Model):
    """A document the programme translated (a city's sustainability plan in Chinese, say)."""

    title_en = models.CharField(_("title (English)"), max_length=300)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    date = models.DateField(_("date"))
    jurisdiction = models.ForeignKey(
        "people.Jurisdiction", verbose_name=_("place"), on_delete=models.PROTECT, null=True, blank=True
    )
    source_file = models.FileField(_("original"), upload_to="documents/%Y/", blank=True)
    translated_file = models.FileField(_("translation"), upload_to="documents/%Y/", blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    published = models.BooleanField(_("shown publicly"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("translated document")
        verbose_name_plural = _("translated documents")
        ordering = ["-date", "id"]
