"""Presentations: their workflow state and versions as the presentation pages show them, and a new version
uploaded (multipart) through the same service, with the page's checks, limits and errors."""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from peixun.core.permissions import get_scoped, reason_for, require
from peixun.materials import services
from peixun.materials.enums import MaterialState
from peixun.materials.forms import UploadForm
from peixun.materials.models import Material, MaterialVersion
from peixun.materials.selectors import versions_of, visible_materials, with_latest_version

from ..base import PeixunApiMixin
from ..pagination import StableOrderingFilter
from ..permissions import TokenScopePermission
from .filters import IdFilter
from .serializers import ErrorSerializer


class VersionSerializer(serializers.ModelSerializer):
    is_reference = serializers.BooleanField(read_only=True, help_text="A PDF: kept for reference, not translated.")

    class Meta:
        model = MaterialVersion
        fields = ["number", "filename", "kind", "size", "sha256", "slides", "note", "uploaded_at", "is_reference"]


class PresentationSerializer(serializers.ModelSerializer):
    course = serializers.IntegerField(source="course_id", read_only=True)
    session = serializers.IntegerField(source="session_id", read_only=True, allow_null=True)
    module = serializers.IntegerField(source="module_id", read_only=True, allow_null=True)
    lecturer = serializers.IntegerField(source="lecturer_id", read_only=True)
    translator = serializers.IntegerField(source="translator_id", read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True, help_text="In your language.")
    latest_version = serializers.IntegerField(source="latest_number", read_only=True, allow_null=True)
    approved_version = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = Material
        fields = [
            "id",
            "course",
            "session",
            "module",
            "lecturer",
            "translator",
            "title_en",
            "title_zh",
            "state",
            "state_label",
            "latest_version",
            "approved_version",
        ]


class PresentationDetailSerializer(PresentationSerializer):
    versions = serializers.SerializerMethodField(help_text="Newest first.")

    class Meta(PresentationSerializer.Meta):
        fields = [*PresentationSerializer.Meta.fields, "versions"]

    @extend_schema_field(VersionSerializer(many=True))
    def get_versions(self, material):
        return VersionSerializer(versions_of(material), many=True).data


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="A .pptx deck or .docx document (up to 50 MB); a PDF is kept for reference.")
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, help_text="What changed.")


class PresentationFilter(django_filters.FilterSet):
    course = IdFilter(field_name="course_id", help_text="The course's id.")
    state = django_filters.MultipleChoiceFilter(choices=MaterialState.choices, help_text="A workflow step.")

    class Meta:
        model = Material
        fields = ["course", "state"]


def _fields_of(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if name == "__all__" else name): msgs for name, msgs in error.message_dict.items()}
    return {"non_field_errors": error.messages}


@extend_schema_view(
    list=extend_schema(summary="List the presentations you can see, with their workflow step", tags=["presentations"]),
    retrieve=extend_schema(summary="One presentation: its step and its versions", tags=["presentations"]),
)
class PresentationViewSet(PeixunApiMixin, viewsets.ReadOnlyModelViewSet):
    """Presentations as the presentation pages show them (``materials.selectors.visible_materials``): staff
    all; a lecturer their own; a translator those assigned to them; an academy's coordinators and reviewers
    its courses'. A new version is uploaded by the lecturer or programme staff (a token that may write)."""

    permission_classes = [IsAuthenticated, TokenScopePermission]
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = PresentationFilter
    lookup_value_converter = "id"
    ordering_fields = ["id", "updated_at"]
    ordering = ("id",)

    def get_queryset(self):
        return with_latest_version(visible_materials(self.request.user)).select_related("approved_version")

    def get_serializer_class(self):
        if self.action == "upload":
            return UploadSerializer
        return PresentationDetailSerializer if self.action == "retrieve" else PresentationSerializer

    def get_object(self):
        material = get_scoped(self.get_queryset(), reason_for("materials.view_material"), pk=self.kwargs["pk"])
        require(self.request.user, "materials.view_material", material)
        return material

    @extend_schema(
        summary="Upload a new version (multipart)",
        tags=["presentations"],
        request={"multipart/form-data": UploadSerializer},
        responses={201: VersionSerializer, 400: OpenApiResponse(ErrorSerializer, description="The file is refused.")},
    )
    @action(detail=True, methods=["post"], url_path="versions", parser_classes=[MultiPartParser, FormParser])
    def upload(self, request, pk=None):
        """The page's upload: the same form, the same service (the upload guard's kinds, size and content
        limits), the same messages; a deck uploaded after approval sends the presentation back to review."""
        material = self.get_object()
        require(request.user, "materials.upload_version", material)
        form = UploadForm(request.data, request.FILES)
        if not form.is_valid():
            raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
        try:
            version = services.upload_version(
                actor=request.user, material=material, file=form.cleaned_data["file"], note=form.cleaned_data["note"]
            )
        except DjangoValidationError as error:
            raise ValidationError(_fields_of(error)) from error
        return Response(VersionSerializer(version).data, status=status.HTTP_201_CREATED)
