"""The site's addresses: each app's pages under its own prefix, the API under /api/, the admin, health and login."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from peixun.core import health
from peixun.core import views as core_views

urlpatterns = [
    path("", include("peixun.home.urls")),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", core_views.set_language, name="set_language"),
    path("courses/", include("peixun.courses.urls")),
    path("academies/", include("peixun.academies.urls")),
    path("timetables/", include("peixun.timetables.urls")),
    path("timetables/", include("peixun.timetables.build.urls")),
    path("attendance/", include("peixun.attendance.urls")),
    path("records/", include("peixun.records.urls")),
    path("", include("peixun.records.certificates.urls")),
    path("feedback/", include("peixun.feedback.urls")),
    path("partners/", include("peixun.partners.urls")),
    path("press/", include("peixun.partners.press.urls")),
    path("impact/", include("peixun.impact.urls")),
    path("materials/", include("peixun.materials.urls")),
    path("materials/", include("peixun.materials.workbench.urls")),
    path("materials/", include("peixun.materials.thumbnail_urls")),
    path("notices/", include("peixun.notifications.urls")),
    path("jobs/", include("peixun.jobs.urls")),
    path("health/", health.health, name="health"),
    path("", include("peixun.people.urls")),
    path("account/", include("peixun.api.account.urls")),
    path("api/", include("peixun.api.urls")),
    path("admin/", admin.site.urls),
]
