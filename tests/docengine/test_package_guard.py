"""The engine guards itself, whoever calls it: hostile packages raise ``PackageError``, never a raw zip error."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile

import pytest

from peixun.docengine import PackageError, export, extract
from peixun.docengine._package import MAX_PART_XML

from .builders import MALFORMED, build_deck, build_document, members_of, zip_of

DTD = b'<!DOCTYPE w:document [<!ENTITY lol "lol">]>'


def with_declared_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` with member ``name``'s unpacked size stated as ``size`` in its local header and in the
    central directory (the CRC and the compressed bytes unchanged)."""
    encoded = name.encode()
    out = bytearray(data)
    start = 0
    while (local := out.find(b"PK\x03\x04", start)) != -1:
        length = struct.unpack_from("<H", out, local + 26)[0]
        if out[local + 30 : local + 30 + length] == encoded:
            struct.pack_into("<I", out, local + 22, size)
        start = local + 4
    start = 0
    while (central := out.find(b"PK\x01\x02", start)) != -1:
        length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + length] == encoded:
            struct.pack_into("<I", out, central + 24, size)
        start = central + 4
    return bytes(out)


def a_document_with(document_xml: bytes) -> bytes:
    members = members_of(build_document())
    members["word/document.xml"] = document_xml
    return zip_of(members)


def test_a_dtd_after_a_5_kb_comment_is_refused_by_extract_and_export():
    original = members_of(build_document())["word/document.xml"]
    declaration, body = original.split(b"?>", 1)
    hostile = a_document_with(declaration + b"?><!--" + b"x" * 5 * 1024 + b"-->" + DTD + body)

    with pytest.raises(PackageError) as refused:
        extract(hostile, "docx")
    assert (refused.value.code, refused.value.part) == ("dtd", "word/document.xml")
    with pytest.raises(PackageError) as refused:
        export(hostile, "docx", {})
    assert refused.value.code == "dtd"


def test_a_dtd_in_a_relationships_part_is_refused():
    members = members_of(build_deck())
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"?>", b"?><!DOCTYPE Relationships>", 1)

    with pytest.raises(PackageError) as refused:
        extract(zip_of(members), "pptx")
    assert refused.value.code == "dtd"


def test_a_member_that_unpacks_to_far_more_than_it_declares_costs_one_chunk_not_the_bomb():
    """200 MB of spaces declared as 2,000 bytes: read in bounded chunks, the CRC fails at the declared
    size; read in one go, zipfile would first unpack all 200 MB (the 421 MB peak of the report)."""
    original = members_of(build_deck())["ppt/slides/slide1.xml"]
    padded = original.replace(b"</p:sld>", b"<!--" + b" " * (200 * 1024 * 1024) + b"--></p:sld>")
    members = members_of(build_deck())
    members["ppt/slides/slide1.xml"] = padded
    del padded
    hostile = with_declared_size(zip_of(members), "ppt/slides/slide1.xml", 2_000)
    del members

    tracemalloc.start()
    try:
        with pytest.raises(PackageError) as refused:
            extract(hostile, "pptx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert refused.value.code == "broken"
    assert refused.value.part == "ppt/slides/slide1.xml"
    assert not isinstance(refused.value, zipfile.BadZipFile)
    assert peak < 32 * 1024 * 1024


def test_a_part_declaring_more_than_the_limit_is_refused_before_it_is_unpacked():
    hostile = with_declared_size(build_deck(), "ppt/slides/slide1.xml", MAX_PART_XML + 1)

    with pytest.raises(PackageError) as refused:
        extract(hostile, "pptx")
    assert refused.value.code == "too_large"


def test_a_member_shorter_than_it_declares_is_broken():
    data = build_deck()
    size = len(members_of(data)["ppt/slides/slide1.xml"])
    hostile = with_declared_size(data, "ppt/slides/slide1.xml", size + 1000)

    with pytest.raises(PackageError) as refused:
        extract(hostile, "pptx")
    assert refused.value.code == "broken"


def test_a_member_whose_bytes_are_corrupt_is_broken_for_export_too():
    data = bytearray(build_deck())
    name = b"ppt/slides/slide1.xml"
    local = data.find(name) + len(name)
    data[local + 40 : local + 60] = b"\xff" * 20

    with pytest.raises(PackageError):
        extract(bytes(data), "pptx")
    with pytest.raises(PackageError):
        export(bytes(data), "pptx", {})


def test_bytes_that_are_no_zip_raise_the_engines_error():
    with pytest.raises(PackageError) as refused:
        extract(b"PK\x03\x04 not really a zip", "docx")
    assert refused.value.code == "broken"


@pytest.mark.parametrize("path", MALFORMED, ids=lambda path: path.name)
def test_every_damaged_fixture_raises_the_engines_error_or_nothing(path):
    try:
        extract(path.read_bytes(), path.suffix.lstrip("."))
    except PackageError as error:
        assert error.code in ("broken", "dtd", "too_large")


def test_an_untouched_export_still_copies_every_member_byte_for_byte():
    data = build_deck()

    assert members_of(export(data, "pptx", {})) == members_of(data)


def test_the_engines_error_crosses_from_the_bounded_child_as_itself():
    from peixun.docengine import ParseLimits

    original = members_of(build_document())["word/document.xml"]
    declaration, body = original.split(b"?>", 1)
    hostile = a_document_with(declaration + b"?><!--" + b"x" * 5 * 1024 + b"-->" + DTD + body)

    with pytest.raises(PackageError) as refused:
        extract(hostile, "docx", limits=ParseLimits())
    assert (refused.value.code, refused.value.part) == ("dtd", "word/document.xml")
