"""Feedback aggregates: the figures of each session as its results page shows them, under the same anonymity
rules (released answers only, nothing below the minimum number of answers, no names) for everyone but staff."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from peixun.core.permissions import get_scoped, reason_for, require
from peixun.feedback import results, selectors

from ..base import PeixunApiMixin
from ..pagination import CursorPage
from ..permissions import TokenScopePermission


class FigureSerializer(serializers.Serializer):
    question = serializers.CharField(source="field", help_text="interest, local_growth, differentiation, …")
    label = serializers.CharField(help_text="The question, in the language of Accept-Language.")
    mean = serializers.FloatField(allow_null=True, help_text="On the 1–5 scale; null when withheld or unanswered.")
    sd = serializers.FloatField(allow_null=True, help_text="The standard deviation; null when withheld.")


class SessionFeedbackSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="key")
    course = serializers.IntegerField(source="obj.course_id")
    date = serializers.DateField(source="obj.date")
    part_of_day = serializers.IntegerField(source="obj.part_of_day")
    title_en = serializers.CharField(source="obj.title_en")
    title_zh = serializers.CharField(source="obj.title_zh")
    responses = serializers.IntegerField(help_text="The answers the figures are made of (released ones only).")
    expected = serializers.IntegerField(allow_null=True, help_text="The officials who could answer.")
    waiting = serializers.IntegerField(help_text="Answers not released to you yet; no figure includes them.")
    withheld = serializers.BooleanField(
        help_text="True when too few answers were released to show figures without pointing at a person."
    )
    figures = FigureSerializer(many=True)


class DistributionCountSerializer(serializers.Serializer):
    value = serializers.IntegerField(min_value=1, max_value=5)
    count = serializers.IntegerField()


class DistributionSerializer(serializers.Serializer):
    question = serializers.CharField(source="field")
    label = serializers.CharField()
    counts = serializers.SerializerMethodField()

    @extend_schema_field(DistributionCountSerializer(many=True))
    def get_counts(self, distribution):
        return [{"value": value, "count": count} for value, count, _percent in distribution.counts]


class SessionFeedbackDetailSerializer(SessionFeedbackSerializer):
    distribution = DistributionSerializer(many=True, help_text="Empty when withheld.")
    comments = serializers.ListField(
        child=serializers.CharField(), help_text="In alphabetical order, never with a name; empty when withheld."
    )


class FeedbackPage(CursorPage):
    ordering = ("-date", "-part_of_day", "-pk")


@extend_schema_view(
    list=extend_schema(
        summary="The feedback figures of the sessions whose results you can see",
        tags=["feedback"],
        responses=SessionFeedbackSerializer(many=True),
    ),
    retrieve=extend_schema(
        summary="One session's feedback: figures, the spread of answers, comments",
        tags=["feedback"],
        responses=SessionFeedbackDetailSerializer,
    ),
)
class SessionFeedbackViewSet(PeixunApiMixin, viewsets.ReadOnlyModelViewSet):
    """Sessions' feedback as the results pages show it (``feedback.selectors.result_sessions``): staff every
    session, with every answer; an academy's coordinators its sessions and a lecturer their own, from released
    answers only and withheld below the minimum number of answers. Nobody sees a name here."""

    permission_classes = [IsAuthenticated, TokenScopePermission]
    pagination_class = FeedbackPage
    filter_backends = []
    lookup_value_converter = "id"
    serializer_class = SessionFeedbackSerializer

    def _anonymous(self) -> bool:
        return not self.request.user.has_perm("feedback.view_respondents")

    def get_queryset(self):
        return results.with_counts(selectors.result_sessions(self.request.user))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        rows = results.stats_of_sessions(page, anonymous=self._anonymous(), now=timezone.now())
        return self.get_paginated_response(SessionFeedbackSerializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        session = get_scoped(
            selectors.result_sessions(request.user),
            reason_for("feedback.view_session_results"),
            pk=self.kwargs["pk"],
        )
        require(request.user, "feedback.view_session_results", session)
        anonymous, now = self._anonymous(), timezone.now()
        stats = results.session_stats(session, anonymous=anonymous, now=now)
        stats.obj = session
        if anonymous:
            comments = selectors.anonymous_comments(session, now=now)
        else:
            comments = sorted(response.comment for response in selectors.responses(session) if response.comment)
        stats.distribution = results.distribution(session, anonymous=anonymous, now=now)
        stats.comments = [] if stats.withheld else comments
        return Response(SessionFeedbackDetailSerializer(stats).data)
