"""Impact figures: what the impact dashboard shows the person (``impact.reports.build_report``), as JSON, under
the same filters and scope: programme staff every academy or one, a coordinator their own academy only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from peixun.academies.models import Academy
from peixun.impact.reports import scoped_report
from peixun.impact.stats import RATING_FIELDS

from ..base import PeixunApiMixin
from ..permissions import TokenScopePermission, rule
from .filters import MAX_ID

NO_SUCH_ACADEMY = _("There is no academy with this id.")


@extend_schema_field(
    {"oneOf": [{"type": "integer"}, {"type": "string"}], "nullable": True, "description": "The row's key."}
)
class KeyField(serializers.Field):
    """A breakdown row's key: a year, an academy's id, a topic's slug, a position or level, or null."""

    def to_representation(self, value):
        return value if value is None or isinstance(value, int | str) else str(value)


class BucketSerializer(serializers.Serializer):
    key = KeyField(help_text="A year, an academy's id, a topic's slug, a position or a level; null for 'none'.")
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    officials = serializers.IntegerField()
    courses = serializers.IntegerField(allow_null=True)
    class_hours = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    places = serializers.IntegerField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)


class FeedbackRowSerializer(serializers.Serializer):
    key = KeyField(help_text="The year, or the course's id.")
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    responses = serializers.IntegerField()
    averages = serializers.SerializerMethodField(help_text="Each question's average on the 1–5 scale.")

    def get_averages(self, row) -> dict[str, float | None]:
        return dict(zip(RATING_FIELDS, row.averages, strict=True))


class HeadlineSerializer(serializers.Serializer):
    officials_trained = serializers.IntegerField()
    population_led = serializers.IntegerField()
    executives_trained = serializers.IntegerField()
    companies = serializers.IntegerField()
    courses_held = serializers.IntegerField()
    class_hours = serializers.DecimalField(max_digits=12, decimal_places=2)
    since = serializers.IntegerField(allow_null=True, help_text="The year the first course held began.")


class ImpactSerializer(serializers.Serializer):
    academy = serializers.IntegerField(allow_null=True, help_text="The academy counted; null for all.")
    year_from = serializers.IntegerField(allow_null=True)
    year_to = serializers.IntegerField(allow_null=True)
    as_of = serializers.DateField()
    headline = HeadlineSerializer()
    by_year = BucketSerializer(many=True)
    by_academy = BucketSerializer(many=True)
    by_topic = BucketSerializer(many=True)
    by_position = BucketSerializer(many=True)
    by_level = BucketSerializer(many=True)
    feedback_by_year = FeedbackRowSerializer(many=True)
    feedback_by_course = FeedbackRowSerializer(many=True)


class ImpactFilterSerializer(serializers.Serializer):
    academy = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text="Only this academy (a coordinator: their own)."
    )
    year_from = serializers.IntegerField(
        required=False, min_value=1, max_value=9999, help_text="Courses ending in this year or later."
    )
    year_to = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=9999,
        help_text="Courses ending in this year or earlier (before year_from: nothing is counted).",
    )


class ImpactView(PeixunApiMixin, APIView):
    """The impact dashboard's figures (the same ten queries): officials trained and the population they lead,
    courses and class hours, by year, academy, topic, position and level, and the released feedback."""

    permission_classes = [IsAuthenticated, TokenScopePermission, rule("impact.view_dashboard")]

    @extend_schema(
        summary="The programme's impact, as the impact dashboard shows it to you",
        tags=["impact"],
        parameters=[ImpactFilterSerializer],
        responses=ImpactSerializer,
    )
    def get(self, request):
        filters = ImpactFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        academy = None
        if data.get("academy") is not None:
            academy = Academy.objects.filter(pk=data["academy"]).first()
            if academy is None:
                raise NotFound(NO_SUCH_ACADEMY)
        report = scoped_report(
            request.user, academy=academy, year_from=data.get("year_from"), year_to=data.get("year_to")
        )
        figures = report.figures
        data = {
            "academy": report.academy.pk if report.academy else None,
            "year_from": report.year_from,
            "year_to": report.year_to,
            "as_of": report.scope.today,
            "headline": figures.headline,
            "by_year": figures.by_year,
            "by_academy": figures.by_academy,
            "by_topic": figures.by_topic,
            "by_position": figures.by_position,
            "by_level": figures.by_level,
            "feedback_by_year": figures.feedback_by_year,
            "feedback_by_course": figures.feedback_by_course,
        }
        return Response(ImpactSerializer(data).data)
