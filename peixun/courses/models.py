"""Courses, the modules they teach, their sessions and lecturers, unit quotas and enrolments."""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from peixun.core.fields import SortKeyField
from peixun.core.i18n import BilingualTitle, pick
from peixun.curriculum.enums import UNCREDITED_FORMATS, PartOfDay, SessionFormat

from .enums import CourseStatus, EnrolmentStatus

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class Course(BilingualTitle, models.Model):
    academy = models.ForeignKey(
        "academies.Academy", verbose_name=_("academy"), on_delete=models.PROTECT, related_name="courses"
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_zh_key = SortKeyField(_("sort key"), of=("title_zh", "title_en"))
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    day_off = models.PositiveSmallIntegerField(_("weekly day off"), choices=WEEKDAYS, default=6)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    status = models.CharField(_("status"), max_length=20, choices=CourseStatus.choices, default=CourseStatus.PLANNING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # How automatic timetabling treats this course.
    fixed_module_order = models.BooleanField(
        _("modules in their order"), default=False, help_text=_("Timetabling keeps the modules in the order listed.")
    )
    max_class_hours_per_day = models.DecimalField(
        _("class hours a day, at most"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("6.0"),
        help_text=_("Timetabling tries not to plan more class hours on one day."),
    )
    timetable_weights = models.JSONField(
        _("weights of the timetabling goals"),
        default=dict,
        blank=True,
        help_text=_("Only the weights that differ from the defaults."),
    )

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-start", "title_en"]
        constraints = [
            models.CheckConstraint(condition=models.Q(start__lte=models.F("end")), name="course_start_before_end"),
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="course_capacity_positive"),
            models.CheckConstraint(condition=models.Q(day_off__gte=0, day_off__lte=6), name="course_day_off_weekday"),
        ]

    @property
    def length_days(self) -> int:
        return (self.end - self.start).days + 1

    def all_days(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=i) for i in range(self.length_days)]

    def course_days(self) -> list[datetime.date]:
        return [d for d in self.all_days() if d.weekday() != self.day_off]

    def is_course_day(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end and day.weekday() != self.day_off


class CourseModule(BilingualTitle, models.Model):
    """A module as this course teaches it: copied from the template, then free to diverge."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules")
    template = models.ForeignKey(
        "curriculum.Module",
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="course_modules",
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    objectives_en = models.TextField(_("objectives (English)"), blank=True)
    objectives_zh = models.TextField(_("objectives (Chinese)"), blank=True)
    topics = models.ManyToManyField("curriculum.Topic", verbose_name=_("topics"), blank=True)
    days = models.PositiveSmallIntegerField(_("days"))
    first_day = models.DateField(_("first day"), null=True, blank=True)

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        # course_id, not course: ordering by the relation would join the course to sort by its own order.
        ordering = ["course_id", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=2, days__lte=6), name="course_module_days_2_to_6")
        ]

    @property
    def objectives(self) -> str:
        return pick(self.objectives_en, self.objectives_zh)

    def dates(self) -> list[datetime.date]:
        """The module's course days: ``days`` consecutive course days from ``first_day``."""
        if self.first_day is None:
            return []
        days = [d for d in self.course.course_days() if d >= self.first_day]
        return days[: self.days]


class Session(BilingualTitle, models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="sessions")
    module = models.ForeignKey(
        CourseModule,
        verbose_name=_("module"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    date = models.DateField(_("date"))
    part_of_day = models.PositiveSmallIntegerField(_("part of day"), choices=PartOfDay.choices)
    format = models.CharField(_("format"), max_length=20, choices=SessionFormat.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    lecturers = models.ManyToManyField(
        "people.Lecturer",
        verbose_name=_("lecturers"),
        through="SessionLecturer",
        related_name="sessions",
        blank=True,
    )
    venue = models.ForeignKey(
        "academies.Venue",
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    sponsor = models.ForeignKey(
        "people.Organisation",
        verbose_name=_("sponsoring partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_sessions",
    )
    class_hours = models.DecimalField(_("class hours"), max_digits=4, decimal_places=1)
    # Empty: the academy's times for the part of the day. A move to another part of the day clears them.
    start_time = models.TimeField(_("begins"), null=True, blank=True)
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Automatic timetabling leaves it where it is.")
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["date", "part_of_day", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(format__in=UNCREDITED_FORMATS) | models.Q(class_hours=0),
                name="session_meals_credit_no_hours",
            ),
            models.CheckConstraint(
                condition=models.Q(class_hours__gte=0, class_hours__lte=12), name="session_hours_in_range"
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True, end_time__isnull=True)
                | models.Q(start_time__isnull=False, end_time__isnull=False, start_time__lt=models.F("end_time")),
                name="session_times_both_or_none_and_in_order",
            ),
        ]
        indexes = [models.Index(fields=["course", "date", "part_of_day"])]

    def clock_times(self) -> tuple[datetime.time, datetime.time]:
        """When the session begins and ends, local time at its academy."""
        if self.start_time is not None and self.end_time is not None:
            return self.start_time, self.end_time
        return self.course.academy.part_times(self.part_of_day)

    @property
    def starts_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.clock_times()[0], tzinfo=self.course.academy.zone)

    @property
    def ends_at(self) -> datetime.datetime:
        return datetime.datetime.combine(self.date, self.clock_times()[1], tzinfo=self.course.academy.zone)


class SessionLecturer(models.Model):
    """A lecturer teaching a session. The slot is copied here so the database itself refuses
    to put one lecturer in two sessions at the same time, across every course."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="lecturer_slots"
    )
    lecturer = models.ForeignKey(
        "people.Lecturer", verbose_name=_("lecturer"), on_delete=models.PROTECT, related_name="slots"
    )
    date = models.DateField(_("date"))
    part_of_day = models.PositiveSmallIntegerField(_("part of day"), choices=PartOfDay.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["lecturer", "date", "part_of_day"], name="lecturer_one_session_at_a_time"),
            models.UniqueConstraint(fields=["session", "lecturer"], name="session_lecturer_once"),
        ]


class UnitQuota(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="quotas")
    unit = models.ForeignKey(
        "people.Organisation", verbose_name=_("sending unit"), on_delete=models.PROTECT, related_name="quotas"
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=5, help_text=_("1 is the highest. The waitlist is ordered by priority, then by time.")
    )

    class Meta:
        verbose_name = _("unit quota")
        verbose_name_plural = _("unit quotas")
        ordering = ["priority", "unit__name_en"]
        constraints = [models.UniqueConstraint(fields=["course", "unit"], name="one_quota_per_unit_per_course")]

    def __str__(self) -> str:
        return f"{self.unit}: {self.seats}"


class Enrolment(models.Model):
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="enrolments")
    official = models.ForeignKey(
        "people.Official", verbose_name=_("official"), on_delete=models.PROTECT, related_name="enrolments"
    )
    unit = models.ForeignKey(
        "people.Organisation", verbose_name=_("sending unit"), on_delete=models.PROTECT, related_name="enrolments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.NOMINATED
    )
    priority = models.PositiveSmallIntegerField(_("unit priority"), default=5)
    nominated_at = models.DateTimeField(_("nominated"))
    nominated_by = models.ForeignKey(
        "core.User", verbose_name=_("nominated by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaced_by",
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course_id", "status", "priority", "nominated_at", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "official"], name="one_enrolment_per_official")]
        indexes = [models.Index(fields=["course", "status", "priority", "nominated_at"])]

    def __str__(self) -> str:
        return f"{self.official} — {self.course}"
