"""Certificates: the list scoped as the certificates pages are, and the public check of a code (no login)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.exceptions import APIException, NotFound, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from peixun.core.clients import client_address
from peixun.core.permissions import get_scoped, reason_for
from peixun.core.ratelimit import hit
from peixun.records.certificates.codes import display_code
from peixun.records.certificates.selectors import find_for_verification, visible_certificates
from peixun.records.models import Certificate

from ..base import PeixunApiMixin
from ..pagination import StableOrderingFilter
from ..permissions import TokenScopePermission
from .filters import IdFilter
from .serializers import AcademyBriefSerializer, ErrorSerializer

NO_SUCH_CERTIFICATE = _("There is no certificate with this code.")
REVOKED = _("This certificate has been revoked and is no longer valid.")


class CertificateRevoked(APIException):
    status_code = 410
    default_detail = REVOKED
    default_code = "revoked"


class CertificateCourseSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    academy = AcademyBriefSerializer()
    title_en = serializers.CharField()
    title_zh = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


class CertificateHolderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_zh = serializers.CharField()
    name_pinyin = serializers.CharField()
    sending_unit = serializers.IntegerField(source="sending_unit_id", help_text="The sending unit's id.")


class CertificateSerializer(serializers.ModelSerializer):
    code = serializers.SerializerMethodField(help_text="The verification code as printed: PX-XXXX-XXXX-XXXX.")
    course = CertificateCourseSerializer(read_only=True)
    official = CertificateHolderSerializer(read_only=True)

    class Meta:
        model = Certificate
        fields = ["id", "code", "course", "official", "hours", "issued_at", "revoked_at", "revoke_reason"]

    def get_code(self, certificate) -> str:
        return display_code(certificate.code)


class CertificateFilter(django_filters.FilterSet):
    course = IdFilter(field_name="course_id", help_text="The course's id.")
    official = IdFilter(field_name="official_id", help_text="The official's id.")
    revoked = django_filters.BooleanFilter(
        field_name="revoked_at", lookup_expr="isnull", exclude=True, help_text="Only revoked (true) or valid (false)."
    )

    class Meta:
        model = Certificate
        fields = ["course", "official", "revoked"]


@extend_schema_view(
    list=extend_schema(summary="List the certificates you can see", tags=["certificates"]),
    retrieve=extend_schema(summary="One certificate", tags=["certificates"]),
)
class CertificateViewSet(PeixunApiMixin, viewsets.ReadOnlyModelViewSet):
    """Certificates as the certificates pages show them (``visible_certificates``): staff all, an academy's
    coordinators its courses', a sending unit's contact its officials', an official their own."""

    permission_classes = [IsAuthenticated, TokenScopePermission]
    serializer_class = CertificateSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = CertificateFilter
    lookup_value_converter = "id"
    ordering_fields = ["issued_at", "id"]
    ordering = ("-issued_at",)

    def get_queryset(self):
        return visible_certificates(self.request.user).select_related("course__academy", "official")

    def get_object(self):
        return get_scoped(self.get_queryset(), reason_for("certificates.download"), pk=self.kwargs["pk"])


class VerifiedCertificateSerializer(serializers.Serializer):
    state = serializers.CharField(help_text="Always genuine: a revoked or unknown code is an error.")
    code = serializers.CharField()
    name_zh = serializers.CharField(help_text="The holder's name in Chinese.")
    name_pinyin = serializers.CharField(help_text="The holder's name in pinyin.")
    title_en = serializers.CharField(help_text="The course's title in English.")
    title_zh = serializers.CharField(help_text="The course's title in Chinese.")
    start = serializers.DateField(help_text="The course's first day.")
    end = serializers.DateField(help_text="The course's last day.")


class VerifyCertificateView(PeixunApiMixin, APIView):
    """Whether a certificate is genuine: the holder's name, the course's title and dates, nothing more (the
    public verification page). No credentials needed; counted per address like the page."""

    authentication_classes = []
    permission_classes = []

    @extend_schema(
        summary="Verify a certificate by its code (no login needed)",
        tags=["certificates"],
        auth=[],
        responses={
            200: VerifiedCertificateSerializer,
            404: OpenApiResponse(ErrorSerializer, description="No certificate has this code."),
            410: OpenApiResponse(ErrorSerializer, description="The certificate was revoked."),
        },
    )
    def get(self, request, code: str):
        exceeded = hit("verify", f"address:{client_address(request)}")
        if exceeded is not None:
            raise Throttled(wait=exceeded.retry_after)
        certificate = find_for_verification(code[:40])
        if certificate is None:
            raise NotFound(NO_SUCH_CERTIFICATE)
        if certificate.is_revoked:
            raise CertificateRevoked()
        official, course = certificate.official, certificate.course
        return Response(
            {
                "state": "genuine",
                "code": display_code(certificate.code),
                "name_zh": official.name_zh,
                "name_pinyin": official.name_pinyin,
                "title_en": course.title_en,
                "title_zh": course.title_zh,
                "start": course.start.isoformat(),
                "end": course.end.isoformat(),
            },
            headers={"Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex, nofollow"},
        )
