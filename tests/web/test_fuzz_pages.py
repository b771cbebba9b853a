"""No address, query or form that anyone can send makes a server error.

For every role of the demo (and a visitor who is not logged in) the test walks the site from its start
page, gathering the addresses the role is shown (real ids of objects it can see) and every form on
them. Then:

- every URL pattern of the project is opened with hostile ids (0, past 64 bits, non-ASCII digits)
  in each of its parameters: each is a 404, never a 500;
- hypothesis draws pages and forms: each page is opened with generated values for the parameters
  pages read (the lists' filters, sort and page, the fields of its GET forms, the parameters of the
  links to it), and each form is sent with generated values (huge and negative numbers, Unicode
  digits, empty, very long, NUL bytes, paths, markup, impossible dates, lists) in its fields.

The Client raises a view's exception (raise_request_exception), so a failure shows its traceback.
PEIXUN_FUZZ_EXAMPLES sets hypothesis's examples per role (the default keeps CI's run to a few minutes).
"""

from __future__ import annotations

import importlib
import os
import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from peixun.core.lists import ListSpec

ROLES = ["staff", "coordinator", "nominator", "lecturer", "official", "translator", "reviewer", "partner", None]
EXAMPLES = int(os.environ.get("PEIXUN_FUZZ_EXAMPLES", "12"))
#: Sent to every parameter of every page and in every field of every form, before hypothesis's own draws.
SWEEP = ["²", "99999999999999999999\x00"]
#: Pages the walk opens of each kind of address (ids differ, the route is the same).
PER_ROUTE = 1
NOT_SENT = re.compile(r"^/(logout|admin)/")

HOSTILE_IDS = ["0", "00", "99999999999999999999", str(2**63), "9223372036854775808", "²", "٣", "１"]
HOSTILE = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "99999999999999999999",
    str(2**63),
    str(2**63 - 1),
    "-9223372036854775809",
    "²",
    "٣",
    "١٢",
    "１２",
    "1e5",
    "1.5",
    "NaN",
    "-inf",
    "\x00",
    "a\x00b",
    "../",
    "../../../etc/passwd",
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "' OR 1=1 --",
    "%",
    "_",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2024-02-30",
    "10000-01-01",
    "2024-13-01",
    "12:61",
    "x" * 5000,
    "王" * 300,
    "🙂",
    "zh-hans",
    "true",
    "on",
    "None",
    "[]",
]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=20),
)


class _Page(HTMLParser):
    """The links and the forms (action, method, fields) of a page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower()}
            self._form["fields"] = {}
            self.forms.append(self._form)
        elif self._form is None or not attrs.get("name"):
            return
        elif tag in ("input", "textarea", "button"):
            kind = (attrs.get("type") or "").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].setdefault(attrs["name"], [])
                self._form["fields"].setdefault("__choices__" + attrs["name"], []).append(attrs.get("value") or "on")
                return
            self._form["fields"].setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs["name"]
            self._form["fields"].setdefault(self._select, [])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


class _PageWithOptions(_Page):
    def handle_starttag(self, tag, attrs):
        if tag == "option" and self._form is not None and self._select:
            value = dict(attrs).get("value") or ""
            self._form["fields"].setdefault("__choices__" + self._select, []).append(value)
            if "selected" in dict(attrs):
                self._form["fields"][self._select].append(value)
            return
        super().handle_starttag(tag, attrs)


def _routes() -> list[str]:
    """Every URL pattern of the project as one route string with its converters, e.g. 'courses/<id:pk>/'."""
    found = []

    def walk(patterns, prefix):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if route.startswith("admin/"):
                    continue
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                found.append(route)

    walk(get_resolver().url_patterns, "")
    return found


def _list_parameters() -> set[str]:
    """The parameters that the lists read: every ListSpec's filters, its sort and page."""
    names = {"sort", "page", "q"}
    for app in Path(__file__).resolve().parents[2].joinpath("peixun").iterdir():
        if (app / "lists.py").exists():
            module = importlib.import_module(f"peixun.{app.name}.lists")
            for value in vars(module).values():
                if isinstance(value, ListSpec):
                    names |= {spec.name for spec in value.filters}
    return names


def _route_of(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).route
    except Resolver404:
        return None


def _local(page: str, href: str) -> str | None:
    parts = urlsplit(urljoin(page, href))
    if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
        return None
    if NOT_SENT.search(parts.path):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _walk(client: Client):
    """Open the role's pages from its start page: the addresses it is shown, their query names, their forms."""
    queue, opened, per_route = deque(["/", "/login/", "/press/", "/verify/", "/impact/public/"]), [], {}
    forms, query_names = {}, {}
    while queue:
        path = queue.popleft()
        route = _route_of(path)
        if route is None or per_route.get(route, 0) >= PER_ROUTE or path in opened:
            continue
        per_route[route] = per_route.get(route, 0) + 1
        opened.append(path)
        response = client.get(path)
        assert response.status_code < 500, path
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = _PageWithOptions()
        parser.feed(response.content.decode())
        for href in parser.links:
            link = _local(path, href)
            if link:
                names = {name for name, _value in parse_qsl(urlsplit(link).query)}
                query_names.setdefault(_route_of(link), set()).update(names)
                queue.append(link)
        for form in parser.forms:
            action = _local(path, form["action"]) if form["action"] else path
            if action is None:
                continue
            if form["method"] == "get":
                query_names.setdefault(_route_of(action), set()).update(
                    name for name in form["fields"] if not name.startswith("__choices__")
                )
            else:
                forms.setdefault((_route_of(action), tuple(sorted(form["fields"]))), (action, form["fields"]))
    for names in query_names.values():
        if names & {"sort", "page"}:
            names |= _list_parameters()
    return opened, list(forms.values()), query_names


def _fill(route: str, id_value: str, other: str = "x") -> str:
    """The route with each id replaced by ``id_value``, and each other parameter (a token, a code) by ``other``."""
    return "/" + re.sub(r"<(\w+):(\w+)>", lambda match: id_value if match.group(1) == "id" else other, route)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for the module inside a transaction that is rolled back at its end (each test
    runs in a savepoint inside it, so what one role's forms change is undone before the next)."""
    media = tmp_path_factory.mktemp("fuzz-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=StringIO())
            yield media
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _client(role: str | None) -> Client:
    from peixun.core.models import User

    client = Client(raise_request_exception=True)
    if role:
        client.force_login(User.objects.get(username=role))
    return client


@pytest.mark.django_db
def test_hostile_ids_in_every_pattern_are_not_found(demo):
    """An id of 0, past 64 bits or in other digits than ASCII is no address of the site (the ``id`` converter)."""
    client = _client("staff")
    routes = [route for route in _routes() if "<id:" in route]
    assert len(routes) > 50
    for route in routes:
        for hostile in HOSTILE_IDS:
            path = _fill(route, hostile)
            assert client.get(path).status_code == 404, path
            assert client.post(path).status_code == 404, path


def test_every_id_in_an_address_uses_the_bounded_converter():
    unbounded = [route for route in _routes() if "<int:" in route or "<path:" in route]
    assert unbounded == []


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES, ids=[role or "visitor" for role in ROLES])
def test_no_address_or_form_makes_a_server_error(demo, settings, role):
    settings.MEDIA_ROOT = demo
    client = _client(role)
    pages, forms, query_names = _walk(client)
    assert len(pages) > (1 if role is None else 5), f"the walk found almost nothing as {role}: {pages}"

    common = sorted(_list_parameters())
    for path in pages:
        for name in sorted(query_names.get(_route_of(path), set())):
            for value in SWEEP:
                response = client.get(urlsplit(path).path, {name: value})
                assert response.status_code != 500
    for action, fields in forms:
        for value in SWEEP:
            posted = {name: value for name in fields if not name.startswith("__choices__")}
            response = client.post(action, posted)
            assert response.status_code != 500
    # Patterns the walk never reached are opened with small ids, which name some object of most kinds.
    unreached = [_fill(route, "1") for route in _routes() if route not in {_route_of(p) for p in pages}]
    targets = pages + [path for path in unreached if not NOT_SENT.search(path)]

    @settings_for_role
    @given(data=st.data())
    def fuzz(data):
        path = data.draw(st.sampled_from(targets), label="page")
        names = sorted(query_names.get(_route_of(path), set()) | set(common))
        chosen = data.draw(st.lists(st.sampled_from(names), min_size=1, max_size=4, unique=True), label="params")
        query = {name: data.draw(st.lists(VALUES, min_size=1, max_size=2), label=name) for name in chosen}
        response = client.get(urlsplit(path).path, query)
        assert response.status_code != 500

        if not forms:
            return
        action, fields = data.draw(st.sampled_from(forms), label="form")
        posted = {}
        for name, given_values in fields.items():
            if name.startswith("__choices__"):
                continue
            offered = given_values + fields.get("__choices__" + name, [])
            kept = st.lists(st.sampled_from(offered), max_size=2) if offered else st.just([])
            posted[name] = data.draw(st.one_of(kept, st.lists(VALUES, min_size=1, max_size=2)), label=name)
        response = client.post(action, posted)
        assert response.status_code != 500

    fuzz()


settings_for_role = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # A failure's traceback names the page and the values already; shrinking it costs minutes of requests.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
