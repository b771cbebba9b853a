"""The certificates tab of a course, an official's own certificates, and the public verification page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from peixun.records.certificates import views as certificate_views
from peixun.records.certificates.codes import display_code
from peixun.records.certificates.services import issue_certificates, revoke_certificate
from peixun.records.models import Certificate
from tests.factories import OfficialFactory

from .conftest import attend, confirm, exactly_80, sessions

pytestmark = pytest.mark.django_db


def tab_url(world) -> str:
    return reverse("certificates:course", args=[world.course.pk])


# The course tab ------------------------------------------------------------------------------


def test_the_tab_shows_each_officials_hours_share_and_certificate(client, world):
    newcomer = OfficialFactory(name_zh="张敏")
    attend(world.users["staff"], confirm(world.course, newcomer), sessions(world.course))
    client.force_login(world.users["coordinator"])
    response = client.get(tab_url(world))
    body = response.content.decode()
    assert response.status_code == 200
    assert "A certificate needs 80% of the course's 30 class hours attended: 24 hours or more." in body
    assert "1 official has earned a certificate and is waiting for it." in body
    shares = [(row.name_zh, row.hours, row.percent, row.eligible) for row in response.context["shares"]]
    assert shares == [("李娜", 21, 70, False), ("王伟", 24, 80, True), ("张敏", 30, 100, True)]
    code = display_code(world.certificate.code)
    assert f'href="{reverse("certificates:pdf", args=[code])}"' in body
    assert "Earned, not issued yet" in body and "Not enough attendance" in body
    assert f'href="{reverse("certificates:issue", args=[world.course.pk])}"' in body
    assert f'href="{reverse("certificates:revoke", args=[world.course.pk, world.certificate.pk])}" data-confirm' in body


def test_the_tab_makes_a_bounded_number_of_queries_whatever_the_number_of_officials(client, world):
    client.force_login(world.users["coordinator"])
    client.get(tab_url(world))  # warm up the session and the content types

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(tab_url(world))
        assert response.status_code == 200
        assert world.official.name_zh in response.content.decode()
        return len(queries)

    few = count()
    staff = world.users["staff"]
    for _ in range(15):
        attend(staff, confirm(world.course, OfficialFactory()), exactly_80(world.course)[:2] + sessions(world.course))
    issue_certificates(actor=staff, course=world.course)
    revoke_certificate(actor=staff, certificate=Certificate.objects.last(), reason="Test")
    assert count() == few
    # session, user, course with its seats, marks of ended sessions still to credit, the attendance
    # shares, the certificates
    assert few == 6


def test_issuing_from_the_preview_gives_the_chosen_officials_their_certificates(client, world):
    staff = world.users["staff"]
    chosen, left_out = OfficialFactory(name_zh="张敏"), OfficialFactory(name_zh="刘洋")
    attend(staff, confirm(world.course, chosen), sessions(world.course))
    attend(staff, confirm(world.course, left_out), sessions(world.course))
    client.force_login(world.users["coordinator"])
    preview = client.get(reverse("certificates:issue", args=[world.course.pk]))
    assert [row.name_zh for row in preview.context["waiting"]] == ["刘洋", "张敏"]
    assert preview.content.decode().count('type="checkbox" name="official"') == 2

    issue_url = reverse("certificates:issue", args=[world.course.pk])
    response = client.post(issue_url, {"official": [chosen.pk]}, follow=True)
    assert response.redirect_chain == [(tab_url(world), 302)]
    assert "1 certificate was issued." in response.content.decode()
    assert sorted(Certificate.objects.values_list("official__name_zh", flat=True)) == ["张敏", "王伟"]
    assert not Certificate.objects.filter(official=left_out).exists()


def test_issuing_to_an_ineligible_official_says_why_and_issues_nothing(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(
        reverse("certificates:issue", args=[world.course.pk]), {"official": [world.classmate.pk]}, follow=True
    )
    assert "李娜 attended 21 of 30 class hours (70%); a certificate needs 80%." in response.content.decode()
    assert not Certificate.objects.filter(official=world.classmate).exists()


def test_issuing_with_nobody_chosen_is_refused(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("certificates:issue", args=[world.course.pk]), {"official": ["x"]})
    assert response.status_code == 200
    assert "Choose at least one official to receive a certificate." in response.content.decode()


def test_revoking_without_a_reason_is_refused_and_with_one_says_so(client, world):
    client.force_login(world.users["coordinator"])
    url = reverse("certificates:revoke", args=[world.course.pk, world.certificate.pk])
    response = client.post(url, {"confirmed": "yes", "reason": " "})
    assert response.status_code == 400
    assert "Say why the certificate is being revoked." in response.content.decode()
    world.certificate.refresh_from_db()
    assert not world.certificate.is_revoked

    response = client.post(url, {"confirmed": "yes", "reason": "The name was misspelt"}, follow=True)
    body = response.content.decode()
    assert f"The certificate {display_code(world.certificate.code)} of" in body and "was revoked." in body
    assert "The name was misspelt" in body  # in the list of issued certificates
    world.certificate.refresh_from_db()
    assert world.certificate.revoke_reason == "The name was misspelt"
    history = client.get(reverse("courses:history", args=[world.course.pk])).content.decode()
    assert "Certificate revoked" in history and "Reason: <del>—</del> → <ins>The name was misspelt</ins>" in history


@pytest.mark.parametrize("method", ["get", "post"])
def test_revoking_asks_first_and_changes_nothing_until_confirmed(client, world, method):
    client.force_login(world.users["staff"])
    url = reverse("certificates:revoke", args=[world.course.pk, world.certificate.pk])
    # A GET, or a POST from an old page that still sends the reason in one step, only asks.
    response = getattr(client, method)(url, {"reason": "Issued in error"})
    body = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    code = display_code(world.certificate.code)
    assert f"Revoke the certificate {code}?" in body
    assert "No: a revoked certificate stays revoked. A new certificate, with a new code, can be issued" in body
    assert 'name="confirmed" value="yes"' in body and f'action="{url}"' in body
    assert f'href="{reverse("certificates:course", args=[world.course.pk])}" data-confirm-cancel' in body
    world.certificate.refresh_from_db()
    assert not world.certificate.is_revoked


# An official's own ---------------------------------------------------------------------------


def test_an_official_sees_their_certificates_and_downloads_only_the_valid_ones(client, world):
    staff = world.users["staff"]
    revoke_certificate(actor=staff, certificate=world.certificate, reason="Misspelt")
    (valid,) = issue_certificates(actor=staff, course=world.course)
    client.force_login(world.users["official"])
    response = client.get(reverse("certificates:mine"))
    body = response.content.decode()
    assert [c.pk for c in response.context["certificates"]] == [valid.pk, world.certificate.pk]
    assert body.count("Energy Smart Cities") == 2
    assert reverse("certificates:pdf", args=[display_code(valid.code)]) in body
    assert reverse("certificates:pdf", args=[display_code(world.certificate.code)]) not in body
    assert "Revoked" in body
    assert reverse("certificates:my_transcript") in body


def test_an_official_without_certificates_is_told_how_they_come(client, world):
    client.force_login(world.users["other_official"])
    body = client.get(reverse("certificates:mine")).content.decode()
    assert "You have no certificates yet." in body


# Public verification -------------------------------------------------------------------------


def verify(client, code: str):
    return client.get(reverse("certificates:verify", args=[code]))


def test_a_genuine_certificate_shows_the_name_the_course_and_its_dates_and_nothing_else(client, world):
    official, course = world.official, world.course
    response = verify(client, display_code(world.certificate.code))
    assert response.status_code == 200
    body = response.content.decode()
    assert "This certificate is genuine." in body
    assert "王伟" in body and official.name_pinyin in body
    assert "能源智慧城市" in body and "Energy Smart Cities" in body
    start, end = course.start, course.end
    assert f"{start.year}年{start.month}月{start.day}日至{end.year}年{end.month}月{end.day}日" in body
    assert f"{start.day} " in body and f"{end.year}" in body
    leaks = [
        official.sending_unit.name_en,
        official.sending_unit.name_zh,
        official.jurisdiction.name_en,
        official.jurisdiction.name_zh,
        official.email,
        official.phone,
        official.title_zh,  # 副市长
        course.academy.name_en,
        course.academy.name_zh,
        "李娜",
        "class hours",
        "学时",
        "24.0",
        f"/officials/{official.pk}",
        f'value="{official.pk}"',
        "staff",  # who issued it
    ]
    for leak in leaks:
        assert leak not in body, leak


def test_the_verification_page_is_not_indexed_and_keeps_its_address_to_itself(client, world):
    response = verify(client, display_code(world.certificate.code))
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"]


def test_a_code_typed_in_lower_case_without_dashes_is_verified(client, world):
    response = verify(client, world.certificate.code.lower())
    assert response.status_code == 200
    assert "This certificate is genuine." in response.content.decode()


def test_a_revoked_certificate_says_so_and_nothing_more(client, world):
    revoke_certificate(actor=world.users["staff"], certificate=world.certificate, reason="Attendance misrecorded")
    response = verify(client, display_code(world.certificate.code))
    assert response.status_code == 410
    body = response.content.decode()
    assert "This certificate has been revoked and is no longer valid." in body
    for leak in ("王伟", world.official.name_pinyin, "能源智慧城市", "Energy Smart Cities", "Attendance misrecorded"):
        assert leak not in body, leak


def test_an_unknown_code_says_there_is_no_such_certificate(client, world):
    response = verify(client, "PX-0000-0000-0000")
    assert response.status_code == 404
    body = response.content.decode()
    assert "There is no certificate with this code." in body
    assert "王伟" not in body


def test_the_verification_form_sends_a_typed_code_to_its_page(client, world):
    typed = " px " + display_code(world.certificate.code)[3:].lower().replace("-", " ")
    response = client.get(reverse("certificates:verify_form"), {"code": typed})
    assert response.status_code == 302
    assert response.url == reverse("certificates:verify", args=[display_code(world.certificate.code)])


def test_the_verification_form_refuses_what_cannot_be_a_code(client, world):
    response = client.get(reverse("certificates:verify_form"), {"code": "hello"})
    assert response.status_code == 200
    assert "This is not a certificate code" in response.content.decode()
    blank = client.get(reverse("certificates:verify_form"))
    assert blank.status_code == 200
    assert 'name="code"' in blank.content.decode()
    assert "This is not a certificate code" not in blank.content.decode()


def test_verification_is_bilingual_once_the_catalogue_translates_it(client, world, monkeypatch):
    class Translated:
        def __str__(self):
            return "此证书真实有效。" if translation.get_language() == "zh-hans" else "This certificate is genuine."

    monkeypatch.setitem(certificate_views.VERIFY_TEXTS, "genuine", Translated())
    body = verify(client, display_code(world.certificate.code)).content.decode()
    assert '<span lang="zh-Hans">此证书真实有效。</span><br><span lang="en">This certificate is genuine.</span>' in body


def test_verification_reads_one_row(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = verify(client, display_code(world.certificate.code))
    assert response.status_code == 200
    assert "This certificate is genuine." in response.content.decode()
