"""Every change to courses, their timetable and their rosters goes through these functions.

Each one is atomic, checks the rules, and records an audit row in the same transaction. Those that
change someone's week tell them (``notifications.py`` decides who, ``peixun.notifications`` writes
the notices in the same transaction and sends the e-mails once it has committed).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peixun.academies.models import Academy, Venue
from peixun.api import webhooks
from peixun.api.models import WebhookEvent
from peixun.core import clock
from peixun.core.audit import diff, record_event, required_reason, snapshot
from peixun.core.models import User
from peixun.curriculum.models import Module
from peixun.notifications.enums import Kind
from peixun.notifications.services import notify
from peixun.people.models import Lecturer, Official, Organisation

from . import checks, notifications
from .enums import ACTIVE_STATUSES, CourseStatus, EnrolmentStatus
from .held import begun_first_day, begun_message, held_reason, held_sessions, part_begins, stays_message
from .models import Course, CourseModule, Enrolment, Session, SessionLecturer, UnitQuota

if TYPE_CHECKING:
    from peixun.timetables.services import TimetablePlan

COURSE_FIELDS = (
    "academy",
    "title_en",
    "title_zh",
    "start",
    "end",
    "day_off",
    "capacity",
    "status",
    "fixed_module_order",
    "max_class_hours_per_day",
    "timetable_weights",
)
MODULE_FIELDS = ("title_en", "title_zh", "objectives_en", "objectives_zh", "days", "first_day", "order")
SESSION_FIELDS = (
    "date",
    "part_of_day",
    "format",
    "title_en",
    "title_zh",
    "venue",
    "sponsor",
    "class_hours",
    "start_time",
    "end_time",
    "module",
    "pinned",
)

#: What a held session keeps: where and when it took place.
HELD_FIELDS = ("date", "part_of_day", "start_time", "end_time")
_TITLES = ("title_en", "title_zh")


def raise_if_errors(problems: Iterable[checks.Problem]) -> list[str]:
    """Refuse on errors (grouped by field, as forms show them); hand warnings back."""
    problems = list(problems)
    found = checks.errors(problems)
    if found:
        by_field: dict[str, list[str]] = {}
        for problem in found:
            by_field.setdefault(problem.field or "__all__", []).append(problem.message)
        raise ValidationError(by_field)
    return [p.message for p in checks.warnings(problems)]


# Courses -------------------------------------------------------------------------------------


@transaction.atomic
def create_course(
    *,
    actor: User,
    academy: Academy,
    title_en: str,
    title_zh: str,
    start: datetime.date,
    end: datetime.date,
    day_off: int,
    capacity: int,
    modules: Iterable[Module] = (),
    status: str = CourseStatus.PLANNING,
) -> tuple[Course, list[str]]:
    warnings = raise_if_errors(
        checks.check_course(academy=academy, start=start, end=end, day_off=day_off, capacity=capacity)
    )
    course = Course.objects.create(
        academy=academy,
        title_en=title_en,
        title_zh=title_zh,
        start=start,
        end=end,
        day_off=day_off,
        capacity=capacity,
        status=status,
    )
    record_event(
        actor=actor,
        action="course.created",
        instance=course,
        course=course,
        changes={k: [None, v] for k, v in snapshot(course, COURSE_FIELDS).items()},
    )
    for order, template in enumerate(modules, start=1):
        add_module_from_template(actor=actor, course=course, template=template, order=order)
    return course, warnings


@transaction.atomic
def update_course(*, actor: User, course: Course, **fields) -> list[str]:
    course = Course.objects.select_for_update().get(pk=course.pk)
    before = snapshot(course, COURSE_FIELDS)
    for name, value in fields.items():
        if name not in COURSE_FIELDS:
            raise TypeError(f"update_course() got an unexpected field {name!r}")
        setattr(course, name, value)
    warnings = raise_if_errors(
        checks.check_course(
            academy=course.academy, start=course.start, end=course.end, day_off=course.day_off, capacity=course.capacity
        )
    )
    confirmed = seats_taken(course)
    if course.capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _("%(confirmed)d officials are already confirmed; the capacity cannot go below that.")
                % {"confirmed": confirmed}
            }
        )
    _refuse_stranded_timetable(course)
    course.save()
    changes = diff(before, snapshot(course, COURSE_FIELDS))
    if changes:
        record_event(actor=actor, action="course.changed", instance=course, course=course, changes=changes)
    promoted = _fill_free_seats(actor, course)
    notify(actor=actor, changes=[c for seat in promoted for c in notifications.enrolment_changed(seat, Kind.PROMOTED)])
    return warnings


def _refuse_stranded_timetable(course: Course) -> None:
    """New dates or a new day off must leave every module and session where the rules allow."""
    modules = list(course.modules.all())
    for module in modules:
        module.course = course
        problems = checks.errors(checks.check_module(course=course, days=module.days, first_day=module.first_day))
        if problems:
            raise ValidationError(
                _("The module “%(module)s” would no longer fit: %(problem)s Move it first.")
                % {"module": module, "problem": problems[0].message}
            )
    module_dates = {module.pk: module.dates() for module in modules}
    stranded = [
        session
        for session in course.sessions.all()
        if not course.is_course_day(session.date)
        or (session.module_id is not None and session.date not in module_dates.get(session.module_id, []))
    ]
    if stranded:
        raise ValidationError(
            ngettext(
                "%(count)d session, “%(session)s”, would fall outside the course, its day off or its module; "
                "move it first.",
                "%(count)d sessions, such as “%(session)s”, would fall outside the course, its day off or their "
                "modules; move them first.",
                len(stranded),
            )
            % {"count": len(stranded), "session": stranded[0]}
        )


# Modules -------------------------------------------------------------------------------------


@transaction.atomic
def add_module_from_template(
    *, actor: User, course: Course, template: Module, order: int | None = None
) -> CourseModule:
    if order is None:
        order = (course.modules.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    module = CourseModule.objects.create(
        course=course,
        template=template,
        order=order,
        title_en=template.title_en,
        title_zh=template.title_zh,
        objectives_en=template.objectives_en,
        objectives_zh=template.objectives_zh,
        days=template.days,
    )
    module.topics.set(template.topics.all())
    record_event(
        actor=actor,
        action="module.added",
        instance=module,
        course=course,
        changes={"template": [None, str(template)]},
    )
    return module


@transaction.atomic
def update_course_module(*, actor: User, module: CourseModule, **fields) -> CourseModule:
    module = CourseModule.objects.select_for_update().select_related("course").get(pk=module.pk)
    before = snapshot(module, MODULE_FIELDS)
    for name, value in fields.items():
        if name not in MODULE_FIELDS:
            raise TypeError(f"update_course_module() got an unexpected field {name!r}")
        setattr(module, name, value)
    raise_if_errors(checks.check_module(course=module.course, days=module.days, first_day=module.first_day))
    module.save()
    stranded = [s for s in module.sessions.all() if s.date not in module.dates()]
    if stranded:
        raise ValidationError(
            _("%(count)d of the module's sessions would fall outside its days, such as “%(session)s”; move them first.")
            % {"count": len(stranded), "session": stranded[0]}
        )
    changes = diff(before, snapshot(module, MODULE_FIELDS))
    if changes:
        record_event(actor=actor, action="module.changed", instance=module, course=module.course, changes=changes)
    return module


# Sessions ------------------------------------------------------------------------------------


def _store_lecturers(session: Session, lecturers: list[Lecturer]) -> None:
    session.lecturer_slots.all().delete()
    try:
        with transaction.atomic():
            SessionLecturer.objects.bulk_create(
                SessionLecturer(session=session, lecturer=lecturer, date=session.date, part_of_day=session.part_of_day)
                for lecturer in lecturers
            )
    except IntegrityError:
        # Another request booked one of these lecturers into the same slot after our check.
        raise ValidationError(
            {"lecturers": _("One of the lecturers was just booked elsewhere at this time; reload and try again.")}
        ) from None


def _session_snapshot(session: Session) -> dict:
    data = snapshot(session, SESSION_FIELDS)
    data["lecturers"] = sorted(str(lecturer) for lecturer in session.lecturers.all()) if session.pk else []
    return data


@transaction.atomic
def create_session(
    *,
    actor: User,
    course: Course,
    date: datetime.date,
    part_of_day: int,
    format: str,
    title_en: str,
    title_zh: str,
    class_hours: Decimal,
    lecturers: Iterable[Lecturer] = (),
    venue: Venue | None = None,
    sponsor: Organisation | None = None,
    module: CourseModule | None = None,
    pinned: bool = False,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
) -> Session:
    lecturers = list(dict.fromkeys(lecturers))
    raise_if_errors(
        checks.check_session(
            course=course,
            date=date,
            part_of_day=part_of_day,
            format=format,
            class_hours=class_hours,
            lecturers=lecturers,
            venue=venue,
            module=module,
        )
    )
    session = Session.objects.create(
        course=course,
        date=date,
        part_of_day=part_of_day,
        format=format,
        title_en=title_en,
        title_zh=title_zh,
        class_hours=class_hours,
        venue=venue,
        sponsor=sponsor,
        module=module,
        pinned=pinned,
        start_time=start_time,
        end_time=end_time,
    )
    _store_lecturers(session, lecturers)
    record_event(
        actor=actor,
        action="session.created",
        instance=session,
        course=course,
        changes={k: [None, v] for k, v in _session_snapshot(session).items()},
    )
    return session


def _clear_own_times(session: Session) -> None:
    """A session moved to another part of the day takes that part's times at its academy."""
    session.start_time = session.end_time = None


@transaction.atomic
def update_session(*, actor: User, session: Session, lecturers: Iterable[Lecturer] | None = None, **fields) -> Session:
    session = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    before = _session_snapshot(session)
    slot_before = (session.date, session.part_of_day)
    lecturers_before = list(session.lecturers.select_related("user"))
    was = Session(course=session.course, **{name: getattr(session, name) for name in HELD_FIELDS + _TITLES})
    was.pk = session.pk
    for name, value in fields.items():
        if name not in SESSION_FIELDS:
            raise TypeError(f"update_session() got an unexpected field {name!r}")
        setattr(session, name, value)
    if session.part_of_day != before["part_of_day"] and "start_time" not in fields:
        _clear_own_times(session)
    held = _refuse_moving_held(session, was)
    lecturers = lecturers_before if lecturers is None else list(dict.fromkeys(lecturers))
    problems = checks.check_session(
        course=session.course,
        date=session.date,
        part_of_day=session.part_of_day,
        format=session.format,
        class_hours=session.class_hours,
        lecturers=lecturers,
        venue=session.venue,
        module=session.module,
        session=session,
    )
    if held:
        # Where it was held is history: the course's days and the module's are checked around it.
        problems = [p for p in problems if p.field != "date"]
    raise_if_errors(problems)
    session.save()
    _store_lecturers(session, lecturers)
    changes = diff(before, _session_snapshot(session))
    if changes:
        record_event(actor=actor, action="session.changed", instance=session, course=session.course, changes=changes)
    notify(
        actor=actor,
        changes=notifications.session_changed(
            session=session, before=slot_before, lecturers_before=lecturers_before, lecturers_after=lecturers
        ),
    )
    return session


def _refuse_moving_held(session: Session, was: Session) -> bool:
    """A held session keeps its date, part of the day and times; returns whether it is held."""
    reason = held_reason(was)
    if reason is None:
        return False
    if any(getattr(session, name) != getattr(was, name) for name in HELD_FIELDS):
        raise ValidationError(
            [
                stays_message(was, reason),
                _("Its date, part of the day and times can no longer change; its other details can."),
            ]
        )
    return True


@transaction.atomic
def delete_session(*, actor: User, session: Session, reason: str) -> None:
    """Remove a session from the timetable; its lecturers and the confirmed officials are told why."""
    reason = required_reason(reason, message=_("Say why the session is removed."))
    session = Session.objects.select_for_update().select_related("course").get(pk=session.pk)
    held = held_reason(session)
    if held is not None:
        raise ValidationError(
            _("“%(session)s” cannot be removed: %(reason)s.") % {"session": session, "reason": held.label}
        )
    try:
        Collector(using=router.db_for_write(Session)).collect([session])
    except ProtectedError as error:
        kinds = sorted({str(record._meta.verbose_name_plural) for record in error.protected_objects})
        raise ValidationError(
            _("“%(session)s” cannot be removed: records refer to it (%(records)s).")
            % {"session": session, "records": ", ".join(kinds)}
        ) from None
    before = _session_snapshot(session)
    notify(
        actor=actor,
        changes=notifications.session_cancelled(
            session=session, lecturers=session.lecturers.select_related("user"), reason=reason
        ),
    )
    record_event(
        actor=actor,
        action="session.deleted",
        instance=session,
        course=session.course,
        changes={k: [v, None] for k, v in before.items()} | {"reason": [None, reason]},
    )
    session.delete()


# Quotas and enrolments -----------------------------------------------------------------------


@transaction.atomic
def set_unit_quota(*, actor: User, course: Course, unit: Organisation, seats: int, priority: int) -> UnitQuota:
    if not unit.is_sending_unit:
        raise ValidationError({"unit": _("%(unit)s does not send officials.") % {"unit": unit}})
    quota, created = UnitQuota.objects.select_for_update().get_or_create(
        course=course, unit=unit, defaults={"seats": seats, "priority": priority}
    )
    before = {"seats": None, "priority": None} if created else snapshot(quota, ("seats", "priority"))
    in_use = course.enrolments.filter(unit=unit, status__in=ACTIVE_STATUSES).count()
    if seats < in_use:
        raise ValidationError(
            {
                "seats": _("%(unit)s already has %(count)d officials nominated; the quota cannot go below that.")
                % {"unit": unit, "count": in_use}
            }
        )
    quota.seats, quota.priority = seats, priority
    quota.save()
    course.enrolments.filter(unit=unit).update(priority=priority)
    changes = diff(before, snapshot(quota, ("seats", "priority")))
    if changes:
        record_event(actor=actor, action="quota.set", instance=quota, course=course, changes=changes)
    return quota


def _lock_course(course: Course) -> Course:
    """Serialise every seat-changing request of one course (a row lock on PostgreSQL; on SQLite the
    IMMEDIATE transaction already holds the write lock)."""
    return Course.objects.select_for_update().get(pk=course.pk)


def _decide(actor: User, enrolment: Enrolment, status: str, *, action: str, course=None, reason: str = "") -> str:
    """Move ``enrolment`` to ``status`` as of now, audited as ``action``; returns the status it had.
    ``course`` is the locked course the caller holds, kept on the enrolment for what follows."""
    before = enrolment.status
    enrolment.status = status
    enrolment.decided_at = timezone.now()
    enrolment.save(update_fields=["status", "decided_at"])
    if course is not None:
        enrolment.course = course
    _enrolment_event(actor, action, enrolment, before, reason)
    return before


def _enrolment_event(actor: User, action: str, enrolment: Enrolment, before: str | None, reason: str = "") -> None:
    changes = {"status": [before, enrolment.status]}
    if reason:
        changes["reason"] = [None, reason]
    record_event(actor=actor, action=action, instance=enrolment, course=enrolment.course, changes=changes)


@transaction.atomic
def nominate_official(*, actor: User, course: Course, official: Official) -> Enrolment:
    course = _lock_course(course)
    if course.status != CourseStatus.OPEN:
        raise ValidationError(_("Nominations for “%(course)s” are not open.") % {"course": course})
    quota = UnitQuota.objects.filter(course=course, unit=official.sending_unit).first()
    if quota is None:
        raise ValidationError(
            _("%(unit)s has no quota for “%(course)s”.") % {"unit": official.sending_unit, "course": course}
        )
    existing = Enrolment.objects.select_for_update().filter(course=course, official=official).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise ValidationError(
            _("%(official)s is already on this course (%(status)s).")
            % {"official": official, "status": existing.get_status_display().lower()}
        )
    used = Enrolment.objects.filter(course=course, unit=official.sending_unit, status__in=ACTIVE_STATUSES).count()
    if used >= quota.seats:
        raise ValidationError(
            ngettext(
                "%(unit)s has used the %(seats)d place of its quota for this course.",
                "%(unit)s has used all %(seats)d places of its quota for this course.",
                quota.seats,
            )
            % {"unit": official.sending_unit, "seats": quota.seats}
        )
    now = timezone.now()
    before = existing.status if existing else None
    enrolment = existing or Enrolment(course=course, official=official)
    enrolment.unit = official.sending_unit
    enrolment.status = EnrolmentStatus.NOMINATED
    enrolment.priority = quota.priority
    enrolment.nominated_at = now
    enrolment.nominated_by = actor
    enrolment.decided_at = None
    enrolment.replaces = None
    enrolment.save()
    _enrolment_event(actor, "enrolment.nominated", enrolment, before)
    return enrolment


CLOSED_COURSE_STATUSES = (CourseStatus.FINISHED, CourseStatus.CANCELLED)


def seats_taken(course: Course) -> int:
    return Enrolment.objects.filter(course=course, status=EnrolmentStatus.CONFIRMED).count()


@transaction.atomic
def confirm_nomination(*, actor: User, enrolment: Enrolment) -> Enrolment:
    """Confirm a nomination if a seat is free; otherwise put it on the waitlist."""
    course = _lock_course(enrolment.course)
    if course.status in CLOSED_COURSE_STATUSES:
        raise ValidationError(
            _("“%(course)s” is %(status)s; nobody can be confirmed into it.")
            % {"course": course, "status": course.get_status_display().lower()}
        )
    enrolment = Enrolment.objects.select_for_update().select_related("official").get(pk=enrolment.pk)
    if enrolment.status != EnrolmentStatus.NOMINATED:
        raise ValidationError(
            _("Only a nomination can be confirmed; %(official)s is %(status)s.")
            % {"official": enrolment.official, "status": enrolment.get_status_display().lower()}
        )
    status = EnrolmentStatus.CONFIRMED if seats_taken(course) < course.capacity else EnrolmentStatus.WAITLISTED
    _decide(actor, enrolment, status, action=f"enrolment.{status}", course=course)
    webhooks.emit(f"nomination.{status}", lambda: webhooks.enrolment_data(enrolment))
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        notify(actor=actor, changes=notifications.enrolment_changed(enrolment, Kind.NOMINATION_WAITLISTED))
    return enrolment


@transaction.atomic
def decline_nomination(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment:
    """Decline a nomination or a waitlisted place; the official and their unit are told why. The unit
    may nominate the official again while nominations are open."""
    reason = required_reason(reason, message=_("Say why the nomination is declined."))
    enrolment = Enrolment.objects.select_for_update().select_related("official", "course").get(pk=enrolment.pk)
    if enrolment.status not in (EnrolmentStatus.NOMINATED, EnrolmentStatus.WAITLISTED):
        raise ValidationError(
            _("Only a nomination or a waitlisted place can be declined; %(official)s is %(status)s.")
            % {"official": enrolment.official, "status": enrolment.get_status_display().lower()}
        )
    _decide(actor, enrolment, EnrolmentStatus.DECLINED, action="enrolment.declined", reason=reason)
    notify(actor=actor, changes=notifications.enrolment_changed(enrolment, Kind.NOMINATION_DECLINED, reason=reason))
    return enrolment


def waitlist(course: Course):
    return Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITLISTED).order_by(
        "priority", "nominated_at", "id"
    )


@transaction.atomic
def withdraw_enrolment(*, actor: User, enrolment: Enrolment, reason: str) -> Enrolment | None:
    """Withdraw an official, saying why. A freed seat goes at once to the first on the waitlist, who is returned."""
    reason = required_reason(reason, message=_("Say why the official is withdrawn."))
    course = _lock_course(enrolment.course)
    enrolment = Enrolment.objects.select_for_update().select_related("official").get(pk=enrolment.pk)
    if enrolment.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("%(official)s cannot be withdrawn: the enrolment is %(status)s.")
            % {"official": enrolment.official, "status": enrolment.get_status_display().lower()}
        )
    _decide(actor, enrolment, EnrolmentStatus.WITHDRAWN, action="enrolment.withdrawn", course=course, reason=reason)
    webhooks.emit(WebhookEvent.NOMINATION_WITHDRAWN, lambda: webhooks.enrolment_data(enrolment))
    promoted = _fill_free_seats(actor, course)
    changes = notifications.enrolment_changed(enrolment, Kind.WITHDRAWN, reason=reason)
    changes += [change for seat in promoted for change in notifications.enrolment_changed(seat, Kind.PROMOTED)]
    notify(actor=actor, changes=changes)
    return promoted[0] if promoted else None


def _fill_free_seats(actor: User, course: Course) -> list[Enrolment]:
    """Give every free seat, at once, to the first on the waitlist. The course must be locked."""
    free = course.capacity - seats_taken(course)
    if free <= 0:
        return []
    promoted = list(waitlist(course).select_for_update().select_related("official", "unit")[:free])
    for enrolment in promoted:
        _decide(actor, enrolment, EnrolmentStatus.CONFIRMED, action="enrolment.promoted", course=course)
        webhooks.emit(WebhookEvent.NOMINATION_CONFIRMED, lambda enrolment=enrolment: webhooks.enrolment_data(enrolment))
    return promoted


@transaction.atomic
def substitute_official(*, actor: User, enrolment: Enrolment, official: Official) -> Enrolment:
    """Give a nominee's place (confirmed seat or waitlist position) to another official of the same unit."""
    course = _lock_course(enrolment.course)
    enrolment = Enrolment.objects.select_for_update().select_related("official").get(pk=enrolment.pk)
    if enrolment.status not in ACTIVE_STATUSES:
        raise ValidationError(
            _("%(official)s no longer holds a place to pass on (%(status)s).")
            % {"official": enrolment.official, "status": enrolment.get_status_display().lower()}
        )
    if official.sending_unit_id != enrolment.unit_id:
        raise ValidationError(
            {
                "official": _("%(official)s is not an official of %(unit)s.")
                % {"official": official, "unit": enrolment.unit}
            }
        )
    existing = Enrolment.objects.select_for_update().filter(course=course, official=official).first()
    if existing is not None and existing.status in ACTIVE_STATUSES:
        raise ValidationError(
            {
                "official": _("%(official)s is already on this course (%(status)s).")
                % {"official": official, "status": existing.get_status_display().lower()}
            }
        )
    held = _decide(actor, enrolment, EnrolmentStatus.SUBSTITUTED, action="enrolment.substituted", course=course)

    replacement = existing or Enrolment(course=course, official=official)
    before = existing.status if existing else None
    replacement.unit = enrolment.unit
    replacement.status = held
    replacement.priority = enrolment.priority
    replacement.nominated_at = enrolment.nominated_at
    replacement.nominated_by = actor
    replacement.decided_at = enrolment.decided_at
    replacement.replaces = enrolment
    # An official re-nominated after handing on an earlier place can hand this one on too; the
    # one-to-one link moves to the newest replacement, and the audit rows keep the earlier one.
    Enrolment.objects.filter(replaces=enrolment).exclude(pk=replacement.pk).update(replaces=None)
    replacement.save()
    record_event(
        actor=actor,
        action="enrolment.substitute",
        instance=replacement,
        course=course,
        changes={"status": [before, held], "replaces": [None, str(enrolment.official)]},
    )
    return replacement


# Whole timetables -----------------------------------------------------------------------------


@transaction.atomic
def apply_timetables(*, actor: User, plans: Sequence[TimetablePlan]) -> int:
    """Move modules and sessions of one or more courses at once, as if each had been moved by hand.

    Every session keeps its lecturers; the final timetables must keep every rule, or nothing changes.
    Returns how many sessions moved. The plans are :class:`peixun.timetables.services.TimetablePlan`s;
    this is the one function that writes a whole timetable.
    """
    courses = {plan.course.pk: _lock_course(plan.course) for plan in plans}
    _refuse_rewriting_history(courses, plans)
    moved: list[tuple[Session, dict, tuple[datetime.date, int]]] = []
    created: list[Session] = []
    for plan in plans:
        course = courses[plan.course.pk]
        for module in CourseModule.objects.select_for_update().filter(course=course, pk__in=plan.module_first_days):
            first_day = plan.module_first_days[module.pk]
            if module.first_day != first_day:
                before = snapshot(module, MODULE_FIELDS)
                module.first_day = first_day
                module.save(update_fields=["first_day"])
                record_event(
                    actor=actor,
                    action="module.changed",
                    instance=module,
                    course=course,
                    changes=diff(before, snapshot(module, MODULE_FIELDS)),
                )
        created += _create_from_outlines(actor, course, plan.new_sessions, plan.new_session_venues)
        sessions = Session.objects.select_for_update().filter(course=course, pk__in=plan.placements)
        for session in sessions:
            date, part = plan.placements[session.pk]
            if (session.date, session.part_of_day) != (date, part):
                moved.append((session, _session_snapshot(session), (session.date, session.part_of_day)))
                if session.part_of_day != part:
                    _clear_own_times(session)
                session.date, session.part_of_day = date, part
    # Free every moved lecturer slot before taking the new ones, so sessions may swap places.
    slots = SessionLecturer.objects.filter(session__in=[session for session, _before, _slot in moved])
    teaching = [(slot.session_id, slot.lecturer_id) for slot in slots]
    slots.delete()
    placed = {session.pk: session for session, _before, _slot in moved}
    for session in placed.values():
        session.save(update_fields=["date", "part_of_day", "start_time", "end_time"])
    try:
        with transaction.atomic():
            SessionLecturer.objects.bulk_create(
                SessionLecturer(
                    session_id=session_id,
                    lecturer_id=lecturer_id,
                    date=placed[session_id].date,
                    part_of_day=placed[session_id].part_of_day,
                )
                for session_id, lecturer_id in teaching
            )
    except IntegrityError:
        raise ValidationError(
            _("A lecturer of this timetable was just booked elsewhere at one of its times; build it again.")
        ) from None
    for course in courses.values():
        _refuse_broken_timetable(course)
    for session, before, _slot in moved:
        record_event(
            actor=actor,
            action="session.changed",
            instance=session,
            course=courses[session.course_id],
            changes=diff(before, _session_snapshot(session)),
        )
    taught_by: dict[int, list[int]] = {}
    for session_id, lecturer_id in teaching:
        taught_by.setdefault(session_id, []).append(lecturer_id)
    notify(
        actor=actor,
        changes=notifications.timetable_applied(
            courses=courses.values(),
            moved=[(session, slot) for session, _before, slot in moved],
            taught_by=taught_by,
            created=created,
        ),
    )
    return len(moved) + len(created)


def _refuse_rewriting_history(courses: dict[int, Course], plans: Sequence[TimetablePlan]) -> None:
    """Time passes between building a timetable and accepting it: refuse a plan that moves a session
    held by now, or the first day of a module that has begun, or puts anything in a part of a day
    that has begun. Checked as of now, before anything is written."""
    now = timezone.now()
    held = held_sessions(courses, now)
    refused: list[str] = []
    placements = {pk: slot for plan in plans for pk, slot in plan.placements.items()}
    sessions = list(Session.objects.filter(course_id__in=courses, pk__in=placements).order_by("date", "part_of_day"))
    for session in sessions:
        course = courses[session.course_id]
        day, part = placements[session.pk]
        if (session.date, session.part_of_day) == (day, part):
            continue
        if session.pk in held:
            refused.append(stays_message(session, held[session.pk]))
        elif part_begins(course.academy, day, part) <= now:
            refused.append(begun_message(str(session), day, part))
    held_dates: dict[int, set[datetime.date]] = {}
    for session in Session.objects.filter(pk__in=held, module__isnull=False).only("module_id", "date"):
        held_dates.setdefault(session.module_id, set()).add(session.date)
    for plan in plans:
        course = courses[plan.course.pk]
        modules = CourseModule.objects.filter(course=course, pk__in=set(plan.module_first_days) & set(held_dates))
        for module in modules:
            module.course = course
            kept = begun_first_day(module, held_dates[module.pk])
            if kept is not None and plan.module_first_days[module.pk] != kept:
                refused.append(
                    _("The module “%(module)s” has begun: it keeps its first day, %(day)s.")
                    % {"module": module, "day": clock.day(kept)}
                )
        for (_module_pk, _outline_pk), (day, part) in sorted(plan.new_sessions.items()):
            if part_begins(course.academy, day, part) <= now:
                refused.append(begun_message(_("a new session"), day, part))
    if refused:
        raise ValidationError([*refused, _("Nothing was changed; build the timetable again.")])


def _create_from_outlines(
    actor: User,
    course: Course,
    new_sessions: dict[tuple[int, int], tuple[datetime.date, int]],
    venues: dict[tuple[int, int], int] | None = None,
) -> list[Session]:
    """Create the sessions a module's outline asks for, where the plan puts them (no lecturers yet), in
    the venue the plan chose among the outline's venues within reach (else the outline's first one)."""
    venues = venues or {}
    modules = (
        CourseModule.objects.filter(course=course, pk__in={m for m, _ in new_sessions})
        .select_related("template")
        .prefetch_related("template__outline__venues")
    )
    outlines = {
        (module.pk, outline.pk): (module, outline)
        for module in modules
        if module.template_id
        for outline in module.template.outline.all()
    }
    created = []
    for key, (date, part) in sorted(new_sessions.items()):
        if key not in outlines:
            raise ValidationError(_("A module's outline changed since the timetable was built; build it again."))
        module, outline = outlines[key]
        session = Session.objects.create(
            course=course,
            module=module,
            date=date,
            part_of_day=part,
            format=outline.format,
            title_en=outline.title_en,
            title_zh=outline.title_zh,
            class_hours=outline.class_hours,
            venue=_chosen_venue(outline, course, venues.get(key)),
        )
        record_event(
            actor=actor,
            action="session.created",
            instance=session,
            course=course,
            changes={k: [None, v] for k, v in _session_snapshot(session).items()},
        )
        created.append(session)
    return created


def _chosen_venue(outline, course: Course, venue_pk: int | None):
    """The venue the plan chose, if it is still one of the outline's venues within reach; otherwise
    the outline's first venue within reach."""
    for venue in outline.venues.all():
        if venue.pk == venue_pk and venue.is_within_reach_of(course.academy):
            return venue
    return outline.venue_for(course.academy)


def _refuse_broken_timetable(course: Course) -> None:
    for module in course.modules.all():
        module.course = course
        for problem in checks.errors(checks.check_module(course=course, days=module.days, first_day=module.first_day)):
            raise ValidationError(
                _("Module “%(module)s”: %(problem)s") % {"module": module, "problem": problem.message}
            )
    held = held_sessions([course.pk])
    for session in course.sessions.select_related("venue", "module").prefetch_related("lecturers__availability"):
        if session.pk in held:
            continue  # history is given: the rules are checked for everything else, around it
        session.course = course
        problems = checks.errors(
            checks.check_session(
                course=course,
                date=session.date,
                part_of_day=session.part_of_day,
                format=session.format,
                class_hours=session.class_hours,
                lecturers=session.lecturers.all(),
                venue=session.venue,
                module=session.module,
                session=session,
            )
        )
        if problems:
            raise ValidationError(
                _("“%(session)s”: %(problem)s") % {"session": session, "problem": problems[0].message}
            )
