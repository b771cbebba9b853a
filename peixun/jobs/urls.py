from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("<id:pk>/", views.job_detail, name="detail"),
    path("<id:pk>/status/", views.job_status, name="status"),
    path("<id:pk>/cancel/", views.cancel, name="cancel"),
    path("<id:pk>/file/", views.result_file, name="file"),
]
