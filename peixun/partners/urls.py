"""The addresses of partners: list, detail, engagements, a course's, a partner's own and their reports."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.partner_list, name="list"),
    path("<id:org_pk>/", views.partner_detail, name="detail"),
    path("engagements/new/", views.engagement_add, name="engagement_add"),
    path("engagements/<id:pk>/", views.engagement_edit, name="engagement_edit"),
    path("engagements/sessions/", views.session_choices_view, name="session_choices"),
    path("courses/<id:course_pk>/", views.course_engagements, name="course"),
    path("mine/", views.my_engagements, name="mine"),
    path("mine/<id:pk>/report/", views.report_delivery, name="report"),
    path("thanks/", views.thanks, name="thanks"),
]
