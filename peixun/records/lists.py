"""The officials of a compliance report as a list: worst first by default, or by name, unit or a rule's hours.

The report's rows are computed in memory (every official with their results), so its columns sort with
keys rather than SQL; its filters are the report's own form (reports.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from peixun.core.lists import Column, ListSpec

from .selectors import ReportRow, status_rank


def _unit_key(row: ReportRow, chinese: bool):
    unit = row.official.sending_unit
    return unit.name_zh_key if chinese else unit.name_en.casefold()


def _rule_key(index: int):
    def key(row: ReportRow, chinese: bool):
        result = row.rules[index]
        # Officials the rule does not apply to have no value: they come last, whichever the direction.
        return result.done if result.applies else None

    return key


def compliance_list(rules) -> ListSpec:
    """The list for the report's active ``rules``: a column of hours done for each."""
    return ListSpec(
        columns=[
            Column("official", _("Official"), key=lambda row, chinese: row.official.search_key),
            Column("unit", _("Sending unit"), key=_unit_key),
            Column("status", _("Status"), key=lambda row, chinese: status_rank(row.status)),
            *(
                Column(
                    f"rule{rule.pk}",
                    _("%(rule)s: done / required (class hours)") % {"rule": rule.name},
                    key=_rule_key(index),
                )
                for index, rule in enumerate(rules)
            ),
        ],
        default_sort="status",
        per_page=50,
    )
