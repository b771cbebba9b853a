"""Who has earned a certificate, and issuing, revoking and issuing again."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test.utils import override_settings
from django.utils import timezone

from peixun.attendance.enums import AttendanceStatus
from peixun.attendance.services import Mark, record_roll_call
from peixun.core.models import AuditEvent
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.records.certificates.codes import CODE_ALPHABET, display_code, normalise_code
from peixun.records.certificates.selectors import attendance_shares, eligible_officials, find_for_verification
from peixun.records.certificates.services import issue_certificates, revoke_certificate
from peixun.records.models import Certificate
from tests.factories import OfficialFactory, UserFactory

from .conftest import attend, confirm, exactly_80, finished_course, just_under, sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return UserFactory(role="staff")


@pytest.fixture
def course():
    return finished_course(title_en="Green Buildings", title_zh="绿色建筑")


def test_exactly_the_minimum_share_earns_a_certificate_and_just_under_does_not(course, staff):
    wang, li = OfficialFactory(name_zh="王伟"), OfficialFactory(name_zh="李娜")
    attend(staff, confirm(course, wang), exactly_80(course))
    attend(staff, confirm(course, li), just_under(course))

    shares = {row.name_zh: row for row in attendance_shares(course)}
    assert (shares["王伟"].hours, shares["王伟"].course_hours, shares["王伟"].share) == (
        Decimal("24"),
        Decimal("30"),
        Decimal("0.800"),
    )
    assert shares["王伟"].eligible is True
    assert (shares["李娜"].hours, shares["李娜"].share, shares["李娜"].eligible) == (
        Decimal("23.9"),
        Decimal("0.797"),
        False,
    )
    assert [row.name_zh for row in eligible_officials(course)] == ["王伟"]


def test_a_reversed_credit_no_longer_counts(course, staff):
    official = OfficialFactory(name_zh="王伟")
    enrolment = confirm(course, official)
    attend(staff, enrolment, exactly_80(course))
    assert [row.official_id for row in eligible_officials(course)] == [official.pk]

    # The roll call of one session is corrected to absent: its credit is reversed in the ledger.
    record_roll_call(actor=staff, session=exactly_80(course)[0], marks={enrolment.pk: Mark(AttendanceStatus.ABSENT)})
    (row,) = attendance_shares(course)
    assert (row.hours, row.eligible) == (Decimal("21"), False)
    assert eligible_officials(course) == []


def test_only_confirmed_or_completed_officials_count(course, staff):
    confirmed, completed, withdrawn = OfficialFactory(), OfficialFactory(), OfficialFactory()
    attend(staff, confirm(course, confirmed), sessions(course))
    done = confirm(course, completed)
    attend(staff, done, sessions(course))
    done.status = EnrolmentStatus.COMPLETED
    done.save()
    gone = confirm(course, withdrawn)
    attend(staff, gone, sessions(course))
    gone.status = EnrolmentStatus.WITHDRAWN
    gone.save()
    assert sorted(row.official_id for row in eligible_officials(course)) == sorted([confirmed.pk, completed.pk])


def test_credits_of_other_courses_do_not_count(course, staff):
    official = OfficialFactory()
    confirm(course, official)
    other = finished_course()
    attend(staff, confirm(other, official), sessions(other))
    (row,) = attendance_shares(course)
    assert (row.hours, row.eligible) == (Decimal("0"), False)


def test_a_course_without_class_hours_certifies_nobody(staff):
    course = finished_course()
    course.sessions.all().delete()
    confirm(course, OfficialFactory())
    (row,) = attendance_shares(course)
    assert (row.course_hours, row.share, row.eligible) == (Decimal("0"), Decimal("0"), False)


def test_the_minimum_share_is_a_setting(course, staff):
    official = OfficialFactory()
    attend(staff, confirm(course, official), just_under(course))  # 23.9 of 30 h
    assert eligible_officials(course) == []
    with override_settings(PEIXUN_CERTIFICATE_MIN_SHARE=Decimal("0.75")):
        assert [row.official_id for row in eligible_officials(course)] == [official.pk]


def test_eligibility_is_one_query_whatever_the_roster(course, staff, django_assert_num_queries):
    for _ in range(12):
        attend(staff, confirm(course, OfficialFactory()), exactly_80(course)[:3])
    with django_assert_num_queries(1):
        assert len(attendance_shares(course)) == 12
    with django_assert_num_queries(1):
        eligible_officials(course)


# Issuing -------------------------------------------------------------------------------------


def test_issuing_gives_each_eligible_official_one_certificate_and_audits_it(course, staff):
    wang, li = OfficialFactory(name_zh="王伟"), OfficialFactory(name_zh="李娜")
    attend(staff, confirm(course, wang), exactly_80(course))
    attend(staff, confirm(course, li), just_under(course))

    (certificate,) = issue_certificates(actor=staff, course=course)

    assert (certificate.official, certificate.course, certificate.hours) == (wang, course, Decimal("24"))
    assert certificate.issued_by == staff and certificate.revoked_at is None
    assert len(certificate.code) == 12 and set(certificate.code) <= set(CODE_ALPHABET)
    event = AuditEvent.objects.get(action="certificate.issued")
    assert (event.actor, event.course, event.object_id) == (staff, course, str(certificate.pk))
    assert event.changes["code"] == [None, certificate.code]
    # Asking again issues nothing new.
    assert issue_certificates(actor=staff, course=course) == []
    assert Certificate.objects.count() == 1


def test_issuing_leaves_the_enrolment_confirmed(course, staff):
    official = OfficialFactory()
    enrolment = confirm(course, official)
    attend(staff, enrolment, sessions(course))
    issue_certificates(actor=staff, course=course)
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CONFIRMED


def test_issuing_to_named_officials_refuses_the_ineligible_by_name_and_writes_nothing(course, staff):
    wang, li = OfficialFactory(name_zh="王伟"), OfficialFactory(name_zh="李娜")
    stranger = OfficialFactory(name_zh="张敏")
    attend(staff, confirm(course, wang), exactly_80(course))
    attend(staff, confirm(course, li), just_under(course))

    with pytest.raises(ValidationError) as error:
        issue_certificates(actor=staff, course=course, officials=[wang, li, stranger])
    assert error.value.messages == [
        "李娜 attended 23.9 of 30 class hours (79.7%); a certificate needs 80%.",
        "张敏 is not a confirmed participant of this course.",
    ]
    assert Certificate.objects.count() == 0
    assert not AuditEvent.objects.filter(action="certificate.issued").exists()

    (certificate,) = issue_certificates(actor=staff, course=course, officials=[wang])
    assert certificate.official == wang


def test_issuing_again_to_a_holder_is_refused(course, staff):
    official = OfficialFactory(name_zh="王伟")
    attend(staff, confirm(course, official), sessions(course))
    (certificate,) = issue_certificates(actor=staff, course=course)
    with pytest.raises(ValidationError, match="王伟 already has a certificate"):
        issue_certificates(actor=staff, course=course, officials=[official])


def test_certificates_wait_for_the_last_day_of_the_course(staff):
    today = timezone.localdate()
    course = finished_course()
    course.end = today + datetime.timedelta(days=1)
    course.status = CourseStatus.RUNNING
    course.save()
    attend(staff, confirm(course, OfficialFactory()), sessions(course))
    with pytest.raises(ValidationError, match="from the course's last day"):
        issue_certificates(actor=staff, course=course)
    course.end = today
    course.save()
    assert len(issue_certificates(actor=staff, course=course)) == 1


def test_a_cancelled_course_gives_no_certificates(course, staff):
    attend(staff, confirm(course, OfficialFactory()), sessions(course))
    course.status = CourseStatus.CANCELLED
    course.save()
    with pytest.raises(ValidationError, match="cancelled"):
        issue_certificates(actor=staff, course=course)


def test_the_database_holds_one_valid_certificate_per_course_and_official(course, staff):
    official = OfficialFactory()
    attend(staff, confirm(course, official), sessions(course))
    (certificate,) = issue_certificates(actor=staff, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            course=course, official=official, code="0" * 12, hours=1, issued_at=timezone.now(), issued_by=staff
        )
    revoke_certificate(actor=staff, certificate=certificate, reason="Issued by mistake")
    Certificate.objects.create(
        course=course, official=official, code="0" * 12, hours=1, issued_at=timezone.now(), issued_by=staff
    )


def test_a_revoked_row_needs_its_reason_in_the_database(course, staff):
    official = OfficialFactory()
    attend(staff, confirm(course, official), sessions(course))
    (certificate,) = issue_certificates(actor=staff, course=course)
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.filter(pk=certificate.pk).update(revoked_at=timezone.now())


# Revoking ------------------------------------------------------------------------------------


def test_revoking_needs_a_reason_then_a_new_certificate_can_be_issued(course, staff):
    official = OfficialFactory()
    attend(staff, confirm(course, official), sessions(course))
    (first,) = issue_certificates(actor=staff, course=course)

    with pytest.raises(ValidationError) as error:
        revoke_certificate(actor=staff, certificate=first, reason="   ")
    assert error.value.message_dict == {"reason": ["Say why the certificate is being revoked."]}
    first.refresh_from_db()
    assert first.revoked_at is None

    revoked = revoke_certificate(actor=staff, certificate=first, reason="The name was misspelt")
    assert (revoked.revoked_by, revoked.revoke_reason) == (staff, "The name was misspelt")
    assert revoked.revoked_at is not None
    event = AuditEvent.objects.get(action="certificate.revoked")
    assert (event.actor, event.object_id) == (staff, str(first.pk))
    assert event.changes["reason"] == [None, "The name was misspelt"]

    with pytest.raises(ValidationError, match="already revoked"):
        revoke_certificate(actor=staff, certificate=first, reason="Again")

    (second,) = issue_certificates(actor=staff, course=course)
    assert second.official == official and second.code != first.code
    assert list(Certificate.objects.filter(official=official, revoked_at__isnull=True)) == [second]
    assert [row.certificate_code for row in attendance_shares(course)] == [second.code]


def test_issuing_and_revoking_at_a_given_moment_record_that_moment(course, staff):
    official = OfficialFactory()
    attend(staff, confirm(course, official), sessions(course))
    closing = datetime.datetime.combine(course.end, datetime.time(10), course.academy.zone)

    (first,) = issue_certificates(actor=staff, course=course, now=closing)
    revoked = revoke_certificate(
        actor=staff, certificate=first, reason="Hours corrected", now=closing + datetime.timedelta(days=7)
    )
    (second,) = issue_certificates(actor=staff, course=course, now=closing + datetime.timedelta(days=7))

    assert (first.issued_at, revoked.revoked_at) == (closing, closing + datetime.timedelta(days=7))
    assert second.issued_at == closing + datetime.timedelta(days=7)
    with pytest.raises(ValidationError, match="from the course's last day"):
        issue_certificates(actor=staff, course=course, now=closing - datetime.timedelta(days=1))


# Codes ---------------------------------------------------------------------------------------


def test_codes_are_shown_grouped_and_read_back_however_they_are_typed():
    assert display_code("7K3MQ9TD2WFA") == "PX-7K3M-Q9TD-2WFA"
    for typed in (
        "PX-7K3M-Q9TD-2WFA",
        "px-7k3m-q9td-2wfa",
        "7k3mq9td2wfa",
        "PX7K3MQ9TD2WFA",
        " 7K3M Q9TD 2WFA ",
        "7K3M–Q9TD–2WFA",  # en dashes, as word processors make them
    ):
        assert normalise_code(typed) == "7K3MQ9TD2WFA", typed
    # Letters that look like digits are read as the digits (Crockford's base 32 has no I, L, O).
    assert normalise_code("PX-OOIL-0000-0000") == "0011" + "0" * 8
    for nonsense in ("", "PX-", "7K3MQ9TD2WF", "7K3MQ9TD2WFAB", "7K3MQ9TD2WFU", "../../etc/passwd"):
        assert normalise_code(nonsense) == "", nonsense


def test_codes_are_random_and_unguessable(course, staff):
    for _ in range(30):
        attend(staff, confirm(course, OfficialFactory()), sessions(course))
    codes = [c.code for c in issue_certificates(actor=staff, course=course)]
    assert len(set(codes)) == 30
    # 12 characters of 32 symbols: 60 bits. Each position takes many different values.
    assert all(len({code[i] for code in codes}) > 8 for i in range(12))


def test_verification_finds_a_code_typed_in_lower_case_without_dashes(course, staff):
    attend(staff, confirm(course, OfficialFactory()), sessions(course))
    (certificate,) = issue_certificates(actor=staff, course=course)
    assert find_for_verification(certificate.code.lower()) == certificate
    assert find_for_verification(display_code(certificate.code).lower().replace("-", " ")) == certificate
    assert find_for_verification("PX-0000-0000-0000") is None
    assert find_for_verification("not a code") is None
