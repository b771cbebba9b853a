"""Course services: rosters (nominate, confirm, waitlist, withdraw, substitute), their e-mails, and the
audit rows every change leaves behind."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.courses import services
from peixun.courses.enums import CourseStatus, EnrolmentStatus
from peixun.courses.models import Enrolment, Session, SessionLecturer
from peixun.curriculum.enums import PartOfDay, SessionFormat
from tests.factories import (
    MONDAY,
    AcademyFactory,
    CourseFactory,
    EnrolmentFactory,
    LecturerFactory,
    ModuleFactory,
    OfficialFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


TUESDAY = MONDAY + datetime.timedelta(days=1)
WEDNESDAY = MONDAY + datetime.timedelta(days=2)


@pytest.fixture
def staff():
    return UserFactory(username="staff", role=Role.STAFF)


@pytest.fixture
def academy():
    return AcademyFactory(code="namc", name_en="National Academy for Mayors", name_zh="全国市长研修学院")


@pytest.fixture
def course(academy):
    return CourseFactory(
        academy=academy, title_en="Green Cities", title_zh="绿色城市", capacity=2, status=CourseStatus.OPEN
    )


@pytest.fixture
def hangzhou():
    return OrganisationFactory(name_en="Hangzhou Municipal Government", name_zh="杭州市人民政府")


@pytest.fixture
def suzhou():
    return OrganisationFactory(name_en="Suzhou Municipal Government", name_zh="苏州市人民政府")


@pytest.fixture
def quotas(staff, course, hangzhou, suzhou):
    services.set_unit_quota(actor=staff, course=course, unit=hangzhou, seats=3, priority=2)
    services.set_unit_quota(actor=staff, course=course, unit=suzhou, seats=3, priority=1)


def official(name_zh, unit):
    return OfficialFactory(name_zh=name_zh, sending_unit=unit, email=f"{name_zh}@example.cn")


def nominate(staff, course, person):
    return services.nominate_official(actor=staff, course=course, official=person)


def confirm(staff, enrolment):
    return services.confirm_nomination(actor=staff, enrolment=enrolment)


def statuses(course):
    return dict(Enrolment.objects.filter(course=course).values_list("official__name_zh", "status"))


def audit_trail(**filters):
    return [
        (event.action, event.object_type, event.changes)
        for event in AuditEvent.objects.filter(**filters).order_by("id")
    ]


# Nominations ---------------------------------------------------------------------------------


def test_nominate_within_quota_creates_a_nomination(staff, course, hangzhou, quotas):
    wang = official("王伟", hangzhou)

    enrolment = nominate(staff, course, wang)

    assert list(Enrolment.objects.all()) == [enrolment]
    assert (enrolment.status, enrolment.unit, enrolment.priority, enrolment.nominated_by) == (
        EnrolmentStatus.NOMINATED,
        hangzhou,
        2,
        staff,
    )


def test_nominate_beyond_the_unit_quota_is_refused_naming_unit_and_seats(staff, course, hangzhou, quotas):
    for name in ("王伟", "李娜", "张敏"):
        nominate(staff, course, official(name, hangzhou))

    with pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, official("刘洋", hangzhou))

    assert excinfo.value.messages == [
        "Hangzhou Municipal Government has used all 3 places of its quota for this course."
    ]
    assert Enrolment.objects.count() == 3


def test_withdrawn_nominee_frees_a_place_in_the_unit_quota(staff, course, hangzhou, quotas):
    first = nominate(staff, course, official("王伟", hangzhou))
    nominate(staff, course, official("李娜", hangzhou))
    nominate(staff, course, official("张敏", hangzhou))
    services.withdraw_enrolment(actor=staff, enrolment=first, reason="Called back to the city")

    fourth = nominate(staff, course, official("刘洋", hangzhou))

    assert fourth.status == EnrolmentStatus.NOMINATED


@pytest.mark.parametrize("status", [CourseStatus.PLANNING, CourseStatus.RUNNING, CourseStatus.CANCELLED])
def test_nominate_when_course_not_open_is_refused(staff, course, hangzhou, quotas, status):
    course.status = status
    course.save()

    with pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, official("王伟", hangzhou))

    assert excinfo.value.messages == ["Nominations for “Green Cities” are not open."]
    assert not Enrolment.objects.exists()


def test_nomination_refusals_read_in_chinese_under_the_chinese_locale(staff, course, hangzhou, quotas):
    for name in ("王伟", "李娜", "张敏"):
        nominate(staff, course, official(name, hangzhou))

    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, official("刘洋", hangzhou))
    assert excinfo.value.messages == ["杭州市人民政府已用完本课程的全部3个名额。"]

    course.status = CourseStatus.PLANNING
    course.save()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, official("陈静", hangzhou))
    assert excinfo.value.messages == ["“绿色城市”目前不接受提名。"]


def test_nominate_from_a_unit_without_quota_is_refused(staff, course):
    beijing = OrganisationFactory(name_en="Beijing Municipal Government")

    with pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, official("王伟", beijing))

    assert excinfo.value.messages == ["Beijing Municipal Government has no quota for “Green Cities”."]


def test_nominating_an_official_twice_is_refused(staff, course, hangzhou, quotas):
    wang = official("王伟", hangzhou)
    nominate(staff, course, wang)

    with pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, wang)

    assert excinfo.value.messages == ["Wáng Wěi (王伟) is already on this course (nominated)."]
    assert Enrolment.objects.count() == 1


def test_nominating_a_confirmed_official_again_is_refused(staff, course, hangzhou, quotas):
    wang = official("王伟", hangzhou)
    confirm(staff, nominate(staff, course, wang))

    with pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, wang)

    assert excinfo.value.messages == ["Wáng Wěi (王伟) is already on this course (confirmed)."]


def test_renominating_a_withdrawn_official_reuses_their_one_enrolment(staff, course, hangzhou, quotas):
    wang = official("王伟", hangzhou)
    first = nominate(staff, course, wang)
    services.withdraw_enrolment(actor=staff, enrolment=first, reason="Called back to the city")

    again = nominate(staff, course, wang)

    assert again.pk == first.pk
    assert statuses(course) == {"王伟": EnrolmentStatus.NOMINATED}


def test_database_refuses_a_second_enrolment_of_one_official_in_one_course(course, hangzhou):
    wang = official("王伟", hangzhou)
    EnrolmentFactory(course=course, official=wang)

    with pytest.raises(IntegrityError), transaction.atomic():
        EnrolmentFactory(course=course, official=wang)


def test_set_unit_quota_for_an_organisation_that_sends_no_officials_is_refused(staff, course):
    bank = OrganisationFactory(name_en="World Bank", is_sending_unit=False)

    with pytest.raises(ValidationError) as excinfo:
        services.set_unit_quota(actor=staff, course=course, unit=bank, seats=2, priority=1)

    assert excinfo.value.message_dict == {"unit": ["World Bank does not send officials."]}


def test_set_unit_quota_below_the_places_in_use_is_refused(staff, course, hangzhou, quotas):
    nominate(staff, course, official("王伟", hangzhou))
    nominate(staff, course, official("李娜", hangzhou))

    with pytest.raises(ValidationError) as excinfo:
        services.set_unit_quota(actor=staff, course=course, unit=hangzhou, seats=1, priority=2)

    assert excinfo.value.message_dict == {
        "seats": ["Hangzhou Municipal Government already has 2 officials nominated; the quota cannot go below that."]
    }
    assert course.quotas.get(unit=hangzhou).seats == 3


# Confirmation and the waitlist ----------------------------------------------------------------


def test_confirm_when_seats_are_free_confirms(staff, course, hangzhou, quotas):
    enrolment = confirm(staff, nominate(staff, course, official("王伟", hangzhou)))

    assert enrolment.status == EnrolmentStatus.CONFIRMED
    assert enrolment.decided_at is not None
    assert statuses(course) == {"王伟": EnrolmentStatus.CONFIRMED}


def test_confirm_when_course_full_goes_to_waitlist(staff, course, hangzhou, quotas):
    confirm(staff, nominate(staff, course, official("王伟", hangzhou)))
    confirm(staff, nominate(staff, course, official("李娜", hangzhou)))

    third = confirm(staff, nominate(staff, course, official("张敏", hangzhou)))

    assert third.status == EnrolmentStatus.WAITLISTED
    assert services.seats_taken(course) == 2
    assert list(services.waitlist(course)) == [third]


def test_confirming_what_is_not_a_nomination_is_refused(staff, course, hangzhou, quotas):
    enrolment = confirm(staff, nominate(staff, course, official("王伟", hangzhou)))

    with pytest.raises(ValidationError) as excinfo:
        confirm(staff, enrolment)

    assert excinfo.value.messages == ["Only a nomination can be confirmed; Wáng Wěi (王伟) is confirmed."]


def test_waitlist_is_ordered_by_unit_priority_then_nomination_time(staff, academy):
    course = CourseFactory(academy=academy, capacity=1)
    low, high, middle = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    for unit, priority in ((low, 5), (high, 1), (middle, 3)):
        services.set_unit_quota(actor=staff, course=course, unit=unit, seats=5, priority=priority)
    confirm(staff, nominate(staff, course, official("周杰", low)))
    base = datetime.datetime(2027, 1, 10, 9, 0, tzinfo=datetime.UTC)
    waiting = {}
    for name, unit, minutes in [
        ("王伟", low, 1),
        ("李娜", middle, 4),
        ("张敏", high, 3),
        ("刘洋", high, 2),
        ("陈静", middle, 0),
    ]:
        enrolment = nominate(staff, course, official(name, unit))
        Enrolment.objects.filter(pk=enrolment.pk).update(nominated_at=base + datetime.timedelta(minutes=minutes))
        waiting[name] = confirm(staff, enrolment)

    assert [e.official.name_zh for e in services.waitlist(course)] == ["刘洋", "张敏", "陈静", "李娜", "王伟"]
    assert {e.status for e in waiting.values()} == {EnrolmentStatus.WAITLISTED}


def test_changing_a_unit_priority_reorders_its_nominees_on_the_waitlist(staff, course, hangzhou, suzhou, quotas):
    confirm(staff, nominate(staff, course, official("周杰", hangzhou)))
    confirm(staff, nominate(staff, course, official("吴芳", hangzhou)))
    wang = confirm(staff, nominate(staff, course, official("王伟", hangzhou)))
    li = confirm(staff, nominate(staff, course, official("李娜", suzhou)))
    assert list(services.waitlist(course)) == [li, wang]

    services.set_unit_quota(actor=staff, course=course, unit=hangzhou, seats=3, priority=1)
    services.set_unit_quota(actor=staff, course=course, unit=suzhou, seats=3, priority=4)

    assert list(services.waitlist(course)) == [wang, li]


def test_decline_nomination_frees_the_unit_place_and_keeps_the_reason(staff, course, hangzhou, quotas):
    enrolment = nominate(staff, course, official("王伟", hangzhou))

    declined = services.decline_nomination(actor=staff, enrolment=enrolment, reason="  No longer\n in post ")

    assert declined.status == EnrolmentStatus.DECLINED
    assert audit_trail(action="enrolment.declined") == [
        (
            "enrolment.declined",
            "courses.enrolment",
            {"status": ["nominated", "declined"], "reason": [None, "No longer in post"]},
        )
    ]


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_declining_without_a_reason_is_refused_and_changes_nothing(staff, course, hangzhou, quotas, reason):
    enrolment = nominate(staff, course, official("王伟", hangzhou))

    with pytest.raises(ValidationError) as excinfo:
        services.decline_nomination(actor=staff, enrolment=enrolment, reason=reason)

    assert excinfo.value.message_dict == {"reason": ["Say why the nomination is declined."]}
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.NOMINATED
    assert audit_trail(action="enrolment.declined") == []


def test_a_declined_official_can_be_nominated_again(staff, course, hangzhou, quotas):
    wang = official("王伟", hangzhou)
    first = services.decline_nomination(actor=staff, enrolment=nominate(staff, course, wang), reason="Wrong course")

    again = nominate(staff, course, wang)

    assert again.pk == first.pk and again.status == EnrolmentStatus.NOMINATED


def test_withdrawing_without_a_reason_is_refused_and_frees_no_seat(staff, course, full_course_with_waitlist):
    wang, _li, zhang, liu = full_course_with_waitlist

    with pytest.raises(ValidationError) as excinfo:
        services.withdraw_enrolment(actor=staff, enrolment=wang, reason=" ")

    assert excinfo.value.message_dict == {"reason": ["Say why the official is withdrawn."]}
    assert statuses(course)["王伟"] == EnrolmentStatus.CONFIRMED
    assert list(services.waitlist(course)) == [liu, zhang]


def test_declining_a_confirmed_official_is_refused(staff, course, hangzhou, quotas):
    enrolment = confirm(staff, nominate(staff, course, official("王伟", hangzhou)))

    with pytest.raises(ValidationError) as excinfo:
        services.decline_nomination(actor=staff, enrolment=enrolment, reason="No longer in post")

    assert excinfo.value.messages == [
        "Only a nomination or a waitlisted place can be declined; Wáng Wěi (王伟) is confirmed."
    ]


# Withdrawal and promotion ----------------------------------------------------------------------


@pytest.fixture
def full_course_with_waitlist(staff, course, hangzhou, suzhou, quotas):
    """Two seats taken by Hangzhou's 王伟 and 李娜; 张敏 (Hangzhou) and 刘洋 (Suzhou, priority 1) waiting."""
    wang = confirm(staff, nominate(staff, course, official("王伟", hangzhou)))
    li = confirm(staff, nominate(staff, course, official("李娜", hangzhou)))
    zhang = confirm(staff, nominate(staff, course, official("张敏", hangzhou)))
    liu = confirm(staff, nominate(staff, course, official("刘洋", suzhou)))
    return wang, li, zhang, liu


def test_withdrawing_a_confirmed_official_promotes_the_first_on_the_waitlist(staff, course, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist

    promoted = services.withdraw_enrolment(actor=staff, enrolment=wang, reason="Called back to the city")

    assert promoted == liu
    assert statuses(course) == {
        "王伟": EnrolmentStatus.WITHDRAWN,
        "李娜": EnrolmentStatus.CONFIRMED,
        "张敏": EnrolmentStatus.WAITLISTED,
        "刘洋": EnrolmentStatus.CONFIRMED,
    }
    assert services.seats_taken(course) == 2
    assert list(services.waitlist(course)) == [zhang]


def test_withdrawal_and_promotion_are_audited_with_actor_course_and_statuses(staff, course, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist
    coordinator = UserFactory(role=Role.COORDINATOR, academy=course.academy)
    already = AuditEvent.objects.count()

    services.withdraw_enrolment(actor=coordinator, enrolment=wang, reason="Called back to the city")

    events = list(AuditEvent.objects.order_by("id")[already:])
    assert [(e.actor, e.action, e.object_id, e.course, e.changes) for e in events] == [
        (
            coordinator,
            "enrolment.withdrawn",
            str(wang.pk),
            course,
            {"status": ["confirmed", "withdrawn"], "reason": [None, "Called back to the city"]},
        ),
        (coordinator, "enrolment.promoted", str(liu.pk), course, {"status": ["waitlisted", "confirmed"]}),
    ]


def test_withdrawal_e_mails_both_officials_and_the_unit_contact_once_the_change_commits(
    staff, course, hangzhou, suzhou, full_course_with_waitlist, django_capture_on_commit_callbacks
):
    wang, li, zhang, liu = full_course_with_waitlist
    UserFactory(role=Role.UNIT_CONTACT, sending_unit=suzhou, email="contact@suzhou.example.cn")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.withdraw_enrolment(actor=staff, enrolment=wang, reason="Called back to the city")
    assert len(callbacks) == 1
    assert mail.outbox == []

    callbacks[0]()

    # One mail each: the official withdrawn, the one promoted, and the contact of the promoted one's unit
    # (Hangzhou has no contact with a login here).
    assert [message.to for message in mail.outbox] == [
        ["王伟@example.cn"],
        ["刘洋@example.cn"],
        ["contact@suzhou.example.cn"],
    ]


def test_withdrawal_e_mails_are_bilingual(staff, course, full_course_with_waitlist, django_capture_on_commit_callbacks):
    wang, li, zhang, liu = full_course_with_waitlist

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_enrolment(actor=staff, enrolment=wang, reason="Called back to the city")

    # Officials without a login of their own read Chinese first, English below.
    withdrawn, promoted = mail.outbox
    assert withdrawn.subject == "已退出绿色城市 / Withdrawn from Green Cities"
    body_zh, body_en = withdrawn.body.split("————————")
    assert (
        "Wáng Wěi (王伟) has been withdrawn from the course “Green Cities”, which begins on 1 March 2027." in body_en
    )
    assert "王伟已退出将于2027年3月1日开始的课程“绿色城市”。" in body_zh
    assert "Dear Wáng Wěi (王伟)," in body_en
    assert "王伟，您好：" in body_zh

    subject_zh, subject_en = promoted.subject.split(" / ")
    assert subject_en == "A seat on “Green Cities” is confirmed"
    assert "绿色城市" in subject_zh
    assert "Green Cities" not in subject_zh
    body_zh, body_en = promoted.body.split("————————")
    assert (
        "A seat has become free and Liú Yáng (刘洋) moves from the waitlist to a confirmed place on the course "
        "“Green Cities” at National Academy for Mayors, from 1 March 2027 to 14 March 2027."
    ) in body_en
    assert "刘洋已从候补名单递补为全国市长研修学院“绿色城市”课程（2027年3月1日至2027年3月14日）的确认学员。" in body_zh
    assert "Green Cities" not in body_zh


def test_withdrawing_a_waitlisted_official_promotes_nobody(staff, course, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist

    promoted = services.withdraw_enrolment(actor=staff, enrolment=zhang, reason="Called back to the city")

    assert promoted is None
    assert list(services.waitlist(course)) == [liu]
    assert services.seats_taken(course) == 2
    assert not AuditEvent.objects.filter(action="enrolment.promoted").exists()


def test_withdrawing_a_nominee_e_mails_them(staff, course, hangzhou, quotas, django_capture_on_commit_callbacks):
    enrolment = nominate(staff, course, official("王伟", hangzhou))

    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.withdraw_enrolment(actor=staff, enrolment=enrolment, reason="Called back to the city")

    assert promoted is None
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["王伟@example.cn"], "已退出绿色城市 / Withdrawn from Green Cities")
    ]


def test_withdrawing_twice_is_refused(staff, course, hangzhou, quotas):
    enrolment = nominate(staff, course, official("王伟", hangzhou))
    services.withdraw_enrolment(actor=staff, enrolment=enrolment, reason="Called back to the city")

    with pytest.raises(ValidationError) as excinfo:
        services.withdraw_enrolment(actor=staff, enrolment=enrolment, reason="Called back to the city")

    assert excinfo.value.messages == ["Wáng Wěi (王伟) cannot be withdrawn: the enrolment is withdrawn."]


# Substitution --------------------------------------------------------------------------------


def test_substitute_keeps_the_confirmed_seat(staff, course, hangzhou, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist
    zhao = official("赵磊", hangzhou)

    replacement = services.substitute_official(actor=staff, enrolment=wang, official=zhao)

    assert replacement.status == EnrolmentStatus.CONFIRMED
    assert replacement.replaces == wang
    assert replacement.nominated_at == wang.nominated_at
    assert services.seats_taken(course) == 2
    assert statuses(course) == {
        "王伟": EnrolmentStatus.SUBSTITUTED,
        "李娜": EnrolmentStatus.CONFIRMED,
        "张敏": EnrolmentStatus.WAITLISTED,
        "刘洋": EnrolmentStatus.WAITLISTED,
        "赵磊": EnrolmentStatus.CONFIRMED,
    }
    assert list(services.waitlist(course)) == [liu, zhang]


def test_substitute_keeps_the_waitlist_position(staff, course, hangzhou, suzhou, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist
    chen = official("陈静", suzhou)

    replacement = services.substitute_official(actor=staff, enrolment=liu, official=chen)

    assert replacement.status == EnrolmentStatus.WAITLISTED
    assert list(services.waitlist(course)) == [replacement, zhang]


def test_substitute_does_not_use_another_place_of_the_unit_quota(staff, course, hangzhou, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist  # Hangzhou has used all 3 places

    services.substitute_official(actor=staff, enrolment=wang, official=official("赵磊", hangzhou))

    with pytest.raises(ValidationError) as excinfo:
        nominate(staff, course, official("黄丽", hangzhou))
    assert excinfo.value.messages == [
        "Hangzhou Municipal Government has used all 3 places of its quota for this course."
    ]


def test_substitute_from_another_unit_is_refused(staff, course, suzhou, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist

    with pytest.raises(ValidationError) as excinfo:
        services.substitute_official(actor=staff, enrolment=wang, official=official("赵磊", suzhou))

    assert excinfo.value.message_dict == {
        "official": ["Zhào Lěi (赵磊) is not an official of Hangzhou Municipal Government."]
    }
    wang.refresh_from_db()
    assert wang.status == EnrolmentStatus.CONFIRMED


def test_substitute_already_active_on_the_course_is_refused(staff, course, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist

    with pytest.raises(ValidationError) as excinfo:
        services.substitute_official(actor=staff, enrolment=wang, official=zhang.official)

    assert excinfo.value.message_dict == {"official": ["Zhāng Mǐn (张敏) is already on this course (waitlisted)."]}
    assert statuses(course)["王伟"] == EnrolmentStatus.CONFIRMED


def test_substituting_a_withdrawn_official_is_refused(staff, course, hangzhou, quotas):
    enrolment = nominate(staff, course, official("王伟", hangzhou))
    services.withdraw_enrolment(actor=staff, enrolment=enrolment, reason="Called back to the city")

    with pytest.raises(ValidationError) as excinfo:
        services.substitute_official(actor=staff, enrolment=enrolment, official=official("赵磊", hangzhou))

    assert excinfo.value.messages == ["Wáng Wěi (王伟) no longer holds a place to pass on (withdrawn)."]


def test_substitute_a_previously_withdrawn_official_reuses_their_enrolment(staff, course, hangzhou, quotas):
    zhao = official("赵磊", hangzhou)
    services.withdraw_enrolment(actor=staff, enrolment=nominate(staff, course, zhao), reason="Called back to the city")
    wang = confirm(staff, nominate(staff, course, official("王伟", hangzhou)))

    replacement = services.substitute_official(actor=staff, enrolment=wang, official=zhao)

    assert replacement.official == zhao
    assert Enrolment.objects.filter(course=course, official=zhao).count() == 1
    assert statuses(course) == {"赵磊": EnrolmentStatus.CONFIRMED, "王伟": EnrolmentStatus.SUBSTITUTED}


def test_substituting_again_an_official_who_was_renominated_after_a_substitution(staff, course, hangzhou, quotas):
    wang = nominate(staff, course, official("王伟", hangzhou))
    services.substitute_official(actor=staff, enrolment=wang, official=official("李娜", hangzhou))
    wang = nominate(staff, course, wang.official)

    replacement = services.substitute_official(actor=staff, enrolment=wang, official=official("张敏", hangzhou))

    assert replacement.replaces == wang
    assert statuses(course) == {
        "王伟": EnrolmentStatus.SUBSTITUTED,
        "李娜": EnrolmentStatus.NOMINATED,
        "张敏": EnrolmentStatus.NOMINATED,
    }


def test_substitution_is_audited_on_both_enrolments(staff, course, hangzhou, full_course_with_waitlist):
    wang, li, zhang, liu = full_course_with_waitlist
    already = AuditEvent.objects.count()

    replacement = services.substitute_official(actor=staff, enrolment=wang, official=official("赵磊", hangzhou))

    events = list(AuditEvent.objects.order_by("id")[already:])
    assert [(e.actor, e.action, e.object_id, e.course, e.changes) for e in events] == [
        (staff, "enrolment.substituted", str(wang.pk), course, {"status": ["confirmed", "substituted"]}),
        (
            staff,
            "enrolment.substitute",
            str(replacement.pk),
            course,
            {"status": [None, "confirmed"], "replaces": [None, "Wáng Wěi (王伟)"]},
        ),
    ]


# Course capacity -------------------------------------------------------------------------------


def test_update_course_refuses_capacity_below_the_confirmed_count(staff, course, full_course_with_waitlist):
    with pytest.raises(ValidationError) as excinfo:
        services.update_course(actor=staff, course=course, capacity=1)

    assert excinfo.value.message_dict == {
        "capacity": ["2 officials are already confirmed; the capacity cannot go below that."]
    }
    course.refresh_from_db()
    assert course.capacity == 2


def test_update_course_accepts_capacity_equal_to_the_confirmed_count_with_a_warning(staff, academy):
    course = CourseFactory(academy=academy, capacity=40)
    unit = OrganisationFactory()
    services.set_unit_quota(actor=staff, course=course, unit=unit, seats=2, priority=1)
    for name in ("王伟", "李娜"):
        confirm(staff, nominate(staff, course, official(name, unit)))

    warnings = services.update_course(actor=staff, course=course, capacity=2)

    assert warnings == ["A class of 2 is smaller than the usual minimum of 30 at National Academy for Mayors."]
    course.refresh_from_db()
    assert course.capacity == 2


def test_update_course_refuses_an_unknown_field(staff, course):
    with pytest.raises(TypeError):
        services.update_course(actor=staff, course=course, pk=99)


# Sessions and their lecturers ------------------------------------------------------------------


def lecture(staff, course, **overrides):
    fields = {
        "actor": staff,
        "course": course,
        "date": TUESDAY,
        "part_of_day": PartOfDay.MORNING,
        "format": SessionFormat.LECTURE,
        "title_en": "Green financing",
        "title_zh": "绿色金融",
        "class_hours": Decimal("3.0"),
    }
    fields.update(overrides)
    return services.create_session(**fields)


@pytest.fixture
def big_course(academy):
    return CourseFactory(academy=academy, title_en="Green Cities", title_zh="绿色城市", capacity=50)


def test_update_session_moving_it_moves_its_lecturer_slots(staff, big_course):
    first, second = LecturerFactory(name="Ann Lee"), LecturerFactory(name="Bo Kim")
    session = lecture(staff, big_course, lecturers=[first, second])

    services.update_session(actor=staff, session=session, date=WEDNESDAY, part_of_day=PartOfDay.AFTERNOON)

    assert sorted(SessionLecturer.objects.values_list("lecturer__name", "date", "part_of_day")) == [
        ("Ann Lee", WEDNESDAY, PartOfDay.AFTERNOON),
        ("Bo Kim", WEDNESDAY, PartOfDay.AFTERNOON),
    ]


def test_update_session_moving_it_frees_the_lecturers_old_slot(staff, big_course):
    lecturer = LecturerFactory()
    session = lecture(staff, big_course, lecturers=[lecturer])
    services.update_session(actor=staff, session=session, date=WEDNESDAY)
    other_course = CourseFactory(academy=AcademyFactory(code="cag"), capacity=50)

    other = lecture(staff, other_course, lecturers=[lecturer], date=TUESDAY)

    assert list(SessionLecturer.objects.order_by("date").values_list("session", "date")) == [
        (other.pk, TUESDAY),
        (session.pk, WEDNESDAY),
    ]


def test_update_session_replaces_its_lecturers(staff, big_course):
    first, second = LecturerFactory(name="Ann Lee"), LecturerFactory(name="Bo Kim")
    session = lecture(staff, big_course, lecturers=[first])

    session = services.update_session(actor=staff, session=session, lecturers=[second])

    assert list(session.lecturers.all()) == [second]
    assert list(SessionLecturer.objects.values_list("lecturer", flat=True)) == [second.pk]


def test_delete_session_frees_its_lecturer_and_is_audited(staff, big_course):
    lecturer = LecturerFactory(name="Ann Lee")
    session = lecture(staff, big_course, lecturers=[lecturer])
    session_pk = session.pk

    services.delete_session(actor=staff, session=session, reason="The lecturer cannot come")

    assert not Session.objects.exists()
    assert not SessionLecturer.objects.exists()
    event = AuditEvent.objects.get(action="session.deleted")
    assert (event.object_id, event.course, event.changes["title_en"], event.changes["lecturers"]) == (
        str(session_pk),
        big_course,
        ["Green financing", None],
        [["Ann Lee"], None],
    )
    assert event.changes["reason"] == [None, "The lecturer cannot come"]


def test_delete_session_without_a_reason_is_refused_and_keeps_it(staff, big_course):
    session = lecture(staff, big_course)

    with pytest.raises(ValidationError) as excinfo:
        services.delete_session(actor=staff, session=session, reason="")

    assert excinfo.value.message_dict == {"reason": ["Say why the session is removed."]}
    assert list(Session.objects.all()) == [session]
    assert not AuditEvent.objects.filter(action="session.deleted").exists()


def test_a_session_with_attendance_recorded_is_not_removed(staff, big_course, hangzhou):
    from django.utils import timezone

    from peixun.attendance.models import Attendance

    session = lecture(staff, big_course)
    enrolment = EnrolmentFactory(course=big_course, official=official("王伟", hangzhou), status="confirmed")
    Attendance.objects.create(
        session=session,
        enrolment=enrolment,
        official=enrolment.official,
        status="present",
        method="roll_call",
        recorded_at=timezone.now(),
    )

    with pytest.raises(ValidationError) as excinfo:
        services.delete_session(actor=staff, session=session, reason="Cancelled")

    assert excinfo.value.messages == [
        "“Green financing” cannot be removed: it has a roll call."
    ]
    assert list(Session.objects.all()) == [session]


# Audit rows --------------------------------------------------------------------------------------


def test_create_course_is_audited_with_every_value(staff, academy):
    course, _ = services.create_course(
        actor=staff,
        academy=academy,
        title_en="Green Cities",
        title_zh="绿色城市",
        start=MONDAY,
        end=MONDAY + datetime.timedelta(days=13),
        day_off=6,
        capacity=40,
    )

    event = AuditEvent.objects.get()
    assert (event.actor, event.action, event.object_type, event.object_id, event.course) == (
        staff,
        "course.created",
        "courses.course",
        str(course.pk),
        course,
    )
    assert event.changes == {
        "academy": [None, "National Academy for Mayors"],
        "title_en": [None, "Green Cities"],
        "title_zh": [None, "绿色城市"],
        "start": [None, "2027-03-01"],
        "end": [None, "2027-03-14"],
        "day_off": [None, 6],
        "capacity": [None, 40],
        "status": [None, "planning"],
        "fixed_module_order": [None, False],
        "max_class_hours_per_day": [None, "6.0"],
        "timetable_weights": [None, {}],
    }


def test_create_course_with_modules_copies_and_audits_each_module(staff, academy):
    templates = [ModuleFactory(title_en="Eco-cities"), ModuleFactory(title_en="Green buildings")]

    course, _ = services.create_course(
        actor=staff,
        academy=academy,
        title_en="Green Cities",
        title_zh="绿色城市",
        start=MONDAY,
        end=MONDAY + datetime.timedelta(days=13),
        day_off=6,
        capacity=40,
        modules=templates,
    )

    assert list(course.modules.values_list("order", "title_en", "template")) == [
        (1, "Eco-cities", templates[0].pk),
        (2, "Green buildings", templates[1].pk),
    ]
    assert audit_trail(action="module.added") == [
        ("module.added", "courses.coursemodule", {"template": [None, "Eco-cities"]}),
        ("module.added", "courses.coursemodule", {"template": [None, "Green buildings"]}),
    ]


def test_update_course_is_audited_with_old_and_new_values(staff, course):
    services.update_course(actor=staff, course=course, capacity=40, title_en="Greener Cities")

    assert audit_trail(action="course.changed") == [
        ("course.changed", "courses.course", {"capacity": [2, 40], "title_en": ["Green Cities", "Greener Cities"]})
    ]


def test_update_course_without_a_change_writes_no_audit_row(staff, course):
    services.update_course(actor=staff, course=course, capacity=course.capacity)

    assert not AuditEvent.objects.exists()


def test_update_course_module_is_audited_with_old_and_new_values(staff, course):
    module = services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=3))

    services.update_course_module(actor=staff, module=module, first_day=MONDAY, days=4)

    assert audit_trail(action="module.changed") == [
        ("module.changed", "courses.coursemodule", {"days": [3, 4], "first_day": [None, "2027-03-01"]})
    ]


def test_refused_module_change_leaves_no_audit_row_and_no_change(staff, course):
    module = services.add_module_from_template(actor=staff, course=course, template=ModuleFactory(days=3))
    module = services.update_course_module(actor=staff, module=module, first_day=MONDAY)
    lecture(staff, course, date=WEDNESDAY, module=module, title_en="Waste to energy")
    already = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        services.update_course_module(actor=staff, module=module, first_day=MONDAY + datetime.timedelta(days=7))

    assert AuditEvent.objects.count() == already
    module.refresh_from_db()
    assert module.first_day == MONDAY


def test_create_session_is_audited_with_every_value(staff, big_course):
    session = lecture(staff, big_course, lecturers=[LecturerFactory(name="Ann Lee")])

    event = AuditEvent.objects.get(action="session.created")
    assert (event.actor, event.object_id, event.course) == (staff, str(session.pk), big_course)
    assert event.changes == {
        "date": [None, "2027-03-02"],
        "part_of_day": [None, 1],
        "format": [None, "lecture"],
        "title_en": [None, "Green financing"],
        "title_zh": [None, "绿色金融"],
        "venue": [None, None],
        "sponsor": [None, None],
        "class_hours": [None, "3.0"],
        "module": [None, None],
        "start_time": [None, None],
        "end_time": [None, None],
        "pinned": [None, False],
        "lecturers": [None, ["Ann Lee"]],
    }


def test_update_session_is_audited_with_old_and_new_values(staff, big_course):
    first, second = LecturerFactory(name="Ann Lee"), LecturerFactory(name="Bo Kim")
    session = lecture(staff, big_course, lecturers=[first])

    services.update_session(
        actor=staff, session=session, date=WEDNESDAY, part_of_day=PartOfDay.AFTERNOON, lecturers=[first, second]
    )

    assert audit_trail(action="session.changed") == [
        (
            "session.changed",
            "courses.session",
            {
                "date": ["2027-03-02", "2027-03-03"],
                "lecturers": [["Ann Lee"], ["Ann Lee", "Bo Kim"]],
                "part_of_day": [1, 2],
            },
        )
    ]


def test_set_unit_quota_is_audited_when_created_and_when_changed(staff, course, hangzhou):
    services.set_unit_quota(actor=staff, course=course, unit=hangzhou, seats=3, priority=2)
    services.set_unit_quota(actor=staff, course=course, unit=hangzhou, seats=5, priority=2)

    assert audit_trail(action="quota.set", course=course) == [
        ("quota.set", "courses.unitquota", {"priority": [None, 2], "seats": [None, 3]}),
        ("quota.set", "courses.unitquota", {"seats": [3, 5]}),
    ]


def test_nomination_and_its_decisions_are_audited(staff, course, hangzhou, quotas):
    contact = UserFactory(role=Role.UNIT_CONTACT, sending_unit=hangzhou)
    already = AuditEvent.objects.count()

    first = services.nominate_official(actor=contact, course=course, official=official("王伟", hangzhou))
    confirm(staff, first)
    confirm(staff, nominate(staff, course, official("李娜", hangzhou)))
    third = confirm(staff, nominate(staff, course, official("张敏", hangzhou)))

    events = list(AuditEvent.objects.order_by("id")[already:])
    assert [(e.actor, e.action, e.changes) for e in events] == [
        (contact, "enrolment.nominated", {"status": [None, "nominated"]}),
        (staff, "enrolment.confirmed", {"status": ["nominated", "confirmed"]}),
        (staff, "enrolment.nominated", {"status": [None, "nominated"]}),
        (staff, "enrolment.confirmed", {"status": ["nominated", "confirmed"]}),
        (staff, "enrolment.nominated", {"status": [None, "nominated"]}),
        (staff, "enrolment.waitlisted", {"status": ["nominated", "waitlisted"]}),
    ]
    assert {e.course for e in events} == {course}
    assert events[-1].object_id == str(third.pk)


def test_refused_nomination_writes_no_audit_row(staff, course, hangzhou):
    with pytest.raises(ValidationError):
        nominate(staff, course, official("王伟", hangzhou))

    assert not AuditEvent.objects.exists()
