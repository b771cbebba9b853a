"""The API's addresses: the schema and its documentation, version 1, and a JSON 404 for anything else."""

from django.urls import include, path, re_path

from . import docs
from .base import NoSuchEndpoint

app_name = "api"

urlpatterns = [
    path("schema/", docs.schema_view, name="schema"),
    path("docs/", docs.swagger_view, name="docs"),
    path("redoc/", docs.redoc_view, name="redoc"),
    path("v1/", include("peixun.api.v1.urls")),
    re_path(r"", NoSuchEndpoint.as_view(), name="no_such_endpoint"),
]
