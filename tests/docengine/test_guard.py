"""The upload guard: what it accepts, what it refuses and with which code, and that refusing is cheap."""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest

from peixun.docengine import (
    REJECTION_MESSAGES,
    ExportError,
    ParseLimits,
    UploadInfo,
    UploadRejected,
    export,
    extract,
    inspect_upload,
)
from peixun.docengine import guard as guard_module
from peixun.docengine.guard import DETECTED_NAMES, MB

from .builders import (
    DECKS,
    DOCUMENTS,
    MALFORMED,
    build_deck,
    build_document,
    deck_with_paragraphs,
    members_of,
    slide_xml,
    zip_of,
)


def refusal(data: bytes, filename: str, **limits) -> UploadRejected:
    with pytest.raises(UploadRejected) as refused:
        inspect_upload(data, filename, **limits)
    return refused.value


@pytest.mark.parametrize("path", DECKS + DOCUMENTS, ids=lambda path: path.name)
def test_every_real_deck_and_document_is_accepted(path):
    info = inspect_upload(path.read_bytes(), path.name)

    assert info.kind == path.suffix.lstrip(".")
    assert info.size == path.stat().st_size
    assert (info.slides is not None) == (info.kind == "pptx")
    assert info.segments == len(extract(path.read_bytes(), info.kind))


@pytest.mark.parametrize("path", MALFORMED, ids=lambda path: path.name)
def test_every_damaged_fixture_is_refused_as_broken_with_a_message_for_people(path):
    refused = refusal(path.read_bytes(), path.name)

    assert refused.code == "broken"
    assert refused.message_en == REJECTION_MESSAGES["broken"]
    assert refused.detail  # what failed, for the logs


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking(monkeypatch):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("ppt/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(200):
                member.write(chunk)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024

    # Cheap by construction: the guard refuses from the central directory alone, so no member is
    # opened (nothing decompressed) and nothing is handed to the parser. How long it takes is
    # measured in bench/guard.py, not asserted here.
    opened, parsed = [], []
    real_open = zipfile.ZipFile.open
    monkeypatch.setattr(
        zipfile.ZipFile, "open", lambda self, name, *a, **kw: opened.append(name) or real_open(self, name, *a, **kw)
    )
    monkeypatch.setattr(guard_module, "read_for_upload", lambda *a, **kw: parsed.append(a))
    monkeypatch.setattr(guard_module, "run_bounded", lambda function, *a, limits: parsed.append(a))

    refused = refusal(bomb, "deck.pptx")

    assert refused.code == "zip_bomb"
    assert refused.params["uncompressed_mb"] == 200
    assert refused.params["ratio"] > 100
    assert opened == [] and parsed == []


def test_a_file_that_unpacks_beyond_the_limit_is_refused_whatever_its_ratio():
    refused = refusal(build_deck(), "deck.pptx", max_uncompressed=10_000)

    assert refused.code == "zip_bomb"
    assert refused.params["limit_mb"] == 0


def test_too_many_members_is_refused():
    refused = refusal(build_deck(), "deck.pptx", max_members=5)

    assert (refused.code, refused.params["limit"]) == ("too_many_members", 5)


def test_a_deck_named_docx_is_the_wrong_kind():
    refused = refusal(build_deck(), "report.docx")

    assert refused.code == "wrong_kind"
    assert refused.params == {"extension": ".docx", "detected": "pptx", "detected_name": DETECTED_NAMES["pptx"]}
    assert refused.message_en == "The file is named .docx but it is a PowerPoint deck (.pptx)."


def test_a_renamed_program_is_the_wrong_kind():
    refused = refusal(b"MZ\x90\x00\x03" + bytes(200), "slides.pptx")

    assert (refused.code, refused.params["detected"]) == ("wrong_kind", "executable")


def test_a_pdf_named_pptx_and_a_deck_named_pdf_are_the_wrong_kind():
    assert refusal(b"%PDF-1.7\n...", "talk.pptx").params["detected"] == "pdf"
    assert refusal(build_deck(), "talk.pdf").params["detected"] == "zip"


def test_a_plain_zip_named_pptx_is_the_wrong_kind():
    refused = refusal(zip_of({"notes.txt": b"hello"}), "deck.pptx")

    assert (refused.code, refused.params["detected"]) == ("wrong_kind", "zip")


def test_a_pdf_is_accepted_as_a_reference():
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"

    assert inspect_upload(pdf, "plan.PDF") == UploadInfo(kind="pdf", size=len(pdf))


def test_an_oversized_file_is_refused_before_anything_else():
    refused = refusal(build_deck(), "deck.pptx", max_bytes=1024)

    assert refused.code == "too_large"
    assert refused.params["limit_mb"] == 0


def test_an_empty_file_and_unknown_extensions_are_refused():
    assert refusal(b"", "deck.pptx").code == "empty"
    assert refusal(b"hello", "notes.txt").params == {"extension": ".txt"}
    assert refusal(b"hello", "README").params == {"extension": "(no extension)"}


def test_old_office_files_are_told_to_be_saved_again():
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)

    assert refusal(ole2, "talk.ppt").code == "legacy_format"
    assert refusal(ole2, "talk.pptx").code == "legacy_format"


def test_a_password_protected_deck_is_refused_as_encrypted():
    protected = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64) + "EncryptedPackage".encode("utf-16-le")

    assert refusal(protected, "talk.pptx").code == "encrypted"


def test_a_part_declaring_a_dtd_is_refused():
    members = members_of(build_document())
    members["word/document.xml"] = members["word/document.xml"].replace(
        b"?>", b'?><!DOCTYPE w:document [<!ENTITY lol "lol">]>', 1
    )

    refused = refusal(zip_of(members), "doc.docx")

    assert (refused.code, refused.detail) == ("dtd", "word/document.xml: declares a DTD")
    assert refused.params == {"part": "document", "part_name": "document body"}


def test_a_member_with_a_bad_checksum_is_refused_as_broken():
    data = bytearray(zip_of(members_of(build_document()), compression=zipfile.ZIP_STORED))
    position = data.index(b"Green financing")
    data[position] = ord("g")

    refused = refusal(bytes(data), "doc.docx")

    assert refused.code == "broken"
    assert "CRC" in refused.detail


def test_a_package_the_library_cannot_open_is_refused_as_broken():
    members = members_of(build_deck())
    del members["ppt/presentation.xml"]

    refused = refusal(zip_of(members), "deck.pptx")

    assert refused.code == "broken"


@pytest.mark.parametrize("code", sorted(REJECTION_MESSAGES))
def test_every_code_has_an_english_message_its_params_fill(code):
    params = {
        "size_mb": 120,
        "limit_mb": 100,
        "extension": ".key",
        "detected_name": "a program",
        "uncompressed_mb": 900,
        "ratio": 1000,
        "max_ratio": 100,
        "ratio_floor_mb": 16,
        "members": 20000,
        "limit": 10000,
        "part_name": "slide",
        "segments": 30000,
        "seconds": 30,
    }

    message = UploadRejected(code, params).message_en

    assert message.endswith(".") and "{" not in message


# Limits: what a file may amount to, refused before any parser runs ---------------------------------------


@pytest.fixture
def parsing_watched(monkeypatch):
    """Records every time the guard hands a file to the parsers (python-pptx, python-docx, the engine)."""
    calls = []
    real = guard_module.read_for_upload

    def watched(*args):
        calls.append(args[1])
        return real(*args)

    monkeypatch.setattr(guard_module, "read_for_upload", watched)
    monkeypatch.setattr(guard_module, "run_bounded", lambda function, *args, limits: function(*args))
    return calls


def test_a_small_deck_of_200000_tiny_paragraphs_is_refused_without_being_parsed(parsing_watched):
    hostile = deck_with_paragraphs(200_000)
    assert len(hostile) < 1.5 * MB

    refused = refusal(hostile, "deck.pptx")

    assert (refused.code, refused.params) == ("too_many_paragraphs", {"limit": 100_000})
    assert refused.message_en == (
        "The file holds more than 100000 paragraphs (empty ones included), the most Peixun accepts in one "
        "file; split it into smaller files and upload each."
    )
    assert refused.detail == "ppt/slides/slide1.xml"
    assert parsing_watched == []


def test_a_deck_within_the_counts_is_parsed_once_and_its_segments_handed_back(parsing_watched):
    info = inspect_upload(deck_with_paragraphs(50), "deck.pptx")

    assert parsing_watched == ["pptx"]
    assert [segment.text for segment in info.extracted[:3]] == ["0", "1", "2"]
    assert info.segments == len(info.extracted) == len(extract(deck_with_paragraphs(50), "pptx"))


def test_elements_are_counted_across_parts_and_refused_past_the_limit(parsing_watched):
    refused = refusal(build_deck(), "deck.pptx", max_elements=500)

    assert (refused.code, refused.params) == ("too_many_elements", {"limit": 500})
    assert parsing_watched == []


def test_paragraphs_are_counted_whatever_their_prefix():
    text = "".join(
        f'<x:p xmlns:x="http://schemas.openxmlformats.org/drawingml/2006/main"/><p>{n}</p>' for n in range(60)
    )
    members = members_of(build_deck())
    members["ppt/slides/slide1.xml"] = slide_xml(text)

    refused = refusal(zip_of(members), "deck.pptx", max_paragraphs=100)

    assert refused.code == "too_many_paragraphs"


def test_a_slide_part_that_unpacks_beyond_the_part_limit_is_refused_from_the_directory(parsing_watched):
    members = members_of(build_deck())
    members["ppt/slides/slide1.xml"] = slide_xml("<a:p/>") + b" " * (85 * MB)
    bomb = zip_of(members)
    assert len(bomb) < MB

    refused = refusal(bomb, "deck.pptx", max_ratio=1_000_000)

    assert refused.code == "xml_part_too_large"
    assert refused.params == {"part": "slide", "part_name": "slide", "size_mb": 85, "limit_mb": 50}
    assert refused.message_en == "The slide XML unpacks to 85 MB; Peixun accepts at most 50 MB per part."
    assert refused.detail == "ppt/slides/slide1.xml"
    assert parsing_watched == []


def test_the_xml_of_all_parts_together_has_a_limit():
    refused = refusal(build_deck(), "deck.pptx", max_xml=100_000)

    assert refused.code == "xml_too_large"
    assert refused.params["limit_mb"] == 0.1
    assert refused.message_en.startswith("The file's XML unpacks to ")


def test_an_xml_part_with_another_name_is_known_by_how_it_begins():
    members = members_of(build_deck())
    members["ppt/slides/slide9.bin"] = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "a">]><x>&a;</x>'

    refused = refusal(zip_of(members), "deck.pptx")

    assert (refused.code, refused.params["part"]) == ("dtd", "slide")


DTD = '<!DOCTYPE w:document [<!ENTITY lol "lol">]>'


@pytest.mark.parametrize(
    ("encoding", "declared"),
    [
        ("utf-16", "UTF-16"),  # with its byte order mark, little-endian
        ("utf-16-be", "UTF-16"),  # no byte order mark: known from its first bytes
        ("utf-16-le", "UTF-16"),
        ("utf-8-sig", "UTF-8"),  # a byte order mark before the declaration
        ("utf-32", "UTF-32"),
        ("utf-7", "UTF-7"),  # known only from the declaration; <! written as +ADwAIQ-
    ],
)
def test_a_dtd_is_found_in_the_decoded_xml_whatever_the_encoding(encoding, declared, parsing_watched):
    members = members_of(build_document())
    original = members["word/document.xml"].decode("utf-8")
    body = original.split("?>", 1)[1]
    text = f'<?xml version="1.0" encoding="{declared}" standalone="yes"?>{DTD}{body}'
    raw = text.encode(encoding)
    if encoding == "utf-7":
        raw = raw.replace(b"<!DOCTYPE", b"+ADwAIQ-DOCTYPE").replace(b"<!ENTITY", b"+ADwAIQ-ENTITY")
        assert codecs.decode(raw, "utf-7") == text
    members["word/document.xml"] = raw
    if encoding != "utf-8-sig":
        assert b"<!DOCTYPE" not in raw and b"<!ENTITY" not in raw

    refused = refusal(zip_of(members), "doc.docx")

    assert (refused.code, refused.params["part"]) == ("dtd", "document")
    assert refused.message_en == (
        "The document body XML declares a document type (<!DOCTYPE> or <!ENTITY>), which PowerPoint and Word "
        "never write; Peixun refuses such files as unsafe."
    )
    assert parsing_watched == []


@pytest.mark.parametrize("comment_length", [10_000, 1024 * 1024 - 60, 3 * 1024 * 1024])
def test_a_dtd_after_a_long_comment_is_found(comment_length):
    """The old check read the first 4 KB; the second length puts the declaration across a chunk's end."""
    members = members_of(build_document())
    original = members["word/document.xml"]
    declaration, body = original.split(b"?>", 1)
    members["word/document.xml"] = declaration + b"?><!--" + b"x" * comment_length + b"-->" + DTD.encode() + body

    refused = refusal(zip_of(members), "doc.docx")

    assert refused.code == "dtd"


def test_an_entity_declared_anywhere_is_refused():
    members = members_of(build_deck())
    members["ppt/slides/slide1.xml"] = members["ppt/slides/slide1.xml"].replace(
        b"</p:sld>", b'<!-- <!ENTITY x "y"> --></p:sld>'
    )

    assert refusal(zip_of(members), "deck.pptx").code == "dtd"


def test_too_many_segments_are_refused_by_the_engines_count():
    refused = refusal(deck_with_paragraphs(40), "deck.pptx", max_segments=30)

    assert refused.code == "too_many_segments"
    assert refused.params == {"segments": len(extract(deck_with_paragraphs(40), "pptx")), "limit": 30}
    assert refused.message_en.startswith("The file has 51 paragraphs of text to translate; Peixun accepts at most 30")


def test_parsing_past_its_time_is_stopped_and_refused():
    refused = refusal(DECKS[0].read_bytes(), DECKS[0].name, parse_limits=ParseLimits(seconds=0.001))

    assert (refused.code, refused.params) == ("parse_timeout", {"seconds": 0.001})


def test_parsing_past_its_memory_is_stopped_and_refused():
    big = max(DECKS, key=lambda path: path.stat().st_size)

    refused = refusal(big.read_bytes(), big.name, parse_limits=ParseLimits(memory_mb=2))

    assert (refused.code, refused.params) == ("parse_memory", {"limit_mb": 2})
    assert refused.message_en.startswith("Reading the file needed more than 2 MB of memory")


def test_bounded_extract_and_export_give_what_the_engine_gives_in_process():
    data = build_deck()
    limits = ParseLimits()

    assert extract(data, "pptx", limits=limits) == extract(data, "pptx")
    key = extract(data, "pptx")[0].key
    assert extract(export(data, "pptx", {key: "海绵城市"}, limits=limits), "pptx")[0].text == "海绵城市"
    with pytest.raises(ExportError) as unknown:
        export(data, "pptx", {"s9/sp1/p0": "无"}, limits=limits)
    assert unknown.value.unknown_keys == ["s9/sp1/p0"]
