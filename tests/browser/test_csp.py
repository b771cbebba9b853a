"""The Content-Security-Policy holds in a real Chromium: the login, the public pages and the admin report
no violation (every role's pages are walked with the same listener in test_crawl.py), and the listener
catches one when a page breaks the policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import log_in
from .test_crawl import COLLECT, LISTEN, demo  # noqa: F401 (demo is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = ["/login/", "/verify/", "/verify/PX-0000-0000-0000/", "/impact/public/"]
ADMIN = ["/admin/", "/admin/core/user/", "/admin/core/user/add/", "/admin/axes/accessattempt/"]


def new_page(chromium, live_server, violations: list[str]):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    context.set_default_timeout(15_000)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.on(
        "console",
        lambda message: (
            violations.append(f"console: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    return context, page


def visit(page, path: str, label: str, violations: list[str]) -> bool:
    try:
        response = page.goto(path)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return False
        raise
    if not (response and response.headers.get("content-type", "").startswith("text/html")):
        return False
    assert "script-src 'self'" in response.headers.get("content-security-policy", ""), f"{label}: no policy"
    page.wait_for_timeout(100)  # deferred scripts and htmx's first requests
    violations.extend(f"{label}: {found}" for found in page.evaluate(COLLECT))
    return True


def test_the_public_pages_and_the_admin_meet_no_policy_violation(chromium, live_server, demo):  # noqa: F811
    """Every role's own pages are walked with the same listener by test_crawl.py."""
    violations: list[str] = []
    context, page = new_page(chromium, live_server, violations)
    for path in PUBLIC:
        assert visit(page, path, f"public · {path}", violations), path
    context.close()
    context, page = new_page(chromium, live_server, violations)
    log_in(page, "staff", "peixun-demo")
    for path in ADMIN:
        assert visit(page, path, f"staff · {path}", violations), path
    context.close()
    assert not violations, f"{len(violations)} violations:\n" + "\n".join(violations)


def test_the_listener_reports_an_inline_script(chromium, live_server):
    """The walk's own check, on a page made to break the policy."""
    violations: list[str] = []
    context, page = new_page(chromium, live_server, violations)
    page.route(
        "**/made-to-break/",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "script-src 'self'"},
            body="<html><body><script>document.title = 'ran'</script><button onclick=\"x()\">x</button></body></html>",
        ),
    )
    page.goto("/made-to-break/")
    page.wait_for_timeout(100)
    found = page.evaluate(COLLECT)
    assert page.title() != "ran"
    assert found and all(line.startswith("script-src-elem refused inline") for line in found[:1]), found
    context.close()
