"""The addresses of a course's pages: list, detail, timetable, modules, quotas, roster and its decisions."""

from django.urls import path

from . import exports, views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_create, name="create"),
    path("<id:pk>/", views.course_detail, name="detail"),
    path("<id:pk>/edit/", views.course_edit, name="edit"),
    path("<id:pk>/timetable/", views.course_timetable, name="timetable"),
    path("<id:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<id:pk>/sessions/<id:session_pk>/", views.session_edit, name="session_edit"),
    path("<id:pk>/sessions/<id:session_pk>/delete/", views.session_delete, name="session_delete"),
    path("<id:pk>/modules/", views.module_list, name="modules"),
    path("<id:pk>/modules/add/", views.module_add, name="module_add"),
    path("<id:pk>/modules/<id:module_pk>/", views.module_edit, name="module_edit"),
    path("<id:pk>/roster/", views.course_roster, name="roster"),
    path("<id:pk>/roster.csv", exports.roster_csv, name="roster_csv"),
    path("<id:pk>/roster.xlsx", exports.roster_xlsx, name="roster_xlsx"),
    path("<id:pk>/quotas/", views.course_quotas, name="quotas"),
    path("<id:pk>/nominate/", views.nominate, name="nominate"),
    path("<id:pk>/nominable/", views.nominable, name="nominable"),
    path("<id:pk>/enrolments/<id:enrolment_pk>/confirm/", views.enrolment_confirm, name="confirm"),
    path("<id:pk>/enrolments/<id:enrolment_pk>/decline/", views.enrolment_decline, name="decline"),
    path("<id:pk>/enrolments/<id:enrolment_pk>/withdraw/", views.enrolment_withdraw, name="withdraw"),
    path("<id:pk>/enrolments/<id:enrolment_pk>/substitute/", views.enrolment_substitute, name="substitute"),
    path("<id:pk>/history/", views.course_history, name="history"),
]
