"""What every test shares: hypothesis settings, the CI rule (nothing skips), the test database, English, Chromium."""

import os
import shutil
import time

import pytest
from django.core.cache import caches
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

IN_CI = os.environ.get("CI") == "true"

# Generated tests judge behaviour, never speed: the two passes of `make test` share two cores, so no
# deadline per example and no complaint that drawing examples is slow (timings live in bench/).
hypothesis_settings.register_profile("peixun", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.load_profile("peixun")


def pytest_configure(config):
    from django.conf import settings

    # Tests create many users; a fast hasher keeps them quick. Production keeps Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


#: Test packages that never touch a database (the timetable and document engines: pytest-django refuses
#: database access to a test that does not ask for it, so none of them can). They are marked ``nodb``, and
#: the PostgreSQL pass of ``make test`` leaves them to the SQLite pass: they would do the same there.
DATABASE_FREE = {"docengine", "scheduling"}


def pytest_collection_modifyitems(config, items):
    from pathlib import Path

    from django.db import connection

    tests = Path(__file__).resolve().parent
    for item in items:
        if any(Path(item.path).resolve().is_relative_to(tests / name) for name in DATABASE_FREE):
            item.add_marker(pytest.mark.nodb)
    if connection.vendor != "postgresql":
        for item in items:
            if "postgres" in item.keywords:
                reason = "needs PostgreSQL: run with PEIXUN_DATABASE_URL=postgres://... (make test does)"
                item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session, exitstatus):
    """Under CI nothing may skip: a missing component must fail the run, not hide."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped:
        reporter.write_line(f"CI=true: {skipped} tests were skipped; under CI every test must run.", red=True)
        session.exitstatus = 1


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Django empties the tables between transactional tests with TRUNCATE on PostgreSQL, which the
    ledger refuses (records migration 0003). The test database lets it through; the tests of the
    refusal turn the trigger back on inside their own transaction (tests/records/test_ledger_guards.py)."""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ALTER TABLE records_ledgerentry DISABLE TRIGGER records_ledger_no_truncate")


@pytest.fixture(autouse=True)
def _rate_windows_start_with_the_test(monkeypatch):
    """The rate limits count in fixed windows of the wall clock (peixun/core/ratelimit.py): a test's few requests
    could straddle a window's end and be counted apart. Each test's limiter clock runs from the start of an hour,
    which begins a window of every length the settings use."""
    from peixun.core import ratelimit

    started = time.time()
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000 + time.time() - started)


@pytest.fixture(autouse=True)
def _english_by_default(settings, tmp_path_factory):
    settings.LANGUAGE_CODE = "en"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Uploads and generated files of a test never land in the project's media folder.
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
    # Users of one test may reuse the ids of another's: no rendered navigation carries over.
    caches["fragments"].clear()
    # Rate-limit counts of one test do not carry over either (only a per-process cache is emptied here).
    if caches["default"].__class__.__name__ == "LocMemCache":
        caches["default"].clear()


# One Chromium for the whole run: Playwright's sync API allows one event loop per thread, so every
# browser test (tests/browser/ and any other folder) shares this one.
CHROMIUM = os.environ.get("PEIXUN_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def chromium():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium or set PEIXUN_CHROMIUM"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the test
    # itself (to set up data) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def s3_server():
    """A local S3-compatible server (moto's server mode) for the whole run: see tests/s3.py."""
    from tests.s3 import start_server

    server, s3 = start_server()
    yield s3
    server.stop()


@pytest.fixture
def s3_bucket(s3_server, settings):
    """This test's own empty bucket, and Peixun's files stored in it (``settings.STORAGES``, as
    ``PEIXUN_S3_BUCKET`` sets them). Yields (server, bucket name)."""
    import secrets

    bucket = s3_server.create_bucket(f"peixun-{secrets.token_hex(6)}")
    settings.STORAGES = s3_server.storages(bucket, settings.STORAGES)
    yield s3_server, bucket
