from django.urls import path

from . import build_views

app_name = "timetabling"

urlpatterns = [
    path("courses/<id:pk>/build/", build_views.course_build, name="course_build"),
    path("courses/<id:pk>/problem.json", build_views.course_problem, name="course_problem"),
    path("proposals/<id:pk>/", build_views.proposal_detail, name="proposal"),
    path("proposals/<id:pk>/accept/", build_views.proposal_accept, name="accept"),
    path("proposals/<id:pk>/discard/", build_views.proposal_discard, name="discard"),
    path("proposals/<id:pk>/restore/", build_views.proposal_restore, name="restore"),
    path("portfolio/", build_views.portfolio, name="portfolio"),
]
