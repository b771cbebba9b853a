"""The addresses of the academy pages: the list and one academy's detail."""

from django.urls import path

from . import views

app_name = "academies"

urlpatterns = [
    path("", views.academy_list, name="list"),
    path("<id:pk>/", views.academy_detail, name="detail"),
]
