"""Roster tables, rendered in Python.

A roster holds up to 55 officials and each row carries several links and buttons; written as a
template, the tables cost most of the page's time. This tag renders the same markup directly,
escaping every value, at a fraction of the cost. Each column's heading is defined beside its cell.
"""

import functools
from html import escape

from django import template
from django.utils import translation
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from peixun.core.i18n import is_chinese
from peixun.core.tables import data_table, official_link

register = template.Library()

# Columns a roster table may show after the official's name: a heading, and the cell as plain text
# (escaped when written).
COLUMNS = {
    "title": (gettext_lazy("Title"), lambda row: row.post),
    "unit": (gettext_lazy("Sending unit"), lambda row: row.unit),
    "jurisdiction": (gettext_lazy("Jurisdiction"), lambda row: row.jurisdiction or "—"),
    "priority": (gettext_lazy("Priority"), lambda row: row.priority),
    "nominated_at": (
        gettext_lazy("Nominated at"),
        lambda row: date_format(localtime(row.nominated_at), "SHORT_DATETIME_FORMAT"),
    ),
    "status": (gettext_lazy("Status"), lambda row: row.status_label),
}


@functools.cache
def _labels(language: str) -> tuple[dict[str, str], str, dict[str, str]]:
    """Per language, once per process: each action's markup (``{base}`` and ``{pk}`` left to fill in
    per row), the name column's heading and each column's heading."""
    with translation.override(language):
        confirm, decline, withdraw, substitute = (
            escape(label) for label in (_("Confirm"), _("Decline"), _("Withdraw"), _("Substitute"))
        )
        buttons = {
            "confirm": (
                f'<button type="submit" class="primary small" formaction="{{base}}{{pk}}/confirm/">{confirm}</button>'
            ),
            # Declining and withdrawing ask first (peixun.core.confirm): a link to the confirmation page,
            # opened in place as a dialog when JavaScript runs.
            "decline": f'<a class="button small danger" href="{{base}}{{pk}}/decline/" data-confirm>{decline}</a>',
            "withdraw": f'<a class="button small danger" href="{{base}}{{pk}}/withdraw/" data-confirm>{withdraw}</a>',
            "substitute": f'<a class="small" href="{{base}}{{pk}}/substitute/">{substitute}</a>',
        }
        return buttons, _("Official"), {name: str(heading) for name, (heading, _cell) in COLUMNS.items()}


@register.simple_tag(takes_context=True)
def roster_table(context, rows, columns: str, actions: str = "", numbered: bool = False) -> SafeString:
    """A table of ``rows`` (selectors.RosterRow): a number if ``numbered``, the name, then ``columns``
    (comma-separated keys of COLUMNS), then the buttons named in ``actions`` (confirm, decline,
    withdraw, substitute)."""
    names = [name for name in columns.split(",") if name]
    buttons, official, column_headings = _labels(translation.get_language() or "en")
    headings = (["#"] if numbered else []) + [official] + [column_headings[name] for name in names]
    columns = [COLUMNS[name] for name in names]
    if actions:
        headings.append("")
    actions_markup = "".join(buttons[name] for name in actions.split(",") if name)
    chinese = is_chinese()
    base = escape(context["enrolments_url"])

    def row_markup(number: int, row) -> str:
        name = official_link(row.official_id, row.name_zh)
        if not chinese:
            other = " · ".join(filter(None, [row.name_pinyin, row.name_en]))
            name += f' <span class="muted">{escape(other)}</span>'
        cells = [f"<td>{number}</td>"] if numbered else []
        cells.append(f"<td>{name}</td>")
        cells += [f"<td>{escape(str(cell(row)))}</td>" for _heading, cell in columns]
        if actions_markup:
            cells.append(f'<td class="row-actions">{actions_markup.format(base=base, pk=row.enrolment_id)}</td>')
        return f'<tr data-enrolment="{row.enrolment_id}">{"".join(cells)}</tr>'

    return data_table(headings, (row_markup(number, row) for number, row in enumerate(rows, start=1)))
