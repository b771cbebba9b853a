"""The compliance rules at their edges: exact thresholds, window boundaries, mid-year starts, leap years."""

import datetime
from decimal import Decimal

import pytest

from peixun.courses.enums import EnrolmentStatus
from peixun.people.models import Official
from peixun.records import compliance
from peixun.records.compliance import add_months, months_between, service_window
from peixun.records.enums import ComplianceStatus, EntrySource, RulePeriod
from peixun.records.models import ComplianceRule, LedgerEntry
from peixun.records.services import add_external_training
from tests.factories import CourseFactory, EnrolmentFactory, OfficialFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def rules():
    ComplianceRule.objects.all().delete()
    yearly = ComplianceRule.objects.create(
        name_en="Yearly", name_zh="年度", period=RulePeriod.YEAR, years=1, required_days=12, required_hours=90
    )
    window = ComplianceRule.objects.create(
        name_en="Five-year",
        name_zh="五年",
        period=RulePeriod.SERVICE,
        years=5,
        required_days=90,
        required_hours=550,
        prorate_first_year=False,
    )
    return yearly, window


def credit(official, date, hours):
    return LedgerEntry.objects.create(
        official=official, date=date, hours=Decimal(hours), source=EntrySource.EXTERNAL, title="Training"
    )


def result(official, rule, as_of):
    (row,) = compliance.compliance_of(Official.objects.filter(pk=official.pk), as_of=as_of, rules=[rule])
    return row.rules[0]


# Calendar arithmetic ----------------------------------------------------------------------------


def test_months_between_counts_whole_months_only():
    assert months_between(D(2019, 7, 15), D(2024, 7, 14)) == 59
    assert months_between(D(2019, 7, 15), D(2024, 7, 15)) == 60
    assert months_between(D(2019, 7, 15), D(2019, 7, 15)) == 0


def test_a_window_from_the_29th_of_february_restarts_on_the_1st_of_march_in_a_common_year():
    assert add_months(D(2020, 2, 29), 60) == D(2025, 3, 1)
    assert add_months(D(2020, 2, 29), 48) == D(2024, 2, 29)
    assert add_months(D(2019, 1, 31), 1) == D(2019, 3, 1)


def test_service_window_of_an_official_who_began_mid_year(rules):
    _, window = rules
    began = D(2019, 7, 15)
    assert service_window(window, began, D(2024, 7, 14)) == compliance.Period(D(2019, 7, 15), D(2024, 7, 14))
    assert service_window(window, began, D(2024, 7, 15)) == compliance.Period(D(2024, 7, 15), D(2029, 7, 14))
    assert service_window(window, began, D(2019, 7, 14)) is None
    assert service_window(window, None, D(2024, 1, 1)) is None


# Yearly rule -----------------------------------------------------------------------------------


def test_exactly_ninety_class_hours_meets_the_year_and_eighty_nine_point_nine_does_not(rules):
    yearly, _ = rules
    met, short = OfficialFactory(), OfficialFactory()
    credit(met, D(2026, 3, 1), "90")
    credit(short, D(2026, 3, 1), "89.9")
    as_of = D(2026, 12, 20)
    assert result(met, yearly, as_of).status == ComplianceStatus.MET
    behind = result(short, yearly, as_of)
    assert behind.status == ComplianceStatus.SHORT
    assert behind.shortfall == Decimal("0.1")


def test_exactly_twelve_days_entered_as_days_meets_the_year(rules):
    yearly, _ = rules
    official = OfficialFactory()
    entry = add_external_training(
        actor=UserFactory(), official=official, date=D(2026, 5, 4), title="Party school", days=Decimal("12")
    )
    assert entry.hours == Decimal("90.00") and entry.days == Decimal("12.00")
    found = result(official, yearly, D(2026, 11, 1))
    assert found.status == ComplianceStatus.MET
    assert found.done_days == Decimal("12.00")


def test_either_days_or_hours_satisfy_the_rule(settings, rules):
    yearly, _ = rules
    yearly.required_hours = Decimal("100")  # 12 days = 90 h is now the smaller requirement
    yearly.save()
    official = OfficialFactory()
    credit(official, D(2026, 2, 1), "90")
    assert result(official, yearly, D(2026, 6, 1)).required == Decimal("90")
    settings.PEIXUN_CLASS_HOURS_PER_DAY = Decimal("10")  # 12 days = 120 h: hours are now the smaller
    assert result(official, yearly, D(2026, 6, 1)).required == Decimal("100")


def test_the_year_counts_from_the_first_of_january_to_the_thirty_first_of_december(rules):
    yearly, _ = rules
    official = OfficialFactory()
    credit(official, D(2025, 12, 31), "40")
    credit(official, D(2026, 1, 1), "30")
    credit(official, D(2026, 12, 31), "20")
    assert result(official, yearly, D(2025, 12, 31)).done == Decimal("40")
    assert result(official, yearly, D(2026, 12, 31)).done == Decimal("50")
    # Nothing dated after the day of the report is counted as done.
    assert result(official, yearly, D(2026, 6, 30)).done == Decimal("30")


def test_the_first_year_is_prorated_by_the_months_served(rules):
    yearly, _ = rules
    official = OfficialFactory(service_began=D(2026, 7, 20))
    found = result(official, yearly, D(2026, 8, 1))
    assert found.required == Decimal("45")  # July to December: 6 of 12 months
    assert compliance.required_hours(yearly, official.service_began, D(2026, 8, 1)) == Decimal("45.00")
    assert result(official, yearly, D(2027, 8, 1)).required == Decimal("90")


def test_no_requirement_before_service_began(rules):
    yearly, window = rules
    official = OfficialFactory(service_began=D(2027, 3, 1))
    assert result(official, yearly, D(2026, 6, 1)).required is None
    assert result(official, window, D(2026, 6, 1)).required is None
    assert result(official, yearly, D(2026, 6, 1)).status is None


def test_an_official_without_a_start_of_service_is_held_to_the_year_only(rules):
    yearly, window = rules
    official = OfficialFactory(service_began=None)
    assert result(official, yearly, D(2026, 6, 1)).required == Decimal("90")
    assert result(official, window, D(2026, 6, 1)).required is None


# Five-year windows -----------------------------------------------------------------------------


def test_entries_on_either_side_of_a_window_boundary_count_in_their_own_window(rules):
    _, window = rules
    official = OfficialFactory(service_began=D(2019, 7, 15))
    credit(official, D(2019, 7, 14), "500")  # before service began: never in a window
    credit(official, D(2019, 7, 15), "100")  # first day of the first window
    credit(official, D(2024, 7, 14), "200")  # last day of the first window
    credit(official, D(2024, 7, 15), "300")  # first day of the second window
    assert result(official, window, D(2024, 7, 14)).done == Decimal("300")
    assert result(official, window, D(2024, 7, 15)).done == Decimal("300")
    second = result(official, window, D(2029, 7, 14))
    assert second.done == Decimal("300")
    assert second.period == compliance.Period(D(2024, 7, 15), D(2029, 7, 14))


def test_a_window_begun_on_the_twenty_ninth_of_february(rules):
    _, window = rules
    official = OfficialFactory(service_began=D(2020, 2, 29))
    credit(official, D(2025, 2, 28), "100")  # still the first window
    credit(official, D(2025, 3, 1), "50")  # the second window begins
    assert result(official, window, D(2025, 2, 28)).done == Decimal("100")
    later = result(official, window, D(2025, 3, 1))
    assert later.done == Decimal("50")
    assert later.period.start == D(2025, 3, 1)


def test_exactly_550_hours_in_the_window_meets_it(rules):
    _, window = rules
    official = OfficialFactory(service_began=D(2021, 1, 1))
    for year in range(2021, 2026):
        credit(official, D(year, 6, 1), "110")
    assert result(official, window, D(2025, 12, 1)).status == ComplianceStatus.MET
    assert result(official, window, D(2026, 1, 1)).done == Decimal("0")


# Status and projection -------------------------------------------------------------------------


def test_planned_sessions_of_confirmed_courses_put_an_official_on_track(rules):
    yearly, _ = rules
    official = OfficialFactory()
    credit(official, D(2026, 2, 1), "60")
    course = CourseFactory(start=D(2026, 12, 7), end=D(2026, 12, 20))
    for day in range(7, 12):
        SessionFactory(course=course, date=D(2026, 12, day), class_hours=Decimal("7"))
    SessionFactory(course=course, date=D(2026, 12, 12), class_hours=Decimal("0"))  # a dinner
    enrolment = EnrolmentFactory(course=course, official=official, status=EnrolmentStatus.WAITLISTED)
    as_of = D(2026, 12, 5)
    assert result(official, yearly, as_of).planned == Decimal("0")
    assert result(official, yearly, as_of).status == ComplianceStatus.SHORT
    enrolment.status = EnrolmentStatus.CONFIRMED
    enrolment.save()
    found = result(official, yearly, as_of)
    assert found.planned == Decimal("35")
    assert found.projected == Decimal("95")
    assert found.status == ComplianceStatus.ON_TRACK


def test_on_pace_is_on_track_and_behind_pace_with_time_left_is_at_risk(rules):
    yearly, _ = rules
    on_pace, behind = OfficialFactory(), OfficialFactory()
    credit(on_pace, D(2026, 3, 1), "46")  # just over half of 90 by the start of July
    credit(behind, D(2026, 3, 1), "20")
    as_of = D(2026, 7, 2)
    assert result(on_pace, yearly, as_of).status == ComplianceStatus.ON_TRACK
    assert result(behind, yearly, as_of).status == ComplianceStatus.AT_RISK


def test_a_window_not_met_in_its_last_month_is_short(rules):
    _, window = rules
    official = OfficialFactory(service_began=D(2021, 1, 1))
    credit(official, D(2022, 1, 1), "100")
    assert result(official, window, D(2025, 11, 30)).status == ComplianceStatus.AT_RISK
    assert result(official, window, D(2025, 12, 1)).status == ComplianceStatus.SHORT


def test_the_overall_status_is_the_worst_of_the_rules(rules):
    official = OfficialFactory(service_began=D(2022, 1, 1))
    credit(official, D(2026, 2, 1), "95")
    (row,) = compliance.compliance_of(Official.objects.filter(pk=official.pk), as_of=D(2026, 6, 1), rules=list(rules))
    assert [r.status for r in row.rules] == [ComplianceStatus.MET, ComplianceStatus.AT_RISK]
    assert row.status == ComplianceStatus.AT_RISK


def test_reversed_entries_no_longer_count(rules):
    from peixun.records.services import reverse_entry

    yearly, _ = rules
    official = OfficialFactory()
    entry = credit(official, D(2026, 3, 1), "90")
    assert result(official, yearly, D(2026, 6, 1)).done == Decimal("90")
    reverse_entry(actor=UserFactory(), entry=entry, reason="Entered for the wrong official")
    assert result(official, yearly, D(2026, 6, 1)).done == Decimal("0")


def test_one_official_and_a_whole_unit_take_the_same_single_query(rules, django_assert_num_queries):
    one = OfficialFactory()
    unit = one.sending_unit
    for _ in range(30):
        credit(OfficialFactory(sending_unit=unit), D(2026, 3, 1), "10")
    with django_assert_num_queries(1):
        assert (
            len(compliance.compliance_of(Official.objects.filter(pk=one.pk), as_of=D(2026, 6, 1), rules=list(rules)))
            == 1
        )
    with django_assert_num_queries(1):
        rows = compliance.compliance_of(
            Official.objects.filter(sending_unit=unit), as_of=D(2026, 6, 1), rules=list(rules)
        )
    assert len(rows) == 31
    assert sum(row.rules[0].done for row in rows) == Decimal("300")


def test_the_national_summary_counts_each_official_once_per_year_with_net_hours(rules):
    from peixun.records.services import reverse_entry

    first, second, third = OfficialFactory(), OfficialFactory(), OfficialFactory()
    credit(first, D(2025, 3, 1), "60")
    credit(first, D(2025, 9, 1), "30")  # 90 in all: reaches the year
    credit(second, D(2025, 3, 1), "89.9")
    reverse_entry(actor=None, entry=credit(third, D(2025, 5, 1), "100"), reason="Wrong official")
    credit(third, D(2026, 1, 1), "7.5")
    summary = compliance.national_summary([2024, 2025, 2026])
    assert [(s.year, s.officials_trained, s.hours, s.reached_yearly) for s in summary] == [
        (2024, 0, Decimal("0"), 0),
        (2025, 2, Decimal("179.9"), 1),
        (2026, 1, Decimal("7.5"), 0),
    ]
    unit_only = compliance.national_summary([2025], officials=Official.objects.filter(pk=second.pk))
    assert unit_only[0].officials_trained == 1 and unit_only[0].reached_yearly == 0


def test_staff_configure_the_rules_in_the_admin_and_nobody_else_may(client):
    from django.urls import reverse

    from peixun.core.enums import Role

    rule = ComplianceRule.objects.filter(period=RulePeriod.YEAR).first() or ComplianceRule.objects.create(
        name_en="Yearly", name_zh="年度", period=RulePeriod.YEAR, years=1, required_days=12, required_hours=90
    )
    url = reverse("admin:records_compliancerule_change", args=[rule.pk])
    client.force_login(UserFactory(role=Role.COORDINATOR, academy=CourseFactory().academy))
    assert client.get(url).status_code in (302, 403)
    client.force_login(UserFactory(role=Role.STAFF))
    page = client.get(url)
    assert page.status_code == 200 and "required_hours" in page.content.decode()
