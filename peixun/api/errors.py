"""Every API error in one shape, ``{"error": {"code", "message", "fields"}}``, in the caller's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def _messages(detail: Any) -> list[str]:
    if isinstance(detail, dict):
        return [message for value in detail.values() for message in _messages(value)]
    if isinstance(detail, list):
        return [message for value in detail for message in _messages(value)]
    return [str(detail)]


def _fields(detail: dict) -> dict[str, list[str]]:
    return {str(name): _messages(value) for name, value in detail.items()}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def exception_handler(exc, context):
    """DRF's handler (which turns Django's Http404 and PermissionDenied into its own), reshaped."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a server error, logged and answered by Django
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        fields = _fields(detail) if isinstance(detail, dict) else {}
        general = fields.pop("non_field_errors", []) if fields else _messages(detail)
        if fields:
            message = _("Some values are not valid: see the fields.")
        else:
            message = general[0] if general else _("The request is not valid.")
        if general and (fields or len(general) > 1):
            fields["non_field_errors"] = general  # every problem named, not only the first
        response.data = error_body("invalid", message, fields)
        return response
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        code = getattr(detail, "code", None) or "error"
        response.data = error_body(str(code), str(detail))
    else:
        response.data = error_body("error", " ".join(_messages(data)))
    return response
