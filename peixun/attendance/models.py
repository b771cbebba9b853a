"""One official's attendance at one session: status, reason, how and by whom recorded, when credited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import CREDITED_STATUSES, AttendanceMethod, AttendanceStatus


class Attendance(models.Model):
    """Whether one confirmed official attended one session. Changes go through the services (audited)."""

    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="attendance"
    )
    enrolment = models.ForeignKey(
        "courses.Enrolment", verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="attendance"
    )
    official = models.ForeignKey(
        "people.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    method = models.CharField(_("how recorded"), max_length=10, choices=AttendanceMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded"))
    # Set when the session's class hours are credited to the ledger (once it has ended); emptied when a
    # later mark reverses that credit. Crediting looks for marks present or late with this still empty.
    credited_at = models.DateTimeField(_("class hours credited"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "official"], name="attendance_once_per_session"),
            models.CheckConstraint(
                condition=~models.Q(status=AttendanceStatus.EXCUSED) | ~models.Q(reason=""),
                name="attendance_excused_has_reason",
            ),
        ]
        indexes = [
            # The marks still to credit, found by every run of the crediting without reading the others.
            models.Index(
                fields=["session"],
                condition=models.Q(status__in=CREDITED_STATUSES, credited_at__isnull=True),
                name="attendance_to_credit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.official} · {self.session}: {self.get_status_display()}"
