"""A page and its downloads answer alike, for every role and for objects of this and of another academy and unit.

For each page and the files taken away from it (the course's timetable and its PDF and calendar file, the roster
and its CSV and Excel, an official's training record and its transcript, the compliance report and its workbook,
the impact dashboard and its workbook and PDF, a certificate and the pages that list it, the translated documents
and their files, the press archive): both are served or both are refused with the same status and the same
reason, and a download holds no row (roster line, record entry, official) that the page does not show.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from peixun.core.enums import Role
from peixun.courses.models import SessionLecturer
from peixun.partners.models import PressItem, TranslatedDocument
from peixun.records.certificates.codes import display_code
from peixun.records.certificates.services import issue_certificates
from peixun.records.services import add_external_training
from tests.factories import (
    AcademyFactory,
    LecturerFactory,
    OfficialFactory,
    OrganisationFactory,
    UnitQuotaFactory,
    UserFactory,
)
from tests.records.certificates.conftest import attend, confirm, exactly_80, finished_course, sessions

ROLES = [
    "staff",
    "coordinator",  # of academy A
    "other_coordinator",  # of academy B
    "reviewer",  # of academy A
    "nominator",  # contact of 王伟's unit, which has a quota on course A
    "other_nominator",  # contact of 李娜's and 张敏's unit, with quotas on A and B
    "lecturer",  # teaches on course A
    "translator",
    "partner",
    "official",  # 王伟, on course A, holds its certificate
    "other_official",  # 李娜, on course A, no certificate
    "anonymous",
]
LOGIN = 302
#: The officials by their Chinese names, and the title of a training elsewhere planted in each one's record.
NAMES = ("王伟", "李娜", "张敏")
PLANTED = {"王伟": "ElsewhereOfWang", "李娜": "ElsewhereOfLi", "张敏": "ElsewhereOfZhang"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def town(db):
    """Course A at academy A and course B at academy B, both finished; 王伟 (unit U) and 李娜 (unit V) on A,
    张敏 (unit V) on B; 王伟 and 张敏 hold certificates; a published and a hidden document and press item."""
    academy_a = AcademyFactory(code="namc", name_en="NAMC", name_zh="市长研修学院")
    academy_b = AcademyFactory(code="celap", name_en="CELAP", name_zh="浦东干部学院")
    unit = OrganisationFactory(name_en="Shenzhen Housing Bureau", name_zh="深圳市住房和建设局")
    other_unit = OrganisationFactory(name_en="Harbin Planning Office", name_zh="哈尔滨市规划办")
    course_a = finished_course(academy=academy_a, title_en="Energy Smart Cities", title_zh="能源智慧城市")
    course_b = finished_course(academy=academy_b, title_en="Green Finance", title_zh="绿色金融")
    UnitQuotaFactory(course=course_a, unit=unit)
    UnitQuotaFactory(course=course_a, unit=other_unit)
    UnitQuotaFactory(course=course_b, unit=other_unit)
    wang = OfficialFactory(
        name_zh="王伟", sending_unit=unit, email="wang.wei@example.org", phone="+86 138 0000 1234", title_zh="副市长"
    )
    li = OfficialFactory(name_zh="李娜", sending_unit=other_unit)
    zhang = OfficialFactory(name_zh="张敏", sending_unit=other_unit)
    staff = UserFactory(username="staff", role=Role.STAFF)
    attend(staff, confirm(course_a, wang), exactly_80(course_a))
    attend(staff, confirm(course_a, li), sessions(course_a)[:7])
    attend(staff, confirm(course_b, zhang), sessions(course_b))
    for official in (wang, li, zhang):
        add_external_training(
            actor=staff,
            official=official,
            date=course_a.start,
            title=PLANTED[official.name_zh],
            provider="省委党校",
            hours=Decimal(6),
        )
    lecturer = LecturerFactory(name="Ada Lovelace")
    teaching = sessions(course_a)[0]
    SessionLecturer.objects.create(
        session=teaching, lecturer=lecturer, date=teaching.date, part_of_day=teaching.part_of_day
    )
    users = {
        "staff": staff,
        "coordinator": UserFactory(username="coordinator", role=Role.COORDINATOR, academy=academy_a),
        "other_coordinator": UserFactory(username="other_coordinator", role=Role.COORDINATOR, academy=academy_b),
        "reviewer": UserFactory(username="reviewer", role=Role.REVIEWER, academy=academy_a),
        "nominator": UserFactory(username="nominator", role=Role.UNIT_CONTACT, sending_unit=unit),
        "other_nominator": UserFactory(username="other_nominator", role=Role.UNIT_CONTACT, sending_unit=other_unit),
        "lecturer": UserFactory(username="lecturer", role=Role.LECTURER),
        "translator": UserFactory(username="translator", role=Role.TRANSLATOR),
        "partner": UserFactory(username="partner", role=Role.PARTNER, partner=OrganisationFactory()),
        "official": UserFactory(username="official", role=Role.OFFICIAL),
        "other_official": UserFactory(username="other_official", role=Role.OFFICIAL),
        "anonymous": None,
    }
    for record, user in ((lecturer, "lecturer"), (wang, "official"), (li, "other_official")):
        record.user = users[user]
        record.save()
    (certificate_a,) = issue_certificates(actor=staff, course=course_a)
    (certificate_b,) = issue_certificates(actor=staff, course=course_b)
    outlet = OrganisationFactory(name_en="China Daily", name_zh="中国日报")
    documents, press = {}, {}
    for shown in (True, False):
        word = "Shown" if shown else "Hidden"
        documents[shown] = TranslatedDocument.objects.create(
            title_en=f"{word} sustainability plan",
            title_zh=f"{word}可持续发展规划",
            date=course_a.start,
            published=shown,
            source_file=ContentFile(b"%PDF-1.4 original", name="plan.pdf"),
            translated_file=ContentFile(b"%PDF-1.4 translation", name="plan-zh.pdf"),
        )
        press[shown] = PressItem.objects.create(
            date=course_a.start,
            outlet=outlet,
            title_en=f"{word} mayors study",
            title_zh=f"{word}市长研修",
            published=shown,
        )
    return {
        "courses": {"A": course_a, "B": course_b},
        "officials": {"王伟": wang, "李娜": li, "张敏": zhang},
        "certificates": {"A": certificate_a, "B": certificate_b},
        "academies": {"A": academy_a, "B": academy_b},
        "units": {"U": unit, "V": other_unit},
        "documents": documents,
        "press": press,
        "users": users,
    }


# ----------------------------------------------------------------------------------------------- helpers


def fetch(client, town, role: str, url: str):
    client.logout()
    if town["users"][role] is not None:
        client.force_login(town["users"][role])
    return client.get(url)


def reason(response) -> str:
    """The reason a refusal gives, as the page shows it."""
    body = response.content.decode()
    start = body.find('<p class="reason">')
    return body[start : body.find("</p>", start)] if start >= 0 else ""


def answers(client, town, role: str, doors: dict[str, str]) -> dict:
    return {door: fetch(client, town, role, url) for door, url in doors.items()}


def assert_agree(role: str, what: str, responses: dict) -> int:
    """Every door gives the same status, and every refusal the same reason; the status is returned."""
    statuses = {door: response.status_code for door, response in responses.items()}
    assert len(set(statuses.values())) == 1, (role, what, statuses)
    status = next(iter(statuses.values()))
    assert status in (200, 403, 404, LOGIN), (role, what, statuses)
    if status == 403:
        reasons = {door: reason(response) for door, response in responses.items()}
        assert len(set(reasons.values())) == 1 and next(iter(reasons.values())), (role, what, reasons)
    return status


def names_in(text: str) -> set[str]:
    return {name for name in NAMES if name in text}


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def xlsx_text(response) -> str:
    workbook = load_workbook(io.BytesIO(response.content))
    return "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )


def csv_text(response) -> str:
    rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return "\n".join(cell for row in rows for cell in row)


def opened_by(results: dict[str, int]) -> set[str]:
    return {role for role, status in results.items() if status == 200}


# ------------------------------------------------------------------------------------------------ the pairs


COURSE_OPENS = {
    "A": {
        "staff",
        "coordinator",
        "reviewer",
        "nominator",
        "other_nominator",
        "lecturer",
        "official",
        "other_official",
    },
    "B": {"staff", "other_coordinator", "other_nominator"},
}


@pytest.mark.parametrize("which", ["A", "B"])
def test_a_course_its_timetable_its_pdf_and_its_calendar_file_agree(client, town, which):
    course = town["courses"][which]
    doors = {
        "page": reverse("courses:detail", args=[course.pk]),
        "timetable": reverse("courses:timetable", args=[course.pk]),
        "ics": reverse("timetables:course_ics", args=[course.pk]),
        "pdf": reverse("timetables:course_pdf", args=[course.pk]),
    }
    results = {}
    for role in ROLES:
        responses = answers(client, town, role, doors)
        results[role] = assert_agree(role, f"course {which}", responses)
        if results[role] == 200:
            titles = {session.title_en for session in course.sessions.all()}
            calendar = responses["ics"].content.decode()
            assert {title for title in titles if title in calendar} == titles
    assert opened_by(results) == COURSE_OPENS[which]


ROSTER_ROWS = {
    # (course, role) → the officials the roster page and its exports show
    ("A", "staff"): {"王伟", "李娜"},
    ("A", "coordinator"): {"王伟", "李娜"},
    ("A", "nominator"): {"王伟"},
    ("A", "other_nominator"): {"李娜"},
    ("B", "staff"): {"张敏"},
    ("B", "other_coordinator"): {"张敏"},
    ("B", "other_nominator"): {"张敏"},
}


@pytest.mark.parametrize("which", ["A", "B"])
def test_the_roster_and_its_exports_agree_and_a_unit_takes_away_its_own_nominees_only(client, town, which):
    course = town["courses"][which]
    doors = {
        "page": reverse("courses:roster", args=[course.pk]),
        "csv": reverse("courses:roster_csv", args=[course.pk]),
        "xlsx": reverse("courses:roster_xlsx", args=[course.pk]),
    }
    results = {}
    for role in ROLES:
        responses = answers(client, town, role, doors)
        results[role] = assert_agree(role, f"roster {which}", responses)
        if results[role] == 200:
            on_page = names_in(responses["page"].content.decode())
            assert on_page == ROSTER_ROWS[which, role], role
            assert names_in(csv_text(responses["csv"])) == on_page, role
            assert names_in(xlsx_text(responses["xlsx"])) == on_page, role
    assert opened_by(results) == {role for (course_key, role) in ROSTER_ROWS if course_key == which}


RECORD_READERS = {
    "王伟": {"staff", "coordinator", "nominator", "official"},
    "李娜": {"staff", "coordinator", "other_nominator", "other_official"},
    "张敏": {"staff", "other_coordinator", "other_nominator"},
}


@pytest.mark.parametrize("name", NAMES)
def test_a_training_record_and_its_transcript_agree(client, town, name):
    official = town["officials"][name]
    doors = {
        "page": reverse("records:official_record", args=[official.pk]),
        "transcript": reverse("certificates:transcript", args=[official.pk]),
    }
    results = {}
    for role in ROLES:
        responses = answers(client, town, role, doors)
        results[role] = assert_agree(role, f"record of {name}", responses)
        if results[role] == 200:
            page, transcript = responses["page"].content.decode(), pdf_text(responses["transcript"])
            planted_in_pdf = {title for title in PLANTED.values() if title in transcript}
            assert planted_in_pdf == {PLANTED[name]}, role
            assert planted_in_pdf <= {title for title in PLANTED.values() if title in page}, role
            assert f'href="{doors["transcript"]}"' in page, role
    assert opened_by(results) == RECORD_READERS[name]


def test_my_record_and_my_transcript_agree(client, town):
    doors = {"page": reverse("records:my_record"), "transcript": reverse("certificates:my_transcript")}
    results = {}
    for role in ROLES:
        responses = answers(client, town, role, doors)
        results[role] = assert_agree(role, "my record", responses)
        if results[role] == 200:
            own = PLANTED["王伟" if role == "official" else "李娜"]
            transcript = pdf_text(responses["transcript"])
            assert {title for title in PLANTED.values() if title in transcript} == {own}, role
            assert own in responses["page"].content.decode()
    assert opened_by(results) == {"official", "other_official"}


def compliance_filters(town) -> dict[str, str]:
    return {
        "everyone": "",
        "unit U": f"?unit={town['units']['U'].pk}",
        "academy B": f"?academy={town['academies']['B'].pk}",
        "short": "?status=short",
    }


def test_the_compliance_report_and_its_workbook_agree(client, town):
    for label, query in compliance_filters(town).items():
        doors = {"page": reverse("records:compliance") + query, "xlsx": reverse("records:compliance_xlsx") + query}
        results = {}
        for role in ROLES:
            responses = answers(client, town, role, doors)
            results[role] = assert_agree(role, f"compliance, {label}", responses)
            if results[role] == 200:
                on_page = names_in(responses["page"].content.decode())
                assert names_in(xlsx_text(responses["xlsx"])) <= on_page, (role, label)
        assert opened_by(results) == {"staff", "coordinator", "other_coordinator", "nominator", "other_nominator"}
    # Not vacuous: each reader's workbook holds exactly the officials whose record they may read.
    for role, readable in (("nominator", {"王伟"}), ("other_coordinator", {"张敏"}), ("coordinator", {"王伟", "李娜"})):
        workbook = fetch(client, town, role, reverse("records:compliance_xlsx"))
        assert names_in(xlsx_text(workbook)) == readable, role


def test_the_impact_dashboard_its_workbook_and_its_pdf_agree(client, town):
    for label, query in (("every academy", ""), ("academy A", "?academy={A}"), ("academy B", "?academy={B}")):
        query = query.format(A=town["academies"]["A"].pk, B=town["academies"]["B"].pk)
        doors = {
            "page": reverse("impact:dashboard") + query,
            "xlsx": reverse("impact:xlsx") + query,
            "pdf": reverse("impact:pdf") + query,
        }
        results = {role: assert_agree(role, f"impact, {label}", answers(client, town, role, doors)) for role in ROLES}
        expected = {
            "every academy": {"staff", "coordinator", "other_coordinator"},
            "academy A": {"staff", "coordinator"},
            "academy B": {"staff", "other_coordinator"},
        }[label]
        assert opened_by(results) == expected, label


# ------------------------------------------------------------------------------------------- certificates


def certificate_pages(town, key: str) -> dict[str, str]:
    """The pages that may list the certificate, each with a link to its PDF."""
    certificate = town["certificates"][key]
    return {
        "the class's certificates": reverse("certificates:course", args=[certificate.course_id]),
        "the holder's record": reverse("records:official_record", args=[certificate.official_id]),
        "my certificates": reverse("certificates:mine"),
    }


CERTIFICATE_OPENS = {
    "A": {"staff", "coordinator", "nominator", "official"},
    "B": {"staff", "other_coordinator", "other_nominator"},
}


@pytest.mark.parametrize("key", ["A", "B"])
def test_a_certificate_opens_to_exactly_those_shown_it_on_a_page(client, town, key):
    """The PDF is served to whoever sees the certificate listed (the class's tab, the holder's record, their own
    certificates), to nobody else, and every page that lists it links the PDF its reader may open."""
    certificate = town["certificates"][key]
    code = display_code(certificate.code)
    pdf = reverse("certificates:pdf", args=[code])
    opens = set()
    for role in ROLES:
        listed_on = [
            page
            for page, url in certificate_pages(town, key).items()
            if (response := fetch(client, town, role, url)).status_code == 200 and code in response.content.decode()
        ]
        response = fetch(client, town, role, pdf)
        if listed_on:
            assert response.status_code == 200, (role, listed_on)
            assert response["Content-Type"] == "application/pdf"
            opens.add(role)
        else:
            assert response.status_code == (LOGIN if role == "anonymous" else 403), role
    assert opens == CERTIFICATE_OPENS[key]


@pytest.mark.parametrize("key", ["A", "B"])
def test_the_public_verification_says_less_than_the_certificate(client, town, key):
    """Anyone may check a code; the page names the holder, the course and its dates, and nothing more."""
    certificate = town["certificates"][key]
    official = certificate.official
    url = reverse("certificates:verify", args=[display_code(certificate.code)])
    for role in ROLES:
        response = fetch(client, town, role, url)
        assert response.status_code == 200, role
        body = response.content.decode()
        assert official.name_zh in body and certificate.course.title_zh in body
        for private in (
            official.sending_unit.name_en,
            official.sending_unit.name_zh,
            official.email,
            official.phone,
            official.title_zh,
            certificate.course.academy.name_zh,
        ):
            assert not private or private not in body, (role, private)


def test_a_revoked_certificate_is_gone_from_its_pdf_and_from_the_public_page_alike(client, town):
    from peixun.records.certificates.services import revoke_certificate

    certificate = town["certificates"]["A"]
    revoke_certificate(actor=town["users"]["staff"], certificate=certificate, reason="Issued in error")
    code = display_code(certificate.code)
    for role in ("staff", "coordinator", "nominator", "official"):
        assert fetch(client, town, role, reverse("certificates:pdf", args=[code])).status_code == 410, role
    assert fetch(client, town, "anonymous", reverse("certificates:verify", args=[code])).status_code == 410


# --------------------------------------------------------------------------------- documents and the press


@pytest.mark.parametrize("shown", [True, False], ids=["published", "hidden"])
def test_a_documents_files_open_to_exactly_those_the_list_shows_it_to(client, town, shown):
    document = town["documents"][shown]
    files = {which: reverse(f"press:document_{which}", args=[document.pk]) for which in ("original", "translation")}
    opens = set()
    for role in ROLES:
        listed = document.title_en in fetch(client, town, role, reverse("press:documents")).content.decode()
        responses = answers(client, town, role, files)
        status = assert_agree(role, "document files", responses)
        assert (status == 200) is listed, (role, status)
        if listed:
            opens.add(role)
    assert opens == (set(ROLES) if shown else {"staff"})


@pytest.mark.parametrize("shown", [True, False], ids=["published", "hidden"])
def test_a_press_item_opens_to_exactly_those_the_archive_lists_it_to(client, town, shown):
    item = town["press"][shown]
    opens = set()
    for role in ROLES:
        listed = item.title_en in fetch(client, town, role, reverse("press:list")).content.decode()
        status = fetch(client, town, role, reverse("press:detail", args=[item.pk])).status_code
        assert (status == 200) is listed, (role, status)
        if listed:
            opens.add(role)
    assert opens == (set(ROLES) if shown else {"staff"})
