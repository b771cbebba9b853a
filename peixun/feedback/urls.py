"""The addresses of feedback: an official's forms, results for staff and lecturers, and follow-ups."""

from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("sessions/<id:session_pk>/", views.rate, name="rate"),
    path("sessions/<id:session_pk>/results/", views.session_results, name="session"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("lecturer/", views.my_results, name="my_results"),
    path("lecturer/follow-ups/", views.my_follow_ups, name="my_follow_ups"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("follow-ups/<id:pk>/", views.follow_up_detail, name="follow_up"),
    path("follow-ups/<id:pk>/take/", views.follow_up_take, name="follow_up_take"),
]
