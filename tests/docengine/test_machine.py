"""Machine suggestions through a LibreTranslate-compatible server: tags and terms kept, every failure named."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peixun.docengine import Glossary, Term
from peixun.docengine.machine import (
    BATCH_TEXTS,
    FAILED,
    MALFORMED,
    REFUSED,
    TIMEOUT,
    UNREACHABLE,
    LibreTranslate,
    MachineTranslationError,
    prepare,
    restore,
    suggest,
)
from tests.docengine.machine_server import MachineServer

TAGS = re.compile(r"</?g\d+>|<x\d+/>")
GLOSSARY = Glossary([Term("sponge city", "海绵城市"), Term("master plan", "总体规划|总规")])


def test_texts_come_back_translated_in_order():
    with MachineServer() as server:
        answers = suggest(["green city", "energy planning"], LibreTranslate(server.url))
    assert answers == ["绿色城市", "能源规划"]
    assert server.requests[0]["format"] == "html"
    assert server.requests[0]["source"] == "en" and server.requests[0]["target"] == "zh"


def test_glossary_terms_are_sent_in_their_preferred_chinese_and_kept():
    with MachineServer() as server:
        [answer] = suggest(["The sponge city master plan"], LibreTranslate(server.url), glossary=GLOSSARY)
    assert "海绵城市" in answer and "总体规划" in answer
    sent = server.requests[0]["q"][0]
    assert "sponge city" not in sent and 'translate="no"' in sent


def test_inline_tags_survive_even_when_the_machine_moves_them():
    source = "<g1>Green</g1> city and <g2>energy</g2><x3/>"
    with MachineServer(reorder=True) as server:
        [answer] = suggest([source], LibreTranslate(server.url), protected=TAGS)
    assert sorted(TAGS.findall(answer)) == sorted(TAGS.findall(source))
    assert {"绿色", "城市", "能源"} <= set(re.findall("绿色|城市|能源", answer))
    assert not answer.startswith("<g1>")  # the machine did move them


def test_text_that_looks_like_markup_is_sent_escaped_and_comes_back_as_written():
    with MachineServer() as server:
        [answer] = suggest(["x < 3 & y > 2"], LibreTranslate(server.url))
    assert server.requests[0]["q"][0] == "x &lt; 3 &amp; y &gt; 2"
    assert answer == "x<3&y>2"


def test_many_texts_go_in_batches():
    texts = [f"city {number}" for number in range(BATCH_TEXTS * 2 + 1)]
    with MachineServer() as server:
        answers = suggest(texts, LibreTranslate(server.url))
    assert len(server.requests) == 3
    assert answers[-1] == f"城市{BATCH_TEXTS * 2}"


@pytest.mark.parametrize(
    ("server", "code"),
    [
        (MachineServer(api_key="secret"), REFUSED),
        (MachineServer(mode="fail"), FAILED),
        (MachineServer(mode="nonsense"), MALFORMED),
        (MachineServer(delay=1.0), TIMEOUT),
    ],
)
def test_a_failing_server_is_named(server, code):
    with server, pytest.raises(MachineTranslationError) as raised:
        suggest(["green city"], LibreTranslate(server.url, timeout=0.3))
    assert raised.value.code == code


def test_the_api_key_is_sent():
    with MachineServer(api_key="secret") as server:
        assert suggest(["green"], LibreTranslate(server.url, api_key="secret")) == ["绿色"]


def test_a_server_that_is_not_there_is_unreachable():
    server = MachineServer()
    url = server.url
    server.server.server_close()
    with pytest.raises(MachineTranslationError) as raised:
        suggest(["green"], LibreTranslate(url, timeout=1))
    assert raised.value.code == UNREACHABLE


segment_text = st.lists(
    st.sampled_from([*"ab <>&;\"'#xg/0123", "<g1>", "</g1>", "<x2/>", "城", "sponge city", "&amp;", "<span>"])
).map("".join)


@given(segment_text)
def test_prepare_then_restore_gives_back_the_text_when_nothing_is_translated(text):
    """An echoing provider must hand back exactly the text, whatever markup-like characters it holds."""
    prepared = prepare(text, protected=TAGS)
    assert restore(prepared.sent, prepared) == text.strip()


@given(segment_text)
def test_every_glossary_term_is_sent_protected_in_its_preferred_chinese(text):
    expected = text
    for match in reversed(GLOSSARY.find(text)):
        expected = expected[: match.start] + match.term.preferred + expected[match.end :]
    prepared = prepare(text, glossary=GLOSSARY)
    assert prepared.sent.count('translate="no"') == len(GLOSSARY.find(text))
    assert restore(prepared.sent, prepared) == expected.strip()
