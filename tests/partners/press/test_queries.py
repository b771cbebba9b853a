"""The press archive's and the documents' lists do a bounded number of queries, whatever their length."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.partners.models import PressItem
from tests.partners.conftest import company


def _queries(client, url, shows: str, **params) -> int:
    """The SQL queries of one page, which must be served and show ``shows``: a page refused or empty
    would take few queries for the wrong reason."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    assert shows in response.content.decode(), (url, shows)
    return len(captured)


def _more_press(world, n):
    for i in range(n):
        PressItem.objects.create(
            date=datetime.date(2009 + i % 5, 1 + i % 12, 1),
            outlet=company(f"Outlet {i}", f"媒体{i}", kind="media"),
            title_en=f"Story {i}",
            title_zh=f"报道{i}",
        )


def test_press_list_queries_do_not_grow_with_the_archive(client, world):
    url = reverse("press:list")
    few = _queries(client, url, "<h1")
    _more_press(world, 30)
    assert _queries(client, url, "Story 29") == few
    assert _queries(client, url, "Story 1", q="story", year="2010") == few


def test_documents_list_queries_are_bounded(client, world, staff):
    client.force_login(staff)
    assert _queries(client, reverse("press:documents"), "<h1") <= 6
