"""The addresses of training records: an official's, corrections, imports and the compliance report."""

from django.urls import path

from . import exports, views

app_name = "records"

urlpatterns = [
    path("me/", views.my_record, name="my_record"),
    path("officials/<id:pk>/", views.official_record, name="official_record"),
    path("officials/<id:pk>/entries/<id:entry_pk>/correct/", views.correct_entry, name="correct_entry"),
    path("import/", views.import_upload, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<id:batch_pk>/", views.import_preview, name="import_preview"),
    path("import/<id:batch_pk>/check/", views.import_check, name="import_check"),
    path("import/<id:batch_pk>/apply/", views.import_apply, name="import_apply"),
    path("import/<id:batch_pk>/discard/", views.import_discard, name="import_discard"),
    path("compliance/", views.compliance_report, name="compliance"),
    path("compliance.xlsx", exports.compliance_xlsx, name="compliance_xlsx"),
]
