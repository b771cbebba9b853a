"""API tokens: a person's named keys for other systems to call the API as them. Only a hash is kept."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TokenScope(models.TextChoices):
    READ = "read", _("Read")
    READ_WRITE = "read_write", _("Read and write")


class ApiToken(models.Model):
    """One token. The secret is shown once when made; the table keeps its SHA-256 and a short prefix."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    scope = models.CharField(_("scope"), max_length=20, choices=TokenScope.choices, default=TokenScope.READ)
    prefix = models.CharField(
        _("prefix"), max_length=16, help_text=_("The token's first characters, to tell it apart.")
    )
    digest = models.CharField(_("hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def may_write(self) -> bool:
        return self.scope == TokenScope.READ_WRITE


class WebhookEvent(models.TextChoices):
    """What an endpoint may be told of; the value is the event's ``type`` in the body."""

    NOMINATION_CONFIRMED = "nomination.confirmed", _("Nomination confirmed")
    NOMINATION_WITHDRAWN = "nomination.withdrawn", _("Nomination withdrawn")
    NOMINATION_WAITLISTED = "nomination.waitlisted", _("Nomination waitlisted")
    TIMETABLE_CHANGED = "timetable.changed", _("Timetable changed (a proposal accepted)")
    ATTENDANCE_RECORDED = "attendance.recorded", _("Attendance recorded")
    CERTIFICATE_ISSUED = "certificate.issued", _("Certificate issued")


class WebhookEndpoint(models.Model):
    """An address of another system that programme staff set up to be told of events, signed with its secret."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Which system this is, for people."))
    url = models.URLField(
        _("address"), max_length=500, help_text=_("Where the events are posted (https:// in production).")
    )
    secret = models.CharField(
        _("secret"),
        max_length=200,
        help_text=_("Shared with the receiving system, which checks each event's signature with it."),
    )
    events = models.JSONField(_("events"), default=list, help_text=_("The kinds of event sent to this address."))
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Only active endpoints are sent events."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class DeliveryState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("webhook delivery", "Waiting")
    SENDING = "sending", pgettext_lazy("webhook delivery", "Being sent")
    DELIVERED = "delivered", pgettext_lazy("webhook delivery", "Delivered")
    FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")


class WebhookDelivery(models.Model):
    """One event for one endpoint: written with the change that caused it, sent after the commit, retried
    with backoff until the endpoint answers 2xx."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(_("event id"), db_index=True)
    event = models.CharField(_("event"), max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(_("body"), default=dict)
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=~models.Q(state="delivered"), name="webhook_waiting")
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"


class WebhookAttempt(models.Model):
    """One try at posting a delivery: what the endpoint answered, or why nothing came back."""

    delivery = models.ForeignKey(
        WebhookDelivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempt_rows"
    )
    at = models.DateTimeField(_("at"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    response = models.TextField(_("answer"), blank=True, help_text=_("The first characters the endpoint answered."))
    duration_ms = models.PositiveIntegerField(_("time taken (ms)"), default=0)

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery} @ {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
