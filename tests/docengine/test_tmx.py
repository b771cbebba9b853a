"""TMX 1.4: reading what CAT tools write, writing what they read, refusing what is unsafe or broken."""

from __future__ import annotations

import pytest

from peixun.docengine import Tagged, TmxError, TmxUnit, TranslationMemory, read_tmx, write_tmx
from peixun.docengine.tmx import language_matches

TRADOS_LIKE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.1" segtype="sentence" o-tmf="SDL TM8"
          adminlang="en-US" srclang="en-US" datatype="xml"/>
  <body>
    <tu tuid="41" creationdate="20240312T091500Z" creationid="translator1">
      <prop type="x-course">NAMC spring course</prop>
      <note>Approved by the academy</note>
      <tuv xml:lang="EN-GB"><seg>The <bpt i="1" type="bold">&lt;b&gt;</bpt>sponge city<ept i="1">&lt;/b&gt;</ept>
 pilot<ph x="2">{1}</ph>.</seg></tuv>
      <tuv xml:lang="zh-Hans"><seg>海绵城市<hi type="em">试点</hi>。</seg></tuv>
    </tu>
    <tu>
      <tuv lang="en"><seg>Green bond</seg></tuv>
      <tuv lang="zh-TW"><seg>綠色債券</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>Carbon neutrality</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Klimaneutralität</seg></tuv>
      <tuv xml:lang="zh_CN"><seg>碳中和</seg></tuv>
    </tu>
    <tu><tuv xml:lang="en"><seg>   </seg></tuv><tuv xml:lang="zh"><seg>空</seg></tuv></tu>
  </body>
</tmx>
""".encode()


def test_units_with_english_and_simplified_chinese_are_read_with_their_metadata():
    units = read_tmx(TRADOS_LIKE)

    assert units == [
        TmxUnit(
            "The sponge city\n pilot.",
            "海绵城市试点。",
            "EN-GB",
            "zh-Hans",
            {
                "tuid": "41",
                "creationdate": "20240312T091500Z",
                "creationid": "translator1",
                "props": {"x-course": "NAMC spring course"},
                "notes": ["Approved by the academy"],
            },
            Tagged.parse("The <g1>sponge city</g1>\n pilot<x2/>."),
            Tagged.parse("海绵城市试点。"),
        ),
        TmxUnit("Carbon neutrality", "碳中和", "en-US", "zh_CN", {}),
    ]


@pytest.mark.parametrize(
    ("code", "wanted", "matches"),
    [
        ("en", "en", True),
        ("EN-GB", "en", True),
        ("en_US", "en", True),
        ("es", "en", False),
        ("zh", "zh", True),
        ("zh-CN", "zh", True),
        ("zh-Hans-CN", "zh", True),
        ("ZH-SG", "zh", True),
        ("zh-TW", "zh", False),
        ("zh-Hant", "zh", False),
        ("zh-HK", "zh-Hans", False),
    ],
)
def test_languages_match_on_their_primary_subtag_and_chinese_is_simplified(code, wanted, matches):
    assert language_matches(code, wanted) is matches


def test_written_tmx_reads_back_as_the_same_units():
    units = [
        TmxUnit("Sponge city", "海绵城市", "en-US", "zh-CN", {"tuid": "1", "props": {"x-topic": "eco-cities"}}),
        TmxUnit("Less & more <b>", "少 & 多 <b>", "en-US", "zh-CN", {"notes": ["escaped"]}),
        TmxUnit("Tab\there", "制表\t符", "en-US", "zh-CN", {}),
    ]

    data = write_tmx(units)

    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b'<tmx version="1.4">' in data
    assert b'creationtool="Peixun"' in data
    assert read_tmx(data) == units


def test_an_empty_memory_is_still_a_valid_tmx():
    assert read_tmx(write_tmx([])) == []


def test_malformed_xml_names_its_line():
    broken = (
        b'<?xml version="1.0"?>\n<tmx version="1.4">\n<body>\n<tu><tuv xml:lang="en"><seg>x</tuv></tu>\n</body></tmx>'
    )

    with pytest.raises(TmxError) as error:
        read_tmx(broken)

    assert error.value.line == 4
    assert "mismatched tag" in error.value.message
    assert str(error.value).startswith("line 4: not well-formed XML")


def test_a_file_that_is_not_tmx_is_refused():
    with pytest.raises(TmxError, match="root element is <xliff>") as error:
        read_tmx(b'<xliff version="1.2"/>')
    assert error.value.line == 1
    with pytest.raises(TmxError, match="no <body>"):
        read_tmx(b'<tmx version="1.4"><header/></tmx>')


def test_entity_expansion_is_refused_not_performed():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&b;</seg></tuv></tu></body></tmx>'
    )

    with pytest.raises(TmxError, match="entity declarations are not allowed"):
        read_tmx(bomb)


def test_an_external_entity_is_refused():
    external = (
        b'<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<tmx version="1.4"><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>'
    )

    with pytest.raises(TmxError):
        read_tmx(external)


TAGGED_UNITS = [
    TmxUnit(
        "Sponge city means a city that absorbs rain",
        "海绵城市是指吸收雨水的城市",
        meta={"tuid": "1"},
        tagged_source=Tagged.parse("<g1>Sponge city</g1> means a city that <a2><g3>absorbs rain</g3></a2><br4/>"),
        tagged_target=Tagged.parse("<g1>海绵城市</g1>是指<a2><g3>吸收雨水</g3></a2>的城市<br4/>"),
    ),
    TmxUnit(
        "R&D < 5 tabs",
        "研发 < 5 制表",
        tagged_source=Tagged.parse("R&amp;D &lt; 5<tab1/>tabs<x2/>"),
        tagged_target=Tagged.parse("<x2/>研发 &lt; 5<tab1/>制表"),
    ),
]


def test_tags_round_trip_through_tmx_as_bpt_ept_and_ph():
    written = write_tmx(TAGGED_UNITS)

    assert b'<bpt i="2" type="link">&lt;a2&gt;</bpt>' in written
    assert b'<ph x="4" type="lb">&lt;br4/&gt;</ph>' in written
    again = read_tmx(written)
    assert [(unit.tagged_source, unit.tagged_target) for unit in again] == [
        (unit.tagged_source, unit.tagged_target) for unit in TAGGED_UNITS
    ]
    assert [unit.source for unit in again] == ["Sponge city means a city that absorbs rain", "R&D < 5\ttabs"]


def test_a_tmx_units_tags_are_carried_to_a_new_source_by_the_memory():
    memory = TranslationMemory(read_tmx(write_tmx(TAGGED_UNITS)))

    found = memory.suggest(Tagged.parse("<g5>Sponge city</g5> means a city that <a6><g7>absorbs rain</g7></a6><br8/>"))

    assert found[0].exact
    assert found[0].target == "海绵城市是指吸收雨水的城市"
    assert str(found[0].tagged) == "<g5>海绵城市</g5>是指<a6><g7>吸收雨水</g7></a6>的城市<br8/>"
    assert memory.suggest("Sponge city means a city that absorbs rain")[0].tagged is None
