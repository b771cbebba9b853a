"""The account's addresses: the API tokens page and revoking a token."""

from django.urls import path

from . import views

app_name = "account"

urlpatterns = [
    path("api-tokens/", views.token_list, name="api_tokens"),
    path("api-tokens/<id:pk>/revoke/", views.token_revoke, name="api_token_revoke"),
]
