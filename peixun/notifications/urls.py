"""The address of a notice's Dismiss button."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("<id:pk>/dismiss/", views.dismiss, name="dismiss"),
]
