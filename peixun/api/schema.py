"""The OpenAPI schema's additions: the token scheme, and the error shape documented on every operation."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension

#: The error responses any operation may give, with what each means.
ERRORS = {
    "400": "Invalid values (a filter, a page size, a body): `error.fields` says which.",
    "401": "No credentials, or an unknown or revoked token.",
    "403": "Refused: the caller may not do this; the message says why (as the page would).",
    "404": "No such object (or no such page cursor).",
    "405": "The endpoint does not take this method.",
    "429": "Too many requests for this token: wait as the Retry-After header says.",
}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "For programs: not_authenticated, invalid, not_found, ..."},
                "message": {"type": "string", "description": "For people, in the language of Accept-Language."},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    "description": "For invalid values: each field's problems.",
                },
            },
        }
    },
}


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "peixun.api.authentication.BearerTokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token made on your profile page: `Authorization: Bearer pxn_…`.",
        }


#: No string in an address may hold a NUL character (PostgreSQL refuses it): such a request is answered 400.
NO_NUL = "^[^\\x00]*$"


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: the Error component, each error response on every operation of /api/v1/, and
    the rule that a query string holds no NUL character."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                if (
                    parameter["in"] == "query"
                    and schema.get("type") == "string"
                    and not schema.keys()
                    & {
                        "enum",
                        "pattern",
                        "format",
                    }
                ):
                    schema["pattern"] = NO_NUL
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(
                    status, {"description": description, "content": {"application/json": {"schema": reference}}}
                )
    return result
