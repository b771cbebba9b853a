"""Every link the demo shows a role leads to a page that role may open.

A page that shows a link its reader would be refused at (a crumb to a course a translator cannot see,
say) is a dead end. Each demo login walks the site from its start page the way a person clicking
around would, one page per kind of address, and every link it finds must answer.
"""

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ROLES = ["staff", "coordinator", "nominator", "lecturer", "official", "translator", "reviewer", "partner"]
# Logging out and the admin are not pages of the walk; neither are the files pages offer for download
# (their own tests open them).
NOT_WALKED = re.compile(r"^/(logout|admin)/|\.(xlsx|csv|pdf|pptx|docx|ics|tmx)$|/(export|download)/")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _links(page: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    paths = []
    for href in parser.hrefs:
        parts = urlsplit(urljoin(page, href))
        if parts.netloc in ("", "testserver") and parts.scheme in ("", "http") and not NOT_WALKED.search(parts.path):
            paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _kind(path: str) -> str:
    """Addresses that differ only in ids or the query are one kind of page: the walk opens one of each."""
    return re.sub(r"/\d+", "/N", urlsplit(path).path)


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())


@pytest.mark.parametrize("role", ROLES)
def test_every_link_shown_to_a_demo_role_opens(client, demo, role):
    assert client.login(username=role, password="peixun-demo")
    queue, seen, dead = deque([("/", "login")]), set(), []
    while queue:
        path, shown_on = queue.popleft()
        if _kind(path) in seen:
            continue
        seen.add(_kind(path))
        response = client.get(path, follow=True)
        if response.status_code != 200:
            dead.append(f"{path} ({response.status_code}), linked from {shown_on}")
            continue
        if response.get("Content-Type", "").startswith("text/html"):
            queue.extend((link, path) for link in _links(path, response.content.decode()))
    assert len(seen) > 5, f"the walk found almost nothing to open as {role}: {sorted(seen)}"
    assert not dead, f"links that {role} is shown but cannot open:\n" + "\n".join(dead)
