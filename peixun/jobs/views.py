"""A job's status page, the fragment it polls for progress, and its Cancel button."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from peixun.core.files import file_response
from peixun.core.permissions import get_scoped, reason_for, require

from . import services, wording
from .selectors import visible_jobs


def _job(request, pk: int):
    job = get_scoped(visible_jobs(request.user), reason_for("jobs.follow_job"), pk=pk)
    require(request.user, "jobs.follow_job", job)
    return job


def result_link(job) -> str:
    """Where the finished job's result is (a path inside Peixun), or ''."""
    url = (job.result or {}).get("url", "") if job.state == "succeeded" else ""
    return url if isinstance(url, str) and url.startswith("/") and not url.startswith("//") else ""


def _context(request, job) -> dict:
    return {
        "job": job,
        "title": wording.title(job),
        "message": wording.say(job.progress_message, job.progress_params),
        "error": wording.say(job.error_code, job.error_params, unknown="jobs.unexpected"),
        "percent": round(job.progress * 100),
        "result_url": result_link(job),
        "may_cancel": not job.is_finished
        and not job.cancel_requested
        and request.user.has_perm("jobs.cancel_job", job),
    }


@login_required
@require_GET
def job_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "jobs/job.html", _context(request, job))


@login_required
@require_GET
def job_status(request, pk: int):
    """The status fragment the page polls (htmx), or with ``?format=json`` the same as JSON."""
    job = _job(request, pk)
    context = _context(request, job)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "id": job.pk,
                "state": job.state,
                "finished": job.is_finished,
                "progress": job.progress,
                "message": context["message"],
                "error": context["error"],
                "result_url": context["result_url"],
            }
        )
    return render(request, "jobs/_status.html", context)


@login_required
@require_POST
def cancel(request, pk: int):
    job = _job(request, pk)
    require(request.user, "jobs.cancel_job", job)
    job = services.request_cancel(actor=request.user, job=job)
    if request.htmx:
        return render(request, "jobs/_status.html", _context(request, job))
    return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


@login_required
@require_GET
def result_file(request, pk: int):
    """The file a finished job made (``result["file"]``, kept by ``peixun.core.files.generated_file``), to
    whoever may follow the job: streamed from the storage or redirected to a short-lived signed address."""
    job = _job(request, pk)
    stored = (job.result or {}).get("file") if job.state == "succeeded" else None
    if not isinstance(stored, dict) or not isinstance(stored.get("name"), str) or not stored["name"]:
        raise Http404
    return file_response(
        stored["name"],
        filename=str(stored.get("filename") or stored["name"].rsplit("/", 1)[-1]),
        content_type=str(stored.get("content_type") or "") or None,
    )
