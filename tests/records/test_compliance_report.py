"""The compliance report: filters, summary by academy, unit or jurisdiction, scoping, Excel, bounded queries."""

import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from peixun.courses.enums import EnrolmentStatus
from tests.factories import EnrolmentFactory, OfficialFactory

from .conftest import D, credit


@pytest.fixture
def people(world):
    """王伟 at risk, 张敏 met, 刘洋 short (their window ends this month) in the Hangzhou unit;
    李娜 on track and 陈静 (service begins next year, so no rule applies yet) in the Suzhou unit."""
    hangzhou = world.official.jurisdiction
    zhejiang = hangzhou.parent
    suzhou = world.other_official.jurisdiction
    credit(world.official, D(2027, 2, 1), 50)
    met = OfficialFactory(name_zh="张敏", sending_unit=world.unit, jurisdiction=hangzhou)
    credit(met, D(2027, 1, 10), 560)
    short = OfficialFactory(name_zh="刘洋", sending_unit=world.unit, jurisdiction=zhejiang, service_began=D(2022, 7, 1))
    credit(world.other_official, D(2025, 6, 1), 280)
    credit(world.other_official, D(2027, 2, 1), 50)
    not_yet = OfficialFactory(
        name_zh="陈静", sending_unit=world.other_unit, jurisdiction=suzhou, service_began=D(2028, 1, 1)
    )
    return {"王伟": world.official, "张敏": met, "刘洋": short, "李娜": world.other_official, "陈静": not_yet}


def listed(response) -> list[str]:
    """The officials in the report's list, in order."""
    body = response.content.decode()
    return re.findall(r'<a href="/records/officials/\d+/" lang="zh-Hans">([^<]+)</a>', body)


def badges(response) -> dict[str, str]:
    body = response.content.decode()
    rows = re.findall(r'lang="zh-Hans">([^<]+)</a>.*?<span class="st st-(\w+)">', body, flags=re.S)
    return dict(rows)


def summary(response) -> list[list[str]]:
    body = response.content.decode()
    table = body.split('<table class="data summary">')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.split("<tbody>")[1], flags=re.S)
    return [
        [re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in rows
    ]


def report(client, user, **params):
    client.force_login(user)
    return client.get(reverse("records:compliance"), params)


def test_staff_see_every_official_worst_first_with_each_status(client, world, people):
    response = report(client, world.users["staff"])
    assert listed(response) == ["刘洋", "王伟", "李娜", "张敏", "陈静"]
    assert badges(response) == {"刘洋": "short", "王伟": "at_risk", "李娜": "on_track", "张敏": "met", "陈静": "none"}


def test_the_summary_counts_each_status_per_sending_unit(client, world, people):
    response = report(client, world.users["staff"])
    # unit, officials, met, on track, at risk, short, no rule applies, % met
    assert summary(response) == [
        ["Hangzhou Municipal Government", "3", "1", "0", "1", "1", "0", "33 %"],
        ["Suzhou Municipal Government", "2", "0", "1", "0", "0", "1", "0 %"],
        ["Total", "5", "1", "1", "1", "1", "1", "25 %"],
    ]


def test_the_summary_by_academy_counts_officials_enrolled_there(client, world, people):
    EnrolmentFactory(course=world.other_course, official=people["张敏"], status=EnrolmentStatus.COMPLETED)
    response = report(client, world.users["staff"], group_by="academy")
    assert summary(response) == [
        ["CELAP", "2", "1", "1", "0", "0", "0", "50 %"],
        ["NAMC", "1", "0", "0", "1", "0", "0", "0 %"],
        ["None", "2", "0", "0", "0", "1", "1", "0 %"],
        ["Total", "5", "1", "1", "1", "1", "1", "25 %"],
    ]


def test_the_summary_by_jurisdiction(client, world, people):
    response = report(client, world.users["staff"], group_by="jurisdiction")
    assert [row[:2] for row in summary(response)] == [
        ["Hangzhou", "2"],
        ["Suzhou", "2"],
        ["Zhejiang", "1"],
        ["Total", "5"],
    ]


def test_filter_by_sending_unit(client, world, people):
    response = report(client, world.users["staff"], unit=world.other_unit.pk)
    assert listed(response) == ["李娜", "陈静"]


def test_filter_by_jurisdiction_includes_the_places_inside_it(client, world, people):
    zhejiang = world.official.jurisdiction.parent
    response = report(client, world.users["staff"], jurisdiction=zhejiang.pk)
    assert listed(response) == ["刘洋", "王伟", "张敏"]
    response = report(client, world.users["staff"], jurisdiction=world.official.jurisdiction.pk)
    assert listed(response) == ["王伟", "张敏"]


def test_filter_by_academy_keeps_officials_enrolled_in_its_courses(client, world, people):
    response = report(client, world.users["staff"], academy=world.course.academy.pk)
    assert listed(response) == ["王伟"]


def test_filter_by_status_lists_only_that_status_but_the_summary_counts_all(client, world, people):
    response = report(client, world.users["staff"], status="short")
    assert listed(response) == ["刘洋"]
    assert summary(response)[-1] == ["Total", "5", "1", "1", "1", "1", "1", "25 %"]
    assert listed(report(client, world.users["staff"], status="none")) == ["陈静"]


def test_a_past_year_is_judged_on_the_31st_of_december(client, world, people):
    response = report(client, world.users["staff"], year=2026)
    body = response.content.decode()
    assert "As at the end of 2026." in re.sub(r"\s+", " ", body)
    # Nobody trained in 2026: every yearly rule that applied is short at the end of the year.
    assert badges(response) == {"刘洋": "short", "王伟": "short", "李娜": "short", "张敏": "short", "陈静": "none"}


def test_a_unit_contact_sees_only_their_own_units_officials(client, world, people):
    response = report(client, world.users["nominator"])
    assert listed(response) == ["刘洋", "王伟", "张敏"]
    assert [row[0] for row in summary(response)] == ["Hangzhou Municipal Government", "Total"]


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "other"},
        {"status": "on_track"},
        {"jurisdiction": "suzhou"},
        {"academy": "other"},
        {"unit": "other", "group_by": "academy", "page": "1"},
        {"unit": "999999"},
    ],
)
def test_a_unit_contact_never_sees_another_units_officials_whatever_the_query(client, world, people, params):
    values = {
        "other": world.other_unit.pk,
        "suzhou": world.other_official.jurisdiction.pk,
    }
    if params.get("academy") == "other":
        params = {**params, "academy": world.other_course.academy.pk}
    params = {key: values.get(value, value) for key, value in params.items()}
    response = report(client, world.users["nominator"], **params)
    body = response.content.decode()
    assert "李娜" not in body and "陈静" not in body and "Suzhou Municipal Government" not in body
    client.force_login(world.users["nominator"])
    workbook = client.get(reverse("records:compliance_xlsx"), params).content
    cells = [str(c.value) for ws in load_workbook(io.BytesIO(workbook)).worksheets for row in ws for c in row]
    assert not any("李娜" in c or "陈静" in c or "Suzhou Municipal Government" in c for c in cells)


def test_a_unit_contact_asking_for_another_unit_is_told_the_choice_is_not_theirs(client, world, people):
    response = report(client, world.users["nominator"], unit=world.other_unit.pk)
    assert "Select a valid choice." in response.content.decode()
    assert listed(response) == []


def test_a_coordinator_sees_the_officials_enrolled_at_their_academy(client, world, people):
    assert listed(report(client, world.users["coordinator"])) == ["王伟"]
    assert listed(report(client, world.users["other_coordinator"])) == ["李娜"]


def test_the_excel_export_has_the_officials_and_the_summary_with_chinese_intact(client, world, people):
    client.force_login(world.users["staff"])
    response = client.get(reverse("records:compliance_xlsx"), {"unit": world.unit.pk})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="compliance-20270615.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Officials", "Summary"]
    officials = workbook["Officials"]
    assert officials["A2"].value == "Year: 2027 · As of: 2027-06-15 · Sending unit: Hangzhou Municipal Government"
    header = [c.value for c in officials[4]]
    assert header[:6] == ["No.", "Chinese name", "Pinyin", "Sending unit", "Jurisdiction", "Status"]
    assert header[6:9] == [
        "Yearly training: status",
        "Yearly training: done (class hours)",
        "Yearly training: required (class hours)",
    ]
    rows = [[c.value for c in row] for row in officials.iter_rows(min_row=5)]
    assert [row[1] for row in rows] == ["刘洋", "王伟", "张敏"]
    wang = rows[1]
    assert wang[3:6] == ["Hangzhou Municipal Government", "Hangzhou", "At risk"]
    assert wang[6:10] == ["On track", 50, 90, 40]
    summary_sheet = [[c.value for c in row] for row in workbook["Summary"].iter_rows(min_row=4)]
    assert summary_sheet == [
        ["Sending unit", "Officials", "Met", "On track", "At risk", "Short", "No rule applies", "Share met, per cent"],
        ["Hangzhou Municipal Government", 3, 1, 0, 1, 1, 0, 33.3],
        ["Total", 3, 1, 0, 1, 1, 0, 33.3],
    ]


def test_the_report_in_chinese(client, world, people):
    staff = world.users["staff"]
    staff.language = "zh-hans"
    staff.save()
    response = report(client, staff)
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body and "杭州市人民政府" in body and "刘洋" in body


def test_the_report_is_paged(client, world, settings):
    for _ in range(55):
        OfficialFactory(sending_unit=world.unit)
    response = report(client, world.users["staff"])
    assert len(listed(response)) == 50
    assert "Page 1 of 2" in response.content.decode()
    response = report(client, world.users["staff"], page=2)
    assert len(listed(response)) == 7  # 55 more, 王伟 and 李娜


@pytest.mark.parametrize("group_by", ["unit", "academy", "jurisdiction"])
@pytest.mark.parametrize("role", ["staff", "nominator", "coordinator"])
def test_the_report_takes_the_same_queries_for_one_official_or_thirty(client, world, role, group_by):
    client.force_login(world.users[role])

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse(path), {"group_by": group_by})
        assert response.status_code == 200
        # The page names the report's unit; the workbook is a workbook, not an error page.
        if path.endswith("_xlsx"):
            assert response.content.startswith(b"PK\x03\x04")
        else:
            assert world.unit.name_en in response.content.decode()
        return len(captured)

    one = {path: queries(path) for path in ("records:compliance", "records:compliance_xlsx")}
    for _ in range(29):
        official = OfficialFactory(sending_unit=world.unit)
        EnrolmentFactory(course=world.course, official=official, status=EnrolmentStatus.CONFIRMED)
        credit(official, D(2027, 1, 5), 12)
    assert {path: queries(path) for path in one} == one


# The list of officials -----------------------------------------------------------------------------


def test_the_officials_sort_by_name_unit_and_status_and_say_how_many(client, world, people):
    staff = world.users["staff"]
    by_name = ["陈静", "李娜", "刘洋", "王伟", "张敏"]  # chen, li na, liu, wang, zhang
    assert listed(report(client, staff, sort="official")) == by_name
    assert listed(report(client, staff, sort="-official")) == by_name[::-1]
    # Hangzhou's officials before Suzhou's, each unit's worst first as in the default order.
    assert listed(report(client, staff, sort="unit")) == ["刘洋", "王伟", "张敏", "李娜", "陈静"]
    assert listed(report(client, staff, sort="-status")) == ["陈静", "张敏", "李娜", "王伟", "刘洋"]
    response = report(client, staff, sort="nonsense", status="nonsense")
    assert listed(response) == []  # an invalid filter shows nobody, as before; the sort falls back quietly
    response = report(client, staff, sort="official", unit=world.unit.pk)
    assert listed(response) == ["刘洋", "王伟", "张敏"]
    body = response.content.decode()
    assert "Showing 1–3 of 3" in body
    assert '<option value="official" selected>Official, ascending</option>' in body


def test_the_officials_sort_by_a_rules_hours(client, world, people):
    staff = world.users["staff"]
    response = report(client, staff)
    rule_columns = [c.name for c in response.context["listing"].columns if c.name.startswith("rule")]
    assert rule_columns
    least_first = listed(report(client, staff, sort=rule_columns[0]))
    assert least_first[-1] == "陈静"  # no rule applies to them: last either way
    assert listed(report(client, staff, sort=f"-{rule_columns[0]}"))[-1] == "陈静"
    assert least_first.index("张敏") > least_first.index("刘洋")  # 张敏 has done far more


def test_a_unit_contact_sorts_only_their_own_officials(client, world, people):
    assert listed(report(client, world.users["nominator"], sort="-official")) == ["张敏", "王伟", "刘洋"]
