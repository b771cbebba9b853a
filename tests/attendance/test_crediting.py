"""Class hours are credited once a session has ended, once: by the roll call taken after the end, by the
periodic run, by reading the official's record; never before the end, never twice, and a later mark
absent reverses the credit."""

import datetime
import zoneinfo
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.urls import reverse

from peixun.attendance import services
from peixun.attendance.models import Attendance
from peixun.curriculum.enums import PartOfDay, SessionFormat
from peixun.records import selectors as records
from peixun.records.enums import EntrySource
from peixun.records.models import LedgerEntry
from peixun.records.services import reverse_entry
from tests.factories import SessionFactory

from .conftest import confirmed

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
DAY = datetime.date(2027, 3, 1)
STARTS = datetime.datetime(2027, 3, 1, 14, 0, tzinfo=SHANGHAI)
ENDS = datetime.datetime(2027, 3, 1, 17, 0, tzinfo=SHANGHAI)
DURING = STARTS + datetime.timedelta(minutes=20)


@pytest.fixture
def afternoon(klass):
    academy = klass.course.academy
    academy.time_zone = "Asia/Shanghai"
    academy.save()
    return SessionFactory(
        course=klass.course, date=DAY, part_of_day=PartOfDay.AFTERNOON, title_en="Smart grids", class_hours=Decimal("3")
    )


def roll_call(klass, session, now, **marks):
    """Marks by enrolment: ``roll_call(klass, s, now, **{str(pk): "present"})``."""
    return services.record_roll_call(
        actor=klass.users["coordinator"],
        session=session,
        marks={int(pk): services.Mark(status, "ill" if status == "excused" else "") for pk, status in marks.items()},
        now=now,
    )


def hours(official, session=None) -> Decimal:
    entries = LedgerEntry.objects.filter(official=official)
    if session is not None:
        entries = entries.filter(session=session)
    return entries.aggregate(total=Sum("hours"))["total"] or Decimal("0")


def test_a_roll_call_during_the_session_records_presence_and_the_credit_comes_at_the_end(klass, afternoon):
    li, zhang = confirmed(klass.course, 2)
    roll_call(
        klass, afternoon, DURING, **{str(klass.enrolment.pk): "present", str(li.pk): "late", str(zhang.pk): "absent"}
    )
    assert Attendance.objects.filter(session=afternoon).count() == 3
    assert LedgerEntry.objects.count() == 0

    assert services.credit_ended_sessions(now=ENDS - SECOND) == 0
    assert services.credit_ended_sessions(now=ENDS) == 2
    assert [hours(e.official, afternoon) for e in (klass.enrolment, li, zhang)] == [Decimal("3"), Decimal("3"), 0]
    assert set(Attendance.objects.filter(credited_at=ENDS).values_list("enrolment_id", flat=True)) == {
        klass.enrolment.pk,
        li.pk,
    }
    # Again, and again later: nothing more.
    assert services.credit_ended_sessions(now=ENDS) == 0
    assert services.credit_ended_sessions(now=ENDS + datetime.timedelta(days=3)) == 0
    assert LedgerEntry.objects.count() == 2


def test_a_roll_call_taken_after_the_end_credits_at_once(klass, afternoon):
    roll_call(klass, afternoon, ENDS + datetime.timedelta(hours=2), **{str(klass.enrolment.pk): "present"})
    entry = LedgerEntry.objects.get()
    assert (entry.official, entry.session, entry.hours, entry.source) == (
        klass.official,
        afternoon,
        Decimal("3.00"),
        EntrySource.COURSE,
    )
    assert entry.created_by == klass.users["coordinator"]
    assert services.credit_ended_sessions(now=ENDS + datetime.timedelta(hours=3)) == 0


def test_a_roll_call_saved_after_the_end_credits_the_check_ins_of_the_session(klass, afternoon):
    """Checked in during the session; the coordinator saves the roll call in the evening."""
    li, _zhang = confirmed(klass.course, 2)
    moment = DURING.timestamp()
    services.check_in(user=klass.users["official"], token=services.checkin_token(afternoon, at=moment), at=moment)
    roll_call(klass, afternoon, ENDS + datetime.timedelta(hours=3), **{str(li.pk): "present"})
    assert sorted(LedgerEntry.objects.values_list("official_id", flat=True)) == sorted(
        [klass.official.pk, li.official_id]
    )


def test_marking_absent_before_the_end_leaves_nothing_to_credit_or_reverse(klass, afternoon):
    roll_call(klass, afternoon, DURING, **{str(klass.enrolment.pk): "present"})
    roll_call(klass, afternoon, DURING + datetime.timedelta(minutes=5), **{str(klass.enrolment.pk): "absent"})
    assert services.credit_ended_sessions(now=ENDS) == 0
    assert LedgerEntry.objects.count() == 0


def test_marking_absent_after_the_credit_reverses_it_and_present_again_credits_again(klass, afternoon):
    enrolment = str(klass.enrolment.pk)
    roll_call(klass, afternoon, DURING, **{enrolment: "present"})
    services.credit_ended_sessions(now=ENDS)
    roll_call(klass, afternoon, ENDS + datetime.timedelta(days=1), **{enrolment: "absent"})
    entries = list(LedgerEntry.objects.order_by("pk").values_list("source", "hours"))
    assert entries == [(EntrySource.COURSE, Decimal("3.00")), (EntrySource.CORRECTION, Decimal("-3.00"))]
    assert Attendance.objects.get().credited_at is None
    assert services.credit_ended_sessions(now=ENDS + datetime.timedelta(days=2)) == 0

    roll_call(klass, afternoon, ENDS + datetime.timedelta(days=3), **{enrolment: "late"})
    assert hours(klass.official, afternoon) == Decimal("3.00")
    assert LedgerEntry.objects.count() == 3


def test_a_credit_corrected_by_staff_is_not_credited_again(klass, afternoon):
    roll_call(klass, afternoon, ENDS, **{str(klass.enrolment.pk): "present"})
    reverse_entry(actor=klass.users["staff"], entry=LedgerEntry.objects.get(), reason="Left after ten minutes")
    assert services.credit_ended_sessions(now=ENDS + datetime.timedelta(days=1)) == 0
    assert hours(klass.official, afternoon) == 0


def test_a_dinner_is_never_credited(klass):
    dinner = SessionFactory(
        course=klass.course, date=DAY, part_of_day=PartOfDay.EVENING, format=SessionFormat.DINNER, class_hours=0
    )
    roll_call(klass, dinner, DURING, **{str(klass.enrolment.pk): "present"})
    assert services.credit_ended_sessions(now=datetime.datetime(2027, 3, 2, tzinfo=SHANGHAI)) == 0
    assert LedgerEntry.objects.count() == 0


def test_only_the_given_session_or_official_is_credited(klass, afternoon):
    (li,) = confirmed(klass.course, 1)
    other = SessionFactory(course=klass.course, date=DAY, part_of_day=PartOfDay.MORNING, class_hours=Decimal("2"))
    for session in (afternoon, other):
        roll_call(
            klass,
            session,
            STARTS - datetime.timedelta(hours=6),
            **{str(klass.enrolment.pk): "present", str(li.pk): "present"},
        )
    assert services.credit_ended_sessions(now=ENDS, session=other, official=li.official) == 1
    assert (hours(li.official, other), hours(klass.official)) == (Decimal("2"), 0)
    assert services.credit_ended_sessions(now=ENDS, official=klass.official) == 2
    assert services.credit_ended_sessions(now=ENDS) == 1
    assert LedgerEntry.objects.count() == 4


def test_reading_the_record_credits_what_has_ended(client, klass):
    """Checked in to yesterday's session, which has ended; no periodic run since: the record shows it."""
    ended = klass.ended
    roll_call(klass, ended, ended.starts_at + datetime.timedelta(minutes=10), **{str(klass.enrolment.pk): "present"})
    assert LedgerEntry.objects.count() == 0
    client.force_login(klass.users["official"])
    page = client.get(reverse("records:my_record")).content.decode()
    entry = LedgerEntry.objects.get()
    assert (entry.session, entry.hours, entry.created_by) == (ended, Decimal("3.00"), None)
    assert "首尔的能源总体规划" in page  # the entry, titled in Chinese like every course credit
    client.get(reverse("records:my_record"))
    assert LedgerEntry.objects.count() == 1


def test_a_session_checked_in_but_not_ended_counts_as_planned_until_it_is_credited(klass):
    today = klass.today
    klass.official.service_began = datetime.date(2010, 1, 1)
    klass.official.save()
    roll_call(klass, today, today.starts_at, **{str(klass.enrolment.pk): "present"})
    as_of = today.date
    before = records.compliance_for(klass.official, as_of)
    services.credit_ended_sessions(now=today.ends_at)
    after = records.compliance_for(klass.official, as_of)
    yearly_before, yearly_after = before.rules[0], after.rules[0]
    assert yearly_after.done - yearly_before.done == Decimal("3.00")
    assert yearly_before.planned - yearly_after.planned == Decimal("3.00")


def test_the_periodic_command_credits_and_says_how_many(klass):
    roll_call(klass, klass.ended, klass.ended.starts_at, **{str(klass.enrolment.pk): "present"})
    out = StringIO()
    call_command("credit_ended_sessions", stdout=out)
    assert out.getvalue().strip() == "Credited 1 attendance mark(s) of ended sessions."
    out = StringIO()
    call_command("credit_ended_sessions", stdout=out)
    assert out.getvalue().strip() == "Credited 0 attendance mark(s) of ended sessions."
    assert LedgerEntry.objects.count() == 1


def test_issuing_certificates_credits_the_last_sessions_first(klass):
    """Checked in to the last session, certificates issued right after it: its hours count."""
    from peixun.records.certificates.selectors import attendance_shares
    from peixun.records.certificates.services import issue_certificates

    course = klass.course
    course.sessions.exclude(pk=klass.ended.pk).delete()
    course.start, course.end = klass.ended.date - datetime.timedelta(days=13), klass.ended.date
    course.save()
    roll_call(klass, klass.ended, klass.ended.starts_at, **{str(klass.enrolment.pk): "present"})
    assert attendance_shares(course)[0].hours == 0
    issued = issue_certificates(actor=klass.users["staff"], course=course)
    assert [(c.official, c.hours) for c in issued] == [(klass.official, Decimal("3.00"))]
