"""The page benchmark's data still builds on today's models, and its pages answer as bench/pages.py
expects: otherwise the benchmark fails only when someone next runs it."""

import pytest

pytestmark = pytest.mark.django_db

#: Queries each page runs for the benchmark's staff user once the menu is cached: the 3 of
#: docs/benchmarks.md, and the session read from the database (the benchmark caches it in Redis).
QUERIES = 4


def test_the_page_benchmarks_data_builds_and_every_page_it_loads_answers():
    from bench import _data

    _data.generate()
    assert _data.counts() == {
        "courses": 50,
        "officials": 3100,
        "enrolments": 3100,
        "confirmed": 2750,
        "sessions": 1300,
    }
    queries = _data.probe(_data.login_session(), _data.targets())  # refuses any page that is not a 200
    assert queries == {"course": QUERIES, "roster": QUERIES, "official_search": QUERIES}
