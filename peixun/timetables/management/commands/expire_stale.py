"""Sets aside unreviewed timetable proposals, revokes links of long-ended courses, deletes old job files."""

from django.conf import settings
from django.core.management.base import BaseCommand

from peixun.jobs import services as job_services
from peixun.timetables import feeds, services


class Command(BaseCommand):
    help = (
        "Set aside timetable proposals left waiting for review longer than PEIXUN_PROPOSAL_EXPIRY_DAYS and "
        "revoke the calendar subscription links of courses that ended more than PEIXUN_FEED_EXPIRY_DAYS ago "
        "and delete the files jobs made more than PEIXUN_JOB_FILE_DAYS ago (beat runs it daily)."
    )

    def handle(self, *args, **options):
        proposals = services.expire_proposals()
        links = feeds.expire_calendar_feeds()
        files = job_services.forget_kept_files()
        self.stdout.write(
            f"{proposals} proposal(s) waiting more than {settings.PEIXUN_PROPOSAL_EXPIRY_DAYS} days set aside; "
            f"{links} link(s) of courses ended more than {settings.PEIXUN_FEED_EXPIRY_DAYS} days ago revoked; "
            f"{files} file(s) made by jobs more than {settings.PEIXUN_JOB_FILE_DAYS} days ago deleted."
        )
