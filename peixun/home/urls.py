"""The start page's address: the site's root, named ``home`` without a namespace (every page links to it)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
]
