"""The start page's reads: the ``Task`` tile and each role's tasks, each a count linked to where the work is done.

Every figure comes from the selector the page it links to reads (scoped to the user the same way), so the
start page never promises what the next page would refuse or show differently. Each role's page takes a
fixed number of queries whatever the number of courses, sessions or presentations (tests pin them).

Each role's function stays here, composing the other apps' public selectors, rather than each app
holding a "home" read of its own: a role's tiles read four or five apps at once (staff: courses,
timetables, feedback, partners, presentations), so one file shows one page's whole query budget, and no
app needs to know that the start page exists. Only a read that is a notion of its own app lives there:
the proposals waiting for a decision (``timetables.selectors.proposals_waiting``) and the translation
progress of several presentations (``materials.workbench.selectors.mark_progress``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peixun.core.enums import Role
from peixun.courses.enums import ACTIVE_STATUSES, CourseStatus, EnrolmentStatus
from peixun.courses.models import Session, UnitQuota
from peixun.courses.selectors import visible_courses, with_seat_counts
from peixun.timetables.selectors import proposals_waiting

#: How many rows a list on the start page shows; its tile counts them all.
LISTED = 8
#: Steps of a presentation still being worked on, as staff follow them.
WORKED_STEPS = ("adaptation", "translation", "review", "acceptability", "ready")


@dataclass(frozen=True)
class Task:
    """One tile: a figure (a count, or a word such as a status), what it counts, and where to act on it."""

    value: object
    label: str
    url: str
    key: str
    #: Whether the figure asks for action now (drawn prominently); a zero never does.
    urgent: bool = False


def _first(**lookup) -> Case:
    """An ordering that puts the rows matching ``lookup`` first."""
    return Case(When(Q(**lookup), then=Value(0)), default=Value(1), output_field=IntegerField())


def _url(name: str, *args, **query) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def _count_task(key: str, count: int, label: str, url: str, *, urgent: bool = True) -> Task:
    """A tile counting ``count`` things (``label`` is said with ngettext for that count)."""
    return Task(count, label, url, key, urgent=urgent and count > 0)


# Shared reads ------------------------------------------------------------------------------------


def _pending_nominations(user, today: datetime.date) -> list:
    return list(
        visible_courses(user)
        .filter(end__gte=today)
        .annotate(pending=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.NOMINATED)))
        .filter(pending__gt=0)
        .order_by("start", "pk")
    )


def upcoming_courses(user, today: datetime.date):
    return with_seat_counts(visible_courses(user)).filter(end__gte=today).order_by("start")[:12]


# Each role ---------------------------------------------------------------------------------------


def staff_tasks(user, today: datetime.date) -> dict:
    from peixun.feedback.forms import OVERDUE, THIS_WEEK
    from peixun.feedback.selectors import ACTIVE_FOLLOW_UP_STATES, visible_follow_ups
    from peixun.materials.enums import MaterialState
    from peixun.materials.selectors import counts_by_state, visible_materials
    from peixun.partners.selectors import unreported_engagements

    pending = _pending_nominations(user, today)
    proposals = proposals_waiting(user)
    follow_ups = (
        visible_follow_ups(user)
        .filter(state__in=ACTIVE_FOLLOW_UP_STATES)
        .aggregate(
            overdue=Count("pk", filter=Q(due__lt=today)),
            week=Count("pk", filter=Q(due__gte=today, due__lte=today + datetime.timedelta(days=7))),
        )
    )
    unreported = unreported_engagements(user, today).count()
    steps = counts_by_state(visible_materials(user))
    labels = dict(MaterialState.choices)
    return {
        "tasks": [
            _nominations_task(pending),
            _proposals_task(proposals),
            _count_task(
                "overdue",
                n := follow_ups["overdue"],
                ngettext("follow-up overdue", "follow-ups overdue", n),
                _url("feedback:follow_ups", due=OVERDUE),
            ),
            _count_task(
                "due_week",
                n := follow_ups["week"],
                ngettext("follow-up due within 7 days", "follow-ups due within 7 days", n),
                _url("feedback:follow_ups", due=THIS_WEEK),
                urgent=False,
            ),
            _count_task(
                "unreported",
                n := unreported,
                ngettext("partner engagement not reported", "partner engagements not reported", n),
                _url("partners:list"),
            ),
        ],
        "pending": pending,
        "proposals": proposals,
        "steps": [
            {"state": state, "label": labels[state], "count": steps[state], "url": _url("materials:list", state=state)}
            for state in WORKED_STEPS
        ],
    }


def _nominations_task(pending) -> Task:
    n = sum(course.pending for course in pending)
    return _count_task("nominations", n, ngettext("nomination to confirm", "nominations to confirm", n), "#nominations")


def _proposals_task(proposals) -> Task:
    n = len(proposals)
    return _count_task(
        "proposals", n, ngettext("timetable proposal to review", "timetable proposals to review", n), "#proposals"
    )


def coordinator_tasks(user, today: datetime.date) -> dict:
    pending = _pending_nominations(user, today)
    proposals = proposals_waiting(user)
    today_sessions = list(
        Session.objects.filter(course__in=visible_courses(user).values("pk"), date=today)
        .select_related("course__academy", "venue")
        .annotate(n_marked=Count("attendance", distinct=True))
        .order_by("part_of_day", "pk")
    )
    to_take = [s for s in today_sessions if not s.n_marked]
    unbuilt = list(
        visible_courses(user)
        .filter(start__gt=today)
        .exclude(status=CourseStatus.CANCELLED)
        .annotate(n_sessions=Count("sessions"))
        .filter(n_sessions=0)
        .order_by("start", "pk")
    )
    return {
        "tasks": [
            _nominations_task(pending),
            _count_task(
                "roll_calls",
                n := len(to_take),
                ngettext("roll call to take today", "roll calls to take today", n),
                "#today",
            ),
            _proposals_task(proposals),
            _count_task(
                "unbuilt",
                n := len(unbuilt),
                ngettext("upcoming course without a timetable", "upcoming courses without a timetable", n),
                "#builds",
            ),
        ],
        "pending": pending,
        "proposals": proposals,
        "today_sessions": today_sessions,
        "unbuilt": unbuilt,
    }


def nominator_tasks(user, today: datetime.date) -> dict:
    unit_id = user.sending_unit_id
    mine = Q(course__enrolments__unit_id=unit_id)
    quotas = list(
        UnitQuota.objects.filter(unit_id=unit_id, course__end__gte=today, course__in=visible_courses(user).values("pk"))
        .select_related("course")
        .annotate(
            **{
                f"n_{status}": Count("course__enrolments", filter=mine & Q(course__enrolments__status=status))
                for status in (EnrolmentStatus.NOMINATED, EnrolmentStatus.CONFIRMED, EnrolmentStatus.WAITLISTED)
            }
        )
        .order_by("course__start", "course__pk")
    )
    for quota in quotas:
        used = sum(getattr(quota, f"n_{status}") for status in ACTIVE_STATUSES)
        quota.used, quota.left = used, max(0, quota.seats - used)
    return {
        "tasks": [
            _count_task(
                "places_left",
                n := sum(q.left for q in quotas),
                ngettext("place left in your quotas", "places left in your quotas", n),
                "#quotas",
            ),
            _count_task(
                "waiting",
                n := sum(q.n_nominated for q in quotas),
                ngettext("nominee waiting for the academy", "nominees waiting for the academy", n),
                "#quotas",
                urgent=False,
            ),
            _count_task(
                "waitlisted",
                n := sum(q.n_waitlisted for q in quotas),
                ngettext("nominee on a waitlist", "nominees on a waitlist", n),
                "#quotas",
                urgent=False,
            ),
            _count_task(
                "confirmed",
                n := sum(q.n_confirmed for q in quotas),
                ngettext("nominee confirmed", "nominees confirmed", n),
                "#quotas",
                urgent=False,
            ),
        ],
        "quotas": quotas,
    }


def lecturer_tasks(user, today: datetime.date) -> dict:
    from peixun.feedback.release import released_answers
    from peixun.feedback.selectors import ACTIVE_FOLLOW_UP_STATES, lecturer_follow_up_set
    from peixun.materials.enums import MaterialState
    from peixun.materials.selectors import visible_materials

    lecturer = getattr(user, "lecturer", None)
    if lecturer is None:
        return {"tasks": [], "sessions": []}
    sessions = list(
        Session.objects.filter(lecturer_slots__lecturer=lecturer, date__gte=today)
        .select_related("course__academy", "venue")
        .order_by("date", "part_of_day")[:20]
    )
    materials = list(
        visible_materials(user)
        .exclude(state=MaterialState.CLOSED)
        .order_by(_first(state=MaterialState.ADAPTATION), "course__start", "title_en", "title_zh", "pk")[:LISTED]
    )
    to_adapt = visible_materials(user).filter(state=MaterialState.ADAPTATION).count()
    # What the lecturer may know of the answers and follow-ups: the released ones only (feedback/release.py).
    now = timezone.now()
    answers = released_answers(Session.objects.filter(lecturer_slots__lecturer=lecturer), now=now).count()
    follow_ups = lecturer_follow_up_set(lecturer, now=now).filter(state__in=ACTIVE_FOLLOW_UP_STATES).count()
    return {
        "tasks": [
            _count_task(
                "sessions",
                n := len(sessions),
                ngettext("session ahead", "sessions ahead", n),
                "#sessions",
                urgent=False,
            ),
            _count_task(
                "to_adapt",
                n := to_adapt,
                ngettext("presentation to adapt", "presentations to adapt", n),
                _url("materials:list", state=MaterialState.ADAPTATION),
            ),
            _count_task(
                "answers",
                n := answers,
                ngettext("feedback answer on your sessions", "feedback answers on your sessions", n),
                _url("feedback:my_results"),
                urgent=False,
            ),
            _count_task(
                "follow_ups",
                n := follow_ups,
                ngettext("official to follow up with", "officials to follow up with", n),
                _url("feedback:my_follow_ups"),
                urgent=False,
            ),
        ],
        "sessions": sessions,
        "materials": materials,
    }


def official_tasks(user, today: datetime.date) -> dict:
    from peixun.feedback.selectors import sessions_for_official
    from peixun.people.models import Official
    from peixun.records.compliance import compliance_of

    official = getattr(user, "official", None)
    if official is None:
        return {"tasks": [], "sessions": []}
    sessions = list(
        Session.objects.filter(
            course__enrolments__official=official,
            course__enrolments__status=EnrolmentStatus.CONFIRMED,
            date__gte=today,
        )
        .select_related("course__academy", "venue")
        .prefetch_related("lecturers")
        .order_by("date", "part_of_day")[:20]
    )
    to_rate = sessions_for_official(official, timezone.now()).to_rate
    [record] = compliance_of(Official.objects.filter(pk=official.pk), as_of=today) or [None]
    status = record.status_label if record and record.status else _("Does not apply")
    return {
        "tasks": [
            _count_task(
                "today",
                n := sum(s.date == today for s in sessions),
                ngettext("session today", "sessions today", n),
                "#sessions",
                urgent=False,
            ),
            _count_task(
                "to_rate",
                n := len(to_rate),
                ngettext("session to give feedback on", "sessions to give feedback on", n),
                _url("feedback:mine"),
            ),
            Task(
                status,
                _("your training record this year"),
                _url("records:my_record"),
                "record",
                urgent=bool(record and record.status in ("at_risk", "short")),
            ),
        ],
        "sessions": sessions,
        "record_status": record.status if record else None,
    }


def translator_tasks(user, today: datetime.date) -> dict:
    from peixun.materials.enums import MaterialState
    from peixun.materials.selectors import visible_materials
    from peixun.materials.workbench.selectors import TRANSLATABLE_STATES, mark_progress

    materials = list(
        visible_materials(user)
        .exclude(state=MaterialState.CLOSED)
        .order_by(_first(state__in=TRANSLATABLE_STATES), "course__start", "title_en", "title_zh", "pk")
    )
    mark_progress(materials)
    open_ones = [m for m in materials if m.state in TRANSLATABLE_STATES]
    return {
        "tasks": [
            _count_task(
                "to_translate",
                n := len(open_ones),
                ngettext("presentation to translate", "presentations to translate", n),
                "#assigned",
            ),
            _count_task(
                "segments_left",
                n := sum(m.segments_total - m.segments_done for m in open_ones),
                ngettext("segment left to translate", "segments left to translate", n),
                "#assigned",
                urgent=False,
            ),
        ],
        "assigned": materials[:LISTED],
    }


def reviewer_tasks(user, today: datetime.date) -> dict:
    from peixun.materials.enums import MaterialState
    from peixun.materials.selectors import review_queue, visible_materials

    queue = list(review_queue(user))
    coming = visible_materials(user).filter(state__in=(MaterialState.ADAPTATION, MaterialState.TRANSLATION)).count()
    return {
        "tasks": [
            _count_task(
                "queue",
                n := len(queue),
                ngettext("presentation waiting for your review", "presentations waiting for your review", n),
                _url("materials:review_queue"),
            ),
            _count_task(
                "coming",
                n := coming,
                ngettext("presentation coming to review", "presentations coming to review", n),
                _url("materials:list"),
                urgent=False,
            ),
        ],
        "queue": queue[:LISTED],
    }


def partner_tasks(user, today: datetime.date) -> dict:
    from peixun.partners.models import Engagement
    from peixun.partners.selectors import mark_delivery, visible_engagements

    engagements = mark_delivery(visible_engagements(user), today)
    to_report = sorted((e for e in engagements if e.reportable and not e.is_reported), key=lambda e: (e.day, e.pk))
    ahead = sorted(
        (e for e in engagements if e.day > today and e.state != Engagement.State.CANCELLED), key=lambda e: (e.day, e.pk)
    )
    return {
        "tasks": [
            _count_task(
                "to_report",
                n := len(to_report),
                ngettext("engagement to report on", "engagements to report on", n),
                "#report",
            ),
            _count_task(
                "ahead",
                n := len(ahead),
                ngettext("engagement ahead", "engagements ahead", n),
                _url("partners:mine"),
                urgent=False,
            ),
        ],
        "to_report": to_report[:LISTED],
        "ahead": ahead[:LISTED],
    }


BY_ROLE = {
    Role.STAFF: staff_tasks,
    Role.COORDINATOR: coordinator_tasks,
    Role.UNIT_CONTACT: nominator_tasks,
    Role.LECTURER: lecturer_tasks,
    Role.OFFICIAL: official_tasks,
    Role.TRANSLATOR: translator_tasks,
    Role.REVIEWER: reviewer_tasks,
    Role.PARTNER: partner_tasks,
}
#: Roles with courses of their own to list under their tasks (navigation.has_courses says the same).
WITH_COURSES = (Role.STAFF, Role.COORDINATOR, Role.REVIEWER, Role.UNIT_CONTACT, Role.LECTURER, Role.OFFICIAL)


def home_context(user, today: datetime.date) -> dict:
    role = Role.STAFF if user.is_programme_staff else user.role
    context = BY_ROLE.get(role, lambda user, today: {"tasks": []})(user, today)
    context.update(role=role, today=today)
    if role in WITH_COURSES:
        context["courses"] = upcoming_courses(user, today)
    return context
