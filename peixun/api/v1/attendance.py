"""Attendance of a course's sessions: read per session (counts, and each confirmed official's mark), and the
roll call written by the academy's coordinators through the roll-call page's own service."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from peixun.attendance import selectors, services
from peixun.attendance.enums import AttendanceStatus
from peixun.courses.models import Course, Session
from peixun.courses.selectors import course_for

from ..base import PeixunApiMixin
from ..concurrency import IF_MATCH, PRECONDITION_RESPONSES, check_if_match, service_errors, with_etag
from ..pagination import StableOrderingFilter
from ..permissions import TokenScopePermission
from .scopes import get_scoped

COURSE_PARAMETER = OpenApiParameter("course_pk", int, OpenApiParameter.PATH, description="The course's id.")
VIEW = "attendance.view_attendance"
TAKE = "attendance.take_roll_call"


class SessionAttendanceSerializer(serializers.ModelSerializer):
    """A session with how many were marked with each status."""

    starts_at = serializers.DateTimeField(read_only=True)
    ends_at = serializers.DateTimeField(read_only=True)
    present = serializers.IntegerField(source="n_present", read_only=True)
    late = serializers.IntegerField(source="n_late", read_only=True)
    absent = serializers.IntegerField(source="n_absent", read_only=True)
    excused = serializers.IntegerField(source="n_excused", read_only=True)
    marked = serializers.IntegerField(
        source="n_marked", read_only=True, help_text="How many of the officials confirmed now have a mark."
    )

    class Meta:
        model = Session
        fields = [
            "id",
            "date",
            "part_of_day",
            "title_en",
            "title_zh",
            "class_hours",
            "starts_at",
            "ends_at",
            "present",
            "late",
            "absent",
            "excused",
            "marked",
        ]


class MarkRowSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(source="enrolment_id")
    official = serializers.IntegerField(source="official_id")
    name_zh = serializers.CharField()
    name_pinyin = serializers.CharField()
    name_en = serializers.CharField()
    unit_en = serializers.CharField()
    unit_zh = serializers.CharField()
    status = serializers.CharField(help_text="present, late, absent, excused; empty while unmarked.")
    reason = serializers.CharField()


class SheetSerializer(serializers.Serializer):
    session = SessionAttendanceSerializer()
    marks = MarkRowSerializer(many=True, help_text="Every official confirmed on the course, by name.")


class MarkSerializer(serializers.Serializer):
    enrolment = serializers.IntegerField(min_value=1, help_text="The nomination's id (its row on the sheet).")
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.CharField(allow_blank=True, required=False, max_length=300, help_text="Required when excused.")


class RollCallSerializer(serializers.Serializer):
    marks = MarkSerializer(many=True, help_text="The officials marked; those left out keep their marks.")


class AttendanceFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text="On or after.")
    date_until = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text="On or before.")

    class Meta:
        model = Session
        fields = ["date_from", "date_until"]


@extend_schema(parameters=[COURSE_PARAMETER], tags=["attendance"])
@extend_schema_view(
    list=extend_schema(summary="A course's sessions with their attendance counted"),
    retrieve=extend_schema(summary="A session's attendance sheet", responses=SheetSerializer),
    update=extend_schema(
        summary="Record a roll call of the session",
        parameters=[IF_MATCH],
        request=RollCallSerializer,
        responses={200: SheetSerializer, **PRECONDITION_RESPONSES},
    ),
)
class AttendanceViewSet(
    PeixunApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """As the attendance pages: programme staff and the coordinators of the course's academy read and take it."""

    permission_classes = [IsAuthenticated, TokenScopePermission]
    serializer_class = SessionAttendanceSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = AttendanceFilter
    ordering_fields = ["date", "id"]
    ordering = ("date", "part_of_day")
    lookup_value_converter = "id"
    http_method_names = ["get", "put", "head", "options"]

    def course(self, permission: str) -> Course:
        return course_for(self.request.user, self.kwargs["course_pk"], permission)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Session.objects.none()
        return selectors.sessions_with_counts(self.course(VIEW))

    def session(self, course: Course) -> Session:
        return get_scoped(course.sessions.all(), _("This session belongs to another course."), pk=self.kwargs["pk"])

    def sheet(self, course: Course, session: Session) -> dict:
        counted = selectors.sessions_with_counts(course).get(pk=session.pk)
        rows = selectors.roll_call_sheet(session)
        return SheetSerializer({"session": counted, "marks": rows}).data

    def retrieve(self, request, *args, **kwargs):
        course = self.course(VIEW)
        return with_etag(Response(self.sheet(course, self.session(course))))

    def update(self, request, *args, **kwargs):
        course = self.course(TAKE)
        session = self.session(course)
        body = RollCallSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows = body.validated_data["marks"]
        marks = {row["enrolment"]: services.Mark(row["status"], row.get("reason", "")) for row in rows}
        with transaction.atomic():
            Course.objects.select_for_update().filter(pk=course.pk).first()
            check_if_match(request, self.sheet(course, session))
            with service_errors():
                services.record_roll_call(actor=request.user, session=session, marks=marks)
        return with_etag(Response(self.sheet(course, session)))
