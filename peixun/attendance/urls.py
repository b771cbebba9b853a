from django.urls import path

from . import views

app_name = "attendance"

urlpatterns = [
    path("courses/<int:pk>/", views.course_attendance, name="course"),
    path("courses/<int:pk>/sessions/<int:session_pk>/", views.roll_call, name="roll_call"),
    path("courses/<int:pk>/sessions/<int:session_pk>/screen/", views.checkin_screen, name="checkin_screen"),
    path("courses/<int:pk>/sessions/<int:session_pk>/code/", views.checkin_code, name="checkin_code"),
    path("checkin/<str:token>/", views.checkin, name="checkin"),
    path("sessions/<int:session_pk>/checked-in/", views.checked_in, name="checked_in"),
]
