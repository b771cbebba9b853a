"""One way to ask before a destructive action: what will happen, to whom, whether it can be undone.

A destructive button is a link to its action's address. Opened (GET), or posted to without the
confirmation step, the address shows the confirmation page and changes nothing; only the page's own
POST, carrying ``confirmed`` (and the reason, where the action is audited with one), does the action.
With JavaScript, ``static/peixun/confirm.js`` fetches the same page's fragment
(``templates/_confirm.html``) and shows it in a dialog; without it the link opens the page.

A view does::

    form = ConfirmForm.from_request(request, reason=Reason.REQUIRED)
    if form.run(lambda reason: service(actor=request.user, ..., reason=reason)):
        messages.success(request, ...)
        return redirect(...)
    return ask(request, form, Confirmation(...))

A service's refusal (``ValidationError``) is shown on the confirmation page again; with
``refusals_to=request`` it becomes a message instead, for views that go back to their page either way.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .audit import REASON_LENGTH
from .forms import add_service_errors

#: The value of the hidden field that marks the final POST.
CONFIRMED = "yes"


class Reason(enum.Enum):
    """Whether the person says why: required where the action is audited with a reason."""

    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"


class ConfirmForm(forms.Form):
    confirmed = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": REASON_LENGTH}),
    )

    def __init__(
        self,
        *args,
        reason: Reason = Reason.NONE,
        reason_label=None,
        reason_help=None,
        reason_missing=None,
        **kwargs,
    ):
        """``reason_missing`` is what a required reason left empty is refused with (the service's own words)."""
        kwargs.setdefault("initial", {"confirmed": CONFIRMED})
        super().__init__(*args, **kwargs)
        self.asks_reason = reason
        if reason == Reason.NONE:
            del self.fields["reason"]
            return
        field = self.fields["reason"]
        field.required = reason == Reason.REQUIRED
        field.error_messages["required"] = reason_missing or _("Give the reason: it is kept in the history.")
        if reason_label:
            field.label = reason_label
        if reason_help:
            field.help_text = reason_help

    @classmethod
    def from_request(cls, request: HttpRequest, **kwargs) -> ConfirmForm:
        """Bound to the request's data only when it is the confirmation page's own POST: a GET, or a
        POST without the confirmation step (an old page, a crafted form), gets the page, not errors."""
        if request.method == "POST" and request.POST.get("confirmed") == CONFIRMED:
            return cls(request.POST, **kwargs)
        return cls(**kwargs)

    def is_confirmed(self) -> bool:
        """Whether this is the confirmation page's own POST, with a reason where one is asked for."""
        return self.is_bound and self.is_valid() and self.cleaned_data.get("confirmed") == CONFIRMED

    def clean_reason(self) -> str:
        # On one line, as the history and the notices show it.
        return " ".join(self.cleaned_data.get("reason", "").split())

    @property
    def given_reason(self) -> str:
        return self.cleaned_data.get("reason", "") if self.is_confirmed() else ""

    def run(self, action: Callable[[str], Any], *, refusals_to: HttpRequest | None = None) -> Done | None:
        """Do ``action(reason)`` when this is the confirmed POST. What it returned, wrapped in a (true)
        :class:`Done`; ``None`` when it was not asked for or was refused: the refusal is put on the form,
        or told to ``refusals_to`` as error messages."""
        if not self.is_confirmed():
            return None
        try:
            value = action(self.given_reason)
        except ValidationError as error:
            if refusals_to is None:
                add_service_errors(self, error)
            else:
                for message in error.messages:
                    messages.error(refusals_to, message)
            return None
        return Done(value)


@dataclass(frozen=True)
class Done:
    """A confirmed action that was done, and what it returned (true even when that is ``None``)."""

    value: Any = None


@dataclass
class Confirmation:
    """What the confirmation page says. Every text is already in the reader's language."""

    #: The question, naming the thing: "Decline the nomination of 王伟?"
    title: str
    #: The button that does it: "Decline the nomination".
    button: str
    #: Where Cancel goes back to (nothing changes).
    cancel_url: str
    #: What will happen, one sentence each: what is removed or declined, who is told, what follows.
    consequences: Sequence[str] = ()
    #: Whether and how it can be undone, said plainly ("It cannot be undone: …").
    undo: str = ""
    #: Facts that identify the thing, as (label, value): official, unit, course, session, date…
    facts: Sequence[tuple[str, str]] = field(default_factory=tuple)


def ask(request: HttpRequest, form: ConfirmForm, confirmation: Confirmation) -> HttpResponse:
    """The confirmation page; only its fragment when asked for it in place (htmx or confirm.js)."""
    context = {"confirmation": confirmation, "form": form, "action_url": request.path}
    status = 400 if form.is_bound and form.errors else 200
    if getattr(request, "htmx", False):
        return render(request, "_confirm.html", context, status=status)
    return render(request, "confirm.html", context, status=status)
