"""The addresses of presentations: list, review queue, a course's, detail, uploads, versions and actions."""

from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("", views.material_list_view, name="list"),
    path("new/", views.material_create, name="create"),
    path("review/", views.review_queue_view, name="review_queue"),
    path("course/<id:course_pk>/", views.course_materials_view, name="course"),
    path("<id:pk>/", views.material_detail, name="detail"),
    path("<id:pk>/upload/", views.material_upload, name="upload"),
    path("<id:pk>/versions/<id:number>/", views.version_download, name="download"),
    path("<id:pk>/comment/", views.material_comment, name="comment"),
    path("<id:pk>/translator/", views.material_translator, name="translator"),
    path("<id:pk>/do/<slug:action>/", views.material_action, name="action"),
]
