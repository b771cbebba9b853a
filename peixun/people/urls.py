"""The addresses of people: the official search and detail, lecturers and their availability."""

from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("officials/", views.official_search, name="officials"),
    path("officials/<id:pk>/", views.official_detail, name="official"),
    path("lecturers/", views.lecturer_list, name="lecturers"),
    path("lecturers/<id:pk>/", views.lecturer_detail, name="lecturer"),
    path("lecturers/<id:pk>/availability/", views.lecturer_availability, name="availability"),
    path(
        "lecturers/<id:pk>/availability/<id:window_pk>/remove/", views.availability_remove, name="availability_remove"
    ),
]
