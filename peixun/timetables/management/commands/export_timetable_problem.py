"""Prints courses as a timetabling problem in the scheduling engine's JSON format."""

import json

from django.core.management.base import BaseCommand, CommandError

from peixun.courses.models import Course
from peixun.scheduling.io import problem_to_dict
from peixun.timetables.adapter import build_problem


class Command(BaseCommand):
    help = (
        "Print one or more courses as a timetabling problem in the engine's JSON format, for "
        "`python -m peixun.scheduling solve` (see docs/timetable-format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("course_ids", nargs="+", type=int, help="ids of the courses to timetable together")

    def handle(self, *args, course_ids, **options):
        courses = list(Course.objects.filter(pk__in=course_ids).order_by("pk"))
        missing = sorted(set(course_ids) - {course.pk for course in courses})
        if missing:
            raise CommandError(f"No course with id {', '.join(map(str, missing))}.")
        self.stdout.write(json.dumps(problem_to_dict(build_problem(courses)), indent=2, ensure_ascii=False))
