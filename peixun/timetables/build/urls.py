"""Addresses of the pages that build, review and accept timetables (namespace ``timetabling``)."""

from django.urls import path

from . import views

app_name = "timetabling"

urlpatterns = [
    path("courses/<id:pk>/build/", views.course_build, name="course_build"),
    path("courses/<id:pk>/problem.json", views.course_problem, name="course_problem"),
    path("proposals/<id:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<id:pk>/accept/", views.proposal_accept, name="accept"),
    path("proposals/<id:pk>/discard/", views.proposal_discard, name="discard"),
    path("proposals/<id:pk>/restore/", views.proposal_restore, name="restore"),
    path("portfolio/", views.portfolio, name="portfolio"),
    path("builds/<str:token>/progress/", views.build_progress, name="build_progress"),
]
