"""The PDFs as people get them: downloaded from the pages in Chromium, then read as any PDF reader
reads them. Every font is embedded (nothing borrowed from the reader's machine, so the Chinese shows
everywhere), names are in characters and in pinyin with tone marks, the certificate has room for the
academy's seal and for signatures, and the transcript lists only the windows of service with training."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from peixun.records.models import ComplianceRule
from tests.conftest import CHROMIUM
from tests.factories import PASSWORD
from tests.pdf_fonts import assert_fonts_embedded, text_of
from tests.records.certificates.conftest import world  # noqa: F401 (the finished course, its certificate and its users)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium, live_server, tmp_path):
    """A browser whose user saves PDFs rather than open them in its viewer (Chromium's setting "Download
    PDFs"), so that each PDF arrives as a file, as it does for people who open it in another reader."""
    profile = tmp_path / "profile"
    (profile / "Default").mkdir(parents=True)
    preferences = {"plugins": {"always_open_pdf_externally": True}, "download": {"prompt_for_download": False}}
    (profile / "Default" / "Preferences").write_text(json.dumps(preferences))
    context = chromium.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        base_url=live_server.url,
        locale="en-GB",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    )
    context.set_default_timeout(15_000)
    yield context.pages[0] if context.pages else context.new_page()
    context.close()


EMBEDDED_FAMILIES = {"NotoSans-Regular", "NotoSans-Bold", "NotoSansSC-Regular", "NotoSansSC-Bold"}


def download(page, link) -> bytes:
    """Click ``link`` as a person would and return the file the browser saves."""
    with page.expect_download() as waiting:
        link.click()
    saved = waiting.value.path()
    assert saved is not None, waiting.value.failure()
    return Path(saved).read_bytes()


def fonts_are_embedded(pdf: bytes) -> None:
    fonts = assert_fonts_embedded(pdf)
    assert {font.family for font in fonts} <= EMBEDDED_FAMILIES


def test_the_printed_timetable_embeds_its_fonts_and_shows_its_chinese(page, world):  # noqa: F811
    log_in(page, "coordinator", PASSWORD)
    page.goto(reverse("courses:timetable", args=[world.course.pk]))
    pdf = download(page, page.get_by_role("link", name="Print (PDF)"))
    fonts_are_embedded(pdf)
    text = text_of(pdf)
    assert "能源智慧城市" in text and "EnergySmartCities" in text
    assert "第1讲" in text and "欢迎晚宴" in text
    assert "上午" in text and "休息日" in text


def test_the_impact_report_embeds_its_fonts_and_shows_its_chinese(page, world):  # noqa: F811
    log_in(page, "staff", PASSWORD)
    page.goto(reverse("impact:dashboard"))
    pdf = download(page, page.get_by_test_id("pdf"))
    fonts_are_embedded(pdf)
    text = text_of(pdf)
    assert "成效报告" in text and "已培训官员" in text and "市长研修学院" in text


def my_certificate(page) -> bytes:
    page.goto(reverse("certificates:mine"))
    return download(page, page.get_by_role("link", name="Download the certificate (PDF)"))


def my_transcript(page) -> bytes:
    page.goto(reverse("records:my_record"))
    return download(page, page.get_by_role("link", name="Transcript (PDF)"))


def test_the_certificate_embeds_its_fonts_and_shows_its_chinese(page, world):  # noqa: F811
    log_in(page, "official", PASSWORD)
    pdf = my_certificate(page)
    fonts_are_embedded(pdf)
    text = text_of(pdf)
    assert "结业证书" in text and "能源智慧城市" in text and "市长研修学院" in text


def test_the_certificate_has_room_for_the_academys_seal_and_two_signatures(page, world):  # noqa: F811
    log_in(page, "official", PASSWORD)
    text = text_of(my_certificate(page))
    assert "学院印章Sealoftheacademy" in text
    assert "学院负责人签字·SignatureFortheacademy" in text
    assert "项目负责人签字·SignatureProgrammedirector" in text


def test_names_print_in_characters_and_in_pinyin_with_tone_marks(page, world):  # noqa: F811
    log_in(page, "official", PASSWORD)
    certificate = text_of(my_certificate(page))
    assert "王伟WángWěi" in certificate  # the surname first, in both
    transcript = text_of(my_transcript(page))
    assert "王伟WángWěi" in transcript
    assert "WangWei" not in certificate + transcript


def test_the_transcript_lists_only_the_windows_of_service_with_training(page, world):  # noqa: F811
    # The regulations' five-year rule (a browser test's database starts without the migrations' rows).
    ComplianceRule.objects.get_or_create(
        name_en="Five-year training",
        defaults=dict(name_zh="五年培训", period="service", years=5, required_days=90, required_hours=Decimal(550)),
    )
    log_in(page, "official", PASSWORD)
    text = text_of(my_transcript(page))
    assert "培训档案" in text and "按任职周期合计" in text
    start = world.course.start
    first_year = 2010 + 5 * ((start.year - 2010) // 5)  # service began on 1 January 2010
    assert f"{first_year}-01-01–{first_year + 4}-12-31" in text  # the window holding the course
    assert "2010-01-01–2014-12-31" not in text and "2015-01-01–2019-12-31" not in text
    assert "Windowswithoutanytrainingarenotlisted" in text
