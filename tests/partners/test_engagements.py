"""Engagements: what staff record, what a partner contact sees and reports, and how shortfalls show."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peixun.core.models import AuditEvent
from peixun.curriculum.enums import SessionFormat
from peixun.partners import services
from peixun.partners.models import Engagement
from peixun.partners.selectors import (
    by_course,
    mark_delivery,
    partner_organisations,
    sponsored_without_engagement,
    visible_engagements,
)
from tests.factories import SessionFactory

# Validation ----------------------------------------------------------------------------------


def test_create_engagement_records_every_value_in_the_audit_trail(world, staff):
    engagement, warnings = services.create_engagement(
        actor=staff,
        partner=world.other_partner,
        course=world.past_course,
        session=world.unrecorded_lunch,
        kind=Engagement.Kind.LUNCH,
        promised_en="  Lunch at the academy  ",
        guests_promised=45,
    )
    assert warnings == []
    assert engagement.promised_en == "Lunch at the academy"
    event = AuditEvent.objects.get(action="engagement.created", object_id=str(engagement.pk))
    assert event.actor == staff
    assert event.course == world.past_course
    assert event.changes["promised_en"] == [None, "Lunch at the academy"]
    assert event.changes["guests_promised"] == [None, 45]
    assert event.changes["state"] == [None, "proposed"]


def test_a_session_of_another_course_is_refused(world, staff):
    with pytest.raises(ValidationError) as error:
        services.create_engagement(
            actor=staff,
            partner=world.partner,
            course=world.past_course,
            session=world.future_dinner,
            kind=Engagement.Kind.DINNER,
            promised_en="Dinner",
        )
    assert error.value.message_dict == {
        "session": ["The session “Partner dinner” belongs to another course, not to “Energy Smart Cities”."]
    }
    assert not AuditEvent.objects.filter(action="engagement.created").exists()


def test_a_kind_other_than_the_sessions_format_is_saved_with_a_warning(world, staff):
    engagement, warnings = services.create_engagement(
        actor=staff,
        partner=world.other_partner,
        course=world.past_course,
        session=world.unrecorded_lunch,
        kind=Engagement.Kind.EXHIBITION,
        promised_en="A stand on waste-to-energy at lunch",
    )
    assert engagement.pk is not None
    assert warnings == [
        "The session “Partner lunch” is a lunch in the timetable, but this engagement is recorded as exhibition: "
        "check that it is the right session."
    ]


def test_an_engagement_cannot_be_delivered_before_its_day(world, staff):
    with pytest.raises(ValidationError) as error:
        services.update_engagement(actor=staff, engagement=world.upcoming, state=Engagement.State.DELIVERED)
    assert list(error.value.message_dict) == ["state"]
    assert error.value.message_dict["state"][0].startswith("It cannot be delivered before it takes place")
    world.upcoming.refresh_from_db()
    assert world.upcoming.state == Engagement.State.CONFIRMED


def test_update_engagement_audits_old_and_new_values_only_of_what_changed(world, staff):
    services.update_engagement(
        actor=staff, engagement=world.unreported, guests_promised=35, notes="Bus from the academy"
    )
    event = AuditEvent.objects.get(action="engagement.changed")
    assert event.changes == {"guests_promised": [40, 35], "notes": ["", "Bus from the academy"]}
    services.update_engagement(actor=staff, engagement=world.unreported, guests_promised=35)
    assert AuditEvent.objects.filter(action="engagement.changed").count() == 1


def test_update_engagement_refuses_unknown_fields(world, staff):
    with pytest.raises(TypeError):
        services.update_engagement(actor=staff, engagement=world.unreported, partner_id=3)


def test_staff_record_an_engagement_from_a_sponsored_session(client, world, staff):
    client.force_login(staff)
    page = client.get(reverse("partners:engagement_add") + f"?session={world.unrecorded_lunch.pk}")
    form = page.context["form"]
    assert form.initial == {
        "session": world.unrecorded_lunch.pk,
        "course": world.past_course.pk,
        "partner": world.other_partner.pk,
        "kind": "lunch",
    }
    # Only the course's sessions are offered, never every course's.
    offered = [value for value, _label in form.fields["session"].widget.choices]
    assert offered == [
        "",
        *[
            str(pk)
            for pk in world.past_course.sessions.order_by("date", "part_of_day", "pk").values_list("pk", flat=True)
        ],
    ]
    response = client.post(
        reverse("partners:engagement_add"),
        {
            "partner": world.other_partner.pk,
            "course": world.past_course.pk,
            "session": world.unrecorded_lunch.pk,
            "kind": "lunch",
            "state": "confirmed",
            "promised_en": "Lunch for 40",
            "guests_promised": "40",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("partners:detail", args=[world.other_partner.pk])
    assert Engagement.objects.filter(session=world.unrecorded_lunch, partner=world.other_partner).count() == 1


def test_the_form_shows_the_services_refusal_on_the_session_field(client, world, staff):
    client.force_login(staff)
    response = client.post(
        reverse("partners:engagement_edit", args=[world.unreported.pk]),
        {
            "partner": world.partner.pk,
            "course": world.past_course.pk,
            "session": world.future_dinner.pk,
            "kind": "dinner",
            "state": "confirmed",
            "promised_en": "Tour",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["session"] == [
        "The session “Partner dinner” belongs to another course, not to “Energy Smart Cities”."
    ]


def test_session_choices_follow_the_chosen_course(client, world, staff):
    client.force_login(staff)
    response = client.get(reverse("partners:session_choices"), {"course": world.future_course.pk})
    body = response.content.decode()
    assert f'value="{world.future_dinner.pk}"' in body
    assert f'value="{world.past_dinner.pk}"' not in body


# Promised and delivered ----------------------------------------------------------------------


def test_shortfalls_are_marked(world):
    marked = {e.pk: e for e in mark_delivery(Engagement.objects.select_related("course", "session"), world.today)}
    short, unreported, upcoming, other = (
        marked[world.delivered_short.pk],
        marked[world.unreported.pk],
        marked[world.upcoming.pk],
        marked[world.other_delivered.pk],
    )
    assert (short.guests_short_by, short.not_reported, short.falls_short) == (12, False, True)
    assert (unreported.guests_short_by, unreported.not_reported, unreported.falls_short) == (0, True, True)
    assert (upcoming.guests_short_by, upcoming.not_reported, upcoming.falls_short) == (0, False, False)
    # More guests than promised is not a shortfall.
    assert (other.guests_short_by, other.not_reported, other.falls_short) == (0, False, False)


def test_an_engagement_without_a_session_is_due_by_the_courses_end(world):
    engagement = Engagement.objects.create(
        partner=world.partner, course=world.future_course, kind="workshop", promised_en="x", state="confirmed"
    )
    [marked] = mark_delivery([engagement], world.future_course.end + datetime.timedelta(days=1))
    assert marked.day == world.future_course.end
    assert marked.not_reported is True
    [marked] = mark_delivery([engagement], world.future_course.end)
    assert marked.not_reported is False


def test_a_cancelled_engagement_is_never_unreported(world, staff):
    Engagement.objects.filter(pk=world.unreported.pk).update(state="cancelled")
    [marked] = mark_delivery(Engagement.objects.filter(pk=world.unreported.pk), world.today)
    assert marked.not_reported is False and marked.falls_short is False


def test_the_partner_page_shows_promised_beside_delivered_with_markers(client, world, staff):
    client.force_login(staff)
    response = client.get(reverse("partners:detail", args=[world.partner.pk]))
    body = response.content.decode()
    assert [g.course for g in response.context["groups"]] == [world.future_course, world.past_course]
    assert [e.pk for e in response.context["groups"][1].engagements] == [world.delivered_short.pk, world.unreported.pk]
    assert body.count('data-testid="short"') == 1
    assert "Fell short: 18 of 30 guests" in body
    assert body.count('data-testid="not-reported"') == 1
    assert "Sponsorship fee invoiced" in body  # staff see the notes
    assert response.context["short_count"] == 2
    assert [c.username for c in response.context["contacts"]] == ["partner"]


def test_groups_are_ordered_newest_course_first_then_by_day(world):
    engagements = mark_delivery(visible_engagements(world.users["staff"]), world.today)
    assert [g.course for g in by_course(engagements)] == [world.future_course, world.other_course, world.past_course]


def test_partners_list_counts_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = {p.name_en: p for p in partner_organisations(today=world.today)}
    assert sorted(rows) == ["Arup", "Covanta", "Philips Lighting"]
    philips, covanta = rows["Philips Lighting"], rows["Covanta"]
    assert (philips.engagement_count, philips.open_count, philips.delivered_count, philips.short_count) == (3, 2, 1, 2)
    assert (philips.contact_count, philips.unrecorded_count) == (1, 0)
    assert (covanta.engagement_count, covanta.delivered_count, covanta.short_count, covanta.unrecorded_count) == (
        1,
        1,
        0,
        1,
    )


def test_partners_list_is_searchable_in_both_languages(world):
    assert [p.name_en for p in partner_organisations("卡万")] == ["Covanta"]
    assert [p.name_en for p in partner_organisations("philips")] == ["Philips Lighting"]


# Sessions sponsored without an engagement record ---------------------------------------------


def test_sponsored_sessions_without_an_engagement_are_hinted(world, staff):
    assert list(sponsored_without_engagement()) == [world.unrecorded_lunch]
    assert list(sponsored_without_engagement(world.partner)) == []
    services.create_engagement(
        actor=staff,
        partner=world.other_partner,
        course=world.past_course,
        session=world.unrecorded_lunch,
        kind="lunch",
        promised_en="Lunch",
    )
    assert list(sponsored_without_engagement()) == []


def test_an_engagement_by_another_partner_does_not_count_for_the_sponsor(world, staff):
    services.create_engagement(
        actor=staff,
        partner=world.partner,
        course=world.past_course,
        session=world.unrecorded_lunch,
        kind="lunch",
        promised_en="Wine for the lunch",
    )
    assert list(sponsored_without_engagement()) == [world.unrecorded_lunch]


def test_the_hint_links_to_recording_it(client, world, staff):
    client.force_login(staff)
    body = client.get(reverse("partners:list")).content.decode()
    assert 'data-testid="unrecorded"' in body
    assert f"{reverse('partners:engagement_add')}?session={world.unrecorded_lunch.pk}" in body


# A partner contact ---------------------------------------------------------------------------


def test_a_partner_contact_sees_only_their_organisations_engagements(client, world):
    assert list(visible_engagements(world.users["partner"]).order_by("pk")) == [
        world.delivered_short,
        world.unreported,
        world.upcoming,
    ]
    assert list(visible_engagements(world.users["other_partner"])) == [world.other_delivered]
    client.force_login(world.users["partner"])
    response = client.get(reverse("partners:mine"))
    shown = [e.pk for g in response.context["groups"] for e in g.engagements]
    assert sorted(shown) == sorted([world.delivered_short.pk, world.unreported.pk, world.upcoming.pk])
    body = response.content.decode()
    assert "Visit to the energy-from-waste plant" not in body
    assert "Sponsorship fee invoiced" not in body  # staff notes stay with staff
    assert "Covanta" not in body


def test_a_coordinator_sees_their_academys_engagements_only(world):
    assert list(visible_engagements(world.users["coordinator"]).order_by("pk")) == [
        world.delivered_short,
        world.unreported,
        world.upcoming,
    ]
    assert list(visible_engagements(world.users["other_coordinator"])) == [world.other_delivered]
    assert list(visible_engagements(world.users["lecturer"])) == []


def test_a_coordinator_reads_the_course_page_without_notes_or_edit_links(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("partners:course", args=[world.past_course.pk]))
    body = response.content.decode()
    assert "Welcome dinner for the whole class" in body
    assert "Sponsorship fee invoiced" not in body
    assert reverse("partners:engagement_edit", args=[world.delivered_short.pk]) not in body


def test_a_partner_contact_records_what_took_place_and_nothing_else(client, world):
    client.force_login(world.users["partner"])
    response = client.post(
        reverse("partners:report", args=[world.unreported.pk]),
        {
            "delivered_en": "Tour of the centre with a demonstration",
            "guests_delivered": "37",
            "promised_en": "Something else",
            "guests_promised": "2",
            "state": "cancelled",
            "notes": "hacked",
            "partner": world.other_partner.pk,
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("partners:mine")
    world.unreported.refresh_from_db()
    assert world.unreported.delivered_en == "Tour of the centre with a demonstration"
    assert world.unreported.guests_delivered == 37
    assert world.unreported.state == Engagement.State.DELIVERED
    assert world.unreported.promised_en == "Tour of the lighting application centre"
    assert world.unreported.guests_promised == 40
    assert world.unreported.notes == ""
    assert world.unreported.partner == world.partner
    event = AuditEvent.objects.get(action="engagement.reported")
    assert event.actor == world.users["partner"]
    assert event.changes == {
        "delivered_en": ["", "Tour of the centre with a demonstration"],
        "guests_delivered": [None, 37],
        "state": ["confirmed", "delivered"],
    }


def test_a_report_needs_words(client, world):
    client.force_login(world.users["partner"])
    response = client.post(reverse("partners:report", args=[world.unreported.pk]), {"delivered_en": "  "})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {"delivered_en": ["Say what took place, in English, in Chinese or in both."]}
    world.unreported.refresh_from_db()
    assert world.unreported.state == Engagement.State.CONFIRMED


def test_what_has_not_happened_yet_cannot_be_reported(client, world):
    client.force_login(world.users["partner"])
    url = reverse("partners:report", args=[world.upcoming.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="blocked"' in page
    assert "can be recorded from" in page
    client.post(url, {"delivered_en": "Dinner", "guests_delivered": "40"})
    world.upcoming.refresh_from_db()
    assert (world.upcoming.delivered_en, world.upcoming.state) == ("", Engagement.State.CONFIRMED)
    with pytest.raises(ValidationError):
        services.report_delivery(
            actor=world.users["partner"], engagement=world.upcoming, delivered_en="Dinner", guests_delivered=40
        )


def test_a_proposed_engagement_cannot_be_reported(world):
    Engagement.objects.filter(pk=world.unreported.pk).update(state=Engagement.State.PROPOSED)
    with pytest.raises(ValidationError) as error:
        services.report_delivery(
            actor=world.users["partner"], engagement=world.unreported, delivered_en="Tour", guests_delivered=3
        )
    assert error.value.messages == ["Only a confirmed engagement can be reported on; this one is “Proposed”."]


def test_the_report_link_shows_only_where_a_report_can_be_made(client, world):
    client.force_login(world.users["partner"])
    body = client.get(reverse("partners:mine")).content.decode()
    assert reverse("partners:report", args=[world.unreported.pk]) in body
    assert reverse("partners:report", args=[world.delivered_short.pk]) in body
    assert reverse("partners:report", args=[world.upcoming.pk]) not in body


def test_a_session_on_the_day_is_reportable_from_that_day(world, staff):
    today_session = SessionFactory(
        course=world.past_course, date=world.today, format=SessionFormat.WORKSHOP, class_hours="3.0"
    )
    engagement = Engagement.objects.create(
        partner=world.partner,
        course=world.past_course,
        session=today_session,
        kind="workshop",
        promised_en="Workshop",
        state="confirmed",
    )
    assert services.why_not_reportable(engagement, world.today) is None
    assert services.why_not_reportable(engagement, world.today - datetime.timedelta(days=1)) is not None
