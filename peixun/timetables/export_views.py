"""Timetables to take away: iCalendar files and subscription links, and the printable PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from peixun.core import clock
from peixun.core.confirm import Confirmation, ConfirmForm, Reason, ask
from peixun.core.i18n import bilingual, in_both_languages
from peixun.core.params import parse_id
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.courses.models import Course
from peixun.courses.selectors import course_for, visible_courses
from peixun.people.models import Lecturer
from peixun.people.selectors import visible_officials

from . import feeds
from .ics import sessions_calendar
from .models import CalendarFeed, FeedKind

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _course(request, pk: int) -> Course:
    """The course as its timetable page finds it (the same rule and scope), so the page, its PDF and its
    calendar file answer alike."""
    return course_for(request.user, pk)


def _course_filename(course: Course, extension: str) -> str:
    return f"timetable-{course.start:%Y%m%d}-{slugify(course.title_en) or course.pk}.{extension}"


def _session_url(request):
    """Each calendar event links to its course's timetable page."""
    urls: dict[int, str] = {}

    def url(session) -> str:
        if session.course_id not in urls:
            urls[session.course_id] = request.build_absolute_uri(reverse("courses:timetable", args=[session.course_id]))
        return urls[session.course_id]

    return url


# ------------------------------------------------------------------------------------ one-off files


@login_required
def course_ics(request, pk: int):
    """The course's timetable as a one-off calendar file (it does not update itself)."""
    course = _course(request, pk)
    body = sessions_calendar(
        name=bilingual(course.title_en, course.title_zh),
        sessions=feeds.for_calendar(course.sessions.all()),
        session_url=_session_url(request),
    )
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_course_filename(course, "ics")}"'
    return response


@login_required
def course_pdf(request, pk: int):
    from .pdf import timetable_pdf

    course = _course(request, pk)
    body = timetable_pdf(course, feeds.for_calendar(course.sessions.all()), printed_on=timezone.localdate())
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_course_filename(course, "pdf")}"'
    return response


# --------------------------------------------------------------------------- the subscription feed


@require_safe
def feed(request, token: str):
    """A subscribed calendar, read by calendar apps that cannot log in: the token is the key.

    It shows what the link's owner may see now. Unknown links, and links whose owner may no longer
    see what they are about, are simply not found; revoked links are gone (410), so calendar apps
    stop asking.
    """
    calendar_feed = feeds.feed_by_token(token)
    if calendar_feed is None:
        raise Http404
    if not calendar_feed.is_active:
        message = in_both_languages(gettext_lazy("This calendar subscription was revoked."))
        return HttpResponse(message, status=410, content_type="text/plain; charset=utf-8")
    sessions = feeds.feed_sessions(calendar_feed)
    if sessions is None:
        raise Http404
    body = sessions_calendar(
        name=feeds.target_name(calendar_feed), sessions=sessions, session_url=_session_url(request)
    )
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{feeds.calendar_filename(calendar_feed)}"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# ----------------------------------------------------------------- the page to manage subscriptions


def _int(value) -> int | None:
    return parse_id(value)


def _requested_target(request, kind: str, pk: int | None):
    """The course, lecturer or official a user asks to subscribe to, fetched within their scope."""
    if pk is None:
        raise Http404
    permission = feeds.SUBSCRIBE_PERMISSION[kind]
    if kind == FeedKind.COURSE:
        target = get_scoped(visible_courses(request.user), reason_for(permission), pk=pk)
    elif kind == FeedKind.LECTURER:
        target = get_scoped(Lecturer.objects.all(), reason_for(permission), pk=pk)
    else:
        target = get_scoped(visible_officials(request.user), reason_for(permission), pk=pk)
    require(request.user, permission, target)
    return target


def _own_targets(user) -> list[tuple[str, object]]:
    """What a lecturer or an official may always subscribe to: their own timetable."""
    own = []
    lecturer = getattr(user, "lecturer", None)
    if lecturer is not None and user.has_perm("timetables.subscribe_lecturer", lecturer):
        own.append((FeedKind.LECTURER, lecturer))
    official = getattr(user, "official", None)
    if official is not None and user.has_perm("timetables.subscribe_official", official):
        own.append((FeedKind.OFFICIAL, official))
    return own


def _offer(kind: str, target, active: dict) -> dict:
    probe = CalendarFeed(kind=kind, **{kind: target})
    return {
        "kind": kind,
        "kind_label": FeedKind(kind).label,
        "target": target,
        "name": feeds.target_name(probe),
        "existing": active.get((kind, target.pk)),
    }


def _feed_urls(request, calendar_feed: CalendarFeed) -> dict:
    url = request.build_absolute_uri(reverse("timetables:feed", args=[calendar_feed.token]))
    return {
        "feed": calendar_feed,
        "name": feeds.target_name(calendar_feed),
        "url": url,
        "webcal": "webcal://" + url.split("://", 1)[1],
    }


@login_required
def calendars(request):
    """The user's calendar subscriptions, and the ones they may create from here."""
    user = request.user
    mine = list(feeds.feeds_of(user))
    active = {(f.kind, getattr(f, f"{f.kind}_id")): f for f in mine if f.is_active}
    requested = []
    for kind in FeedKind.values:
        if kind in request.GET:
            requested.append((kind, _requested_target(request, kind, _int(request.GET[kind]))))
    offers = [_offer(kind, target, active) for kind, target in dict.fromkeys(requested + _own_targets(user))]
    context = {
        "offers": offers,
        "active_feeds": [_feed_urls(request, f) for f in mine if f.is_active],
        "revoked_feeds": [{"feed": f, "name": feeds.target_name(f)} for f in mine if not f.is_active],
    }
    return render(request, "timetables/calendars.html", context)


@login_required
@require_POST
def feed_create(request):
    kind = request.POST.get("kind", "")
    if kind not in FeedKind.values:
        messages.error(request, _("Choose a course, lecturer or official to subscribe to."))
        return redirect("timetables:calendars")
    target = _requested_target(request, kind, _int(request.POST.get("target")))
    try:
        calendar_feed = feeds.create_calendar_feed(actor=request.user, **{kind: target})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("timetables:calendars")
    messages.success(
        request,
        _("Your subscription link for “%(name)s” is ready: copy it into your calendar app.")
        % {"name": feeds.target_name(calendar_feed)},
    )
    return redirect(f"{reverse('timetables:calendars')}#feed-{calendar_feed.pk}")


@login_required
def feed_revoke(request, pk: int):
    """Revoke a subscription link, once the confirmation page has been answered."""
    calendar_feed = get_scoped(feeds.revocable_feeds(request.user), reason_for("timetables.revoke_feed"), pk=pk)
    require(request.user, "timetables.revoke_feed", calendar_feed)
    form = ConfirmForm.from_request(
        request,
        reason=Reason.OPTIONAL,
        reason_label=_("Why is it revoked? (optional)"),
        reason_help=_("For instance: the link was shared by mistake. Kept with the record of the revocation."),
    )
    name = feeds.target_name(calendar_feed)
    if form.is_confirmed():
        if form.run(
            lambda reason: feeds.revoke_calendar_feed(actor=request.user, feed=calendar_feed, reason=reason),
            refusals_to=request,
        ):
            messages.success(
                request,
                _("The subscription link for “%(name)s” was revoked; calendars that use it no longer update.")
                % {"name": name},
            )
        return redirect("timetables:calendars")
    facts = [(_("Calendar"), name), (_("Created"), clock.day(timezone.localtime(calendar_feed.created_at).date()))]
    if calendar_feed.owner_id != request.user.pk:
        facts.append((_("Owner"), str(calendar_feed.owner)))
    confirmation = Confirmation(
        title=_("Revoke the subscription link for “%(name)s”?") % {"name": name},
        button=_("Revoke the link"),
        cancel_url=f"{reverse('timetables:calendars')}#feed-{calendar_feed.pk}",
        facts=facts,
        consequences=[
            _(
                "The link stops working for good: calendar apps subscribed with it stop updating and are told it "
                "is gone."
            ),
            _("Whoever has a copy of the link can no longer read the timetable through it."),
        ],
        undo=_(
            "No: a revoked link cannot be switched on again. You can create a new link for the same calendar at "
            "once, and paste it into your calendar app in place of the old one."
        ),
    )
    return ask(request, form, confirmation)
