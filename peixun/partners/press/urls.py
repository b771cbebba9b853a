"""The press archive and the translated documents, mounted under /press/ (namespace ``press``)."""

from django.urls import path

from . import views

app_name = "press"

urlpatterns = [
    path("", views.press_list, name="list"),
    path("add/", views.press_add, name="add"),
    path("<id:pk>/", views.press_detail, name="detail"),
    path("<id:pk>/edit/", views.press_edit, name="edit"),
    path("documents/", views.document_list, name="documents"),
    path("documents/add/", views.document_add, name="document_add"),
    path("documents/<id:pk>/edit/", views.document_edit, name="document_edit"),
    path("documents/<id:pk>/original/", views.document_file, {"which": "original"}, name="document_original"),
    path("documents/<id:pk>/translation/", views.document_file, {"which": "translation"}, name="document_translation"),
]
