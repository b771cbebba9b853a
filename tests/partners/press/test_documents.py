"""Translated documents: uploads checked by content, nothing overwritten, downloads guarded."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse

from peixun.core.models import AuditEvent
from peixun.partners.models import TranslatedDocument
from peixun.partners.press import services
from peixun.partners.press.uploads import MAX_BYTES, check_document_file
from tests.partners.conftest import pdf_bytes, upload, xlsx_bytes
from tests.shared_fixtures import FIXTURES

DOCX = FIXTURES / "documents" / "poi-heading123.docx"
PPTX = FIXTURES / "decks" / "pptx-sld-notes.pptx"
BROKEN_DOCX = FIXTURES / "malformed" / "poi-clusterfuzz-testcase-minimized-POIXWPFFuzzer-6733884933668864.docx"


def fixture(path: Path, name: str | None = None):
    return upload(name or path.name, path.read_bytes())


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (lambda: upload("plan.pdf", pdf_bytes()), "pdf"),
        (lambda: fixture(DOCX), "docx"),
        (lambda: fixture(PPTX), "pptx"),
        (lambda: upload("targets.xlsx", xlsx_bytes()), "xlsx"),
        (lambda: upload("PLAN.PDF", pdf_bytes()), "pdf"),
    ],
)
def test_accepted_files_are_recognised_by_their_content(make, kind):
    assert check_document_file(make()) == kind


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: upload("plan.pdf", b""), "The file is empty."),
        (lambda: upload("plan.txt", b"hello"), "Files ending in .txt are not accepted"),
        (lambda: upload("plan", pdf_bytes()), "Files ending in — are not accepted"),
        (lambda: upload("plan.pdf", b"MZ\x90\x00" + b"\x00" * 200), "it looks like a program"),
        (lambda: upload("plan.pdf", DOCX.read_bytes()), "it looks like a zip archive"),
        (lambda: upload("plan.docx", b"Just some words, not a document at all."), "it looks like plain text"),
        (lambda: upload("plan.docx", PPTX.read_bytes()), "it looks like a PowerPoint deck"),
        (lambda: upload("targets.xlsx", DOCX.read_bytes()), "it looks like a Word document"),
        (lambda: upload("plan.docx", BROKEN_DOCX.read_bytes()), "The file is damaged"),
        (lambda: upload("plan.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600), "Files ending in .doc"),
    ],
)
def test_refused_files_say_why(make, message):
    with pytest.raises(ValidationError) as error:
        check_document_file(make())
    assert message in error.value.messages[0]


def test_a_file_over_20_mb_is_refused_before_it_is_read():
    big = upload("plan.pdf", b"%PDF-1.4\n" + b"0" * MAX_BYTES)
    with pytest.raises(ValidationError) as error:
        check_document_file(big)
    assert error.value.messages == ["The file is 20.1 MB; files of up to 20 MB are accepted."]


def test_a_zip_bomb_dressed_as_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/huge.xml", b"\x00" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        check_document_file(upload("targets.xlsx", buffer.getvalue()))
    assert "refused as unsafe" in error.value.messages[0]


def _details(**changes):
    return {
        "title_en": "PlaNYC: A Greener, Greater New York",
        "title_zh": "纽约城市规划：更绿色、更美好的纽约",
        "date": datetime.date(2010, 12, 1),
    } | changes


def test_a_document_is_added_with_both_files_and_an_audit_row(world, staff):
    document = services.add_translated_document(
        actor=staff,
        translated_file=upload("planyc-zh.pdf", pdf_bytes()),
        source_file=fixture(DOCX, "planyc.docx"),
        **_details(),
    )
    assert document.translated_file.name.startswith(f"documents/{datetime.date.today().year}/planyc-a-greener")
    assert document.translated_file.name.endswith(".pdf")
    assert document.source_file.name.endswith(".docx")
    assert document.added_by == staff
    event = AuditEvent.objects.get(action="document.added")
    assert event.changes["translated_file"] == [None, document.translated_file.name]


def test_a_refused_file_stores_nothing(world, staff, media_root):
    before = sorted(p for p in Path(media_root).rglob("*") if p.is_file())
    with pytest.raises(ValidationError) as error:
        services.add_translated_document(
            actor=staff,
            translated_file=upload("planyc-zh.pdf", pdf_bytes()),
            source_file=upload("planyc.docx", b"not a document"),
            **_details(),
        )
    assert list(error.value.message_dict) == ["source_file"]
    assert sorted(p for p in Path(media_root).rglob("*") if p.is_file()) == before
    assert not TranslatedDocument.objects.filter(title_en__startswith="PlaNYC:").exists()


def test_a_new_file_gets_a_new_name_and_the_old_one_is_kept(world, staff):
    document = world.published_document
    old_name = document.translated_file.name
    services.update_translated_document(
        actor=staff, document=document, translated_file=upload("planyc-zh.pdf", pdf_bytes("second edition"))
    )
    document.refresh_from_db()
    assert document.translated_file.name != old_name
    assert default_storage.exists(old_name)
    assert default_storage.exists(document.translated_file.name)
    event = AuditEvent.objects.get(action="document.changed")
    assert event.changes == {"translated_file": [old_name, document.translated_file.name]}


def test_two_uploads_of_the_same_file_never_share_a_name(world, staff):
    first = services.add_translated_document(actor=staff, translated_file=upload("same.pdf", pdf_bytes()), **_details())
    second = services.add_translated_document(
        actor=staff, translated_file=upload("same.pdf", pdf_bytes()), **_details()
    )
    assert first.translated_file.name != second.translated_file.name


def test_staff_upload_through_the_page_and_see_the_reason_for_a_refusal(client, world, staff):
    client.force_login(staff)
    data = {
        "title_en": "Seoul climate plan",
        "title_zh": "首尔气候规划",
        "date": "2011-03-01",
        "translated_file": upload("seoul.pdf", b"<html><body>not a pdf</body></html>"),
        "published": "on",
    }
    response = client.post(reverse("press:document_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["translated_file"] == [
        "The file is named .pdf but its content is not: it looks like a web page."
    ]
    data["translated_file"] = upload("seoul.pdf", pdf_bytes())
    response = client.post(reverse("press:document_add"), data)
    assert response.status_code == 302
    assert TranslatedDocument.objects.filter(title_en="Seoul climate plan").count() == 2


def test_a_published_document_downloads_for_anyone(client, world):
    response = client.get(reverse("press:document_translation", args=[world.published_document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="planyc-in-chinese-translation.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_an_unpublished_document_downloads_for_staff_only(client, world, staff):
    url = reverse("press:document_translation", args=[world.unpublished_document.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert "This document is not shown publicly." in response.content.decode()
    client.force_login(world.users["partner"])
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_a_missing_file_is_not_found(client, world):
    assert client.get(reverse("press:document_original", args=[world.published_document.pk])).status_code == 404
    assert client.get(reverse("press:document_translation", args=[99999])).status_code == 404


def test_the_public_list_shows_published_documents_only(client, world, staff):
    response = client.get(reverse("press:documents"))
    assert list(response.context["page"].object_list) == [world.published_document]
    body = response.content.decode()
    assert "纽约城市规划中文版" in body
    assert "Seoul climate plan" not in body
    client.force_login(staff)
    response = client.get(reverse("press:documents"))
    assert list(response.context["page"].object_list) == [world.unpublished_document, world.published_document]
