"""E-mails about presentations: the next party hears of each step, Chinese first and English below,
once the change has committed."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from peixun.core.enums import Role
from peixun.core.mail import bilingual_message
from peixun.core.models import User

from .enums import MaterialState, WorkflowAction
from .models import Material, WorkflowEvent


def _staff(material: Material | None = None) -> list[User]:
    return list(User.objects.filter(role=Role.STAFF, is_active=True))


def _reviewers(material: Material) -> list[User]:
    return list(User.objects.filter(role=Role.REVIEWER, academy_id=material.course.academy_id, is_active=True))


def _lecturer(material: Material) -> list:
    lecturer = material.lecturer
    if lecturer.user_id is not None and lecturer.user.is_active:
        return [lecturer.user]
    return [lecturer] if lecturer.email else []


def _translator(material: Material) -> list[User]:
    return [material.translator] if material.translator_id is not None and material.translator.is_active else []


def recipients(material: Material, event: WorkflowEvent) -> list:
    """Who acts next, or needs to know, after ``event`` (never the person who did it)."""
    action, state = event.action, event.to_state
    if action in (WorkflowAction.CREATED,):
        people = []
    elif action == WorkflowAction.UPLOADED:
        people = {
            MaterialState.ADAPTATION: _staff,
            MaterialState.TRANSLATION: _translator,
            MaterialState.REVIEW: _reviewers,
        }.get(state, _staff)(material)
    elif action in (WorkflowAction.TRANSLATOR_ASSIGNED, WorkflowAction.SEND_TO_TRANSLATION):
        people = _translator(material)
    elif action == WorkflowAction.SUBMIT_FOR_REVIEW:
        people = _reviewers(material)
    elif action == WorkflowAction.APPROVE:
        people = _staff() + _lecturer(material)
    elif action == WorkflowAction.RETURN:
        people = _translator(material) + (_staff() if event.from_state == MaterialState.REVIEW else [])
    elif action == WorkflowAction.SIGN_OFF:
        people = _lecturer(material) + _translator(material)
    elif action == WorkflowAction.COMMENTED:
        people = _lecturer(material) + _translator(material)
        if event.actor is not None and not event.actor.is_programme_staff:
            people += _staff()
    else:  # delivered, follow-up, closed
        people = _lecturer(material)
    actor_id = event.actor_id
    addresses = {
        person.email for person in people if person.email and not (isinstance(person, User) and person.pk == actor_id)
    }
    return sorted(addresses)


def compose(material: Material, event: WorkflowEvent) -> tuple[str, str]:
    base_url = getattr(settings, "PEIXUN_BASE_URL", "").rstrip("/")
    context = {
        "material": material,
        "event": event,
        "link": base_url + reverse("materials:detail", args=[material.pk]),
    }
    return bilingual_message("email/material_event.txt", context)


def material_event(*, material: Material, event: WorkflowEvent) -> None:
    """Tell the next party, after commit."""
    addresses = recipients(material, event)
    if not addresses:
        return
    subject, body = compose(material, event)
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses))
