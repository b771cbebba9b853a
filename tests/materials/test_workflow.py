"""The workflow: every step allowed or refused per role with the reason, comments, checks, checklist,
the diff after approval, the e-mails and the timeline."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from peixun.core import clock
from peixun.core.models import AuditEvent
from peixun.courses.models import Session
from peixun.materials import services
from peixun.materials.checklist import checklist_keys
from peixun.materials.models import FlaggedTerm
from peixun.materials.selectors import editable_version, version_diff

from .conftest import OTHER_DECK, ROLES, SMALL_DECK, advance, translate_all, upload

ALL_TICKED = {key: True for key in checklist_keys()}

# (step the material is at, action) → roles that may take it; everyone else is refused.
MATRIX = {
    ("adaptation", "send_to_translation"): {"staff"},
    ("translation", "submit_for_review"): {"staff", "translator"},
    ("review", "approve"): {"reviewer"},
    ("review", "return"): {"reviewer"},
    ("acceptability", "sign_off"): {"staff"},
    ("acceptability", "return"): {"staff"},
    ("ready", "deliver"): {"staff"},
    ("delivered", "start_follow_up"): {"staff"},
    ("follow_up", "close"): {"staff"},
}
REASONS = {
    "send_to_translation": "Only programme staff decide that a presentation is adapted and ready for translation.",
    "submit_for_review": "Only the translator assigned to this presentation and programme staff submit it",
    "approve": "Only the reviewers of this course's academy approve or return its presentations.",
    "return": None,
    "sign_off": "Only programme staff sign off a presentation as acceptable.",
    "deliver": "Only programme staff record delivery, follow-up and closing.",
    "start_follow_up": "Only programme staff record delivery, follow-up and closing.",
    "close": "Only programme staff record delivery, follow-up and closing.",
}


def in_the_past(world):
    Session.objects.filter(pk=world.session.pk).update(date=datetime.date(2020, 1, 6))


def prepared(world, state):
    in_the_past(world)
    material = world.material(SMALL_DECK)
    services.assign_translator(actor=world.users["staff"], material=material, translator=world.users["translator"])
    translate_all(material)
    return advance(world, material, state)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("step", list(MATRIX), ids=lambda s: f"{s[0]}-{s[1]}")
def test_every_transition_per_role(world, step, role):
    state, action = step
    material = prepared(world, state)
    actor = world.users[role]
    kwargs = {"comment": "Please fix slide 2."} if action == "return" else {}
    if action == "sign_off":
        kwargs["checklist"] = ALL_TICKED
    if role in MATRIX[step]:
        event = services.transition(actor=actor, material=material, action=action, **kwargs)
        material.refresh_from_db()
        assert (event.from_state, event.to_state, material.state) == (
            state,
            services.TRANSITIONS[step].target,
            services.TRANSITIONS[step].target,
        )
        assert event.actor == actor
    else:
        with pytest.raises(PermissionDenied) as refused:
            services.transition(actor=actor, material=material, action=action, **kwargs)
        reason = REASONS[action] or (
            "Only the reviewers of this course's academy" if state == "review" else "Only programme staff sign off"
        )
        assert str(refused.value).startswith(reason)
        material.refresh_from_db()
        assert material.state == state


def test_an_action_that_does_not_fit_the_step_is_refused(world):
    material = prepared(world, "translation")
    with pytest.raises(ValidationError) as refused:
        services.transition(actor=world.users["reviewer"], material=material, action="approve")
    assert refused.value.messages == ["This cannot be done while the presentation is at the step “Translation”."]


def test_send_to_translation_needs_a_translator(world):
    material = world.material(SMALL_DECK)
    with pytest.raises(ValidationError) as refused:
        services.transition(actor=world.users["staff"], material=material, action="send_to_translation")
    assert refused.value.messages == ["Assign a translator first."]


def test_only_translators_can_be_assigned(world):
    material = world.material(SMALL_DECK)
    with pytest.raises(ValidationError):
        services.assign_translator(actor=world.users["staff"], material=material, translator=world.users["lecturer"])
    with pytest.raises(PermissionDenied):
        services.assign_translator(
            actor=world.users["coordinator"], material=material, translator=world.users["translator"]
        )


def test_return_requires_a_comment(world):
    material = prepared(world, "review")
    with pytest.raises(ValidationError) as refused:
        services.transition(actor=world.users["reviewer"], material=material, action="return", comment="  ")
    assert refused.value.message_dict == {"comment": ["Say what needs to change: a comment is required."]}
    event = services.transition(actor=world.users["reviewer"], material=material, action="return", comment="Slide 3")
    assert (event.comment, event.to_state) == ("Slide 3", "translation")


def test_as_many_review_rounds_as_needed(world):
    material = prepared(world, "review")
    for round_ in range(3):
        services.transition(
            actor=world.users["reviewer"], material=material, action="return", comment=f"Round {round_}"
        )
        services.transition(actor=world.users["translator"], material=material, action="submit_for_review")
    services.transition(actor=world.users["reviewer"], material=material, action="approve")
    material.refresh_from_db()
    assert material.state == "acceptability"
    assert material.approved_version == editable_version(material)


def test_translator_cannot_submit_with_untranslated_segments(world):
    material = prepared(world, "translation")
    editable_version(material).segments.filter(order__lt=2).update(target="", status="untranslated")
    with pytest.raises(ValidationError) as refused:
        services.transition(actor=world.users["translator"], material=material, action="submit_for_review")
    assert refused.value.messages == [
        "2 of 10 segments are not translated yet. Translate every segment before submitting."
    ]


def test_staff_may_submit_untranslated_text_only_with_a_comment(world):
    material = prepared(world, "translation")
    editable_version(material).segments.filter(order=0).update(target="", status="untranslated")
    with pytest.raises(ValidationError) as refused:
        services.transition(actor=world.users["staff"], material=material, action="submit_for_review")
    assert "To submit anyway, say why in the comment." in refused.value.message_dict["comment"][0]
    event = services.transition(
        actor=world.users["staff"], material=material, action="submit_for_review", comment="The logo stays English."
    )
    assert event.to_state == "review"
    assert {"code": "untranslated_segments", "params": {"count": 1, "total": 10}, "key": None} in event.findings


def test_deck_checks_use_the_session_length_and_the_academys_flagged_terms(world):
    FlaggedTerm.objects.create(academy=world.course.academy, term="Taiwan", note="Check the wording")
    FlaggedTerm.objects.create(academy=world.other_course.academy, term="Bold", note="Another academy's")
    material = prepared(world, "translation")
    segment = editable_version(material).segments.order_by("order").first()
    segment.source = "Taiwan and bold text"
    segment.save()
    Session.objects.filter(pk=world.session.pk).update(class_hours=1)  # 45 minutes: 22 slides fit, 5 do
    material.refresh_from_db()
    assert services.session_minutes(material) == 45
    codes = [(issue.code, issue.params.get("term")) for issue in services.deck_findings(material)]
    assert codes == [("flagged_term", "Taiwan")]
    event = services.transition(actor=world.users["translator"], material=material, action="submit_for_review")
    assert [f["code"] for f in event.findings] == ["flagged_term"]


def test_findings_read_in_the_readers_words(world):
    assert services.issue_message("too_many_slides", {"slides": 40, "minutes": 45, "limit": 22}) == (
        "40 slides for a 45-minute session; about 22 slides fit."
    )
    assert services.issue_message("numbers_changed", {"missing": ["5 GW"], "added": []}) == (
        "Numbers differ from the source: missing 5 GW; added –."
    )
    assert services.issue_message("flagged_term", {"term": "Taiwan", "side": "source", "slide": 1}) == (
        "“Taiwan” appears in the English original; the academy asked for it to be checked."
    )


def test_sign_off_needs_every_item_of_the_checklist(world):
    material = prepared(world, "acceptability")
    partly = dict(ALL_TICKED, speaker_notes=False)
    with pytest.raises(ValidationError) as refused:
        services.transition(actor=world.users["staff"], material=material, action="sign_off", checklist=partly)
    assert refused.value.message_dict == {
        "checklist": ["Tick every item of the checklist to sign off; 1 are not ticked."]
    }
    event = services.transition(actor=world.users["staff"], material=material, action="sign_off", checklist=ALL_TICKED)
    assert set(event.checklist) == set(checklist_keys())
    assert all(item["ticked"] for item in event.checklist.values())


def test_delivery_only_from_the_sessions_day(world):
    material = world.material(SMALL_DECK)
    services.assign_translator(actor=world.users["staff"], material=material, translator=world.users["translator"])
    material = advance(world, material, "ready")
    with pytest.raises(ValidationError) as refused:
        services.transition(actor=world.users["staff"], material=material, action="deliver")
    assert refused.value.messages == [
        f"The presentation is given on {clock.day(world.session.date)}; record it as delivered from that day on."
    ]
    in_the_past(world)
    services.transition(actor=world.users["staff"], material=material, action="deliver")
    material.refresh_from_db()
    assert material.state == "delivered"


@pytest.mark.parametrize("state", ["acceptability", "ready"])
def test_a_new_version_after_approval_goes_back_to_review_with_a_diff(world, client, state):
    material = prepared(world, state)
    approved = material.approved_version
    new = services.upload_version(actor=world.users["lecturer"], material=material, file=upload(OTHER_DECK))
    material.refresh_from_db()
    assert material.state == "review"
    assert material.approved_version == approved
    changes = version_diff(approved, new)
    assert changes and {c.change for c in changes} <= {"added", "removed", "changed"}
    assert (
        len([c for c in changes if c.change == "added"])
        == new.segments.exclude(key__in=approved.segments.values("key")).count()
    )
    assert (
        len([c for c in changes if c.change == "removed"])
        == approved.segments.exclude(key__in=new.segments.values("key")).count()
    )
    client.force_login(world.users["reviewer"])
    body = client.get(f"/materials/{material.pk}/").content.decode()
    assert 'data-testid="diff"' in body
    assert "What changed since the approved version" in body
    removed = next(c for c in changes if c.change == "removed")
    assert removed.old_target == "译文"


def test_the_diff_shows_changed_source_and_translation_by_key(world):
    material = prepared(world, "ready")
    approved = material.approved_version
    new = services.upload_version(actor=world.users["staff"], material=material, file=upload(SMALL_DECK))
    assert version_diff(approved, new) == []  # same English, translations carried forward
    segment = new.segments.order_by("order").first()
    segment.source, segment.target = "New wording", "新措辞"
    segment.save()
    [change] = version_diff(approved, new)
    assert (change.key, change.change, change.new_source, change.new_target, change.old_target) == (
        segment.key,
        "changed",
        "New wording",
        "新措辞",
        "译文",
    )


def test_a_pdf_after_approval_changes_nothing(world):
    from .conftest import pdf

    material = prepared(world, "ready")
    services.upload_version(actor=world.users["lecturer"], material=material, file=pdf())
    material.refresh_from_db()
    assert material.state == "ready"


def test_the_timeline_is_in_order_and_audited(world):
    in_the_past(world)
    material = world.material(SMALL_DECK)
    services.add_comment(actor=world.users["staff"], material=material, comment="Use a Chinese example.")
    services.upload_version(actor=world.users["lecturer"], material=material, file=upload(SMALL_DECK))
    services.assign_translator(actor=world.users["staff"], material=material, translator=world.users["translator"])
    translate_all(material)
    advance(world, material, "closed")
    actions = list(material.events.order_by("at", "id").values_list("action", flat=True))
    assert actions == [
        "created",
        "uploaded",
        "commented",
        "uploaded",
        "translator_assigned",
        "send_to_translation",
        "submit_for_review",
        "approve",
        "sign_off",
        "deliver",
        "start_follow_up",
        "close",
    ]
    audited = list(
        AuditEvent.objects.filter(object_type="materials.material", object_id=str(material.pk))
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert audited == ["material.created", "material.version_uploaded", "material.commented"] + [
        "material.version_uploaded",
        "material.translator_assigned",
    ] + [f"material.{a}" for a in actions[5:]]


class TestEmails:
    def send(self, django_capture_on_commit_callbacks, call):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call()
        return list(mail.outbox)

    def test_each_step_tells_the_next_party_in_both_languages(self, world, django_capture_on_commit_callbacks):
        in_the_past(world)
        staff, translator, reviewer = world.users["staff"], world.users["translator"], world.users["reviewer"]
        lecturer = world.users["lecturer"]
        material = world.material(SMALL_DECK)
        steps = [
            (lambda: services.assign_translator(actor=staff, material=material, translator=translator), [translator]),
            (lambda: services.transition(actor=staff, material=material, action="send_to_translation"), [translator]),
            (lambda: translate_all(material), []),
            (lambda: services.transition(actor=translator, material=material, action="submit_for_review"), [reviewer]),
            (
                lambda: services.transition(actor=reviewer, material=material, action="return", comment="Slide 2"),
                [translator, staff],
            ),
            (lambda: services.transition(actor=translator, material=material, action="submit_for_review"), [reviewer]),
            (lambda: services.transition(actor=reviewer, material=material, action="approve"), [staff, lecturer]),
            (
                lambda: services.transition(actor=staff, material=material, action="sign_off", checklist=ALL_TICKED),
                [lecturer, translator],
            ),
            (
                lambda: services.upload_version(actor=lecturer, material=material, file=upload(SMALL_DECK)),
                [reviewer],
            ),
        ]
        for call, people in steps:
            sent = self.send(django_capture_on_commit_callbacks, call)
            if not people:
                assert sent == []
                continue
            [message] = sent
            assert sorted(message.to) == sorted(p.email for p in people)
            assert " / " in message.subject
            chinese, _sep, english = message.body.partition("\n\n————————\n\n")
            assert chinese and english
            assert "Sponge cities" in english
            assert f"/materials/{material.pk}/" in english and f"/materials/{material.pk}/" in chinese

    def test_the_return_comment_is_in_the_email(self, world, django_capture_on_commit_callbacks):
        material = prepared(world, "review")
        [message] = self.send(
            django_capture_on_commit_callbacks,
            lambda: services.transition(
                actor=world.users["reviewer"], material=material, action="return", comment="Check the map on slide 4"
            ),
        )
        assert message.body.count("Check the map on slide 4") == 2

    def test_nothing_is_sent_when_the_step_fails(self, world, django_capture_on_commit_callbacks):
        material = prepared(world, "review")

        def refused():
            with pytest.raises(ValidationError):
                services.transition(actor=world.users["reviewer"], material=material, action="return")

        assert self.send(django_capture_on_commit_callbacks, refused) == []

    def test_nobody_is_told_of_their_own_action(self, world, django_capture_on_commit_callbacks):
        material = world.material(SMALL_DECK)
        sent = self.send(
            django_capture_on_commit_callbacks,
            lambda: services.add_comment(actor=world.users["lecturer"], material=material, comment="Question"),
        )
        [message] = sent
        assert world.users["lecturer"].email not in message.to
        assert world.users["staff"].email in message.to


def test_fit_findings_read_in_both_languages(world):
    from django.utils import translation

    from peixun.docengine import ISSUE_MESSAGES
    from peixun.materials.enums import ISSUE_MESSAGES as BILINGUAL_MESSAGES

    params = {"slide": 3, "lines": 4, "available": 2, "cm": 1.5}
    for code in ("frame_overflow", "past_slide_bottom", "past_slide_top", "onto_footer", "table_past_slide"):
        assert code in ISSUE_MESSAGES and code in BILINGUAL_MESSAGES
        with translation.override("en"):
            assert services.issue_message(code, params).startswith("Slide 3: ")
        with translation.override("zh-hans"):
            assert services.issue_message(code, params).startswith("第 3 张幻灯片：")
    with translation.override("zh-hans"):
        assert services.issue_message("frame_overflow", params) == "第 3 张幻灯片：文字约需 4 行，文本框只容得下 2 行。"
