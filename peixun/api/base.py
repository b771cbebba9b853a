"""What every API view shares: the caller's language from ``Accept-Language``, and the token named in the audit."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from peixun.core.audit import through_api_token

from .models import ApiToken


def accept_language(request) -> str | None:
    """The first language of ``Accept-Language`` that Peixun speaks (``zh-CN`` is read as ``zh-hans``)."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header[:200]):
        if code == "*":
            return settings.LANGUAGE_CODE
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


class PeixunApiMixin:
    """Answers in the language the caller asks for (else the reader's own, else English), and while a
    token's request runs, every audit row it writes names the token."""

    _audit_block = None

    def initial(self, request, *args, **kwargs):
        language = accept_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)
        if isinstance(request.auth, ApiToken):
            self._audit_block = through_api_token(request.auth.name)
            self._audit_block.__enter__()

    def finalize_response(self, request, response, *args, **kwargs):
        block, self._audit_block = self._audit_block, None
        if block is not None:
            block.__exit__(None, None, None)
        return super().finalize_response(request, response, *args, **kwargs)


class NoSuchEndpoint(PeixunApiMixin, APIView):
    """Any other address under /api/: a 404 in the API's error shape rather than the site's page."""

    permission_classes = []
    authentication_classes = []
    schema = None  # not an endpoint: left out of the OpenAPI schema

    def handle(self, request, *args, **kwargs):
        raise NotFound()

    get = post = put = patch = delete = head = options = handle
