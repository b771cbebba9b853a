from django.urls import path

app_name = "timetables"

urlpatterns: list = []
