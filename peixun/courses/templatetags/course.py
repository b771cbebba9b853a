"""The course header's tabs, rendered in Python.

Every page of a course shows the tabs, each behind a permission check and a reversed URL; as
template tags they cost about as much as the rest of a small page. The tag renders the same links
directly, escaping every label, and builds the links with ``url_for``.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from peixun.core.links import url_for

register = template.Library()

# (tab, URL name, label, permission needed on the course or None). The last one is an action.
TABS = (
    ("overview", "courses:detail", _("Overview"), None),
    ("timetable", "courses:timetable", _("Timetable"), None),
    ("modules", "courses:modules", _("Modules"), None),
    ("roster", "courses:roster", _("Roster"), "courses.view_roster"),
    ("materials", "materials:course", _("Presentations"), "materials.view_course_materials"),
    ("attendance", "attendance:course", _("Attendance"), "attendance.view_attendance"),
    ("certificates", "certificates:course", _("Certificates"), "certificates.manage_course"),
    ("partners", "partners:course", _("Partners"), "partners.view_course_engagements"),
    ("history", "courses:history", _("History"), "courses.view_history"),
)
EDIT = ("courses:edit", _("Edit course"), "courses.change_course")


@register.simple_tag(takes_context=True)
def course_tabs(context, course, current: str) -> SafeString:
    """The tabs of ``course`` the user may open, ``current`` marked as the page shown."""
    user = context["request"].user
    links = []
    for tab, url_name, label, permission in TABS:
        if permission is None or user.has_perm(permission, course):
            mark = ' aria-current="page"' if tab == current else ""
            links.append(f'<a href="{url_for(url_name, course.pk)}"{mark}>{escape(str(label))}</a>')
    url_name, label, permission = EDIT
    if user.has_perm(permission, course):
        links.append(f'<a class="tab-action" href="{url_for(url_name, course.pk)}">{escape(str(label))}</a>')
    return SafeString(f'<nav class="tabs" aria-label="{escape(str(_("Course")))}">{"".join(links)}</nav>')
