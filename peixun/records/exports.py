"""The compliance report as an Excel workbook, with Chinese names intact."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _

from peixun.core.permissions import require
from peixun.core.spreadsheets import Table, workbook_bytes, xlsx_response

from .enums import STATUS_ORDER, ComplianceStatus
from .reports import ComplianceReport, build_report


def official_table(report: ComplianceReport) -> tuple[list[str], list[list]]:
    header = [_("No."), _("Chinese name"), _("Pinyin"), _("Sending unit"), _("Jurisdiction"), _("Status")]
    for rule in report.rules:
        header += [
            f"{rule.name}: {label}"
            for label in (
                _("status"),
                _("done (class hours)"),
                _("required (class hours)"),
                _("shortfall (class hours)"),
                _("projected (class hours)"),
                _("done (days)"),
                _("required (days)"),
            )
        ]
    table = []
    for number, row in enumerate(report.rows, start=1):
        official = row.official
        line = [
            number,
            official.name_zh,
            official.name_pinyin,
            official.sending_unit.name,
            official.jurisdiction.name if official.jurisdiction else "",
            str(row.status_label),
        ]
        for result in row.rules:
            if result.applies:
                line += [
                    str(result.status_label),
                    result.done,
                    result.required,
                    result.shortfall,
                    result.projected,
                    result.done_days,
                    result.required_days,
                ]
            else:
                line += [_("does not apply"), result.done, None, None, None, result.done_days, None]
        table.append(line)
    return header, table


def summary_table(report: ComplianceReport) -> tuple[list[str], list[list]]:
    header = [
        {"unit": _("Sending unit"), "academy": _("Academy"), "jurisdiction": _("Jurisdiction")}[report.group_by],
        _("Officials"),
        *[str(label) for label in (ComplianceStatus(status).label for status in STATUS_ORDER)],
        _("No rule applies"),
        _("Share met, per cent"),
    ]

    def line(group, label):
        share = round(group.met_share, 1) if group.met_share is not None else None
        return [label, group.total, *group.ordered_counts, group.not_applicable, share]

    table = [line(group, group.label or _("None")) for group in report.groups]
    table.append(line(report.total, _("Total")))
    return header, table


def compliance_workbook(report: ComplianceReport) -> bytes:
    caption = [_("Training compliance"), " · ".join(f"{label}: {value}" for label, value in report.filter_labels())]
    officials_header, officials_rows = official_table(report)
    summary_header, summary_rows = summary_table(report)
    return workbook_bytes(
        [
            Table(_("Officials"), officials_header, officials_rows, caption, frozen_columns=1),
            Table(_("Summary"), summary_header, summary_rows, caption, frozen_columns=1, widths={1: 28}),
        ]
    )


@login_required
def compliance_xlsx(request):
    require(request.user, "records.view_compliance")
    report = build_report(request.user, request.GET)
    return xlsx_response(f"compliance-{report.as_of:%Y%m%d}.xlsx", compliance_workbook(report))
