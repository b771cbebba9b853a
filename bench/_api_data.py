"""Data for bench/api.py, run inside Django after bench/_data.py filled the database: at least ``--courses``
courses in all (copies of the demo's, so that a page of 100 is full), a read token of the staff user, the
paths each target requests, and the SQL queries of each API list at several page sizes and of each page."""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings_bench")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench._data import STAFF_USERNAME  # noqa: E402
from peixun.api.services import create_api_token  # noqa: E402
from peixun.core.models import User  # noqa: E402
from peixun.courses.enums import EnrolmentStatus  # noqa: E402
from peixun.courses.models import Course, Enrolment  # noqa: E402
from peixun.people.models import Official  # noqa: E402
from peixun.records.enums import RulePeriod  # noqa: E402
from peixun.records.models import ComplianceRule  # noqa: E402

PAGE_SIZES = (10, 50, 100, 200)


def at_least(total: int) -> int:
    """Copies of existing courses (plain rows, no sessions) until there are ``total``; returns how many were made."""
    existing = list(Course.objects.order_by("pk")[:10])
    missing = total - Course.objects.count()
    made = []
    for n in range(max(0, missing)):
        course = existing[n % len(existing)]
        course.pk = None
        course.title_en = f"{course.title_en} ({n + 2})"[:200]
        course.title_zh = f"{course.title_zh}（{n + 2}）"[:200]
        made.append(course)
    Course.objects.bulk_create(made)
    return len(made)


def queries_of(client: Client, url: str) -> int:
    client.get(url)  # warm: a token's first use and the caches are written once
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"bench/_api_data.py: {url} answered {response.status_code}, not 200")
    return len(context.captured_queries)


def main() -> None:
    total = int(sys.argv[sys.argv.index("--courses") + 1]) if "--courses" in sys.argv else 110
    with transaction.atomic():
        copied = at_least(total)
    staff = User.objects.get(username=STAFF_USERNAME)
    token = create_api_token(actor=None, user=staff, name="bench/api.py").secret
    # The course with the most confirmed officials: its roster is the biggest page (55 in the full run).
    roster_course = (
        Enrolment.objects.filter(status=EnrolmentStatus.CONFIRMED)
        .values("course")
        .annotate(n=django.db.models.Count("pk"))
        .order_by("-n", "course")
        .first()
    )
    course_id = roster_course["course"]
    confirmed = roster_course["n"]
    # The sending unit with the most officials, reported on against a yearly rule (as the demo's).
    if not ComplianceRule.objects.exists():
        ComplianceRule.objects.create(
            name_en="Annual training", name_zh="年度培训", period=RulePeriod.YEAR, years=1, required_hours=72
        )
    unit = (
        Official.objects.values("sending_unit").annotate(n=django.db.models.Count("pk")).order_by("-n", "sending_unit")
    ).first()
    api = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    sizes = {
        "courses": {size: queries_of(api, f"/api/v1/courses/?page_size={size}") for size in PAGE_SIZES},
        "certificates": {size: queries_of(api, f"/api/v1/certificates/?page_size={size}") for size in PAGE_SIZES},
        "presentations": {size: queries_of(api, f"/api/v1/presentations/?page_size={size}") for size in PAGE_SIZES},
        "nominations": {
            size: queries_of(api, f"/api/v1/courses/{course_id}/nominations/?page_size={size}") for size in PAGE_SIZES
        },
        "compliance": {
            size: queries_of(api, f"/api/v1/compliance/?unit={unit['sending_unit']}&page_size={size}")
            for size in PAGE_SIZES
        },
    }
    paths = {
        "api_courses_100": ["/api/v1/courses/?page_size=100"],
        # The course list shows 25 courses a page: 100 courses are four pages.
        "page_courses": [f"/courses/?page={page}" for page in range(1, 5)],
        "api_course_detail": [f"/api/v1/courses/{course_id}/"],
        "api_roster": [f"/api/v1/courses/{course_id}/nominations/?status=confirmed&page_size=100"],
        "page_roster": [f"/courses/{course_id}/roster/"],
        "api_compliance_unit": [f"/api/v1/compliance/?unit={unit['sending_unit']}&page_size=100"],
        "page_compliance_unit": [f"/records/compliance/?unit={unit['sending_unit']}"],
        "api_certificates_100": ["/api/v1/certificates/?page_size=100"],
    }
    pages = Client(HTTP_HOST="127.0.0.1")
    pages.force_login(staff)
    queries = {name: queries_of(api if name.startswith("api_") else pages, urls[0]) for name, urls in paths.items()}
    print(
        json.dumps(
            {
                "token": token,
                "courses": Course.objects.count(),
                "courses_copied": copied,
                "roster_course": course_id,
                "roster_confirmed": confirmed,
                "unit_officials": unit["n"],
                "paths": paths,
                "queries": queries,
                "queries_by_page_size": sizes,
            }
        )
    )


if __name__ == "__main__":
    main()
