"""Template tags of notices: the reader's open notices and their wording in either language."""

from django import template
from django.utils import translation

from peixun.notifications import wording
from peixun.notifications.selectors import open_notices
from peixun.notifications.services import other_language

register = template.Library()


@register.inclusion_tag("notifications/_notices.html", takes_context=True)
def notices(context):
    """The reader's notices that they have not dismissed, each with its Dismiss button."""
    request = context["request"]
    return {"notices": open_notices(request.user), "request": request, "csrf_token": context.get("csrf_token")}


@register.filter
def headline(notice) -> str:
    return wording.headline(notice.items)


@register.filter
def lines(notice) -> list[str]:
    return wording.lines(notice.items)


@register.filter
def advice(notice) -> list[str]:
    return wording.advice(notice.items)


@register.simple_tag
def other_language_code() -> str:
    """The language a notice is repeated in, below the reader's."""
    return other_language(translation.get_language() or "en")
