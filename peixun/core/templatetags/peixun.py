"""Template tags every page uses: assets, the menu, days and times in the reader's language, both languages."""

import functools

from django import template
from django.template.defaultfilters import linebreaksbr
from django.templatetags.static import static
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from peixun.core import clock
from peixun.core.history import readable_changes
from peixun.core.i18n import pick_marked

register = template.Library()


@functools.cache
def _page_assets() -> SafeString:
    from django_htmx.jinja import htmx_script

    # htmx would otherwise add a <style> element of its own, which the Content-Security-Policy refuses;
    # peixun.css styles .htmx-indicator itself.
    return SafeString(
        '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false}\'>\n'
        f'  <link rel="stylesheet" href="{static("peixun/peixun.css")}">\n'
        f'  <link rel="icon" href="{static("peixun/favicon.svg")}" type="image/svg+xml">\n'
        f"  {htmx_script()}\n"
        f'  <script src="{static("peixun/nav.js")}" defer></script>\n'
        f'  <script src="{static("peixun/confirm.js")}" defer></script>'
    )


@register.simple_tag
def page_assets() -> SafeString:
    """The stylesheet, icon, htmx and the confirmation dialog's script every page links to, their
    (hashed) addresses looked up once per process: the static files' manifest does not change while it runs."""
    return _page_assets()


@register.simple_tag
def main_menu(user):
    """The main menu's entries for ``user`` (peixun.core.navigation)."""
    from peixun.core.navigation import main_menu

    return main_menu(user)


@register.filter
def day_label(value):
    """A timetable day: 'Mon 12 Apr' in English, '4月12日 周一' in Chinese."""
    if not value:
        return ""
    # Translators: a date format (Django's date syntax) for one day in a timetable: weekday, day and month.
    return date_format(value, _("D j M"))


@register.filter
def day_count(days: int) -> str:
    """'3 days' ('3天'): what {% blocktranslate count %} says, at a fifth of its cost (lists say it on every row)."""
    return ngettext("%(days)s day", "%(days)s days", days) % {"days": days}


@register.filter
def from_day(value) -> str:
    """'from Mon 12 Apr' ('自4月12日 周一起')."""
    return _("from %(day)s") % {"day": day_label(value)}


@register.simple_tag
def both(english: str, chinese: str, lines: bool = False) -> SafeString:
    """Content written in both languages, in the reader's; where it has none, the other one, marked as such.
    ``lines``: a text of several lines, its line breaks kept."""
    text, language, fallback = pick_marked(english or "", chinese or "")
    if not text:
        return SafeString("—")
    if lines:
        text = linebreaksbr(text, autoescape=True)
    if not fallback:
        return format_html('<span lang="{}">{}</span>', language, text)
    # Translators: after a text shown in English because it has no Chinese (or the other way round).
    mark = _("English only") if language == "en" else _("Chinese only")
    return format_html(
        '<span lang="{}" class="fallback">{}</span> <small class="fallback-mark">({})</small>', language, text, mark
    )


@register.filter
def session_clock(session) -> str:
    """When a session begins and ends, local time at its academy: '09:00–12:00', '上午9:00–下午12:00'."""
    return clock.clock_range(*session.clock_times())


@register.filter
def when(value) -> str:
    """A moment in the reader's time zone, as 7 December 2026, 06:12 (2026年12月7日 上午6:12)."""
    return clock.when(value) if value else ""


@register.filter
def zone_city(value: str) -> str:
    """A time zone as its city in the reader's language: New York, 纽约."""
    return clock.zone_city(value) if value else ""


@register.filter
def day_long(value):
    if not value:
        return ""
    return date_format(value, "DATE_FORMAT")


@register.simple_tag(takes_context=True)
def can(context, permission, obj=None):
    user = context["request"].user
    return user.has_perm(permission, obj)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


register.filter("readable_changes", readable_changes)  # an audit row's changes in words (peixun.core.history)


@register.filter(name="action_label")
def action_label_filter(action: str) -> str:
    from peixun.core.actions import action_label

    return action_label(action)
