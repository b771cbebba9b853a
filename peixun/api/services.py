"""Writes of API tokens (made, revoked, marked as used) and of webhook endpoints, each change audited."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from peixun.core.audit import diff, record_event, snapshot
from peixun.core.models import User
from peixun.core.permissions import require

from .keys import digest_of, new_secret, prefix_of
from .models import ApiToken, TokenScope, WebhookEndpoint, WebhookEvent

#: A token's last use is written at most this often: a script calling every second must not cost a write
#: per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    #: The secret itself: shown to its owner once, never stored.
    secret: str


def create_api_token(*, actor: User | None, user: User, name: str, scope: str = TokenScope.READ) -> NewToken:
    """A new token of ``user``'s, named and scoped: made by the user on their page, or by a management
    command (``actor`` None)."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the token a name that says which system uses it.")})
    if scope not in TokenScope.values:
        raise ValidationError({"scope": _("Choose whether the token may only read or also write.")})
    if not user.is_active:
        raise ValidationError(_("An inactive account cannot have API tokens."))
    secret = new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name[:100], scope=scope, prefix=prefix_of(secret), digest=digest_of(secret)
        )
        record_event(
            actor=actor,
            action="api_token.created",
            instance=token,
            changes={"name": [None, token.name], "scope": [None, token.scope], "prefix": [None, token.prefix]},
        )
    return NewToken(token, secret)


def revoke_api_token(*, actor: User, token: ApiToken, now: datetime.datetime | None = None) -> ApiToken:
    """Revoke ``token`` from now on; it stays listed (revoked) so that its history still reads."""
    require(actor, "api.revoke_token", token)
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action="api_token.revoked",
            instance=token,
            changes={"revoked_at": [None, token.revoked_at]},
        )
    return token


def mark_token_used(*, token: ApiToken, now: datetime.datetime | None = None) -> None:
    """Remember that ``token`` was used now, unless that was already written within the last minute.

    Not audited: it is a fact about the token, not a change anyone made. One UPDATE guarded by the old
    value, so two requests at once write it once.
    """
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(last_used_at=now)
    token.last_used_at = now


WEBHOOK_FIELDS = ("name", "url", "events", "is_active")


@transaction.atomic
def save_webhook_endpoint(*, actor: User, endpoint: WebhookEndpoint, before: dict | None = None) -> WebhookEndpoint:
    """Programme staff: add or change a webhook endpoint (from the admin), audited; the secret is never written
    to the history, only that it changed."""
    require(actor, "api.manage_webhooks")
    unknown = [event for event in endpoint.events if event not in WebhookEvent.values]
    if unknown:
        raise ValidationError({"events": _("These are not events Peixun sends: %(events)s.") % {"events": unknown}})
    if not endpoint.url.startswith(("https://", "http://")):
        raise ValidationError({"url": _("The address must begin with https:// (or http:// on a closed network).")})
    created = endpoint.pk is None
    endpoint.save()
    after = snapshot(endpoint, WEBHOOK_FIELDS)
    changes = diff(before or dict.fromkeys(WEBHOOK_FIELDS), after)
    if before is not None and before.get("secret_digest") != digest_of(endpoint.secret):
        changes["secret"] = ["…", "…"]
    if changes or created:
        action = "api.webhook_added" if created else "api.webhook_changed"
        record_event(actor=actor, action=action, instance=endpoint, changes=changes)
    return endpoint


def webhook_snapshot(endpoint: WebhookEndpoint) -> dict:
    """What :func:`save_webhook_endpoint` compares with: the fields, and a hash of the secret."""
    return {**snapshot(endpoint, WEBHOOK_FIELDS), "secret_digest": digest_of(endpoint.secret)}


@transaction.atomic
def delete_webhook_endpoint(*, actor: User, endpoint: WebhookEndpoint) -> None:
    require(actor, "api.manage_webhooks")
    record_event(actor=actor, action="api.webhook_deleted", instance=endpoint, changes={"url": [endpoint.url, None]})
    endpoint.delete()
