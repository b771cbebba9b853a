"""The upload guard: what it accepts, what it refuses and with which code, and that refusing is cheap."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from peixun.docengine import REJECTION_MESSAGES, UploadInfo, UploadRejected, extract, inspect_upload
from peixun.docengine.guard import DETECTED_NAMES

from .builders import DECKS, DOCUMENTS, MALFORMED, build_deck, build_document, members_of, zip_of


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


def test_a_zip_bomb_is_refused_from_its_directory_without_unpacking():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("ppt/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = bytes(1024 * 1024)
            for _ in range(200):
                member.write(chunk)
    bomb = out.getvalue()
    assert len(bomb) < 1024 * 1024

    started = time.perf_counter()
    refused = refusal(bomb, "deck.pptx")
    elapsed = time.perf_counter() - started

    assert refused.code == "zip_bomb"
    assert refused.params["uncompressed_mb"] == 200
    assert refused.params["ratio"] > 100
    assert elapsed < 0.5


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

    assert (refused.code, refused.detail) == ("broken", "word/document.xml: declares a DTD")


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
    }

    message = UploadRejected(code, params).message_en

    assert message.endswith(".") and "{" not in message
