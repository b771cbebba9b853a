from django.urls import path

from . import views

app_name = "materials"

urlpatterns = [
    path("", views.material_list_view, name="list"),
    path("new/", views.material_create, name="create"),
    path("review/", views.review_queue_view, name="review_queue"),
    path("course/<int:course_pk>/", views.course_materials_view, name="course"),
    path("<int:pk>/", views.material_detail, name="detail"),
    path("<int:pk>/upload/", views.material_upload, name="upload"),
    path("<int:pk>/versions/<int:number>/", views.version_download, name="download"),
    path("<int:pk>/comment/", views.material_comment, name="comment"),
    path("<int:pk>/translator/", views.material_translator, name="translator"),
    path("<int:pk>/do/<slug:action>/", views.material_action, name="action"),
]
