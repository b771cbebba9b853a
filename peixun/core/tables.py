"""Data tables written directly in Python, for the long lists (rosters, search results).

A table of 25-55 people written as a template costs more than the rest of its page: every cell is a
few template nodes, each resolved and escaped through several calls. The tags that render such
tables build their rows here; every value they put in a cell is escaped with ``html.escape``.
"""

from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString

from peixun.core.links import url_for


def official_link(official_id: int, name_zh: str) -> str:
    """An official's Chinese name linking to their page."""
    return f'<a href="{url_for("people:official", official_id)}" lang="zh-Hans">{escape(name_zh)}</a>'


def data_table(headings: Iterable[str] | SafeString, rows: Iterable[str], *, css: str = "") -> SafeString:
    """A ``table.data`` in its scrolling wrapper. ``headings`` are plain text (escaped here), or a whole
    ``<thead>`` already written (a list's sortable header, :meth:`peixun.core.lists.Listing.thead`); ``rows``
    are each a whole ``<tr>`` already escaped by the caller. ``css``: more classes for the wrapper."""
    if isinstance(headings, SafeString):
        head = headings
    else:
        head = "<thead><tr>" + "".join(f"<th>{escape(str(heading))}</th>" for heading in headings) + "</tr></thead>"
    wrap = f"table-wrap {escape(css)}".strip()
    return SafeString(
        f'<div class="{wrap}"><table class="data">\n{head}\n<tbody>'
        + "".join(f"\n{row}" for row in rows)
        + "\n</tbody></table></div>"
    )
