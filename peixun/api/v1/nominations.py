"""A course's nominations (its roster): read as the roster page shows them, nominated, withdrawn and substituted
by a sending unit within its quota, confirmed or declined by the academy, through the pages' own services."""

from __future__ import annotations

import django_filters
from django.db import transaction
from django.utils.translation import gettext_lazy
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from peixun.courses import services
from peixun.courses.enums import EnrolmentStatus
from peixun.courses.forms import OfficialChoiceForm
from peixun.courses.models import Course, Enrolment
from peixun.courses.selectors import course_for, nominable_officials, substitutes_for, visible_enrolments
from peixun.people.models import Official

from ..base import PeixunApiMixin
from ..concurrency import IF_MATCH, PRECONDITION_RESPONSES, by_field, check_if_match, service_errors, with_etag
from ..pagination import StableOrderingFilter
from ..permissions import TokenScopePermission
from ..rows import moment_writer, named
from .filters import IdFilter
from .scopes import get_scoped, reason_for, require

#: The roster page's own words when the official chosen cannot be nominated.
NOT_NOMINABLE = gettext_lazy("Choose one of your unit's officials who is not on this course yet.")
COURSE_PARAMETER = OpenApiParameter("course_pk", int, OpenApiParameter.PATH, description="The course's id.")


class NamedBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()


class OfficialBriefSerializer(serializers.ModelSerializer):
    jurisdiction = NamedBriefSerializer(read_only=True, allow_null=True)
    sending_unit = NamedBriefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Official
        fields = [
            "id",
            "name_zh",
            "name_pinyin",
            "name_en",
            "position_category",
            "title_en",
            "title_zh",
            "jurisdiction",
            "sending_unit",
            "email",
            "phone",
        ]


class NominationSerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(read_only=True)
    official = OfficialBriefSerializer(read_only=True)
    unit = NamedBriefSerializer(read_only=True, help_text="The sending unit whose quota the place counts in.")
    replaces = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True, help_text="The nomination whose place this one took (a substitution)."
    )
    nominated_at = serializers.DateTimeField(read_only=True)
    decided_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Enrolment
        fields = ["id", "course", "official", "unit", "status", "priority", "nominated_at", "decided_at", "replaces"]


#: The columns of a nomination as the roster list reads them: one ``values()`` query over the enrolment, its
#: official with their place and sending unit, and the unit whose quota the place counts in.
NOMINATION_COLUMNS = (
    "id",
    "course_id",
    "status",
    "priority",
    "nominated_at",
    "decided_at",
    "replaces_id",
    "official_id",
    "official__name_zh",
    "official__name_pinyin",
    "official__name_en",
    "official__position_category",
    "official__title_en",
    "official__title_zh",
    "official__jurisdiction_id",
    "official__jurisdiction__name_en",
    "official__jurisdiction__name_zh",
    "official__sending_unit_id",
    "official__sending_unit__name_en",
    "official__sending_unit__name_zh",
    "official__email",
    "official__phone",
    "unit_id",
    "unit__name_en",
    "unit__name_zh",
)


def nomination_rows(rows) -> list[dict]:
    """Nominations as ``NominationSerializer`` writes them, each from its ``NOMINATION_COLUMNS``, in one pass
    (the roster list: a serializer per row cost twice the roster page's whole request, docs/benchmarks.md)."""
    moment = moment_writer()
    return [
        {
            "id": row["id"],
            "course": row["course_id"],
            "official": {
                "id": row["official_id"],
                "name_zh": row["official__name_zh"],
                "name_pinyin": row["official__name_pinyin"],
                "name_en": row["official__name_en"],
                "position_category": row["official__position_category"],
                "title_en": row["official__title_en"],
                "title_zh": row["official__title_zh"],
                "jurisdiction": named(
                    row["official__jurisdiction_id"],
                    row["official__jurisdiction__name_en"],
                    row["official__jurisdiction__name_zh"],
                ),
                "sending_unit": named(
                    row["official__sending_unit_id"],
                    row["official__sending_unit__name_en"],
                    row["official__sending_unit__name_zh"],
                ),
                "email": row["official__email"],
                "phone": row["official__phone"],
            },
            "unit": named(row["unit_id"], row["unit__name_en"], row["unit__name_zh"]),
            "status": row["status"],
            "priority": row["priority"],
            "nominated_at": moment(row["nominated_at"]),
            "decided_at": moment(row["decided_at"]),
            "replaces": row["replaces_id"],
        }
        for row in rows
    ]


class NominateSerializer(serializers.Serializer):
    official = serializers.IntegerField(min_value=1, help_text="The id of one of your unit's officials.")


class SubstituteSerializer(serializers.Serializer):
    official = serializers.IntegerField(min_value=1, help_text="The id of the official who takes the place.")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(
        allow_blank=True, required=False, max_length=1000, help_text="Why: told to the official and their unit."
    )


class NominationFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=EnrolmentStatus.choices)
    unit = IdFilter(field_name="unit_id", help_text="The sending unit's id.")
    official = IdFilter(field_name="official_id", help_text="The official's id.")

    class Meta:
        model = Enrolment
        fields = ["status", "unit", "official"]


@extend_schema(parameters=[COURSE_PARAMETER], tags=["nominations"])
@extend_schema_view(
    list=extend_schema(summary="A course's nominations (its roster, as the roster page shows it to you)"),
    retrieve=extend_schema(summary="One nomination"),
    create=extend_schema(
        summary="Nominate one of your unit's officials (within the unit's quota)",
        request=NominateSerializer,
        responses={201: NominationSerializer},
    ),
)
class NominationViewSet(
    PeixunApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The roster of a course, scoped as its page: programme staff and the academy's coordinators see every
    unit's nominees, a sending unit's contact their own unit's; anyone else is refused with the page's reason."""

    permission_classes = [IsAuthenticated, TokenScopePermission]
    serializer_class = NominationSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = NominationFilter
    ordering_fields = ["nominated_at", "priority", "status", "id"]
    ordering = ("nominated_at",)
    lookup_value_converter = "id"

    def course(self, permission: str = "courses.view_roster") -> Course:
        if not hasattr(self, "_course"):
            self._course = course_for(self.request.user, self.kwargs["course_pk"])
        require(self.request.user, permission, self._course)
        return self._course

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Enrolment.objects.none()
        return visible_enrolments(self.request.user, self.course()).select_related(
            "official__jurisdiction", "official__sending_unit", "unit"
        )

    def enrolment(self, permission: str, *, lock: bool = False) -> Enrolment:
        """The nomination of the address, as the page finds it: among those the caller sees, then the rule."""
        course = self.course("courses.view_course")
        enrolments = visible_enrolments(self.request.user, course).select_related(
            "official__jurisdiction", "official__sending_unit", "unit"
        )
        if lock:
            enrolments = enrolments.select_for_update(of=("self",))
        enrolment = get_scoped(enrolments, reason_for(permission), pk=self.kwargs["pk"])
        enrolment.course = course
        require(self.request.user, permission, enrolment)
        return enrolment

    def get_object(self):
        self.course()
        enrolments = visible_enrolments(self.request.user, self._course).select_related(
            "official__jurisdiction", "official__sending_unit", "unit"
        )
        return get_scoped(enrolments, reason_for("courses.view_roster"), pk=self.kwargs["pk"])

    def list(self, request, *args, **kwargs):
        # Plain rows: the scoped, filtered and ordered enrolments read as values, each written by nomination_rows().
        # No docstring: drf-spectacular would publish it as the operation's description (the class's is).
        enrolments = self.filter_queryset(self.get_queryset()).values(*NOMINATION_COLUMNS)
        page = self.paginate_queryset(enrolments)
        return self.get_paginated_response(nomination_rows(page))

    def retrieve(self, request, *args, **kwargs):
        return with_etag(super().retrieve(request, *args, **kwargs))

    def _answer(self, enrolment: Enrolment, code: int = status.HTTP_200_OK) -> Response:
        enrolment = Enrolment.objects.select_related("official__jurisdiction", "official__sending_unit", "unit").get(
            pk=enrolment.pk
        )
        return with_etag(Response(NominationSerializer(enrolment).data, status=code))

    def create(self, request, *args, **kwargs):
        course = self.course("courses.nominate")
        body = NominateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = OfficialChoiceForm(
            {"official": body.validated_data["official"]}, officials=nominable_officials(request.user, course)
        )
        if not form.is_valid():
            raise ValidationError({"official": [NOT_NOMINABLE]})
        official = form.cleaned_data["official"]
        with service_errors():
            enrolment = services.nominate_official(actor=request.user, course=course, official=official)
        return self._answer(enrolment, status.HTTP_201_CREATED)

    def _change(self, permission: str, body_class, change):
        """Lock the course and the nomination, check If-Match against it as it is now, then ``change`` it."""
        self.enrolment(permission)  # refused before the body is read, as the page refuses before its form
        body = body_class(data=self.request.data) if body_class else None
        if body is not None:
            body.is_valid(raise_exception=True)
        with transaction.atomic():
            Course.objects.select_for_update().filter(pk=self._course.pk).first()
            enrolment = self.enrolment(permission, lock=True)
            check_if_match(self.request, NominationSerializer(enrolment).data)
            with service_errors():
                result = change(enrolment, body.validated_data if body is not None else {})
        return self._answer(result)

    @extend_schema(
        summary="Confirm a nomination (waitlisted if the course is full)",
        parameters=[IF_MATCH],
        request=None,
        responses={200: NominationSerializer, **PRECONDITION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, *args, **kwargs):
        return self._change(
            "courses.decide_enrolment",
            None,
            lambda enrolment, _data: services.confirm_nomination(actor=request.user, enrolment=enrolment),
        )

    @extend_schema(
        summary="Decline a nomination or a waitlisted place, saying why",
        parameters=[IF_MATCH],
        request=ReasonSerializer,
        responses={200: NominationSerializer, **PRECONDITION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, *args, **kwargs):
        return self._change(
            "courses.decide_enrolment",
            ReasonSerializer,
            lambda enrolment, data: services.decline_nomination(
                actor=request.user, enrolment=enrolment, reason=data.get("reason", "")
            ),
        )

    @extend_schema(
        summary="Withdraw an official, saying why (the freed seat goes to the first on the waitlist)",
        parameters=[IF_MATCH],
        request=ReasonSerializer,
        responses={200: NominationSerializer, **PRECONDITION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        def change(enrolment, data):
            services.withdraw_enrolment(actor=request.user, enrolment=enrolment, reason=data.get("reason", ""))
            return enrolment

        return self._change("courses.withdraw_enrolment", ReasonSerializer, change)

    @extend_schema(
        summary="Give the place to another official of the same unit; answers the new nomination",
        parameters=[IF_MATCH],
        request=SubstituteSerializer,
        responses={200: NominationSerializer, **PRECONDITION_RESPONSES},
    )
    @action(detail=True, methods=["post"])
    def substitute(self, request, *args, **kwargs):
        def change(enrolment, data):
            form = OfficialChoiceForm({"official": data["official"]}, officials=substitutes_for(enrolment))
            if not form.is_valid():
                raise ValidationError(by_field(form.errors))
            return services.substitute_official(
                actor=request.user, enrolment=enrolment, official=form.cleaned_data["official"]
            )

        return self._change("courses.substitute_enrolment", SubstituteSerializer, change)
