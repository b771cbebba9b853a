"""The notice: what one action changed for one person, until they dismiss it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """What one action changed for one person, shown on their start page until they dismiss it.

    ``items`` are the changes, one dict each (a ``Kind`` and the facts in both languages: titles,
    dates, parts of the day), so the notice reads in whichever language its reader uses today.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notices"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    items = models.JSONField(_("changes"), default=list)
    link = models.CharField(_("link"), max_length=300, blank=True)
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["user", "-created_at"], condition=models.Q(dismissed_at__isnull=True), name="notice_open"
            )
        ]

    def __str__(self) -> str:
        from .wording import headline

        return headline(self.items)
