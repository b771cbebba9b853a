"""The header of every course page, rendered in Python.

Sixteen pages start with it: the crumbs, the title in both languages, dates, day off, status and
seats, and the tabs, each behind a permission check and a link to reverse. As template tags it cost
about as much as the rest of a small page; this tag writes the same markup directly, escaping every
value, with the same translated messages.
"""

from html import escape

from django import template
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from peixun.core.i18n import is_chinese
from peixun.core.links import url_for
from peixun.courses.selectors import seats as course_seats

register = template.Library()

# (tab, URL name, label, permission needed on the course or None).
TABS = (
    ("overview", "courses:detail", gettext_lazy("Overview"), None),
    ("timetable", "courses:timetable", gettext_lazy("Timetable"), None),
    ("modules", "courses:modules", gettext_lazy("Modules"), None),
    ("roster", "courses:roster", gettext_lazy("Roster"), "courses.view_roster"),
    ("materials", "materials:course", gettext_lazy("Presentations"), "materials.view_course_materials"),
    ("attendance", "attendance:course", gettext_lazy("Attendance"), "attendance.view_attendance"),
    ("certificates", "certificates:course", gettext_lazy("Certificates"), "certificates.manage_course"),
    ("partners", "partners:course", gettext_lazy("Partners"), "partners.view_course_engagements"),
    ("history", "courses:history", gettext_lazy("History"), "courses.view_history"),
)


def _tabs(user, course, current: str) -> str:
    links = []
    for tab, url_name, label, permission in TABS:
        if permission is None or user.has_perm(permission, course):
            mark = ' aria-current="page"' if tab == current else ""
            links.append(f'<a href="{url_for(url_name, course.pk)}"{mark}>{escape(str(label))}</a>')
    if user.has_perm("courses.change_course", course):
        edit = escape(_("Edit course"))
        links.append(f'<a class="tab-action" href="{url_for("courses:edit", course.pk)}">{edit}</a>')
    return f'<nav class="tabs" aria-label="{escape(_("Course"))}">{"".join(links)}</nav>'


def _seats(course) -> str:
    seats = course_seats(course)
    text = _("%(taken)s of %(capacity)s seats taken, %(left)s left") % {
        "taken": seats["taken"],
        "capacity": course.capacity,
        "left": seats["left"],
    }
    if seats["waitlisted"]:
        n = seats["waitlisted"]
        text += " · " + ngettext("%(n)s waitlisted", "%(n)s waitlisted", n) % {"n": n}
    return escape(text)


@register.simple_tag(takes_context=True)
def course_header(context, course, current: str) -> SafeString:
    """The header of ``course``'s pages with the tabs the user may open, ``current`` marked as shown
    (``course`` as selectors.course_for gives it, with its seats counted)."""
    other_title = course.title_en if is_chinese() else course.title_zh
    dates = f"{date_format(course.start, 'DATE_FORMAT')} – {date_format(course.end, 'DATE_FORMAT')}"
    day_off = _("Day off: %(weekday)s") % {"weekday": course.get_day_off_display()}
    academy = course.academy
    return SafeString(
        '<div class="course-head">\n'
        f'  <p class="crumbs"><a href="{reverse("courses:list")}">{escape(_("Courses"))}</a> › '
        f'<a href="{url_for("academies:detail", academy.pk)}">{escape(academy.name)}</a></p>\n'
        f'  <h1>{escape(course.title)} <span class="other-lang">{escape(other_title)}</span></h1>\n'
        '  <p class="meta">\n'
        f"    <span>{escape(dates)}</span>\n"
        f"    <span>{escape(day_off)}</span>\n"
        f'    <span class="badge status-{escape(course.status)}">{escape(course.get_status_display())}</span>\n'
        f'    <span class="seats" data-testid="seats">{_seats(course)}</span>\n'
        "  </p>\n"
        f"  {_tabs(context['request'].user, course, current)}\n"
        "</div>"
    )
