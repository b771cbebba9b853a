from django.urls import path

from . import exports, views

app_name = "courses"

urlpatterns = [
    path("", views.course_list, name="list"),
    path("new/", views.course_create, name="create"),
    path("<int:pk>/", views.course_detail, name="detail"),
    path("<int:pk>/edit/", views.course_edit, name="edit"),
    path("<int:pk>/timetable/", views.course_timetable, name="timetable"),
    path("<int:pk>/sessions/new/", views.session_create, name="session_create"),
    path("<int:pk>/sessions/<int:session_pk>/", views.session_edit, name="session_edit"),
    path("<int:pk>/sessions/<int:session_pk>/delete/", views.session_delete, name="session_delete"),
    path("<int:pk>/modules/", views.module_list, name="modules"),
    path("<int:pk>/modules/add/", views.module_add, name="module_add"),
    path("<int:pk>/modules/<int:module_pk>/", views.module_edit, name="module_edit"),
    path("<int:pk>/roster/", views.course_roster, name="roster"),
    path("<int:pk>/roster.csv", exports.roster_csv, name="roster_csv"),
    path("<int:pk>/roster.xlsx", exports.roster_xlsx, name="roster_xlsx"),
    path("<int:pk>/quotas/", views.course_quotas, name="quotas"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("<int:pk>/nominable/", views.nominable, name="nominable"),
    path("<int:pk>/enrolments/<int:enrolment_pk>/confirm/", views.enrolment_confirm, name="confirm"),
    path("<int:pk>/enrolments/<int:enrolment_pk>/decline/", views.enrolment_decline, name="decline"),
    path("<int:pk>/enrolments/<int:enrolment_pk>/withdraw/", views.enrolment_withdraw, name="withdraw"),
    path("<int:pk>/enrolments/<int:enrolment_pk>/substitute/", views.enrolment_substitute, name="substitute"),
    path("<int:pk>/history/", views.course_history, name="history"),
]
