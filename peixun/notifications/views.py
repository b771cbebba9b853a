"""Dismissing one of one's own notices."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from peixun.core.permissions import get_scoped, reason_for, require

from . import services
from .selectors import open_notices, visible_notices


@login_required
@require_POST
def dismiss(request, pk: int):
    """Dismiss one of one's own notices; htmx gets the remaining notices back, a plain form the page."""
    notice = get_scoped(visible_notices(request.user), reason_for("notifications.dismiss_notice"), pk=pk)
    require(request.user, "notifications.dismiss_notice", notice)
    services.dismiss_notice(actor=request.user, notice=notice)
    if request.htmx:
        return render(request, "notifications/_notices.html", {"notices": open_notices(request.user)})
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    # A plain redirect: redirect() would read an address without a slash as the name of a view.
    return HttpResponseRedirect(next_url)
