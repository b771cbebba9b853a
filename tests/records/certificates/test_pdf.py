"""The certificate and the transcript, read back as a person's PDF reader would."""

import datetime
import io
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse
from pypdf import PdfReader

from peixun.people.models import Official
from peixun.people.pinyin import name_to_pinyin
from peixun.records.certificates import pdf
from peixun.records.certificates.codes import display_code
from peixun.records.certificates.services import issue_certificates, revoke_certificate
from peixun.records.certificates.views import verify_url
from peixun.records.models import LedgerEntry
from peixun.records.services import add_external_training, reverse_entry

from .conftest import attend, confirm, finished_course, sessions

pytestmark = pytest.mark.django_db

A4_LANDSCAPE = (841.89, 595.28)
A4_PORTRAIT = (595.28, 841.89)


def text_of(reader: PdfReader) -> str:
    """The document's text without whitespace: a line may break anywhere in a long title."""
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def fetch(client, user, url) -> PdfReader:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def certificate_url(certificate) -> str:
    return reverse("certificates:pdf", args=[display_code(certificate.code)])


def size(page) -> tuple[float, float]:
    return round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)


def test_the_certificate_names_the_official_the_course_and_its_code_in_both_languages(client, world):
    response_reader = fetch(client, world.users["official"], certificate_url(world.certificate))
    assert len(response_reader.pages) == 1
    assert size(response_reader.pages[0]) == A4_LANDSCAPE
    text = text_of(response_reader)
    assert "结业证书" in text
    assert "CERTIFICATEOFCOMPLETION" in text
    assert "王伟WángWěi" in text
    assert "能源智慧城市" in text and "EnergySmartCities" in text
    assert "市长研修学院" in text and "NationalAcademyforMayors" in text
    assert "累计24学时" in text and "completing24classhours" in text
    assert display_code(world.certificate.code) in text
    start = world.course.start
    assert f"{start.year}年{start.month}月{start.day}日" in text


def test_the_certificate_is_served_inline_under_its_code(client, world):
    client.force_login(world.users["official"])
    response = client.get(certificate_url(world.certificate))
    code = display_code(world.certificate.code)
    assert response["Content-Disposition"] == f'inline; filename="certificate-{code}.pdf"'
    assert response["Cache-Control"] == "private, no-store"


def test_the_code_is_found_however_the_address_writes_it(client, world):
    client.force_login(world.users["official"])
    for written in (world.certificate.code.lower(), display_code(world.certificate.code).lower()):
        response = client.get(reverse("certificates:pdf", args=[written]))
        assert response.status_code == 200, written
    assert client.get(reverse("certificates:pdf", args=["PX-0000-0000-0000"])).status_code == 404
    assert client.get(reverse("certificates:pdf", args=["nonsense"])).status_code == 404


def test_the_qr_code_holds_the_absolute_verification_address(client, world, monkeypatch):
    drawn = []
    monkeypatch.setattr(pdf, "draw_qr", lambda canvas, url, *args: drawn.append(url))
    fetch(client, world.users["coordinator"], certificate_url(world.certificate))
    code = display_code(world.certificate.code)
    assert drawn == [f"http://testserver/verify/{code}/"]


def test_the_verification_address_is_absolute_and_uses_the_grouped_code(settings):
    settings.ALLOWED_HOSTS = ["peixun.example.org"]
    request = RequestFactory().get("/", HTTP_HOST="peixun.example.org", secure=True)
    assert verify_url(request, "7K3MQ9TD2WFA") == "https://peixun.example.org/verify/PX-7K3M-Q9TD-2WFA/"


def test_the_qr_code_is_drawn_as_vectors():
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    pdf.draw_qr(canvas, "https://peixun.example.org/verify/PX-7K3M-Q9TD-2WFA/", 10, 10, 90)
    canvas.save()
    content = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].get_contents().get_data().decode("latin-1")
    assert content.count(" re") > 100  # the dark modules, as rectangles
    assert "/Im" not in content  # no bitmap


def test_a_long_chinese_title_wraps_on_the_one_page(client, world):
    staff = world.users["staff"]
    title_zh = (
        "气候韧性城市设计、绿色金融与循环经济——面向快速发展地级市市长的领导力专题研修班（第三期）"
        "暨可持续城市发展高级研讨班"
    )
    title_en = (
        "Climate-resilient city design, green financing and the circular economy: a leadership programme "
        "for mayors of fast-growing prefecture cities"
    )
    course = finished_course(academy=world.course.academy, title_en=title_en, title_zh=title_zh)
    attend(staff, confirm(course, world.official), sessions(course))
    (certificate,) = issue_certificates(actor=staff, course=course)
    reader = fetch(client, world.users["official"], certificate_url(certificate))
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert title_zh in text
    assert "".join(title_en.split()) in text


def test_a_revoked_certificate_is_not_printed(client, world):
    revoke_certificate(actor=world.users["staff"], certificate=world.certificate, reason="Attendance was misrecorded")
    client.force_login(world.users["official"])
    response = client.get(certificate_url(world.certificate))
    assert response.status_code == 410
    assert response["Content-Type"].startswith("text/html")
    body = response.content.decode()
    assert "was revoked on" in body and "no longer valid" in body
    assert "Attendance was misrecorded" in body


def test_the_certificate_has_room_for_the_academys_seal_and_two_signatures(client, world):
    text = text_of(fetch(client, world.users["official"], certificate_url(world.certificate)))
    assert "学院印章Sealoftheacademy" in text
    assert "学院负责人签字·SignatureFortheacademy" in text
    assert "项目负责人签字·SignatureProgrammedirector" in text
    assert "颁发日期Dateofissue" in text  # under the academy's name, where the seal is stamped


def test_the_place_for_the_seal_is_a_dashed_circle_the_size_of_a_seal():
    sheet = pdf.CertificateSheet(
        name_zh="王伟",
        name_latin="Wáng Wěi",
        course_en="Energy Smart Cities",
        course_zh="能源智慧城市",
        academy_en="National Academy for Mayors of China",
        academy_zh="全国市长研修学院",
        dates_en="1 to 14 March 2027",
        dates_zh="2027年3月1日至2027年3月14日",
        hours="24",
        issued_en="20 March 2027",
        issued_zh="2027年3月20日",
        code="PX-7K3M-Q9TD-2WFA",
        verify_url="https://peixun.example.org/verify/PX-7K3M-Q9TD-2WFA/",
    )
    content = PdfReader(io.BytesIO(pdf.render_certificate(sheet))).pages[0].get_contents().get_data().decode("latin-1")
    assert "[3 3] 0 d" in content  # the dashed circle
    assert 2 * pdf.SEAL_RADIUS > 42 / 25.4 * 72  # wider than an official seal's 42 mm


@pytest.mark.parametrize(
    ("name_zh", "printed"),
    [("王伟", "Wáng Wěi"), ("吕布", "Lǚ Bù"), ("欧阳娜娜", "Ōuyáng Nànà"), ("单雄信", "Shàn Xióngxìn")],
)
def test_names_print_as_pinyin_with_tone_marks_surname_first(name_zh, printed):
    official = Official(name_zh=name_zh, name_pinyin=name_to_pinyin(name_zh), name_en="David Wang")
    assert pdf.latin_name(official) == printed


# The transcript ------------------------------------------------------------------------------


@pytest.fixture
def record(world):
    """Training elsewhere in 2024 and 2025 besides the course; one 2025 entry recorded twice and corrected."""
    staff = world.users["staff"]
    add_external_training(
        actor=staff,
        official=world.official,
        date=datetime.date(2024, 5, 20),
        title="城市更新专题培训班",
        provider="中共广东省委党校",
        hours=Decimal("24"),
    )
    add_external_training(
        actor=staff, official=world.official, date=datetime.date(2025, 9, 1), title="数字政府建设", hours=Decimal("15")
    )
    twice = add_external_training(
        actor=staff, official=world.official, date=datetime.date(2025, 9, 2), title="应急管理能力提升", days=2
    )
    reverse_entry(actor=staff, entry=twice, reason="Imported twice from the unit's sheet")
    return world


def test_the_transcript_lists_every_entry_with_corrections_and_their_reasons(client, record):
    reader = fetch(client, record.users["official"], reverse("certificates:my_transcript"))
    assert size(reader.pages[0]) == A4_PORTRAIT
    text = text_of(reader)
    assert "培训档案" in text and "Trainingtranscript" in text
    assert "王伟WángWěi" in text and "深圳市住房和建设局" in text
    for entry in LedgerEntry.objects.filter(official=record.official):
        assert entry.date.isoformat() + "".join(entry.title.split()) in text, entry
    assert "2024-05-20城市更新专题培训班" in text and "中共广东省委党校243.2" in text
    assert "2025-09-02应急管理能力提升" in text
    assert "更正Correction:Importedtwicefromtheunit'ssheet" in text
    assert "-15-2" in text  # the correction takes back 15 hours, 2 days


def test_the_transcript_totals_each_calendar_year_and_window_of_service(client, record):
    text = text_of(fetch(client, record.users["staff"], reverse("certificates:transcript", args=[record.official.pk])))
    assert "按年度合计Totalspercalendaryear" in text
    assert "2024243.2" in text  # year, class hours, days
    totals: dict[int, Decimal] = {}
    for entry in LedgerEntry.objects.filter(official=record.official):
        totals[entry.date.year] = totals.get(entry.date.year, Decimal(0)) + entry.hours
    assert sorted(totals) == sorted({2024, 2025, record.course.start.year})
    for year, hours in totals.items():
        assert f"{year}{pdf.hours_text(hours)}{pdf.hours_text(hours / Decimal('7.5'))}" in text, year
    if record.course.start.year != 2025:
        assert "2025152" in text  # 15 + 15 - 15 hours: the correction cancels its entry
    assert "Totalsperwindowofservice" in text
    assert "2020-01-01–2024-12-31243.2" in text  # service began on 1 January 2010: windows of five years
    assert "Statusofeachrule" in text


def test_the_transcript_leaves_out_the_windows_of_service_without_training(client, record):
    text = text_of(fetch(client, record.users["staff"], reverse("certificates:transcript", args=[record.official.pk])))
    assert "2010-01-01–2014-12-31" not in text and "2015-01-01–2019-12-31" not in text
    assert "2020-01-01–2024-12-31243.2" in text
    assert "Windowswithoutanytrainingarenotlisted" in text


def test_a_window_whose_training_was_cancelled_is_still_listed(client, world):
    """Something happened in it: an entry and the correction that took it back."""
    staff = world.users["staff"]
    entry = add_external_training(
        actor=staff, official=world.official, date=datetime.date(2012, 3, 1), title="城市规划", hours=Decimal("6")
    )
    reverse_entry(actor=staff, entry=entry, reason="Recorded for the wrong official")
    text = text_of(fetch(client, staff, reverse("certificates:transcript", args=[world.official.pk])))
    assert "2010-01-01–2014-12-3100550" in text  # no class hours, no days, of 550 required; but not empty
    assert "2015-01-01–2019-12-31" not in text


def test_the_transcript_of_an_official_without_any_training_lists_no_window(client, world):
    from tests.factories import OfficialFactory

    newcomer = OfficialFactory(name_zh="陈静")
    text = text_of(fetch(client, world.users["staff"], reverse("certificates:transcript", args=[newcomer.pk])))
    assert "陈静ChénJìng" in text
    assert "Totalsperwindowofservice" not in text and "Windowswithout" not in text


def test_the_transcript_numbers_its_pages_and_says_when_it_was_made(client, record):
    staff = record.users["staff"]
    for day in range(60):
        add_external_training(
            actor=staff,
            official=record.official,
            date=datetime.date(2015, 1, 1) + datetime.timedelta(days=day * 30),
            title=f"专题讲座{day}",
            hours=Decimal("3"),
        )
    reader = fetch(client, record.users["official"], reverse("certificates:my_transcript"))
    pages = len(reader.pages)
    assert pages > 1
    for number, page in enumerate(reader.pages, start=1):
        text = "".join(page.extract_text().split())
        assert f"Page{number}of{pages}" in text and f"第{number}页" in text
        assert "Generated" in text
        assert "日期Date" in text  # the table's header on every page


def test_the_certificate_writes_its_dates_in_both_languages_as_a_formal_document_does(world):
    from django.utils import timezone

    certificate = world.certificate
    certificate.course.start, certificate.course.end = datetime.date(2026, 9, 28), datetime.date(2026, 10, 11)
    certificate.issued_at = timezone.make_aware(datetime.datetime(2026, 10, 12, 12, 0))
    sheet = pdf.certificate_sheet(certificate, verify_url="https://peixun.example/verify/")
    assert (sheet.dates_en, sheet.dates_zh) == ("28 September 2026 to 11 October 2026", "2026年9月28日至2026年10月11日")
    assert (sheet.issued_en, sheet.issued_zh) == ("12 October 2026", "2026年10月12日")


def test_the_verification_page_writes_the_courses_dates_in_both_languages(client, world):
    from peixun.courses.models import Course

    Course.objects.filter(pk=world.certificate.course_id).update(
        start=datetime.date(2026, 2, 2), end=datetime.date(2026, 2, 15)
    )
    response = client.get(reverse("certificates:verify", args=[display_code(world.certificate.code)]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 February 2026 – 15 February 2026" in page
    assert "2026年2月2日至2026年2月15日" in page
