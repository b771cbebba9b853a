"""The Content-Security-Policy: scripts from Peixun's own files only, and no template that needs more."""

import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "peixun" / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_page_carries_a_policy_that_allows_no_inline_script():
    client = Client()
    client.force_login(UserFactory())
    for url in ["/login/", "/", "/verify/", "/admin/"]:
        directives = policy(client.get(url))
        assert directives["script-src"] == "script-src 'self'", url
        assert directives["style-src"] == "style-src 'self'", url
        assert directives["object-src"] == "object-src 'none'", url
        assert "unsafe-eval" not in str(directives)


def test_no_template_has_an_inline_script_an_event_handler_or_a_javascript_url():
    offending = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL):
            offending += [f"{template.relative_to(TEMPLATES)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert offending == []


def test_htmx_is_told_not_to_add_a_style_element_of_its_own_nor_to_evaluate_code():
    """The policy refuses both; htmx configured otherwise would fail on the page (the crawl sees that)."""
    page = Client().get("/login/").content.decode()
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false, "allowEval": false}\'>' in page
