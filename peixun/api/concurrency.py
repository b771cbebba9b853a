"""Writes that cannot overwrite each other: an ETag on every read of one object, ``If-Match`` required on
every change of one (412 when it no longer matches, 428 when it is missing), and the services' own refusals
answered in the API's error shape."""

from __future__ import annotations

import contextlib
import hashlib
import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError

ERROR_REFERENCE = {"$ref": "#/components/schemas/Error"}


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = _(
        "This object has changed since you read it (its ETag no longer matches If-Match). Read it again, "
        "then decide again."
    )


class PreconditionRequired(APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition_required"
    default_detail = _(
        "Send the ETag of the object as you last read it in the If-Match header, so that no change made "
        "meanwhile is overwritten."
    )


def etag_of(data) -> str:
    """A strong ETag of a representation: the SHA-256 of its JSON, keys sorted."""
    body = json.dumps(data, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def _tags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def check_if_match(request, current) -> None:
    """Refuse a change unless ``If-Match`` names the ETag of ``current`` (the object's representation now).

    Call it inside the transaction that writes, after locking the object, so that nothing can change it
    between the check and the write."""
    header = request.META.get("HTTP_IF_MATCH", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        return
    if etag_of(current) not in _tags(header):
        raise PreconditionFailed()


def with_etag(response):
    """Set the ETag of a response holding one object."""
    if response.status_code in (200, 201) and response.data is not None:
        response["ETag"] = etag_of(response.data)
    return response


def by_field(errors) -> dict[str, list[str]]:
    """A form's or a service's errors by field, as the API names them (``__all__`` is ``non_field_errors``)."""
    return {("non_field_errors" if name == "__all__" else name): list(messages) for name, messages in errors.items()}


@contextlib.contextmanager
def service_errors():
    """A service's ValidationError, with the very messages the page shows, as the API's 400."""
    try:
        yield
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(by_field(error.message_dict)) from None
        raise ValidationError(error.messages) from None


IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag of the object as you last read it; a change made meanwhile answers 412.",
)

#: The responses of a change guarded by If-Match, for the schema.
PRECONDITION_RESPONSES = {
    412: OpenApiResponse(ERROR_REFERENCE, description="The object changed since it was read: read it again."),
    428: OpenApiResponse(ERROR_REFERENCE, description="If-Match is missing."),
}
