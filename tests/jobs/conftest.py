import pytest

from tests.factories import UserFactory
from tests.jobs import kinds  # noqa: F401  (registers the test kinds)


@pytest.fixture
def starter(db):
    return UserFactory(username="starter", role="official")


@pytest.fixture
def staff(db):
    return UserFactory(username="staffer", role="staff")


@pytest.fixture
def other(db):
    return UserFactory(username="other", role="official")
