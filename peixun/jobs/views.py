"""A job's status page, the fragment it polls for progress, and its Cancel button; and how a page that
started a job answers (``answer_started``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

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


def follows_result(job) -> bool:
    """Whether the page goes to the result by itself once the job is done (a build's proposal), rather
    than offering a link (a file to download)."""
    return bool(result_link(job)) and bool((job.result or {}).get("follow"))


def status_context(request, job) -> dict:
    return {
        "job": job,
        "title": wording.title(job),
        "message": wording.say(job.progress_message, job.progress_params),
        "error": wording.say(job.error_code, job.error_params, unknown="jobs.unexpected"),
        "percent": round(job.progress * 100),
        "result_url": result_link(job),
        "result_download": bool((job.result or {}).get("download")),
        "may_cancel": not job.is_finished
        and not job.cancel_requested
        and request.user.has_perm("jobs.cancel_job", job),
    }


@login_required
@require_GET
def job_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "jobs/job.html", status_context(request, job))


@login_required
@require_GET
def job_status(request, pk: int):
    """The status fragment the page polls (htmx), or with ``?format=json`` the same as JSON."""
    job = _job(request, pk)
    context = status_context(request, job)
    if request.htmx and follows_result(job):
        return HttpResponseClientRedirect(context["result_url"])
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
        return render(request, "jobs/_status.html", status_context(request, job))
    return HttpResponseRedirect(reverse("jobs:detail", args=[job.pk]))


def _kept(job) -> tuple[str, str, str]:
    """(storage name, download name, content type) of the file a finished job kept: its result's ``file``,
    a name (with ``filename`` and ``content_type`` beside it) or ``peixun.core.files.generated_file``'s dict."""
    result = (job.result or {}) if job.state == "succeeded" else {}
    stored = result.get("file")
    if isinstance(stored, dict):
        result, stored = stored, stored.get("name")
    if not isinstance(stored, str) or not stored:
        raise Http404(_("This file is no longer kept; ask for it again."))
    return stored, str(result.get("filename") or stored.rsplit("/", 1)[-1]), str(result.get("content_type") or "")


@login_required
@require_GET
def result_file(request, pk: int):
    """The file a finished job made, to whoever may follow the job: streamed from the storage or
    redirected to a short-lived signed address."""
    return kept_file(request, _job(request, pk))


def _go(request, url: str):
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def answer_started(request, job, *, back: str):
    """The answer to the request that started ``job``. With no broker the job has run by now (after the
    commit): a result to follow is gone to, an error or a cancel is said on the page at ``back``. A job
    still to run (or to download) is shown as its status fragment to an htmx request, which polls it,
    and as its status page otherwise."""
    job.refresh_from_db()
    if follows_result(job):
        return _go(request, result_link(job))
    if job.state == "failed":
        messages.error(request, wording.say(job.error_code, job.error_params, unknown="jobs.unexpected"))
        return _go(request, back)
    if job.state == "cancelled":
        messages.info(request, _("The work was cancelled before it was done."))
        return _go(request, back)
    if request.htmx:
        return render(request, "jobs/_status.html", status_context(request, job))
    return redirect("jobs:detail", pk=job.pk)


def kept_file(request, job):
    """The file a finished job kept through the storage API, as a download (streamed, or a signed
    address on object storage). The caller has checked who may have it. A file deleted after its time
    (``services.forget_kept_files``) is gone (410), with a page that says to ask for it again."""
    if (job.result or {}).get("forgotten") and job.state == "succeeded":
        return render(request, "jobs/file_gone.html", {"job": job, "title": wording.title(job)}, status=410)
    name, filename, content_type = _kept(job)
    return file_response(name, filename=filename, content_type=content_type or None)
