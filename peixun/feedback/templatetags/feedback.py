"""The follow-ups shown on an official's page."""

from django import template

from peixun.feedback.selectors import follow_ups_for_official

register = template.Library()


@register.simple_tag(takes_context=True)
def official_follow_ups(context, official):
    """The official's follow-ups the reader may see (none for most readers)."""
    request = context.get("request")
    user = request.user if request is not None else context.get("user")
    if user is None or official is None:
        return []
    return list(follow_ups_for_official(user, official))
