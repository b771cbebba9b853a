"""What officials think of each session, and the follow-up it leads to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: The questions of every session's feedback form: (field, English label); each is answered 1-5.
RATINGS = (
    ("interest", _("How interesting was it?")),
    ("local_growth", _("Relevance to local growth")),
    ("differentiation", _("Relevance to your city's differentiation")),
    ("community_health", _("Relevance to community health")),
    ("applicability", _("Applicability to your city")),
)


class Evaluation(models.Model):
    """One official's feedback on one session. Lecturers see it only in aggregate, never who wrote it."""

    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.PROTECT, related_name="evaluations"
    )
    official = models.ForeignKey(
        "people.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="evaluations"
    )
    interest = models.PositiveSmallIntegerField(_("interest"))
    local_growth = models.PositiveSmallIntegerField(_("local growth"))
    differentiation = models.PositiveSmallIntegerField(_("differentiation"))
    community_health = models.PositiveSmallIntegerField(_("community health"))
    applicability = models.PositiveSmallIntegerField(_("applicability"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    wants_follow_up = models.BooleanField(_("wants to follow up"), default=False)
    # The lecturer learns who asked to follow up only if the official said so on the form.
    name_shared_with_lecturer = models.BooleanField(_("name shared with the lecturer"), default=False)
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("session feedback")
        verbose_name_plural = _("session feedback")
        constraints = [
            models.UniqueConstraint(fields=["session", "official"], name="evaluation_once_per_session"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__gte": 1, f"{field}__lte": 5}), name=f"evaluation_{field}_1_to_5"
                )
                for field, _label in RATINGS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.official}"


class FollowUp(models.Model):
    """A task: someone gets back to an interested official, with a lecturer or a partner, on a topic."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    official = models.ForeignKey(
        "people.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    evaluation = models.OneToOneField(
        Evaluation,
        verbose_name=_("from feedback"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_up",
    )
    session = models.ForeignKey(
        "courses.Session", verbose_name=_("session"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lecturer = models.ForeignKey(
        "people.Lecturer",
        verbose_name=_("lecturer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    partner = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    topic = models.ForeignKey(
        "curriculum.Topic", verbose_name=_("topic"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["state", "due"])]

    def __str__(self) -> str:
        return f"{self.official} · {self.get_state_display()}"
