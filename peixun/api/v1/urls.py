"""The version 1 routes: /api/v1/<resource>/ and /api/v1/<resource>/<id>/."""

from rest_framework.routers import SimpleRouter

from . import attendance, nominations, records, views

router = SimpleRouter(use_regex_path=False)
router.register("academies", views.AcademyViewSet, basename="academy")
router.register("venues", views.VenueViewSet, basename="venue")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("module-templates", views.ModuleTemplateViewSet, basename="module-template")
router.register("courses", views.CourseViewSet, basename="course")
router.register("courses/<id:course_pk>/nominations", nominations.NominationViewSet, basename="nomination")
router.register("courses/<id:course_pk>/attendance", attendance.AttendanceViewSet, basename="attendance")
router.register("officials", records.OfficialViewSet, basename="official")
router.register("officials/<id:official_pk>/training", records.TrainingViewSet, basename="training")
router.register("compliance", records.ComplianceViewSet, basename="compliance")

app_name = "v1"
urlpatterns = router.urls
