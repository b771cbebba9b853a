"""The officials' training record: an append-only ledger of class hours, the rules it is held to,
external imports and certificates."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from peixun.core.i18n import BilingualName

from .enums import EntrySource, RulePeriod


class AppendOnlyError(ValidationError):
    pass


class LedgerEntry(models.Model):
    """One credit (or, with negative hours, the reversal of one) in an official's training record.

    Entries are never changed or deleted: a mistake is corrected by a reversing entry with a reason.
    The database refuses updates, deletes and TRUNCATE on PostgreSQL (triggers; only the demo reload may
    remove demo officials' entries) and updates on SQLite (``guards.py``); ``save`` and ``delete`` refuse
    them everywhere.
    """

    official = models.ForeignKey(
        "people.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="ledger"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("class hours"), max_digits=6, decimal_places=2)
    source = models.CharField(_("source"), max_length=12, choices=EntrySource.choices)
    title = models.CharField(_("training"), max_length=300)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    import_batch = models.ForeignKey(
        "records.ImportBatch",
        verbose_name=_("imported from"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
    )
    # Who entered an entry stays on it: the entry cannot be changed, so its author cannot be deleted
    # (deactivate the account instead; the admin says so).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_entries_entered",
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)

    class Meta:
        verbose_name = _("training record entry")
        verbose_name_plural = _("training record entries")
        ordering = ["date", "id"]
        indexes = [
            # Every compliance figure is a sum of hours over a range of dates for some officials;
            # the hours in the index let PostgreSQL answer it from the index alone.
            models.Index(fields=["official", "date", "hours"], name="ledger_official_date_hours"),
            models.Index(fields=["date", "official", "hours"], name="ledger_date_official_hours"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(hours=0), name="ledger_hours_not_zero"),
            models.CheckConstraint(
                condition=~models.Q(source=EntrySource.CORRECTION)
                | (models.Q(reverses__isnull=False) & ~models.Q(reason="")),
                name="ledger_correction_reverses_with_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(reverses__isnull=True) | models.Q(source=EntrySource.CORRECTION),
                name="ledger_only_corrections_reverse",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) | models.Q(source=EntrySource.CORRECTION),
                name="ledger_credits_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.title} ({self.hours} h)"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError(_("A training record entry is never changed; record a correction instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(_("A training record entry is never deleted; record a correction instead."))

    @property
    def days(self) -> Decimal:
        return hours_to_days(self.hours)


def hours_to_days(hours: Decimal | None) -> Decimal:
    """Training days are class hours divided by the hours in a training day (PEIXUN_CLASS_HOURS_PER_DAY)."""
    return (Decimal(hours or 0) / settings.PEIXUN_CLASS_HOURS_PER_DAY).quantize(Decimal("0.01"))


class ComplianceRule(BilingualName, models.Model):
    """How much training an official must take in a period: so many days or so many class hours.

    Either form satisfies the rule, so it is met at the smaller of the two in class hours.
    """

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    period = models.CharField(_("period"), max_length=10, choices=RulePeriod.choices)
    years = models.PositiveSmallIntegerField(
        _("years"), default=1, help_text=_("Length of the window of service, in years (for windows of service).")
    )
    required_days = models.DecimalField(_("required days"), max_digits=6, decimal_places=2)
    required_hours = models.DecimalField(_("required class hours"), max_digits=7, decimal_places=2)
    prorate_first_year = models.BooleanField(
        _("prorate the first year"),
        default=True,
        help_text=_("In the year service began, require only the share of the months served (yearly rules)."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("compliance rule")
        verbose_name_plural = _("compliance rules")
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(years__gte=1, years__lte=10), name="rule_years_1_to_10"),
            models.CheckConstraint(
                condition=models.Q(required_days__gt=0, required_hours__gt=0), name="rule_requirements_positive"
            ),
        ]

    @property
    def threshold_hours(self) -> Decimal:
        """Class hours that satisfy the rule: days or hours, whichever is reached first."""
        hours, days = Decimal(str(self.required_hours)), Decimal(str(self.required_days))
        return min(hours, days * settings.PEIXUN_CLASS_HOURS_PER_DAY)


class ImportBatch(models.Model):
    """An Excel sheet of training taken elsewhere: kept as uploaded, previewed, then applied whole or not at all."""

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Previewed")
        APPLIED = "applied", _("Applied")
        DISCARDED = "discarded", _("Discarded")

    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.SET_NULL, null=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)

    class Meta:
        verbose_name = _("import of external training")
        verbose_name_plural = _("imports of external training")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename


class Certificate(models.Model):
    """A certificate of completion of one course, verifiable by its code until it is revoked."""

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), on_delete=models.PROTECT, related_name="certificates"
    )
    official = models.ForeignKey(
        "people.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="certificates"
    )
    code = models.CharField(_("verification code"), max_length=20, unique=True)
    hours = models.DecimalField(_("class hours attended"), max_digits=6, decimal_places=2)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issued by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "official"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_valid_certificate_per_course",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoke_reason=""),
                name="certificate_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
