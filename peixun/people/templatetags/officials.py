"""The table of officials found by a search, rendered in Python (see peixun.core.tables)."""

from html import escape

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from peixun.core.tables import data_table, official_link

register = template.Library()


@register.simple_tag
def official_table(rows, listing=None) -> SafeString:
    """A table of ``rows`` (selectors.OfficialRow): name, pinyin, English name, title, jurisdiction, unit;
    with a ``listing`` (people.lists.OFFICIALS), its header sorts."""
    headings = [_("Name"), _("Pinyin"), _("English name"), _("Title"), _("Jurisdiction"), _("Sending unit")]
    return data_table(
        listing.thead() if listing is not None else headings,
        (
            f"<tr><td>{official_link(row.official_id, row.name_zh)}</td><td>{escape(row.name_pinyin)}</td>"
            f"<td>{escape(row.name_en or '—')}</td><td>{escape(row.post)}</td>"
            f"<td>{escape(row.jurisdiction or '—')}</td><td>{escape(row.unit)}</td></tr>"
            for row in rows
        ),
        css="scroll-cue",
    )
