"""The addresses of timetables: a course's calendar file and PDF, and calendar subscriptions."""

from django.urls import path

from . import export_views

app_name = "timetables"

urlpatterns: list = [
    # Exports: calendar files, subscription links and the printable timetable.
    path("courses/<id:pk>/timetable.ics", export_views.course_ics, name="course_ics"),
    path("courses/<id:pk>/timetable.pdf", export_views.course_pdf, name="course_pdf"),
    path("calendars/", export_views.calendars, name="calendars"),
    path("calendars/new/", export_views.feed_create, name="feed_create"),
    path("calendars/<id:pk>/revoke/", export_views.feed_revoke, name="feed_revoke"),
    path("feeds/<slug:token>.ics", export_views.feed, name="feed"),
]
