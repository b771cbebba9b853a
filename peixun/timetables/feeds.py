"""Calendar subscriptions: creating and revoking the private links (services), and what each link
shows (selectors)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peixun.core.audit import REASON_LENGTH, record_event
from peixun.core.i18n import bilingual, in_both_languages
from peixun.core.models import User
from peixun.core.permissions import require
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.models import Course, Session
from peixun.courses.selectors import visible_courses
from peixun.people.models import Lecturer, Official

from .models import CalendarFeed, FeedKind

SUBSCRIBE_PERMISSION = {
    FeedKind.COURSE: "timetables.subscribe_course",
    FeedKind.LECTURER: "timetables.subscribe_lecturer",
    FeedKind.OFFICIAL: "timetables.subscribe_official",
}


def _target(course: Course | None, lecturer: Lecturer | None, official: Official | None):
    targets = [
        (kind, target)
        for kind, target in ((FeedKind.COURSE, course), (FeedKind.LECTURER, lecturer), (FeedKind.OFFICIAL, official))
        if target is not None
    ]
    if len(targets) != 1:
        raise ValidationError(_("A calendar subscription is for exactly one course, lecturer or official."))
    return targets[0]


def active_feed(owner: User, kind: str, target) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=owner, kind=kind, revoked_at__isnull=True, **{kind: target}).first()


@transaction.atomic
def create_calendar_feed(
    *,
    actor: User,
    course: Course | None = None,
    lecturer: Lecturer | None = None,
    official: Official | None = None,
) -> CalendarFeed:
    """A private subscription link for the actor to one course's timetable, one lecturer's sessions or
    one official's timetable. Asking again for the same thing hands back the link already active."""
    kind, target = _target(course, lecturer, official)
    require(actor, SUBSCRIBE_PERMISSION[kind], target)
    existing = active_feed(actor, kind, target)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            feed = CalendarFeed.objects.create(owner=actor, kind=kind, **{kind: target})
    except IntegrityError:
        # Someone (the same person, in another tab) created it a moment ago.
        return CalendarFeed.objects.get(owner=actor, kind=kind, revoked_at__isnull=True, **{kind: target})
    record_event(
        actor=actor,
        action="calendar_feed.created",
        instance=feed,
        changes={"kind": [None, kind], "target": [None, target_name(feed)]},
    )
    return feed


@transaction.atomic
def revoke_calendar_feed(*, actor: User, feed: CalendarFeed, reason: str = "") -> CalendarFeed:
    """Switch a subscription link off for good: calendars that read it are told it is gone (410).
    It cannot be switched on again; a new link can be created at once. ``reason`` is optional."""
    require(actor, "timetables.revoke_feed", feed)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    if feed.revoked_at is not None:
        raise ValidationError(
            _("This subscription link was already revoked on %(day)s.")
            % {"day": date_format(timezone.localtime(feed.revoked_at), "DATE_FORMAT")}
        )
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    changes = {"revoked_at": [None, feed.revoked_at], "target": [target_name(feed), target_name(feed)]}
    reason = " ".join((reason or "").split())[:REASON_LENGTH]
    if reason:
        changes["reason"] = [None, reason]
    record_event(actor=actor, action="calendar_feed.revoked", instance=feed, changes=changes)
    return feed


def expire_calendar_feeds(today: datetime.date | None = None) -> int:
    """Revoke the subscription links of courses that ended more than ``PEIXUN_FEED_EXPIRY_DAYS`` ago: a
    link is a secret, and one nobody needs should stop working. A lecturer's or an official's own link
    stays. Audited as ``calendar_feed.expired``; returns how many."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.PEIXUN_FEED_EXPIRY_DAYS)
    expired = 0
    ended = CalendarFeed.objects.filter(kind=FeedKind.COURSE, revoked_at__isnull=True, course__end__lt=cutoff)
    for pk in ended.values_list("pk", flat=True):
        with transaction.atomic():
            feed = CalendarFeed.objects.select_for_update().get(pk=pk)
            if feed.revoked_at is not None:
                continue
            feed.revoked_at = timezone.now()
            feed.save(update_fields=["revoked_at"])
            record_event(
                actor=None,
                action="calendar_feed.expired",
                instance=feed,
                changes={"revoked_at": [None, feed.revoked_at], "target": [target_name(feed), target_name(feed)]},
            )
            expired += 1
    return expired


def feeds_of(user: User) -> QuerySet[CalendarFeed]:
    """The user's own subscription links, the active ones first."""
    return (
        CalendarFeed.objects.filter(owner=user)
        .select_related("course__academy", "lecturer", "official")
        .order_by("revoked_at", "-created_at", "-id")
    )


def revocable_feeds(user: User) -> QuerySet[CalendarFeed]:
    """The links a user may look up to revoke: their own; programme staff, anyone's."""
    feeds = CalendarFeed.objects.select_related("owner", "course", "lecturer", "official")
    if user.is_authenticated and user.is_programme_staff:
        return feeds
    if not user.is_authenticated:
        return feeds.none()
    return feeds.filter(owner=user)


def feed_by_token(token: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.select_related("owner", "course__academy", "lecturer", "official")
        .filter(token=token)
        .first()
    )


def owner_may_still_see(feed: CalendarFeed) -> bool:
    """Whether the feed's owner, today, may subscribe to what the feed shows."""
    owner = feed.owner
    return owner.is_active and owner.has_perm(SUBSCRIBE_PERMISSION[feed.kind], feed.target)


def for_calendar(sessions: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions with everything a calendar event shows about them."""
    return (
        sessions.select_related("course__academy", "venue", "sponsor")
        .prefetch_related("lecturers")
        .order_by("date", "part_of_day", "id")
    )


def feed_sessions(feed: CalendarFeed) -> QuerySet[Session] | None:
    """The sessions a feed shows, seen with its owner's permissions now; None when the owner may no
    longer see what the feed is about."""
    if not owner_may_still_see(feed):
        return None
    sessions = Session.objects.filter(course__in=visible_courses(feed.owner).values("pk"))
    if feed.kind == FeedKind.COURSE:
        sessions = sessions.filter(course_id=feed.course_id)
    elif feed.kind == FeedKind.LECTURER:
        sessions = sessions.filter(lecturer_slots__lecturer_id=feed.lecturer_id)
    else:
        sessions = sessions.filter(
            course__enrolments__official_id=feed.official_id,
            course__enrolments__status=EnrolmentStatus.CONFIRMED,
        )
    return for_calendar(sessions)


def lecturer_names(lecturer: Lecturer) -> tuple[str, str]:
    return lecturer.name, lecturer.name_zh or lecturer.name


def official_names(official: Official) -> tuple[str, str]:
    english = official.name_en or (f"{official.name_pinyin} ({official.name_zh})" if official.name_pinyin else "")
    return english or official.name_zh, official.name_zh


def target_name(feed: CalendarFeed) -> str:
    """What the feed is about, in both languages: its calendar's name in the calendar app."""
    if feed.kind == FeedKind.COURSE:
        return bilingual(feed.course.title_en, feed.course.title_zh)
    if feed.kind == FeedKind.LECTURER:
        # Translators: the name of a calendar holding the sessions a lecturer teaches.
        return in_both_languages(gettext_lazy("Teaching: %(name)s"), name=lecturer_names(feed.lecturer))
    # Translators: the name of a calendar holding an official's (a student's) timetable.
    return in_both_languages(gettext_lazy("Training: %(name)s"), name=official_names(feed.official))


def calendar_filename(feed: CalendarFeed) -> str:
    if feed.kind == FeedKind.COURSE:
        slug = slugify(feed.course.title_en) or f"course-{feed.course_id}"
    elif feed.kind == FeedKind.LECTURER:
        slug = slugify(feed.lecturer.name) or f"lecturer-{feed.lecturer_id}"
    else:
        slug = slugify(feed.official.name_pinyin or feed.official.name_en) or f"official-{feed.official_id}"
    return f"peixun-{feed.kind}-{slug}.ics"
