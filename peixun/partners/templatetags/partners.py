"""Template helpers for bilingual records: the other language's text, and what a partner hosted."""

from pathlib import PurePath

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from peixun.core.i18n import is_chinese

register = template.Library()


def _other(english: str, chinese: str) -> str:
    shown, other = (chinese or english, english) if is_chinese() else (english or chinese, chinese)
    return other if other and other != shown else ""


@register.filter
def other_title(obj) -> str:
    """The title in the language the page is not in, or nothing when it is the same or missing."""
    return _other(obj.title_en, obj.title_zh)


@register.filter
def other_name(obj) -> str:
    return _other(obj.name_en, obj.name_zh)


@register.filter
def other_summary(obj) -> str:
    return _other(obj.summary_en, obj.summary_zh)


@register.simple_tag
def other_lang() -> str:
    """The lang attribute of text in the other language."""
    return "en" if is_chinese() else "zh-Hans"


@register.filter
def hosted_line(thing) -> str:
    """“hosted a site visit for Energy Smart Cities, April 2027”, in the page's language."""
    templates = {
        "dinner": _("hosted a dinner for %(course)s, %(month)s"),
        "lunch": _("hosted a lunch for %(course)s, %(month)s"),
        "site_visit": _("hosted a site visit for %(course)s, %(month)s"),
        "workshop": _("ran a workshop for %(course)s, %(month)s"),
        "exhibition": _("held an exhibition for %(course)s, %(month)s"),
    }
    line = templates.get(thing.kind, templates["workshop"])
    return line % {"course": thing.course_title, "month": date_format(thing.day, "YEAR_MONTH_FORMAT")}


@register.filter
def file_kind(stored) -> str:
    """PDF, Word, PowerPoint or Excel, from a stored file's name."""
    kinds = {".pdf": "PDF", ".docx": "Word", ".pptx": "PowerPoint", ".xlsx": "Excel"}
    return kinds.get(PurePath(getattr(stored, "name", "") or "").suffix.lower(), "")
