"""Timetabling's own records: the timetables the engine proposes, and private calendar subscription links."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class TimetableProposal(models.Model):
    """A timetable the engine proposed for one or more courses, waiting for a person to accept or discard it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")
        IMPOSSIBLE = "impossible", _("No timetable exists")
        #: The engine found no timetable in its time and proved none impossible (its status ``unknown``).
        NOT_FOUND = "not_found", _("No timetable found in time")

    courses = models.ManyToManyField("courses.Course", verbose_name=_("courses"), related_name="timetable_proposals")
    created_by = models.ForeignKey(
        "core.User", verbose_name=_("built by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("built"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        "core.User", verbose_name=_("decided by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    #: The engine's answer: status, objective, bound, gap, times, unmet goals and any explanation.
    outcome = models.JSONField(_("outcome"), default=dict)
    #: Session id → [ISO date, part of day]; module id → ISO first day.
    placements = models.JSONField(_("placements"), default=dict)
    module_first_days = models.JSONField(_("module first days"), default=dict)

    class Meta:
        # The table kept the name it had when the model lived in ``courses``.
        db_table = "courses_timetableproposal"
        verbose_name = _("timetable proposal")
        verbose_name_plural = _("timetable proposals")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedKind(models.TextChoices):
    # Translators: a calendar subscription that holds one course's timetable.
    COURSE = "course", _("Course timetable")
    # Translators: a calendar subscription that holds the sessions one lecturer teaches.
    LECTURER = "lecturer", _("Lecturer's sessions")
    # Translators: a calendar subscription that holds one official's (student's) timetable.
    OFFICIAL = "official", _("Official's timetable")


class CalendarFeed(models.Model):
    """A private iCalendar subscription link.

    Whoever holds the token reads the calendar without logging in, so the feed shows only what its
    owner may see *now*: an owner who loses access (or is deactivated) silences the feed, and a
    revoked feed stays revoked.
    """

    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FeedKind.choices)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    lecturer = models.ForeignKey(
        "people.Lecturer",
        verbose_name=_("lecturer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    official = models.ForeignKey(
        "people.Official",
        verbose_name=_("official"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feeds",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        ordering = ["owner", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=FeedKind.COURSE, course__isnull=False, lecturer__isnull=True, official__isnull=True)
                    | Q(kind=FeedKind.LECTURER, course__isnull=True, lecturer__isnull=False, official__isnull=True)
                    | Q(kind=FeedKind.OFFICIAL, course__isnull=True, lecturer__isnull=True, official__isnull=False)
                ),
                name="calendar_feed_target_matches_kind",
            ),
            # One active link per owner and target: asking again hands back the same link.
            models.UniqueConstraint(
                fields=["owner", "course"],
                condition=Q(revoked_at__isnull=True, kind=FeedKind.COURSE),
                name="calendar_feed_one_active_per_course",
            ),
            models.UniqueConstraint(
                fields=["owner", "lecturer"],
                condition=Q(revoked_at__isnull=True, kind=FeedKind.LECTURER),
                name="calendar_feed_one_active_per_lecturer",
            ),
            models.UniqueConstraint(
                fields=["owner", "official"],
                condition=Q(revoked_at__isnull=True, kind=FeedKind.OFFICIAL),
                name="calendar_feed_one_active_per_official",
            ),
        ]

    def __str__(self) -> str:
        # Never the token: this text lands in audit rows and logs.
        return f"{self.get_kind_display()}: {self.target}"

    @property
    def target(self):
        return {FeedKind.COURSE: self.course, FeedKind.LECTURER: self.lecturer, FeedKind.OFFICIAL: self.official}[
            self.kind
        ]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
