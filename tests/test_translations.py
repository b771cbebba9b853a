"""The Simplified Chinese catalogue is complete, current and compiled.

No untranslated UI string ships (DESIGN §6): every entry of the committed ``django.po`` has a
translation, none is fuzzy (fuzzy entries are ignored at run time), the placeholders survive
translation, the compiled ``django.mo`` matches the ``.po``, and a catalogue regenerated from the
current sources has no msgid the committed one lacks.
"""

import gettext
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "peixun" / "locale"
PO_PATH = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

# The same arguments as the Makefile's ``messages`` target.
MAKEMESSAGES_ARGS = [
    "makemessages",
    "-l",
    "zh_Hans",
    "--no-obsolete",
    "--add-location",
    "file",
    "-i",
    ".venv/*",
    "-i",
    "tests/*",
    "-i",
    "bench/*",
]
# Top-level entries that makemessages must not see (or that are just not worth copying).
NOT_COPIED = {".git", ".venv", "var", "media", "staticfiles", "test-results", "tests", "bench"}
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib", "msgfmt")

PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]")


# --- a small .po reader --------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def translations(self) -> list[str]:
        if self.msgid_plural is None:
            return [self.msgstr]
        return [self.msgstr_plural[i] for i in sorted(self.msgstr_plural)] or [""]

    def __str__(self) -> str:
        context = f" (context {self.msgctxt!r})" if self.msgctxt is not None else ""
        return f"line {self.line}: {self.msgid!r}{context}"


_ESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n", "\\t": "\t", "\\r": "\r"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')


def _unquote(text: str) -> str:
    return re.sub(r'\\[\\"ntr]', lambda m: _ESCAPES[m.group(0)], text)


def read_po(path: Path) -> tuple[Entry, list[Entry]]:
    """Return the header entry and the other live (not obsolete) entries of a .po file."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int | None] | None = None

    def start(line_no: int) -> Entry:
        entry = Entry(line=line_no)
        entries.append(entry)
        return entry

    def append(entry: Entry, where: tuple[str, int | None], text: str) -> None:
        name, index = where
        if name == "msgstr_plural":
            entry.msgstr_plural[index] = entry.msgstr_plural.get(index, "") + text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)

    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            current, target = None, None
            continue
        if line.startswith("#~"):  # obsolete: ignored at run time and by this reader
            continue
        if line.startswith("#,"):
            if current is None or target is not None:
                current, target = start(line_no), None
            current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            if current is None or target is not None:
                current, target = start(line_no), None
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, text = match.groups()
            if current is None or (keyword in ("msgctxt", "msgid") and target and target[0] != "msgctxt"):
                current = start(line_no)
            if keyword.startswith("msgstr["):
                target = ("msgstr_plural", int(index))
                current.msgstr_plural.setdefault(int(index), "")
            else:
                target = (keyword, None)
                if keyword in ("msgctxt", "msgid_plural"):
                    setattr(current, keyword, "")
            append(current, target, _unquote(text))
            continue
        if line.startswith('"') and line.endswith('"') and current is not None and target is not None:
            append(current, target, _unquote(line[1:-1]))
            continue
        raise AssertionError(f"{path}:{line_no}: cannot read {raw!r}")

    headers = [e for e in entries if e.msgid == "" and e.msgctxt is None]
    assert len(headers) == 1, f"{path}: expected one header entry, found {len(headers)}"
    return headers[0], [e for e in entries if e is not headers[0]]


def header_fields(header: Entry) -> dict[str, str]:
    pairs = (line.partition(":") for line in header.msgstr.splitlines() if ":" in line)
    return {name.strip(): value.strip() for name, _, value in pairs}


def require_gettext() -> None:
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"GNU gettext is not installed (missing: {', '.join(missing)}); apt-get install gettext"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)


@pytest.fixture(scope="module")
def catalogue() -> tuple[Entry, list[Entry]]:
    return read_po(PO_PATH)


# --- the committed catalogue ----------------------------------------------------------------------


def test_header_declares_chinese_utf8_and_one_plural_form(catalogue):
    header, _ = catalogue
    fields = header_fields(header)
    assert fields.get("Language") == "zh_Hans"
    assert fields.get("Content-Type") == "text/plain; charset=UTF-8"
    assert fields.get("Plural-Forms") == "nplurals=1; plural=0;"
    assert "fuzzy" not in header.flags, "the header is fuzzy: msgfmt would ignore its charset and plural rule"


def test_every_entry_is_translated_and_none_is_fuzzy(catalogue):
    _, entries = catalogue
    assert len(entries) > 100, "the catalogue looks truncated"
    untranslated = [str(e) for e in entries if not all(t.strip() for t in e.translations)]
    fuzzy = [str(e) for e in entries if "fuzzy" in e.flags]
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)
    assert not fuzzy, "fuzzy entries (ignored at run time):\n" + "\n".join(fuzzy)


def test_plural_entries_have_the_single_chinese_form(catalogue):
    _, entries = catalogue
    wrong = [str(e) for e in entries if e.msgid_plural is not None and sorted(e.msgstr_plural) != [0]]
    assert not wrong, "plural entries must have exactly msgstr[0]:\n" + "\n".join(wrong)


def test_translations_keep_the_placeholders(catalogue):
    _, entries = catalogue
    wrong = []
    for entry in entries:
        # The single Chinese form serves every count, so it takes the plural's placeholders.
        source = entry.msgid_plural if entry.msgid_plural is not None else entry.msgid
        expected = set(PLACEHOLDER.findall(source))
        for text in entry.translations:
            found = set(PLACEHOLDER.findall(text))
            if found != expected:
                wrong.append(f"{entry}: expected {sorted(expected)}, found {sorted(found)} in {text!r}")
    assert not wrong, "placeholders changed:\n" + "\n".join(wrong)


def test_msgfmt_accepts_the_catalogue():
    require_gettext()
    result = subprocess.run(
        ["msgfmt", "--statistics", "--check", "-o", os.devnull, str(PO_PATH)],
        capture_output=True,
        text=True,
        env={**os.environ, "LC_ALL": "C"},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_compiled_catalogue_matches_the_po(catalogue):
    _, entries = catalogue
    assert MO_PATH.exists(), "django.mo is missing: run manage.py compilemessages -l zh_Hans"
    with MO_PATH.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            got = compiled.gettext(msgid)
        else:
            got = compiled.ngettext(msgid, entry.msgid_plural, 2)
        if got != entry.translations[0]:
            stale.append(f"{entry}: .mo has {got!r}")
    assert not stale, "django.mo is out of date; run manage.py compilemessages -l zh_Hans:\n" + "\n".join(stale)


# --- the catalogue against the current sources ---------------------------------------------------


def _copy_ignore(directory: str, names: list[str]) -> set[str]:
    ignored = {name for name in names if name == "__pycache__" or name.endswith((".pyc", ".sqlite3"))}
    ignored |= {name for name in names if name.startswith(".")}  # makemessages skips these too
    if Path(directory).resolve() == ROOT:
        ignored |= NOT_COPIED & set(names)
    if Path(directory).resolve() == LOCALE_DIR.parent:
        ignored.add("locale")
    return ignored


def test_every_source_string_has_a_translation(tmp_path, catalogue):
    """Run makemessages on a copy of the project, so the working catalogue is never touched."""
    require_gettext()
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=_copy_ignore)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "peixun.settings",
        "PEIXUN_DATA_DIR": str(tmp_path / "var"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.pop("PYTHONPATH", None)  # the copy's peixun package, not the working tree's, must be imported
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    fresh_po = project / "peixun" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    assert fresh_po.exists(), f"makemessages wrote no catalogue:\n{result.stdout}\n{result.stderr}"

    _, fresh = read_po(fresh_po)
    assert len(fresh) > 100, "the regenerated catalogue looks truncated"
    _, committed = catalogue
    translated = {e.key for e in committed if all(t.strip() for t in e.translations) and "fuzzy" not in e.flags}
    missing = [str(e) for e in fresh if e.key not in translated]
    assert not missing, (
        "these strings in the sources have no translation in peixun/locale/zh_Hans/LC_MESSAGES/django.po; "
        "run `make messages`, translate them, then compilemessages:\n" + "\n".join(missing)
    )
    # The other way round: an entry makemessages does not find is either stale or written by hand for a
    # string it cannot see (a context held in a variable, a call inside an f-string), and the next
    # `make messages` would silently drop its translation.
    found = {e.key for e in fresh}
    unseen = [str(e) for e in committed if e.key and e.key not in found]
    assert not unseen, (
        "these entries of the catalogue are not found in the sources by makemessages; write the string "
        "literally in a gettext call (or drop the entry):\n" + "\n".join(unseen)
    )


# --- at run time ----------------------------------------------------------------------------------


def test_roster_tab_and_waitlist_heading_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Roster") == "名单"
        assert translation.gettext("Waitlist") == "候补名单"


def test_every_field_of_peixuns_models_has_a_translated_name():
    """Forms, the admin and the history of changes name fields by their verbose name: a field without
    one would show its code (``part_of_day``) in both languages."""
    from django.apps import apps
    from django.utils.functional import Promise

    unnamed = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        if model.__module__.startswith("peixun.")
        for field in model._meta.get_fields()
        if field.concrete and not field.auto_created and not isinstance(field.verbose_name, Promise)
    ]
    assert unnamed == []
    with translation.override("zh-hans"):
        from peixun.materials.models import Material
        from peixun.people.models import Official

        # An official's post and a presentation's title, each in both languages.
        assert (
            str(Official._meta.get_field("title_zh").verbose_name),
            str(Material._meta.get_field("title_zh").verbose_name),
        ) == ("职务（中文）", "标题（中文）")
