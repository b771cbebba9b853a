"""A background job's record, and an e-mail waiting to be (or that could not be) sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import UNFINISHED, JobState, MailState


class Job(models.Model):
    """One piece of long work run off the request: who started it, how far it is, how it ended.

    Progress, errors and results are kept as message codes with their parameters, never as sentences,
    so that each reader sees them in their own language (``wording.py``). ``key`` names the work (say,
    one course's build): while one job of a kind and key is unfinished, starting it again returns that
    job instead of running the work twice.
    """

    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("key"), max_length=200, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.FloatField(_("progress"), default=0.0)
    progress_message = models.CharField(_("progress message"), max_length=60, blank=True)
    progress_params = models.JSONField(_("progress message parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error_code = models.CharField(_("error"), max_length=60, blank=True)
    error_params = models.JSONField(_("error parameters"), default=dict, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key"],
                condition=models.Q(state__in=UNFINISHED) & ~models.Q(key=""),
                name="job_one_unfinished_per_key",
            ),
            models.CheckConstraint(condition=models.Q(progress__gte=0, progress__lte=1), name="job_progress_0_to_1"),
        ]
        indexes = [models.Index(fields=["started_by", "-created_at"], name="job_by_starter")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.state not in UNFINISHED


class OutgoingMail(models.Model):
    """One e-mail, kept from the moment it is written until it is sent, and kept after; one that could
    not be sent after every retry stays here, failed, for staff to see and send again."""

    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    subject = models.CharField(_("subject"), max_length=998)
    recipients = models.JSONField(_("recipients"), default=list)
    message = models.JSONField(_("message"), default=dict)
    state = models.CharField(_("state"), max_length=10, choices=MailState.choices, default=MailState.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=~models.Q(state=MailState.SENT), name="mail_waiting")
        ]

    def __str__(self) -> str:
        return self.subject
