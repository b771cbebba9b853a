"""Certificates, mounted at the site root: the pages under /certificates/ and the public /verify/."""

from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("certificates/courses/<id:course_pk>/", views.course_certificates, name="course"),
    path("certificates/courses/<id:course_pk>/issue/", views.issue, name="issue"),
    path("certificates/courses/<id:course_pk>/zip/", views.course_zip, name="course_zip"),
    path("certificates/courses/<id:course_pk>/zip/<id:job_pk>/", views.course_zip_download, name="course_zip_download"),
    path("certificates/courses/<id:course_pk>/<id:certificate_pk>/revoke/", views.revoke, name="revoke"),
    path("certificates/me/", views.mine, name="mine"),
    path("certificates/me/transcript.pdf", views.my_transcript, name="my_transcript"),
    path("certificates/officials/<id:official_pk>/transcript.pdf", views.transcript, name="transcript"),
    path("certificates/<str:code>.pdf", views.certificate_pdf, name="pdf"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
]
