"""The list kit's form in templates: ``{% list_filters listing %}``, ``{% list_sort listing %}``."""

from django import template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def list_filters(listing, live: str = "", target: str = "") -> SafeString:
    """The list's filters and sort as a GET form (see peixun.core.lists.Listing.form)."""
    return listing.form(live=live, target=target)


@register.simple_tag
def list_sort(listing) -> SafeString:
    """The sort alone, for a page whose filters are a form of its own (the compliance report)."""
    return listing.sort_control()
