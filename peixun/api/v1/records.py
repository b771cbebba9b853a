"""Training records: the officials whose record the caller may read, each with their compliance, their ledger
of training, training taken elsewhere added (as the record page adds it), and the compliance of many at once."""

from __future__ import annotations

import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from peixun.attendance.services import credit_ended_sessions
from peixun.people.models import Official
from peixun.records import compliance, services
from peixun.records.enums import EntrySource
from peixun.records.forms import ExternalTrainingForm
from peixun.records.models import LedgerEntry
from peixun.records.selectors import (
    as_of_for_year,
    compliance_for,
    jurisdiction_and_below,
    ledger_of,
    record_officials,
    report_officials,
)

from ..base import PeixunApiMixin
from ..concurrency import by_field, service_errors, with_etag
from ..pagination import StableOrderingFilter
from ..permissions import TokenScopePermission, rule
from ..rows import day, hours, named
from .filters import IdFilter
from .nominations import OfficialBriefSerializer
from .scopes import get_scoped, reason_for, require

VIEW_RECORD = "records.view_record"
OFFICIAL_PARAMETER = OpenApiParameter("official_pk", int, OpenApiParameter.PATH, description="The official's id.")


class RuleResultSerializer(serializers.Serializer):
    rule = serializers.IntegerField(source="rule.pk")
    name_en = serializers.CharField(source="rule.name_en")
    name_zh = serializers.CharField(source="rule.name_zh")
    period_start = serializers.DateField(source="period.start", allow_null=True, default=None)
    period_end = serializers.DateField(source="period.end", allow_null=True, default=None)
    done_hours = serializers.DecimalField(source="done", max_digits=9, decimal_places=2)
    planned_hours = serializers.DecimalField(
        source="planned", max_digits=9, decimal_places=2, help_text="Class hours of courses the official is on."
    )
    required_hours = serializers.DecimalField(source="required", max_digits=9, decimal_places=2, allow_null=True)
    status = serializers.CharField(
        allow_null=True, help_text="met, on_track, at_risk, short; null if it does not apply."
    )


class ComplianceSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    status = serializers.CharField(allow_null=True, help_text="The worst of the rules' statuses.")
    rules = RuleResultSerializer(many=True)


class OfficialRecordSerializer(OfficialBriefSerializer):
    service_began = serializers.DateField(read_only=True, allow_null=True)

    class Meta(OfficialBriefSerializer.Meta):
        fields = [*OfficialBriefSerializer.Meta.fields, "service_began"]


class OfficialDetailSerializer(OfficialRecordSerializer):
    compliance = ComplianceSerializer(read_only=True)

    class Meta(OfficialRecordSerializer.Meta):
        fields = [*OfficialRecordSerializer.Meta.fields, "compliance"]


class LedgerEntrySerializer(serializers.ModelSerializer):
    course = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    session = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    reverses = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta:
        model = LedgerEntry
        fields = [
            "id",
            "official",
            "date",
            "hours",
            "source",
            "title",
            "provider",
            "course",
            "session",
            "reverses",
            "reason",
            "created_at",
        ]


class ExternalTrainingSerializer(serializers.Serializer):
    date = serializers.DateField(help_text="The day it was taken, YYYY-MM-DD.")
    title = serializers.CharField(max_length=300, allow_blank=True)
    provider = serializers.CharField(max_length=200, allow_blank=True, required=False)
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, required=False, allow_null=True)
    days = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, allow_null=True)


class OfficialFilter(django_filters.FilterSet):
    unit = IdFilter(field_name="sending_unit_id", help_text="The sending unit's id.")
    jurisdiction = IdFilter(method="in_jurisdiction", help_text="The jurisdiction's id (with the places inside it).")

    class Meta:
        model = Official
        fields = ["unit", "jurisdiction", "position_category"]

    def in_jurisdiction(self, queryset, name, value):
        return queryset.filter(jurisdiction_id__in=jurisdiction_and_below(int(value)))


class LedgerFilter(django_filters.FilterSet):
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", help_text="On or after.")
    date_until = django_filters.DateFilter(field_name="date", lookup_expr="lte", help_text="On or before.")
    source = django_filters.ChoiceFilter(choices=EntrySource.choices)

    class Meta:
        model = LedgerEntry
        fields = ["date_from", "date_until", "source"]


FIRST_YEAR, LAST_YEAR = 2000, 2100
YEAR_PARAMETER = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    description="The year of the figures: this year (the default) and later ones are read today, past ones "
    "on 31 December.",
)


def as_of_from(request) -> datetime.date:
    value = request.query_params.get("year", "")
    today = timezone.localdate()
    if not value:
        return today
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise ValidationError({"year": [_("Give a year from 2000 to 2100.")]})
    return as_of_for_year(int(value), today)


def compliance_data(official_compliance, as_of: datetime.date) -> dict:
    return ComplianceSerializer(
        {"as_of": as_of, "status": official_compliance.status, "rules": official_compliance.rules}
    ).data


class OfficialResource(PeixunApiMixin, viewsets.GenericViewSet):
    permission_classes = [IsAuthenticated, TokenScopePermission]
    lookup_value_converter = "id"

    def official(self, pk) -> Official:
        """The official of the address, as the record page finds them: among those the caller may read."""
        official = get_scoped(record_officials(self.request.user), reason_for(VIEW_RECORD), pk=pk)
        require(self.request.user, VIEW_RECORD, official)
        return official


@extend_schema(tags=["records"])
@extend_schema_view(
    list=extend_schema(summary="The officials whose training record you may read"),
    retrieve=extend_schema(
        summary="One official with their compliance (as their record page shows it)", parameters=[YEAR_PARAMETER]
    ),
)
class OfficialViewSet(OfficialResource, mixins.ListModelMixin, mixins.RetrieveModelMixin):
    """Officials, scoped as the training records: programme staff everyone, a sending unit's contact the unit's
    officials, an academy's coordinator those enrolled at the academy, an official themselves."""

    serializer_class = OfficialRecordSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = OfficialFilter
    ordering_fields = ["search_key", "id"]
    ordering = ("search_key",)

    def get_queryset(self):
        return record_officials(self.request.user)

    def get_serializer_class(self):
        return OfficialDetailSerializer if self.action == "retrieve" else OfficialRecordSerializer

    def retrieve(self, request, *args, **kwargs):
        official = self.official(kwargs["pk"])
        credit_ended_sessions(official=official)
        as_of = as_of_from(request)
        data = dict(OfficialRecordSerializer(official).data)
        data["compliance"] = compliance_data(compliance_for(official, as_of), as_of)
        return with_etag(Response(data))


@extend_schema(parameters=[OFFICIAL_PARAMETER], tags=["records"])
@extend_schema_view(
    list=extend_schema(summary="An official's training record: every entry, newest first"),
    create=extend_schema(
        summary="Add training taken elsewhere to the record (programme staff)",
        request=ExternalTrainingSerializer,
        responses={201: LedgerEntrySerializer},
    ),
)
class TrainingViewSet(OfficialResource, mixins.ListModelMixin, mixins.CreateModelMixin):
    """The ledger of an official's training. Entries are never changed: a mistake is corrected on the page."""

    serializer_class = LedgerEntrySerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = LedgerFilter
    ordering_fields = ["date", "id"]
    ordering = ("-date",)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return LedgerEntry.objects.none()
        official = self.official(self.kwargs["official_pk"])
        credit_ended_sessions(official=official)
        return ledger_of(official).order_by()

    def create(self, request, *args, **kwargs):
        official = self.official(kwargs["official_pk"])
        require(request.user, "records.add_entry", official)
        body = ExternalTrainingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = {key: "" if value is None else value for key, value in body.validated_data.items()}
        form = ExternalTrainingForm(values)
        if not form.is_valid():
            raise ValidationError(by_field(form.errors))
        with service_errors():
            entry = services.add_external_training(actor=request.user, official=official, **form.cleaned_data)
        return Response(LedgerEntrySerializer(entry).data, status=status.HTTP_201_CREATED)


class ComplianceRowSerializer(serializers.Serializer):
    official = OfficialRecordSerializer()
    compliance = ComplianceSerializer()


def official_row(official: Official) -> dict:
    """An official as ``OfficialRecordSerializer`` writes them (their place and unit read with them)."""
    jurisdiction, unit = official.jurisdiction, official.sending_unit
    place = None if jurisdiction is None else named(jurisdiction.pk, jurisdiction.name_en, jurisdiction.name_zh)
    return {
        "id": official.pk,
        "name_zh": official.name_zh,
        "name_pinyin": official.name_pinyin,
        "name_en": official.name_en,
        "position_category": official.position_category,
        "title_en": official.title_en,
        "title_zh": official.title_zh,
        "jurisdiction": place,
        "sending_unit": named(unit.pk, unit.name_en, unit.name_zh),
        "email": official.email,
        "phone": official.phone,
        "service_began": day(official.service_began),
    }


def rule_row(result: compliance.RuleResult) -> dict:
    """One rule's result as ``RuleResultSerializer`` writes it."""
    rule, period, status = result.rule, result.period, result.status
    return {
        "rule": rule.pk,
        "name_en": rule.name_en,
        "name_zh": rule.name_zh,
        "period_start": None if period is None else day(period.start),
        "period_end": None if period is None else day(period.end),
        "done_hours": hours(result.done),
        "planned_hours": hours(result.planned),
        "required_hours": hours(result.required),
        "status": None if status is None else str(status),
    }


def compliance_rows(officials, rules: list, as_of: datetime.date) -> list[dict]:
    """Officials annotated by ``compliance.with_compliance`` as ``ComplianceRowSerializer`` writes them, in one
    pass, as the compliance report reads them (a serializer per row cost twice the report's time a row,
    docs/benchmarks.md)."""
    as_of_text = day(as_of)
    rows = []
    for official in officials:
        found = compliance.OfficialCompliance(official, compliance.results(official, rules, as_of))
        status = found.status
        rows.append(
            {
                "official": official_row(official),
                "compliance": {
                    "as_of": as_of_text,
                    "status": None if status is None else str(status),
                    "rules": [rule_row(result) for result in found.rules],
                },
            }
        )
    return rows


@extend_schema(tags=["records"])
@extend_schema_view(
    list=extend_schema(
        summary="The compliance of every official you may report on (a unit's, an academy's, everyone's)",
        parameters=[YEAR_PARAMETER],
        responses=ComplianceRowSerializer(many=True),
    ),
)
class ComplianceViewSet(PeixunApiMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """As the compliance report: programme staff, academy coordinators and sending-unit contacts, each over the
    officials of their report (``report_officials``)."""

    permission_classes = [IsAuthenticated, TokenScopePermission, rule("records.view_compliance")]
    serializer_class = ComplianceRowSerializer
    filter_backends = [DjangoFilterBackend, StableOrderingFilter]
    filterset_class = OfficialFilter
    ordering_fields = ["search_key", "id"]
    ordering = ("search_key",)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Official.objects.none()
        self.as_of = as_of_from(self.request)
        self.rules = compliance.active_rules()
        return compliance.with_compliance(report_officials(self.request.user), as_of=self.as_of, rules=self.rules)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(compliance_rows(page, self.rules, self.as_of))
