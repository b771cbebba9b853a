"""Every page a demo role reaches by links opens, fits a desktop and a phone, and speaks the reader's language.

Each demo login walks the site from its start page in a real Chromium, in English and then in Chinese,
opening one page of each kind of address (addresses that differ only in ids or the query are one kind,
as in tests/demo/test_demo_links.py). On every page:

- the answer is not a refusal, a missing page or an error (403, 404, 500) behind a link the role was shown;
- the top bar (brand, menu, language, log-out) stands in one row at 1366 px;
- at 1366×768 and at 390×844 nothing is wider than the window (the page never scrolls sideways); the
  element sticking out is named;
- in Chinese, no piece of the interface is still in English: a text (or a placeholder, title, label) that
  equals an English msgid of the catalogue whose Chinese differs was not translated when the page was
  drawn. The catalogue's own wording is the test, so people's names, titles and other content entered
  by users are never taken for untranslated interface; English shown on purpose (the language switch,
  the English side of a bilingual pair) is marked ``lang="en"`` and skipped.

One browser context per role and language; the window is resized on the page instead of loading it again.
"""

from __future__ import annotations

import re
from collections import deque
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import Error as PlaywrightError

from tests.test_translations import PO_PATH, read_po

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every Content-Security-Policy violation a page meets is kept on the window; the listener is in place
# before any of the page's own scripts run (test_csp.py checks that it catches one).
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} `
    + `(${e.sourceFile || 'the page'}:${e.lineNumber}) ${(e.sample || '').slice(0, 60)}`);
});
"""
COLLECT = "() => window.__cspViolations || []"

ROLES = ["staff", "coordinator", "nominator", "lecturer", "official", "translator", "reviewer", "partner"]
SIZES = [(1366, 768), (390, 844)]
# Logging out and the admin are not pages of the walk; neither are files offered for download (their own
# tests open them), the public pages outside the application (they have their own) nor the API's reference,
# drawn by Swagger UI and Redoc (tests/api/test_schema.py).
NOT_WALKED = re.compile(r"^/(logout|admin|api)/|\.(xlsx|csv|pdf|pptx|docx|ics|tmx|json)$|/(export|download)/")
REFUSED = {403, 404, 500}

# Placeholders of a msgid (%(name)s, %s, {{ name }} once compiled) stand for any text.
_PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[sd]")

OVERFLOW_JS = """() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) return null;
  const clips = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map((c) => '.' + c).join('');
  const culprits = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 0.5 || (box.width === 0 && box.height === 0) || clips(el)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 0.5) continue;
    const text = (el.innerText || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
    culprits.push(`${name(el)} reaches ${Math.round(box.right)}px: “${text}”`);
    if (culprits.length >= 5) break;
  }
  return {scrollWidth: root.scrollWidth, width, culprits};
}"""

# Texts of the page as a reader meets them: each text node, each element made only of text and inline
# markup (a sentence with a link or a number in bold in it), and the attributes people read.
TEXTS_JS = """() => {
  const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);
  const INLINE = new Set(['A', 'B', 'STRONG', 'EM', 'I', 'SPAN', 'CODE', 'ABBR', 'TIME', 'SMALL', 'MARK', 'BR']);
  const english = (el) => {
    const tagged = el.closest('[lang]');
    return tagged && tagged.lang.startsWith('en');
  };
  const out = new Set();
  const add = (text) => {
    text = (text || '').replace(/\\s+/g, ' ').trim();
    if (/[A-Za-z]{2}/.test(text)) out.add(text);
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (SKIP.has(el.tagName) || el.closest('script, style, template, noscript') || english(el)) continue;
    for (const node of el.childNodes) if (node.nodeType === Node.TEXT_NODE) add(node.nodeValue);
    if ([...el.children].every((child) => INLINE.has(child.tagName))) add(el.textContent);
    for (const attribute of ['placeholder', 'title', 'aria-label', 'alt']) add(el.getAttribute(attribute));
    if (el.tagName === 'INPUT' && ['submit', 'button'].includes(el.type)) add(el.value);
  }
  add(document.title);
  return [...out];
}"""


def english_msgids() -> tuple[set[str], re.Pattern | None]:
    """The msgids (and plural msgids) whose Chinese differs: as exact texts, and those with placeholders
    as one pattern."""
    _header, entries = read_po(PO_PATH)
    exact, patterns = set(), []
    for entry in entries:
        translated = entry.translations[0]
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            if not translated or translated == msgid:
                continue
            text = re.sub(r"\s+", " ", msgid).strip()
            if _PLACEHOLDER.search(text):
                literal = _PLACEHOLDER.sub("", text)
                # A pattern needs words enough of its own to mean this msgid and nothing else.
                if len(re.findall(r"[A-Za-z]{3,}", literal)) >= 2:
                    parts = [re.escape(part.replace("%%", "%")) for part in _PLACEHOLDER.split(text)]
                    patterns.append(".+?".join(parts))
            else:
                exact.add(text.replace("%%", "%"))
    pattern = re.compile("^(?:" + "|".join(patterns) + ")$") if patterns else None
    return exact, pattern


def _links(page, here: str) -> list[str]:
    paths = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
        parts = urlsplit(urljoin(here, href))
        if parts.scheme in ("", "http") and parts.netloc in ("", urlsplit(here).netloc):
            if not NOT_WALKED.search(parts.path):
                paths.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return paths


def _kind(path: str) -> str:
    return re.sub(r"/\d+", "/N", urlsplit(path).path)


def _set_language(page, language: str) -> None:
    if page.get_attribute("html", "lang") != language:
        with page.expect_navigation():
            page.click(".langswitch button")
    assert page.get_attribute("html", "lang") == language


def untranslated(page, msgids) -> list[str]:
    exact, pattern = msgids
    return sorted(text for text in page.evaluate(TEXTS_JS) if text in exact or (pattern and pattern.match(text)))


def _bar_in_one_row(page) -> bool:
    """The brand, the menu's entries and the language and log-out stand side by side: each starts above
    the point where every other one ends."""
    boxes = page.eval_on_selector_all(
        ".topbar > .brand, .menu-entry, .topbar-right",
        "parts => parts.map(p => { const b = p.getBoundingClientRect(); return [b.top, b.bottom]; })",
    )
    return max(top for top, _ in boxes) < min(bottom for _, bottom in boxes)


def _overflow(page, label: str, problems: list[str]) -> None:
    found = page.evaluate(OVERFLOW_JS)
    if found:
        culprits = "; ".join(found["culprits"]) or "no single element"
        problems.append(f"{label}: {found['scrollWidth']}px wide in a {found['width']}px window ({culprits})")


def crawl(page, role: str, language: str, msgids, problems: list[str]) -> set[str]:
    """Walk from the start page, one page of each kind; return the kinds opened."""
    queue, seen = deque([("/", "the start page")]), set()
    sizes = SIZES
    while queue:
        path, shown_on = queue.popleft()
        if _kind(path) in seen:
            continue
        seen.add(_kind(path))
        try:
            response = page.goto(path)
        except PlaywrightError as error:
            if "Download is starting" in str(error):
                continue  # a file offered for download, not a page
            raise
        status = response.status if response else 0
        label = f"{role} · {language} · {path}"
        if status in REFUSED:
            problems.append(f"{label} answers {status}, linked from {shown_on}")
            continue
        if not (response and response.headers.get("content-type", "").startswith("text/html")):
            continue
        if path == "/":
            page.set_viewport_size({"width": 1366, "height": 768})
            if not _bar_in_one_row(page):
                problems.append(f"{label}: the top bar takes more than one row at 1366 px")
        # Alternate the first size, so every page is drawn once at each size without a second load.
        for width, height in sizes:
            page.set_viewport_size({"width": width, "height": height})
            _overflow(page, f"{label} at {width}×{height}", problems)
        sizes = sizes[::-1]
        problems.extend(f"{label}: policy violation: {found}" for found in page.evaluate(COLLECT))
        if language == "zh-Hans" and (found := untranslated(page, msgids)):
            problems.append(f"{label}: untranslated " + " | ".join(found[:8]))
        queue.extend((link, path) for link in _links(page, page.url))
    return seen


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=StringIO())


def test_every_page_as_every_demo_role_in_both_languages(chromium, live_server, demo):
    msgids = english_msgids()
    problems: list[str] = []
    walked = {}
    for role in ROLES:
        for language in ("en", "zh-Hans"):
            context = chromium.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
            context.set_default_timeout(15_000)
            context.add_init_script(LISTEN)
            page = context.new_page()
            log_in(page, role, "peixun-demo")
            _set_language(page, language)
            walked[role, language] = crawl(page, role, language, msgids, problems)
            context.close()
    for (role, language), kinds in walked.items():
        assert len(kinds) > 3, f"the walk found almost nothing to open as {role} in {language}: {sorted(kinds)}"
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_the_checks_find_what_they_look_for(chromium):
    """The walk's own checks, on a page made to fail them: what sticks out is named (a table scrolling in
    its wrapper does not), and English interface in a Chinese page is found (content marked English is not)."""
    page = chromium.new_page(viewport={"width": 390, "height": 844})
    page.set_content(
        '<html lang="zh-Hans"><body><div style="overflow-x: auto"><table><tr><td>' + "长" * 80 + "</td></tr>"
        '</table></div><p id="wide" style="width: 600px">宽</p><p>待确认的提名</p><p>Log out</p>'
        '<p lang="en">Attention</p><p>4 nominations to <b>confirm</b></p><p>Energy Smart Cities</p></body></html>'
    )
    problems = []
    _overflow(page, "sample", problems)
    assert len(problems) == 1 and "p#wide reaches 6" in problems[0] and "table" not in problems[0], problems
    assert untranslated(page, english_msgids()) == ["4 nominations to confirm", "Log out"]
    page.close()
