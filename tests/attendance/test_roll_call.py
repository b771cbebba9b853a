"""The roll call: the whole class in one form, saved at once or not at all; taken after the session ended,
it credits the ledger at once, and once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.attendance.models import Attendance
from peixun.courses.enums import EnrolmentStatus
from peixun.records.enums import EntrySource
from peixun.records.models import LedgerEntry
from tests.factories import EnrolmentFactory, OfficialFactory

from .conftest import confirmed

pytestmark = pytest.mark.django_db


def url(klass, session=None):
    return reverse("attendance:roll_call", args=[klass.course.pk, (session or klass.ended).pk])


def marks(klass, session=None) -> dict[int, str]:
    rows = Attendance.objects.filter(session=session or klass.ended).values_list("enrolment_id", "status")
    return dict(rows)


def hours_of(enrolment, session) -> Decimal:
    entries = LedgerEntry.objects.filter(official_id=enrolment.official_id, session=session)
    return entries.aggregate(total=Sum("hours"))["total"]


@pytest.fixture
def coordinator(client, klass):
    client.force_login(klass.users["coordinator"])
    return client


def test_all_present_then_the_exceptions_in_one_post_credit_each_present_official_once(coordinator, klass):
    wang = klass.enrolment
    li, zhang, liu = confirmed(klass.course, 3)

    response = coordinator.post(url(klass), {"all_present": "1"})
    assert response.status_code == 302 and response.url == url(klass)
    assert marks(klass) == {wang.pk: "present", li.pk: "present", zhang.pk: "present", liu.pk: "present"}

    response = coordinator.post(
        url(klass),
        {
            f"status-{wang.pk}": "present",
            f"status-{li.pk}": "late",
            f"reason-{li.pk}": "Traffic",
            f"status-{zhang.pk}": "absent",
            f"status-{liu.pk}": "excused",
            f"reason-{liu.pk}": "Called back to the city for flood control",
        },
        follow=True,
    )
    assert "The roll call is saved: 3 marks changed." in response.content.decode()
    assert marks(klass) == {wang.pk: "present", li.pk: "late", zhang.pk: "absent", liu.pk: "excused"}
    assert Attendance.objects.get(enrolment=liu).reason == "Called back to the city for flood control"
    credits = LedgerEntry.objects.filter(session=klass.ended, source=EntrySource.COURSE)
    assert sorted(credits.values_list("official_id", flat=True)) == sorted(
        e.official_id for e in (wang, li, zhang, liu)
    )
    assert [hours_of(e, klass.ended) for e in (wang, li, zhang, liu)] == [
        Decimal("3.00"),
        Decimal("3.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]

    # The same marks again change nothing and credit nothing more.
    before = LedgerEntry.objects.count()
    response = coordinator.post(
        url(klass),
        {f"status-{wang.pk}": "present", f"status-{li.pk}": "late", f"reason-{li.pk}": "Traffic"},
        follow=True,
    )
    assert "Nothing changed" in response.content.decode()
    assert LedgerEntry.objects.count() == before


def test_present_changed_to_absent_is_reversed_and_the_record_returns_to_zero(coordinator, klass):
    enrolment = klass.enrolment
    coordinator.post(url(klass), {f"status-{enrolment.pk}": "present"})
    assert hours_of(enrolment, klass.ended) == Decimal("3.00")

    coordinator.post(url(klass), {f"status-{enrolment.pk}": "absent"})
    entries = list(LedgerEntry.objects.filter(official=klass.official).order_by("id"))
    assert [(e.source, e.hours) for e in entries] == [
        (EntrySource.COURSE, Decimal("3.00")),
        (EntrySource.CORRECTION, Decimal("-3.00")),
    ]
    assert entries[1].reverses == entries[0]
    assert entries[1].reason == "Attendance changed to “Absent”."
    assert hours_of(enrolment, klass.ended) == Decimal("0.00")

    # Back to present: a new credit, never the old entry edited.
    coordinator.post(url(klass), {f"status-{enrolment.pk}": "present"})
    assert LedgerEntry.objects.filter(official=klass.official).count() == 3
    assert hours_of(enrolment, klass.ended) == Decimal("3.00")


def test_excused_without_a_reason_refuses_the_whole_roll_call(coordinator, klass):
    (li,) = confirmed(klass.course, 1, name_zh="李娜")
    response = coordinator.post(
        url(klass),
        {f"status-{klass.enrolment.pk}": "present", f"status-{li.pk}": "excused", f"reason-{li.pk}": "  "},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing was saved." in page
    assert "Give the reason Lǐ Nà (李娜) is excused." in page
    assert Attendance.objects.count() == 0 and LedgerEntry.objects.count() == 0
    assert f'<li class="rc-row is-excused needs-reason" data-enrolment="{li.pk}">' in page
    # What the coordinator had marked is still on the form, to complete rather than redo.
    assert 'value="present" checked' in page.split(f'name="status-{klass.enrolment.pk}"', 1)[1][:40]
    assert 'value="excused" checked' in page.split(f'id="m-{li.pk}-excused" name="status-{li.pk}"', 1)[1][:40]


def test_a_mark_for_an_official_not_confirmed_refuses_the_whole_roll_call(coordinator, klass):
    waitlisted = EnrolmentFactory(course=klass.course, official=OfficialFactory(), status=EnrolmentStatus.WAITLISTED)
    response = coordinator.post(
        url(klass), {f"status-{klass.enrolment.pk}": "present", f"status-{waitlisted.pk}": "present"}
    )
    assert response.status_code == 200
    assert (
        "One of the officials marked is no longer a confirmed participant of this course." in response.content.decode()
    )
    assert Attendance.objects.count() == 0 and LedgerEntry.objects.count() == 0


def test_an_unknown_mark_is_refused(coordinator, klass):
    response = coordinator.post(url(klass), {f"status-{klass.enrolment.pk}": "asleep"})
    assert "“asleep” is not an attendance mark." in response.content.decode()
    assert Attendance.objects.count() == 0


def test_officials_left_unmarked_stay_unmarked(coordinator, klass):
    (li,) = confirmed(klass.course, 1)
    coordinator.post(url(klass), {f"status-{li.pk}": "present", f"reason-{klass.enrolment.pk}": "ignored"})
    assert marks(klass) == {li.pk: "present"}


def test_the_sheet_lists_confirmed_officials_only_with_their_marks(coordinator, klass):
    (li,) = confirmed(klass.course, 1, name_zh="李娜")
    EnrolmentFactory(course=klass.course, official=OfficialFactory(name_zh="赵磊"), status=EnrolmentStatus.WAITLISTED)
    coordinator.post(url(klass), {f"status-{li.pk}": "excused", f"reason-{li.pk}": "Sick"})
    page = coordinator.get(url(klass)).content.decode()
    assert "李娜" in page and "王伟" in page and "赵磊" not in page
    assert f'id="m-{li.pk}-excused" name="status-{li.pk}" value="excused" checked' in page
    assert 'value="Sick"' in page
    assert '<output data-count="excused">1</output>' in page
    assert '<output data-count="unmarked">1</output>' in page


def test_roll_call_page_queries_do_not_grow_with_the_class(coordinator, klass):
    def roll_call_page(*names):
        with CaptureQueriesContext(connection) as queries:
            response = coordinator.get(url(klass))
        assert response.status_code == 200
        assert all(name in response.content.decode() for name in names)
        return queries

    one = roll_call_page(klass.official.name_zh)
    enrolments = confirmed(klass.course, 39)
    coordinator.post(url(klass), {f"status-{e.pk}": "present" for e in enrolments[:20]})
    many = roll_call_page(klass.official.name_zh, enrolments[0].official.name_zh, enrolments[-1].official.name_zh)
    assert klass.course.enrolments.filter(status="confirmed").count() == 40
    assert len(one) == len(many), [q["sql"] for q in many.captured_queries]


def test_a_session_of_another_course_is_refused(coordinator, klass, world):
    from tests.factories import SessionFactory

    other = SessionFactory(course=world.other_course)
    response = coordinator.get(reverse("attendance:roll_call", args=[klass.course.pk, other.pk]))
    assert response.status_code == 403
    assert "This session belongs to another course." in response.content.decode()


def test_a_dinner_is_marked_without_crediting_hours(coordinator, klass):
    from tests.factories import SessionFactory

    dinner = SessionFactory(course=klass.course, format="dinner", part_of_day=3, class_hours=0)
    response = coordinator.post(url(klass, dinner), {f"status-{klass.enrolment.pk}": "present"})
    assert response.status_code == 302
    assert marks(klass, dinner) == {klass.enrolment.pk: "present"}
    assert LedgerEntry.objects.count() == 0
