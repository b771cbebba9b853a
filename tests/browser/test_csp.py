"""The Content-Security-Policy holds in a real Chromium: walking each demo role's pages (and the admin,
the login and the public pages) reports no violation, so nothing the pages need is refused by it."""

from __future__ import annotations

from collections import deque

import pytest
from playwright.sync_api import Error as PlaywrightError

from .conftest import log_in
from .test_crawl import ROLES, _kind, _links, demo  # noqa: F401 (demo is a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation the page meets is kept on the window; the listener is in place before any of the page's
# own scripts run. The console catches what happens while the page unloads.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} `
    + `(${e.sourceFile || 'the page'}:${e.lineNumber}) ${(e.sample || '').slice(0, 60)}`);
});
"""
COLLECT = "() => window.__cspViolations || []"
PUBLIC = ["/login/", "/verify/", "/verify/PX-0000-0000-0000/", "/impact/public/"]
ADMIN = ["/admin/", "/admin/core/user/", "/admin/core/user/add/", "/admin/axes/accessattempt/"]
MOST_PAGES_PER_ROLE = 60


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


def walk(page, role: str, violations: list[str]) -> int:
    queue, seen, opened = deque(["/"]), set(), 0
    while queue and opened < MOST_PAGES_PER_ROLE:
        path = queue.popleft()
        if _kind(path) in seen:
            continue
        seen.add(_kind(path))
        if visit(page, path, f"{role} · {path}", violations):
            opened += 1
            queue.extend(_links(page, page.url))
    return opened


def test_no_page_of_any_role_meets_a_policy_violation(chromium, live_server, demo):  # noqa: F811
    violations: list[str] = []
    context, page = new_page(chromium, live_server, violations)
    for path in PUBLIC:
        visit(page, path, f"public · {path}", violations)
    context.close()

    opened = {}
    for role in ROLES:
        context, page = new_page(chromium, live_server, violations)
        log_in(page, role, "peixun-demo")
        opened[role] = walk(page, role, violations)
        if role == "staff":
            for path in ADMIN:
                visit(page, path, f"staff · {path}", violations)
        context.close()
    assert all(count > 3 for count in opened.values()), opened
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
