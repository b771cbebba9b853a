"""Lists do a bounded number of queries, whatever their length."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.courses.models import SessionLecturer
from peixun.partners.models import Engagement
from tests.factories import LecturerFactory, SessionFactory
from tests.partners.conftest import company, engagement


def _queries(client, url, shows: str, **params) -> int:
    """The SQL queries of one page, which must be served and show ``shows``: a page refused or empty
    would take few queries for the wrong reason."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    assert shows in response.content.decode(), (url, shows)
    return len(captured)


def test_partner_pages_queries_do_not_grow_with_engagements(client, world, staff):
    client.force_login(staff)
    lists = _queries(client, reverse("partners:list"), "Philips Lighting")
    detail = _queries(client, reverse("partners:detail", args=[world.partner.pk]), "Philips Lighting")
    mine_client = client.__class__()
    mine_client.force_login(world.users["partner"])
    mine = _queries(mine_client, reverse("partners:mine"), "Philips Lighting")
    course = _queries(client, reverse("partners:course", args=[world.past_course.pk]), world.past_course.title_en)
    for i in range(15):
        partner = company(f"Partner {i}", f"伙伴{i}")
        session = SessionFactory(course=world.past_course, sponsor=partner, format="dinner", class_hours="0")
        engagement(partner=partner, course=world.past_course, session=session, state="delivered", delivered_en="ok")
        engagement(partner=world.partner, course=world.past_course, kind="workshop", state="confirmed")
        SessionFactory(course=world.past_course, sponsor=world.partner, format="lunch", class_hours="0")
    assert Engagement.objects.filter(partner=world.partner).count() == 18
    assert _queries(client, reverse("partners:list"), "Partner 14") == lists
    assert _queries(client, reverse("partners:detail", args=[world.partner.pk]), "Philips Lighting") == detail
    assert _queries(mine_client, reverse("partners:mine"), "Philips Lighting") == mine
    assert _queries(client, reverse("partners:course", args=[world.past_course.pk]), "Partner 14") == course


def test_thanks_queries_do_not_grow_with_the_years(client, world):
    url = reverse("partners:thanks")
    few = _queries(client, url, "<h1")
    for i in range(12):
        session = SessionFactory(date=datetime.date(2015 + i % 6, 4, 1 + i))
        SessionLecturer.objects.create(
            session=session, lecturer=LecturerFactory(), date=session.date, part_of_day=session.part_of_day
        )
        engagement(partner=company(f"Host {i}", f"主办{i}"), course=session.course, session=session, state="delivered")
    assert _queries(client, url, "Host 11") == few
    assert few <= 4
