from django.urls import path

from . import build_views

app_name = "timetabling"

urlpatterns = [
    path("courses/<int:pk>/build/", build_views.course_build, name="course_build"),
    path("courses/<int:pk>/problem.json", build_views.course_problem, name="course_problem"),
    path("proposals/<int:pk>/", build_views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/accept/", build_views.proposal_accept, name="accept"),
    path("proposals/<int:pk>/discard/", build_views.proposal_discard, name="discard"),
    path("proposals/<int:pk>/restore/", build_views.proposal_restore, name="restore"),
    path("portfolio/", build_views.portfolio, name="portfolio"),
]
