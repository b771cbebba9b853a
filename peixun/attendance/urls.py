"""The addresses of attendance: a course's attendance, roll call, the check-in screen, code and check-in."""

from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("courses/<id:pk>/", views.course_attendance, name="course"),
    path("courses/<id:pk>/sessions/<id:session_pk>/", views.roll_call, name="roll_call"),
    path("courses/<id:pk>/sessions/<id:session_pk>/screen/", views.checkin_screen, name="checkin_screen"),
    path("courses/<id:pk>/sessions/<id:session_pk>/code/", views.checkin_code, name="checkin_code"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("sessions/<id:session_pk>/checked-in/", views.checked_in, name="checked_in"),
]
