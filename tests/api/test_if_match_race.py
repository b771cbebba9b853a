"""Several systems changing one nomination at the same moment with the same ETag: exactly one change is written,
every other is answered 412 (PostgreSQL only: each process has its own connection, and the row locks decide).

Spawned children import this module again before they set Django up, so Django models are imported inside the
functions, never at the top of the module.
"""

import pytest

from tests.courses.test_concurrency import TIMEOUT, _run_in_processes, _setup_django

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PROCESSES = 4


def _withdraw_in_child(db_name, address, secret, etag, barrier, results):
    try:
        _setup_django(db_name)
        from django.db import connections
        from django.test import Client
        from django.test.utils import setup_test_environment

        setup_test_environment()  # the test client's host, as in the parent
        client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_IF_MATCH=etag)
        barrier.wait(timeout=TIMEOUT)
        response = client.post(address, {"reason": "Ill"}, content_type="application/json")
        connections.close_all()
        results.put(("done", response.status_code))
    except BaseException as error:
        barrier.abort()
        results.put(("crashed", f"{type(error).__name__}: {error}"))


def test_one_etag_lets_exactly_one_of_several_simultaneous_changes_through(settings):
    from django.test import Client

    from peixun.api.models import TokenScope
    from peixun.api.services import create_api_token
    from peixun.core.enums import Role
    from peixun.core.models import AuditEvent
    from peixun.courses.enums import EnrolmentStatus
    from peixun.courses.models import Enrolment
    from tests.factories import CourseFactory, EnrolmentFactory, OfficialFactory, UnitQuotaFactory, UserFactory

    course = CourseFactory()
    quota = UnitQuotaFactory(course=course, seats=3)
    enrolment = EnrolmentFactory(course=course, official=OfficialFactory(sending_unit=quota.unit))
    contact = UserFactory(username="contact", role=Role.UNIT_CONTACT, sending_unit=quota.unit)
    staff = UserFactory(username="staff", role=Role.STAFF)
    secrets = [
        create_api_token(actor=user, user=user, name=f"system {n}", scope=TokenScope.READ_WRITE).secret
        for n, user in enumerate([contact, staff, contact, staff])
    ]
    address = f"/api/v1/courses/{course.pk}/nominations/{enrolment.pk}/"
    etag = Client(HTTP_AUTHORIZATION=f"Bearer {secrets[0]}").get(address)["ETag"]

    codes = _run_in_processes(_withdraw_in_child, [(address + "withdraw/", secret, etag) for secret in secrets])

    assert sorted(codes) == [200] + [412] * (PROCESSES - 1)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.WITHDRAWN
    assert AuditEvent.objects.filter(action="enrolment.withdrawn").count() == 1
