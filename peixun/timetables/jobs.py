"""Timetable builds as background jobs: one course's build and the portfolio's (several courses at once).

The page starts ``timetables.build`` (``start_build``); the job runs the engine with the time limit
asked for, reports each better timetable as it is found (the objective, the bound and the share of the
time limit used, and in the shared cache under the page's build token for the line that polls while
the page's own request is open), stops at the next report once cancelled, and ends with the proposal's
address. A second attempt of the same job (its worker died) returns the proposal the first one kept,
if it kept one, rather than building again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peixun.courses.models import Course
from peixun.jobs import services as jobs
from peixun.jobs import wording
from peixun.jobs.kinds import JobError, register
from peixun.jobs.models import Job

from . import services
from .models import TimetableProposal

BUILD = "timetables.build"

wording.add_messages(
    {
        "timetables.looking": _("Looking for a first timetable…"),
        "timetables.best_so_far": _(
            "Best timetable so far: %(objective)s points (none can cost less than %(bound)s), after %(seconds)s s."
        ),
        # The engine's own refusal, already said in the starter's language (``wording.starters_language``).
        "timetables.refused": "%(reason)s",
        "timetables.courses_gone": _("A course of this build no longer exists or may no longer be timetabled by you."),
    }
)


def build_key(user, courses) -> str:
    """The same build asked for again (a double click, a second tab) while it runs: same person, same courses."""
    return f"user-{user.pk}:courses-" + "-".join(str(pk) for pk in sorted(course.pk for course in courses))


def start_build(*, actor, courses, time_limit: float, token: str = "", portfolio: bool = False) -> Job:
    """Start (or find, when the same build is running) the build of ``courses`` by ``actor``."""
    return jobs.start(
        BUILD,
        actor=actor,
        key=build_key(actor, courses),
        params={
            "courses": sorted(course.pk for course in courses),
            "time_limit": float(time_limit),
            "token": token,
            "portfolio": portfolio,
        },
    )


def _number(value: float) -> str:
    """Points as the page writes them (tenths at most, no trailing ".0"), never in exponent form."""
    return f"{value:.1f}".removesuffix(".0")


@register(BUILD, title=_("Timetable build"))
def build(job, params, progress):
    kept = (job.result or {}).get("proposal")
    if kept and TimetableProposal.objects.filter(pk=kept).exists():
        return _done(kept)
    actor = job.started_by
    if actor is None:
        raise JobError("timetables.courses_gone")
    courses = list(Course.objects.filter(pk__in=params["courses"]))
    permission = "courses.build_portfolio" if params.get("portfolio") else None
    if len(courses) != len(params["courses"]) or any(
        not actor.has_perm("courses.build_timetable", course) for course in courses
    ):
        raise JobError("timetables.courses_gone")
    if permission and not actor.has_perm(permission):
        raise JobError("timetables.courses_gone")
    time_limit = max(1.0, min(float(params["time_limit"]), services.MAX_TIME_LIMIT))
    token = params.get("token", "")
    progress(0.0, "timetables.looking")

    def improved(improvement) -> None:
        services.record_progress(user_pk=actor.pk, token=token, improvement=improvement)
        progress(
            min(0.99, improvement.elapsed_s / time_limit),
            "timetables.best_so_far",
            {
                "objective": _number(improvement.objective),
                "bound": _number(improvement.bound),
                "seconds": f"{improvement.elapsed_s:.0f}",
            },
        )

    with wording.starters_language(job):
        try:
            proposal = services.build_timetable(
                actor=actor,
                courses=courses,
                time_limit=time_limit,
                progress=improved,
                saved=lambda proposal: jobs.remember(job, proposal=proposal.pk),
            )
        except ValidationError as error:
            raise JobError("timetables.refused", reason=" ".join(error.messages)) from error
    return _done(proposal.pk)


def _done(proposal_pk: int) -> dict:
    return {"url": reverse("timetabling:proposal", args=[proposal_pk]), "proposal": proposal_pk, "follow": True}
