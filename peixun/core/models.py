"""The user who logs in (role and scope) and the audit event that records each change that matters."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .clock import validate_time_zone
from .enums import Language, Role
from .i18n import is_chinese


class User(AbstractUser):
    """A person who logs in. The role says what they may do; the scope fields say where."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICIAL)
    academy = models.ForeignKey(
        "academies.Academy",
        verbose_name=_("academy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("For academy coordinators and reviewers: the academy they work for."),
    )
    sending_unit = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("sending unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contacts",
        help_text=_("For sending-unit contacts: the unit whose officials they nominate."),
    )
    partner = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("partner organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_contacts",
        help_text=_("For partner contacts: the organisation whose engagements they see."),
    )
    language = models.CharField(_("language"), max_length=10, choices=Language.choices, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=60,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("Times are shown in this time zone. Empty: the programme's time zone (Beijing time)."),
    )
    name_zh = models.CharField(
        _("Chinese name"),
        max_length=60,
        blank=True,
        help_text=_("Shown instead of the first and last name to those who read Peixun in Chinese."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=[Role.COORDINATOR, Role.REVIEWER]) | models.Q(academy__isnull=False),
                name="user_academy_role_has_academy",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.UNIT_CONTACT) | models.Q(sending_unit__isnull=False),
                name="user_unit_contact_has_unit",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.PARTNER) | models.Q(partner__isnull=False),
                name="user_partner_contact_has_partner",
            ),
        ]

    def save(self, *args, **kwargs):
        # Django admin is for programme staff only; the role decides, not a separate flag.
        self.is_staff = self.is_superuser or self.role == Role.STAFF
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        """The name as the reader's language writes it: the Chinese name in Chinese (陈静), first name
        and last name in English (Jing Chen); either when the other is missing."""
        english = super().get_full_name()
        if is_chinese():
            return self.name_zh or english
        return english or self.name_zh

    def __str__(self) -> str:
        """The person's name as the reader's language writes it; the username of an account without one."""
        return self.get_full_name() or self.username

    @property
    def is_programme_staff(self) -> bool:
        return self.is_active and (self.role == Role.STAFF or self.is_superuser)

    @property
    def navigation_key(self) -> str:
        """What the main navigation depends on: its rendering is cached under this key (base.html)."""
        return (
            f"{self.pk}:{self.role}:{self.is_active:d}{self.is_staff:d}{self.is_superuser:d}"
            f":{self.academy_id}:{self.sending_unit_id}:{self.partner_id}"
        )


class AuditEvent(models.Model):
    """One change that matters: who, when, what, and the values before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.SET_NULL, null=True, blank=True
    )
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=300)
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"
