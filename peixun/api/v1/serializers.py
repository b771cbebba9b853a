"""How each resource reads in JSON: both languages of every bilingual field, ISO 8601 times with their zone."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .scopes import Academy, Course, CourseModule, Module, OutlineSession, Session, Topic, Venue


class AcademyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Academy
        fields = ["id", "code", "name_en", "name_zh"]


@extend_schema_field(
    {
        "type": "string",
        "pattern": "^[0-2][0-9]:[0-5][0-9]$",
        "example": "09:00",
        "description": "A time of day on the academy's clock (its time_zone), hours and minutes.",
    }
)
class WallClockField(serializers.TimeField):
    """A local time of day, not a moment: OpenAPI's ``time`` format wants an offset, which a timetable's
    "mornings begin at 09:00" does not have (the academy's time zone says where the clock hangs)."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", read_only=True, **kwargs)


class AcademySerializer(serializers.ModelSerializer):
    morning_start = WallClockField()
    morning_end = WallClockField()
    afternoon_start = WallClockField()
    afternoon_end = WallClockField()
    evening_start = WallClockField()
    evening_end = WallClockField()

    class Meta:
        model = Academy
        fields = [
            "id",
            "code",
            "name_en",
            "name_zh",
            "city_en",
            "city_zh",
            "time_zone",
            "min_course_days",
            "max_course_days",
            "min_capacity",
            "max_capacity",
            "usual_capacity",
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
            "evening_start",
            "evening_end",
        ]


class OrganisationBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()


class VenueSerializer(serializers.ModelSerializer):
    academy = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    host = OrganisationBriefSerializer(read_only=True, allow_null=True)
    open_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=6),
        read_only=True,
        help_text="Weekday numbers on which the venue can be used: 0 is Monday, 6 is Sunday.",
    )

    class Meta:
        model = Venue
        fields = [
            "id",
            "name_en",
            "name_zh",
            "kind",
            "academy",
            "host",
            "address",
            "city_en",
            "city_zh",
            "capacity",
            "open_days",
        ]


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["id", "slug", "name_en", "name_zh", "order"]


class OutlineSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutlineSession
        fields = ["day", "part_of_day", "format", "title_en", "title_zh", "class_hours"]


class ModuleTemplateSerializer(serializers.ModelSerializer):
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    outline = OutlineSessionSerializer(many=True, read_only=True)

    class Meta:
        model = Module
        fields = ["id", "code", "title_en", "title_zh", "days", "objectives_en", "objectives_zh", "topics", "outline"]


class CourseSerializer(serializers.ModelSerializer):
    academy = AcademyBriefSerializer(read_only=True)
    confirmed = serializers.IntegerField(source="confirmed_count", read_only=True, help_text="Confirmed officials.")
    waitlisted = serializers.IntegerField(source="waitlisted_count", read_only=True, help_text="Officials waitlisted.")

    class Meta:
        model = Course
        fields = [
            "id",
            "academy",
            "title_en",
            "title_zh",
            "start",
            "end",
            "day_off",
            "capacity",
            "confirmed",
            "waitlisted",
            "status",
            "created_at",
        ]


class CourseModuleSerializer(serializers.ModelSerializer):
    template = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    topics = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = CourseModule
        fields = [
            "id",
            "order",
            "template",
            "title_en",
            "title_zh",
            "objectives_en",
            "objectives_zh",
            "topics",
            "days",
            "first_day",
        ]


class VenueBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["id", "name_en", "name_zh", "kind"]


class LecturerBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text="The lecturer's name as written in their own language.")
    name_zh = serializers.CharField(help_text="The name in Chinese; may be empty.")


class SessionSerializer(serializers.ModelSerializer):
    module = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    venue = VenueBriefSerializer(read_only=True, allow_null=True)
    sponsor = OrganisationBriefSerializer(read_only=True, allow_null=True)
    lecturers = LecturerBriefSerializer(many=True, read_only=True)
    starts_at = serializers.DateTimeField(read_only=True, help_text="When it begins, with its offset from UTC.")
    ends_at = serializers.DateTimeField(read_only=True, help_text="When it ends, with its offset from UTC.")

    class Meta:
        model = Session
        fields = [
            "id",
            "module",
            "date",
            "part_of_day",
            "format",
            "title_en",
            "title_zh",
            "class_hours",
            "starts_at",
            "ends_at",
            "venue",
            "sponsor",
            "lecturers",
        ]


class CourseDetailSerializer(CourseSerializer):
    modules = CourseModuleSerializer(many=True, read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta(CourseSerializer.Meta):
        fields = [*CourseSerializer.Meta.fields, "modules", "sessions"]


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="What went wrong, for programs: not_authenticated, invalid, ...")
    message = serializers.CharField(help_text="What went wrong, for people, in the language of Accept-Language.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="For invalid values: each field's problems.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
