"""The version 1 routes: /api/v1/<resource>/ and /api/v1/<resource>/<id>/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import attendance, certificates, feedback, impact, nominations, presentations, records, views

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
router.register("certificates", certificates.CertificateViewSet, basename="certificate")
router.register("presentations", presentations.PresentationViewSet, basename="presentation")
router.register("feedback/sessions", feedback.SessionFeedbackViewSet, basename="session-feedback")

app_name = "v1"
urlpatterns = router.urls
urlpatterns += [
    path("impact/", impact.ImpactView.as_view(), name="impact"),
    path("certificates/verify/<str:code>/", certificates.VerifyCertificateView.as_view(), name="certificate-verify"),
]
