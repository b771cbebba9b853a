"""The OpenAPI schema is valid and documents the error shape; Swagger UI and Redoc are served from Peixun's
own static files and keep the Content-Security-Policy's scripts from 'self' only."""

import json
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


def schema() -> dict:
    response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi+json")
    return json.loads(response.content)


def test_the_schema_is_valid_openapi_3_and_lists_the_resources():
    document = schema()
    validate_schema(document)  # raises on anything that is not OpenAPI 3
    assert document["openapi"].startswith("3.")
    assert sorted(document["paths"]) == [
        "/api/v1/academies/",
        "/api/v1/academies/{id}/",
        "/api/v1/certificates/",
        "/api/v1/certificates/verify/{code}/",
        "/api/v1/certificates/{id}/",
        "/api/v1/compliance/",
        "/api/v1/courses/",
        "/api/v1/courses/{course_pk}/attendance/",
        "/api/v1/courses/{course_pk}/attendance/{id}/",
        "/api/v1/courses/{course_pk}/nominations/",
        "/api/v1/courses/{course_pk}/nominations/{id}/",
        "/api/v1/courses/{course_pk}/nominations/{id}/confirm/",
        "/api/v1/courses/{course_pk}/nominations/{id}/decline/",
        "/api/v1/courses/{course_pk}/nominations/{id}/substitute/",
        "/api/v1/courses/{course_pk}/nominations/{id}/withdraw/",
        "/api/v1/courses/{id}/",
        "/api/v1/feedback/sessions/",
        "/api/v1/feedback/sessions/{id}/",
        "/api/v1/impact/",
        "/api/v1/module-templates/",
        "/api/v1/module-templates/{id}/",
        "/api/v1/officials/",
        "/api/v1/officials/{id}/",
        "/api/v1/officials/{official_pk}/training/",
        "/api/v1/presentations/",
        "/api/v1/presentations/{id}/",
        "/api/v1/presentations/{id}/versions/",
        "/api/v1/topics/",
        "/api/v1/topics/{id}/",
        "/api/v1/venues/",
        "/api/v1/venues/{id}/",
    ]
    assert document["components"]["securitySchemes"]["token"] == {
        "type": "http",
        "scheme": "bearer",
        "description": "A personal API token made on your profile page: `Authorization: Bearer pxn_…`.",
    }


def test_every_operation_documents_the_error_shape():
    document = schema()
    assert document["components"]["schemas"]["Error"]["required"] == ["error"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status in ("400", "401", "403", "404", "429"):
                content = operation["responses"][status]["content"]["application/json"]["schema"]
                assert content == {"$ref": "#/components/schemas/Error"}, (path, method, status)


def test_list_operations_document_cursor_pages_filters_and_ordering():
    parameters = {p["name"] for p in schema()["paths"]["/api/v1/courses/"]["get"]["parameters"]}
    assert {"cursor", "page_size", "ordering", "academy", "academy_code", "status", "starts_from"} <= parameters


def local_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html)


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_pages_load_only_peixuns_own_files(path, settings):
    static = "/" + settings.STATIC_URL.lstrip("/")
    client = Client()
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assets = local_assets(html)
    assert assets, html
    for asset in assets:
        parts = urlsplit(asset)
        assert not parts.scheme and not parts.netloc, asset
        if parts.path.startswith(static):
            assert finders.find(parts.path.removeprefix(static)), asset  # a file Peixun serves itself
    assert "<script>" not in html  # no inline script: the policy would block it
    assert "<style>" not in html
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'"
    assert "http" not in response["Content-Security-Policy"]


def test_swagger_ui_takes_its_start_script_from_its_own_address():
    client = Client()
    html = client.get("/api/docs/").content.decode()
    [script] = [src for src in local_assets(html) if "script" in src]
    response = client.get(script)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()


def test_every_change_of_one_object_requires_if_match_and_documents_412_and_428():
    paths = schema()["paths"]
    changes = [
        paths["/api/v1/courses/{course_pk}/attendance/{id}/"]["put"],
        *(
            paths[f"/api/v1/courses/{{course_pk}}/nominations/{{id}}/{verb}/"]["post"]
            for verb in ("confirm", "decline", "substitute", "withdraw")
        ),
    ]
    for operation in changes:
        [header] = [p for p in operation["parameters"] if p["in"] == "header"]
        assert (header["name"], header["required"]) == ("If-Match", True)
        for status in ("412", "428"):
            content = operation["responses"][status]["content"]["application/json"]["schema"]
            assert content == {"$ref": "#/components/schemas/Error"}
