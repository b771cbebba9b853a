"""Addresses of the slide pictures and of the preview of a translated file (namespace ``thumbnails``)."""

from django.urls import path

from . import thumbnail_views as views

app_name = "thumbnails"

urlpatterns = [
    path("<id:pk>/translate/pictures/<id:version_pk>/<id:number>/", views.slide_picture, name="slide"),
    path("<id:pk>/translate/pictures/<id:version_pk>/<id:number>.png", views.picture, name="picture"),
    path("<id:pk>/translate/preview/", views.previews, name="previews"),
    path("<id:pk>/translate/preview/<id:job_pk>/", views.preview, name="preview"),
    path("<id:pk>/translate/preview/<id:job_pk>/status/", views.preview_status, name="preview_status"),
    path("<id:pk>/translate/preview/<id:job_pk>/<id:number>.png", views.preview_picture, name="preview_picture"),
]
