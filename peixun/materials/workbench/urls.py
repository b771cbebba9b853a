"""Addresses of the translation workbench, the translation memory and the glossary (namespace ``workbench``)."""

from django.urls import path

from . import views

app_name = "workbench"

urlpatterns = [
    path("<id:pk>/translate/", views.workbench_edit, name="edit"),
    path("<id:pk>/translate/segments/<id:segment_pk>/", views.workbench_save, name="save_segment"),
    path("<id:pk>/export/", views.workbench_export, name="export"),
    path("<id:pk>/export/<id:job_pk>/", views.export_download, name="export_download"),
    path("memory/", views.memory_page, name="memory"),
    path("memory/import/", views.memory_import, name="memory_import"),
    path("memory/tmx/", views.memory_tmx, name="memory_tmx"),
    path("glossary/", views.glossary_page, name="glossary"),
    path("glossary/<id:term_pk>/", views.glossary_edit, name="glossary_edit"),
    path("glossary/<id:term_pk>/delete/", views.glossary_delete, name="glossary_delete"),
]
