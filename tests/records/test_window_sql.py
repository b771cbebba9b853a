"""The window of service as each database computes it (compliance._WindowEdge, PostgreSQL's and SQLite's own
SQL) against the Python rule (compliance.service_window), on generated dates: month ends, leap days, windows
of one to ten years."""

import calendar
import datetime

import pytest
from django.db import transaction
from django.db.models import F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peixun.people.enums import PositionCategory
from peixun.people.models import Official
from peixun.records.compliance import _WindowEdge, service_window
from peixun.records.enums import RulePeriod
from peixun.records.models import ComplianceRule
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST, LAST = D(1949, 1, 1), D(2100, 12, 31)  # service cannot begin before 1949 (a constraint)
YEARS = st.integers(min_value=FIRST.year, max_value=LAST.year)
LEAP_YEARS = [year for year in range(FIRST.year, LAST.year + 1) if calendar.isleap(year)]


def month_end(year: int, month: int, back: int) -> D:
    """The month's last day, or one to three days before it (the 28th-31st that some months lack)."""
    return D(year, month, calendar.monthrange(year, month)[1] - back)


DAYS = st.one_of(
    st.dates(min_value=FIRST, max_value=LAST),
    st.builds(month_end, YEARS, st.integers(1, 12), st.integers(0, 3)),
    st.builds(lambda year, back: D(year, 2, 29 - back), st.sampled_from(LEAP_YEARS), st.integers(0, 1)),
    st.builds(lambda year, month: D(year, month, 1), YEARS, st.integers(1, 12)),
)


@pytest.fixture
def unit():
    return OrganisationFactory()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(as_of=DAYS, starts=st.lists(DAYS, min_size=1, max_size=12), years=st.integers(min_value=1, max_value=10))
def test_the_databases_window_is_the_python_rules(unit, as_of, starts, years):
    rule = ComplianceRule(period=RulePeriod.SERVICE, years=years)
    starts = [start for start in starts if start <= as_of] or [as_of]
    with transaction.atomic():
        Official.objects.bulk_create(
            Official(
                name_zh="王伟", position_category=PositionCategory.VICE_MAYOR, sending_unit=unit, service_began=start
            )
            for start in starts
        )
        began = F("service_began")
        rows = Official.objects.filter(sending_unit=unit).values_list(
            "service_began",
            _WindowEdge(began, as_of, 12 * years),
            _WindowEdge(began, as_of, 12 * years, after=True),
        )
        for start, first, last in rows:
            window = service_window(rule, start, as_of)
            assert (first, last) == (window.start, window.end), (start, as_of, years)
            assert type(first) is D and type(last) is D
            assert first <= as_of <= last
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("began", "as_of", "years", "first", "last"),
    [
        (D(2020, 2, 29), D(2025, 2, 28), 5, D(2020, 2, 29), D(2025, 2, 28)),
        (D(2020, 2, 29), D(2025, 3, 1), 5, D(2025, 3, 1), D(2030, 2, 28)),
        (D(2020, 2, 29), D(2024, 2, 29), 4, D(2024, 2, 29), D(2028, 2, 28)),
        (D(2019, 1, 31), D(2020, 1, 31), 1, D(2020, 1, 31), D(2021, 1, 30)),
        (D(2019, 12, 31), D(2024, 12, 31), 5, D(2024, 12, 31), D(2029, 12, 30)),
    ],
)
def test_windows_at_month_ends_and_leap_days(unit, began, as_of, years, first, last):
    official = Official.objects.create(
        name_zh="李娜", position_category=PositionCategory.VICE_MAYOR, sending_unit=unit, service_began=began
    )
    edges = Official.objects.filter(pk=official.pk).values_list(
        _WindowEdge(F("service_began"), as_of, 12 * years),
        _WindowEdge(F("service_began"), as_of, 12 * years, after=True),
    )

    assert edges.get() == (first, last)
    window = service_window(ComplianceRule(period=RulePeriod.SERVICE, years=years), began, as_of)
    assert (window.start, window.end) == (first, last)
