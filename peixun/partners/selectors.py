"""Reads of partners, engagements and the acknowledgements, scoped to who asks."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from peixun.core.enums import Role
from peixun.core.i18n import is_chinese, pick
from peixun.core.models import User
from peixun.courses.enums import CourseStatus
from peixun.courses.models import Course, Session, SessionLecturer
from peixun.people.enums import OrganisationKind
from peixun.people.models import Organisation

from .models import Engagement

#: Kinds of organisation listed as partners even before they have an engagement on record.
PARTNER_KINDS = (OrganisationKind.COMPANY, OrganisationKind.SOE)
#: Engagements a partner still owes: neither delivered nor called off.
OPEN_STATES = (Engagement.State.PROPOSED, Engagement.State.CONFIRMED)
#: Engagements a partner contact may report on once their day has come.
REPORTABLE_STATES = (Engagement.State.CONFIRMED, Engagement.State.DELIVERED)


# Engagements ---------------------------------------------------------------------------------


def visible_engagements(user) -> QuerySet[Engagement]:
    """Staff see every engagement; a partner contact their organisation's; a coordinator those of their
    academy's courses; nobody else any."""
    engagements = Engagement.objects.select_related("partner", "course__academy", "session")
    if not user.is_authenticated or not user.is_active:
        return engagements.none()
    if user.is_programme_staff:
        return engagements
    if user.role == Role.PARTNER and user.partner_id:
        return engagements.filter(partner_id=user.partner_id)
    if user.role == Role.COORDINATOR:
        return engagements.filter(course__academy_id=user.academy_id)
    return engagements.none()


def engagement_day(engagement: Engagement) -> datetime.date:
    """The day an engagement takes place: its session's, or the course's last day when it has no session."""
    return engagement.session.date if engagement.session_id else engagement.course.end


def _not_reported(today: datetime.date) -> Q:
    """Past its day, not called off, and nobody has written down what took place."""
    past = Q(session__isnull=False, session__date__lt=today) | Q(session__isnull=True, course__end__lt=today)
    return past & ~Q(state=Engagement.State.CANCELLED) & Q(delivered_en="", delivered_zh="")


def unreported_engagements(user, today: datetime.date) -> QuerySet[Engagement]:
    """The user's engagements whose day has passed with nothing written down of what took place."""
    return visible_engagements(user).filter(_not_reported(today))


def _fell_short() -> Q:
    return Q(
        state=Engagement.State.DELIVERED,
        guests_promised__isnull=False,
        guests_delivered__isnull=False,
        guests_delivered__lt=F("guests_promised"),
    )


def mark_delivery(engagements, today: datetime.date | None = None) -> list[Engagement]:
    """The engagements, each told its day and how its delivery compares with the promise:

    ``not_reported`` when its day has passed and nothing is written under “delivered”;
    ``guests_short_by`` (a number, else 0) when it was delivered to fewer guests than promised;
    ``falls_short`` when either holds.
    """
    today = today or timezone.localdate()
    found = list(engagements)
    for engagement in found:
        engagement.day = engagement_day(engagement)
        engagement.not_reported = (
            engagement.state != Engagement.State.CANCELLED and engagement.day < today and not engagement.is_reported
        )
        short_by = 0
        if (
            engagement.state == Engagement.State.DELIVERED
            and engagement.guests_promised is not None
            and engagement.guests_delivered is not None
        ):
            short_by = max(0, engagement.guests_promised - engagement.guests_delivered)
        engagement.guests_short_by = short_by
        engagement.falls_short = engagement.not_reported or short_by > 0
        engagement.reportable = engagement.state in REPORTABLE_STATES and engagement.day <= today
    return found


@dataclass
class CourseEngagements:
    course: Course
    engagements: list[Engagement] = field(default_factory=list)


def by_course(engagements: list[Engagement]) -> list[CourseEngagements]:
    """Engagements grouped by course, newest course first, each course's in the order of their day."""
    groups: dict[int, CourseEngagements] = {}
    for engagement in engagements:
        groups.setdefault(engagement.course_id, CourseEngagements(engagement.course)).engagements.append(engagement)
    for group in groups.values():
        group.engagements.sort(key=lambda e: (e.day, e.session.part_of_day if e.session_id else 9, e.pk))
    return sorted(groups.values(), key=lambda g: (g.course.start, g.course.pk), reverse=True)


def engagements_of(user, partner: Organisation) -> list[Engagement]:
    return mark_delivery(visible_engagements(user).filter(partner=partner))


def sponsored_without_engagement(partner: Organisation | None = None) -> QuerySet[Session]:
    """Sessions that name a sponsoring partner who has no engagement on record for them."""
    recorded = Engagement.objects.filter(session=OuterRef("pk"), partner=OuterRef("sponsor"))
    sessions = (
        Session.objects.filter(sponsor__isnull=False)
        .exclude(course__status=CourseStatus.CANCELLED)
        .filter(~Exists(recorded))
        .select_related("course", "sponsor")
        .order_by("-course__start", "date", "part_of_day", "pk")
    )
    return sessions.filter(sponsor=partner) if partner is not None else sessions


# Partners ------------------------------------------------------------------------------------


def _count(queryset: QuerySet) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("partner").annotate(n=Count("pk")).values("n"), output_field=IntegerField()
        ),
        Value(0),
    )


def partner_organisations(query: str = "", today: datetime.date | None = None) -> QuerySet[Organisation]:
    """Organisations that have engagements or sponsor sessions, and every company and SOE, with their
    counts in one query: engagements, those still open, those delivered, those falling short, contacts,
    and sponsored sessions with no engagement on record."""
    today = today or timezone.localdate()
    mine = Engagement.objects.filter(partner=OuterRef("pk"))
    partners = Organisation.objects.filter(
        Q(kind__in=PARTNER_KINDS)
        | Exists(mine)
        | Exists(Session.objects.filter(sponsor=OuterRef("pk")).exclude(course__status=CourseStatus.CANCELLED))
    )
    query = (query or "").strip()
    if query:
        partners = partners.filter(Q(name_en__icontains=query) | Q(name_zh__icontains=query))
    contacts = (
        User.objects.filter(partner=OuterRef("pk"), role=Role.PARTNER, is_active=True)
        .order_by()
        .values("partner")
        .annotate(n=Count("pk"))
        .values("n")
    )
    unrecorded = (
        sponsored_without_engagement()
        .filter(sponsor=OuterRef("pk"))
        .order_by()
        .values("sponsor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return partners.annotate(
        engagement_count=_count(mine),
        open_count=_count(mine.filter(state__in=OPEN_STATES)),
        delivered_count=_count(mine.filter(state=Engagement.State.DELIVERED)),
        short_count=_count(mine.filter(_not_reported(today) | _fell_short())),
        contact_count=Coalesce(Subquery(contacts, output_field=IntegerField()), Value(0)),
        unrecorded_count=Coalesce(Subquery(unrecorded, output_field=IntegerField()), Value(0)),
    ).order_by("name_en", "pk")


def partner_contacts(partner: Organisation) -> QuerySet[User]:
    return User.objects.filter(partner=partner, role=Role.PARTNER).order_by("-is_active", "last_name", "username")


# Acknowledgements ----------------------------------------------------------------------------


@dataclass
class HostedThing:
    kind: str
    course_title: str
    day: datetime.date


@dataclass
class ThankedPartner:
    name: str
    other_name: str
    hosted: list[HostedThing] = field(default_factory=list)


@dataclass
class ThankedLecturer:
    name: str
    other_name: str
    affiliation: str
    courses: list[str] = field(default_factory=list)


@dataclass
class ThanksYear:
    year: int
    partners: list[ThankedPartner] = field(default_factory=list)
    lecturers: list[ThankedLecturer] = field(default_factory=list)


def acknowledgements(today: datetime.date | None = None) -> list[ThanksYear]:
    """Who to thank, year by year, newest first: partners for what they delivered, lecturers for the
    sessions they taught that have been held. Names, affiliations and course titles only, in the
    reader's language (the other one alongside where both exist). Two queries."""
    today = today or timezone.localdate()
    years: dict[int, ThanksYear] = {}

    delivered = (
        Engagement.objects.filter(state=Engagement.State.DELIVERED)
        .exclude(course__status=CourseStatus.CANCELLED)
        # The month shown is the session's, or the course's first when the engagement has no session.
        .annotate(day=Coalesce("session__date", "course__start"))
        .filter(day__lte=today)
        .order_by("day", "partner__name_en", "pk")
        .values_list(
            "day", "kind", "partner_id", "partner__name_en", "partner__name_zh", "course__title_en", "course__title_zh"
        )
    )
    partners: dict[tuple[int, int], ThankedPartner] = {}
    for day, kind, partner_id, name_en, name_zh, course_en, course_zh in delivered:
        year = years.setdefault(day.year, ThanksYear(day.year))
        key = (day.year, partner_id)
        if key not in partners:
            partners[key] = ThankedPartner(pick(name_en, name_zh), _other(name_en, name_zh))
            year.partners.append(partners[key])
        partners[key].hosted.append(HostedThing(kind, pick(course_en, course_zh), day))

    taught = (
        SessionLecturer.objects.filter(date__lt=today)
        .exclude(session__course__status=CourseStatus.CANCELLED)
        .order_by("lecturer__name", "lecturer_id", "session__course_id")
        .values_list(
            ExtractYear("date"),
            "lecturer_id",
            "lecturer__name",
            "lecturer__name_zh",
            "lecturer__affiliation__name_en",
            "lecturer__affiliation__name_zh",
            "session__course_id",
            "session__course__title_en",
            "session__course__title_zh",
        )
        .distinct()
    )
    lecturers: dict[tuple[int, int], tuple[ThankedLecturer, set[int]]] = {}
    for year_number, lecturer_id, name, name_zh, org_en, org_zh, course_id, course_en, course_zh in taught:
        year = years.setdefault(year_number, ThanksYear(year_number))
        key = (year_number, lecturer_id)
        if key not in lecturers:
            shown = pick(name, name_zh)
            thanked = ThankedLecturer(shown, _other(name, name_zh), pick(org_en, org_zh))
            lecturers[key] = (thanked, set())
            year.lecturers.append(thanked)
        thanked, seen = lecturers[key]
        if course_id not in seen:
            seen.add(course_id)
            thanked.courses.append(pick(course_en, course_zh))

    for year in years.values():
        year.partners.sort(key=lambda p: _sort_key(p.name))
        year.lecturers.sort(key=lambda lecturer: _sort_key(lecturer.name))
    return sorted(years.values(), key=lambda y: y.year, reverse=True)


def _sort_key(name: str) -> str:
    """Alphabetical in English; by pinyin in Chinese, as Chinese readers expect a list of names."""
    if is_chinese():
        from pypinyin import lazy_pinyin

        return "".join(lazy_pinyin(name)).casefold()
    return name.casefold()


def _other(english: str, chinese: str) -> str:
    """The name in the language the page is not in, when it differs from the one shown."""
    shown = pick(english, chinese)
    other = english if shown == chinese else chinese
    return other if other and other != shown else ""
