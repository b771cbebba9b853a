from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("<id:pk>/dismiss/", views.dismiss, name="dismiss"),
]
