"""Request middleware: the user's language and time zone, refusing oversize requests and NULs in queries, and
telling a page's script that its login expired."""

import math

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render, resolve_url
from django.utils import timezone, translation
from django.utils.translation import gettext


class UserLanguageMiddleware:
    """A logged-in user's chosen language wins over the browser's, on every device they use; times are
    shown in their time zone (the programme's when they chose none)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        if user is not None and user.is_authenticated and user.time_zone:
            timezone.activate(user.time_zone)
        else:
            timezone.deactivate()
        try:
            response = self.get_response(request)
        finally:
            # The reader's zone ends with their request: whatever the thread runs next (another request,
            # a task run in-process) starts in the programme's time zone.
            timezone.deactivate()
        if user is not None and user.is_authenticated and user.language:
            response.headers.setdefault("Content-Language", user.language)
        return response


class RequestSizeMiddleware:
    """Refuses (413) a request whose declared Content-Length is above PEIXUN_MAX_REQUEST_BYTES, before its
    body is read; the page says, in the reader's language, how large a request may be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        ceiling = settings.PEIXUN_MAX_REQUEST_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if ceiling and declared > ceiling:
            context = {"limit_mb": ceiling // (1024 * 1024), "size_mb": math.ceil(declared / (1024 * 1024))}
            return render(request, "413.html", context, status=413)
        return self.get_response(request)


class NulInQueryMiddleware:
    """An address whose query holds a NUL byte is answered 400 with the reason, in one place: PostgreSQL
    refuses NUL in any string, so a search or filter that passed it on failed with a server error.
    (Form fields refuse NUL themselves, with Django's own message.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, values in request.GET.lists() for value in values):
            message = gettext("The address contains a NUL character, which no search or filter accepts.")
            if request.path.startswith("/api/"):
                # The API's one error shape (docs/api.md), so that a program reads this refusal as any other.
                return JsonResponse({"error": {"code": "invalid", "message": message, "fields": {}}}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class HtmxLoginExpiredMiddleware:
    """A page's script (htmx) whose login expired is answered 401 with the reason as plain text, instead of the
    redirect to the login page that a browser's request follows unseen: htmx would swap the login form into the
    fragment it asked for (a segment's box, a job's progress), and a translator's typed text would be lost.
    The workbench shows the reason beside the text, which stays in its box (peixun/static/peixun/workbench.js)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            getattr(request, "htmx", False)
            and response.status_code == 302
            and not request.user.is_authenticated
            and response["Location"].split("?")[0] == resolve_url(settings.LOGIN_URL)
        ):
            message = gettext("Your login has expired. Log in again in another tab, then try again here.")
            return HttpResponse(message, status=401, content_type="text/plain; charset=utf-8")
        return response
