"""Schemathesis against the live schema, as programme staff and as a sending unit's contact (with a read token, and
with a token that writes, so that nominations, withdrawals and substitutions run through the services): no server
error and no response that breaks the schema, on every endpoint built so far (a bounded number of examples each)."""

import contextlib
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from peixun.api.throttling import TokenRateThrottle

#: Examples per operation and role; PEIXUN_API_FUZZ_EXAMPLES raises it for a longer local run.
EXAMPLES = int(os.environ.get("PEIXUN_API_FUZZ_EXAMPLES", "10"))

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def connection_kept_open():
    """The WSGI application closes the database connection after each request; the test's transaction needs
    it open (Django's own test client disconnects the same two signals)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize(("role", "writes"), [("staff", False), ("nominator", False), ("nominator", True)])
def test_every_operation_keeps_to_the_schema(world, role, writes, monkeypatch):
    monkeypatch.setattr(TokenRateThrottle, "rate", "100000/minute", raising=False)
    token = world.write_token(role) if writes else world.tokens[role]
    with connection_kept_open():
        schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 34
        for operation in operations:
            run(operation, {"Authorization": f"Bearer {token}"})


def run(operation, headers: dict) -> None:
    # A write may refuse values the schema allows, as its page does (a quota used up, nominations closed, an
    # official of another unit): a 400 in the error shape, which the schema documents; every other check holds.
    excluded = [positive_data_acceptance] if operation.method.upper() != "GET" else []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(headers=headers, excluded_checks=excluded)

    check()
