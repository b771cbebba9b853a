"""The version 1 endpoints: read-only lists and details, each scoped by the rule its page asks."""

from __future__ import annotations

from django.db.models import Prefetch, prefetch_related_objects
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.permissions import IsAuthenticated

from ..base import PeixunApiMixin
from ..concurrency import with_etag
from ..pagination import StableOrderingFilter
from ..permissions import TokenScopePermission, rule
from . import filters, serializers
from .scopes import (
    SEE_ACADEMIES,
    SEE_MODULE_TEMPLATES,
    SEE_TOPICS,
    Academy,
    CourseModule,
    Module,
    Session,
    Topic,
    Venue,
    course_for,
    visible_courses,
    with_seat_counts,
)


class ReadOnlyResource(PeixunApiMixin, viewsets.ReadOnlyModelViewSet):
    """A list (cursor pages, filters, ``?ordering=``) and a detail by id."""

    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    lookup_value_converter = "id"

    def retrieve(self, request, *args, **kwargs):
        return with_etag(super().retrieve(request, *args, **kwargs))


@extend_schema_view(
    list=extend_schema(summary="List the academies", tags=["academies"]),
    retrieve=extend_schema(summary="One academy", tags=["academies"]),
)
class AcademyViewSet(ReadOnlyResource):
    """Partner academies, with their course rules and when their parts of the day run (the academies page)."""

    permission_classes = [IsAuthenticated, TokenScopePermission, rule(SEE_ACADEMIES)]
    serializer_class = serializers.AcademySerializer
    queryset = Academy.objects.all()
    ordering_fields = ["code", "name_en", "id"]
    ordering = ("code",)


@extend_schema_view(
    list=extend_schema(summary="List the venues", tags=["academies"]),
    retrieve=extend_schema(summary="One venue", tags=["academies"]),
)
class VenueViewSet(ReadOnlyResource):
    """Classrooms and site-visit hosts (the academies' pages list them to everyone who sees academies)."""

    permission_classes = [IsAuthenticated, TokenScopePermission, rule(SEE_ACADEMIES)]
    serializer_class = serializers.VenueSerializer
    queryset = Venue.objects.select_related("host")
    filterset_class = filters.VenueFilter
    ordering_fields = ["name_en", "capacity", "id"]
    ordering = ("name_en",)


@extend_schema_view(
    list=extend_schema(summary="List the topics", tags=["curriculum"]),
    retrieve=extend_schema(summary="One topic", tags=["curriculum"]),
)
class TopicViewSet(ReadOnlyResource):
    """The programme's topics."""

    permission_classes = [IsAuthenticated, TokenScopePermission, rule(SEE_TOPICS)]
    serializer_class = serializers.TopicSerializer
    queryset = Topic.objects.all()
    ordering_fields = ["order", "slug", "id"]
    ordering = ("order",)


@extend_schema_view(
    list=extend_schema(summary="List the module templates", tags=["curriculum"]),
    retrieve=extend_schema(summary="One module template", tags=["curriculum"]),
)
class ModuleTemplateViewSet(ReadOnlyResource):
    """The curriculum's module templates with their outlines: what a course's modules are copied from."""

    permission_classes = [IsAuthenticated, TokenScopePermission, rule(SEE_MODULE_TEMPLATES)]
    serializer_class = serializers.ModuleTemplateSerializer
    queryset = Module.objects.prefetch_related("topics", "outline")
    filterset_class = filters.ModuleTemplateFilter
    ordering_fields = ["code", "days", "id"]
    ordering = ("code",)


@extend_schema_view(
    list=extend_schema(summary="List the courses you can see", tags=["courses"]),
    retrieve=extend_schema(
        summary="One course with its modules and sessions (the timetable)",
        tags=["courses"],
        responses=serializers.CourseDetailSerializer,
    ),
)
class CourseViewSet(ReadOnlyResource):
    """Courses, scoped as the course list is (``visible_courses``); a course out of scope is refused with the
    reason its page gives, one that does not exist is not found."""

    permission_classes = [IsAuthenticated, TokenScopePermission]
    serializer_class = serializers.CourseSerializer
    filterset_class = filters.CourseFilter
    ordering_fields = ["start", "end", "title_en", "created_at", "id"]
    ordering = ("-start",)

    def get_queryset(self):
        return with_seat_counts(visible_courses(self.request.user))

    def get_serializer_class(self):
        return serializers.CourseDetailSerializer if self.action == "retrieve" else serializers.CourseSerializer

    def get_object(self):
        course = course_for(self.request.user, self.kwargs["pk"])
        sessions = Session.objects.select_related("venue", "sponsor").prefetch_related("lecturers")
        modules = CourseModule.objects.select_related("template").prefetch_related("topics")
        prefetch_related_objects([course], Prefetch("sessions", sessions), Prefetch("modules", modules))
        return course
