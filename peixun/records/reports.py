"""Compliance reports: the officials a user may see, filtered, with their status per rule and a summary."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from . import compliance
from .forms import NO_RULE, ComplianceFilterForm
from .selectors import (
    Group,
    ReportRow,
    as_of_for_year,
    enrolled_at,
    jurisdiction_and_below,
    report_officials,
    report_rows,
    status_rank,
    summarise,
)


@dataclass
class ComplianceReport:
    form: ComplianceFilterForm
    year: int
    as_of: datetime.date
    group_by: str
    status: str
    filters: dict
    rules: list
    groups: list[Group]
    total: Group
    rows: list[ReportRow]

    def filter_labels(self) -> list[tuple[str, str]]:
        """The filters in words, for the export's heading."""
        labels = [(_("Year"), str(self.year)), (_("As of"), self.as_of.isoformat())]
        for key, label in (("academy", _("Academy")), ("unit", _("Sending unit")), ("jurisdiction", _("Jurisdiction"))):
            if self.filters.get(key):
                labels.append((label, str(self.filters[key])))
        if self.status:
            labels.append((_("Status"), str(dict(self.form.fields["status"].choices)[self.status])))
        return labels


def build_report(user, params, *, today: datetime.date | None = None) -> ComplianceReport:
    """The report for the filters in ``params`` (a query string), over the officials ``user`` may see.

    The scope comes from :func:`~peixun.records.selectors.report_officials`, whatever the filters say:
    a sending unit's contact asking for another unit gets an invalid filter and no officials. The
    summary counts every official the filters select; the list keeps those of the chosen status, worst first.
    """
    today = today or timezone.localdate()
    form = ComplianceFilterForm(params or None, user=user, today=today)
    valid = form.is_valid() if form.is_bound else True
    data = form.cleaned_data if form.is_bound and valid else {}
    year = data.get("year") or today.year
    as_of = as_of_for_year(year, today)
    group_by = data.get("group_by") or "unit"
    status = data.get("status") or ""
    officials = report_officials(user)
    if not valid:
        officials = officials.none()
    if data.get("academy"):
        officials = officials.filter(enrolled_at(data["academy"].pk))
    if data.get("unit"):
        officials = officials.filter(sending_unit=data["unit"])
    if data.get("jurisdiction"):
        officials = officials.filter(jurisdiction_id__in=jurisdiction_and_below(data["jurisdiction"].pk))
    rules = compliance.active_rules()
    all_rows = report_rows(
        officials.order_by("search_key", "pk"), as_of=as_of, rules=rules, with_academies=group_by == "academy"
    )
    groups, total = summarise(all_rows, group_by)
    if status == NO_RULE:
        rows = [row for row in all_rows if row.status is None]
    elif status:
        rows = [row for row in all_rows if row.status == status]
    else:
        rows = all_rows
    return ComplianceReport(
        form=form,
        year=year,
        as_of=as_of,
        group_by=group_by,
        status=status,
        filters=data,
        rules=rules,
        groups=groups,
        total=total,
        rows=sorted(rows, key=lambda row: status_rank(row.status)),
    )
