"""Round trips with tags: every run's formatting and every link of every fixture survive a translation.

Each paragraph is counted before and after export, apart from the engine's own code: the distinct
formattings of its runs with text (what a reader sees, ignoring the language and East-Asian font that
export sets) and its links (PowerPoint: consecutive runs with one link; Word: hyperlinks holding text).
"""

from __future__ import annotations

import pytest
from lxml import etree

from peixun.docengine import Tag, Tagged, export, extract
from peixun.docengine.extract import locate
from tests.shared_fixtures import FIXTURES

from .builders import DECKS, DOCUMENTS, build_deck, build_document, kind_of, with_footnote

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
FORMATTING = sorted(path for path in (FIXTURES / "formatting").iterdir() if path.suffix in (".pptx", ".docx"))

FILES = [pytest.param(path.read_bytes(), kind_of(path), id=path.name) for path in DECKS + DOCUMENTS + FORMATTING]
FILES += [
    pytest.param(build_deck(), "pptx", id="generated.pptx"),
    pytest.param(with_footnote(build_document()), "docx", id="generated.docx"),
]
_QUIET = {"lang", "altLang", "dirty", "err", "smtClean", "smtId", "noProof", "bmk", "hint", "eastAsia"}
_NOT_SEEN = {f"{{{A}}}ea", f"{{{A}}}hlinkClick", f"{{{A}}}hlinkMouseOver", f"{{{W}}}lang", f"{{{W}}}noProof"}


def look(rpr) -> str:
    """Run properties as a reader sees them, apart from what export adds for Chinese."""
    if rpr is None:
        return repr(([], []))
    attributes = sorted((k, v) for k, v in rpr.attrib.items() if k.rpartition("}")[2] not in _QUIET)
    children = []
    for child in rpr:
        if child.tag in _NOT_SEEN or not isinstance(child.tag, str):
            continue
        child = etree.fromstring(etree.tostring(child))
        for element in child.iter():
            for name in list(element.attrib):
                if name.rpartition("}")[2] in _QUIET:
                    del element.attrib[name]
        if len(child) or child.attrib:
            children.append(etree.tostring(child, method="c14n"))
    return repr((attributes, sorted(children)))


def counts(element, kind: str) -> tuple[int, list[str]]:
    """Distinct formattings of the paragraph's text runs, and its links in order."""
    looks, links = set(), []
    if kind == "pptx":
        previous = None
        for run in element.iterchildren(f"{{{A}}}r"):
            if not "".join(run.itertext()):
                continue
            rpr = run.find(f"{{{A}}}rPr")
            looks.add(look(rpr))
            link = rpr.find(f"{{{A}}}hlinkClick") if rpr is not None else None
            target = link.get(f"{{{R}}}id") if link is not None else None
            if target is not None and target != previous:
                links.append(target)
            previous = target
        return len(looks), links
    for run in _word_runs(element):
        if "".join(run.itertext(f"{{{W}}}t")):
            looks.add(look(run.find(f"{{{W}}}rPr")))
    for link in element.iter(f"{{{W}}}hyperlink"):
        if "".join(link.itertext(f"{{{W}}}t")) and _own(link, element):
            links.append(f"{link.get(f'{{{R}}}id')}#{link.get(f'{{{W}}}anchor')}")
    return len(looks), links


def _word_runs(p):
    return [run for run in p.iter(f"{{{W}}}r") if _own(run, p) and run.getparent().tag != f"{{{W}}}del"]


def _own(element, p) -> bool:
    """Part of ``p`` itself, not of a paragraph in a text box inside it."""
    parent = element.getparent()
    while parent is not None and parent is not p:
        if parent.tag in (f"{{{W}}}p", f"{{{A}}}p"):
            return False
        parent = parent.getparent()
    return True


def per_paragraph(data: bytes, kind: str) -> dict[str, tuple[int, list[str]]]:
    _, found = locate(data, kind)
    return {item.key: counts(item.element, kind) for item in found}


def in_chinese(tagged: Tagged) -> Tagged:
    """A realistic translation: every stretch of words in Chinese, the tags where they were."""
    return Tagged(tuple(item if isinstance(item, Tag) or not item.strip() else "中文译文" for item in tagged.items))


@pytest.mark.parametrize(("data", "kind"), FILES)
def test_an_identity_translation_with_tags_keeps_every_formatting_and_link(data, kind):
    segments = extract(data, kind)
    exported = export(data, kind, {segment.key: segment.tagged for segment in segments})

    assert per_paragraph(exported, kind) == per_paragraph(data, kind)
    again = {segment.key: segment for segment in extract(exported, kind)}
    assert [str(again[segment.key].tagged) for segment in segments] == [str(segment.tagged) for segment in segments]
    assert [again[segment.key].text for segment in segments] == [segment.text for segment in segments]


@pytest.mark.parametrize(("data", "kind"), FILES)
def test_a_chinese_translation_with_the_same_tags_keeps_every_formatting_and_link(data, kind):
    segments = extract(data, kind)
    translations = {segment.key: in_chinese(segment.tagged) for segment in segments}
    exported = export(data, kind, translations)

    assert per_paragraph(exported, kind) == per_paragraph(data, kind)
    again = {segment.key: segment.text for segment in extract(exported, kind)}
    assert {key: again[key] for key in translations} == {key: t.plain for key, t in translations.items()}
    reopen(exported, kind)


def reopen(data: bytes, kind: str) -> None:
    """The library that reads the file for Peixun opens the export (LibreOffice: test_libreoffice.py)."""
    import io

    if kind == "pptx":
        from pptx import Presentation

        assert len(Presentation(io.BytesIO(data)).slides) > 0
    else:
        import docx

        assert docx.Document(io.BytesIO(data)).paragraphs is not None


def test_the_fixtures_hold_mixed_formatting_and_links_to_keep():
    """The round trips above are not vacuous: the fixtures flatten to fewer formattings and links."""
    paragraphs = links = 0
    for path in DECKS + DOCUMENTS + FORMATTING:
        for looks, found in per_paragraph(path.read_bytes(), kind_of(path)).values():
            paragraphs += looks > 1
            links += len(found)
    assert paragraphs > 50
    assert links >= 1  # the fixtures hold one hyperlink (TestDocument.docx); test_tags.py builds more
