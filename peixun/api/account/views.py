"""The API tokens page: the person's tokens, a form to make one (its secret shown on the answer only), revoking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from peixun.core import clock
from peixun.core.confirm import Confirmation, ConfirmForm, ask
from peixun.core.forms import add_service_errors
from peixun.core.permissions import get_scoped, require

from .. import services
from ..selectors import tokens_of
from .forms import NewTokenForm


@login_required
def token_list(request):
    require(request.user, "api.manage_tokens")
    form = NewTokenForm(request.POST or None)
    made = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_api_token(
                actor=request.user, user=request.user, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            form = NewTokenForm()
    context = {"form": form, "made": made, "tokens": tokens_of(request.user)}
    response = render(request, "api/tokens.html", context)
    # The one answer that shows a token's secret is kept by no cache and no browser history.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def token_revoke(request, pk: int):
    """Revoke one of the person's tokens, once the confirmation page has been answered."""
    token = get_scoped(tokens_of(request.user), _("This API token belongs to someone else."), pk=pk)
    require(request.user, "api.revoke_token", token)
    form = ConfirmForm.from_request(request)
    if form.run(lambda _reason: services.revoke_api_token(actor=request.user, token=token)):
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
        return redirect("account:api_tokens")
    confirmation = Confirmation(
        title=_("Revoke the token “%(name)s”?") % {"name": token.name},
        button=_("Revoke the token"),
        cancel_url=reverse("account:api_tokens"),
        facts=[
            (_("Name"), token.name),
            (_("Token"), f"{token.prefix}…"),
            (_("Scope"), token.get_scope_display()),
            (_("Last used"), clock.when(token.last_used_at) if token.last_used_at else _("Never")),
        ],
        consequences=[_("Every system that uses this token is refused from the next request on.")],
        undo=_("It cannot be undone: make a new token and give it to the systems that should keep their access."),
    )
    return ask(request, form, confirmation)
