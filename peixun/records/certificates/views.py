"""Certificates of completion: the course tab that issues and revokes them, the PDFs, an official's own
certificates and transcript, and the public page that tells whether a certificate is genuine."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from peixun.attendance.services import credit_ended_sessions
from peixun.core import clock
from peixun.core.confirm import Confirmation, ConfirmForm, Reason, ask
from peixun.core.i18n import day_in_both
from peixun.core.params import parse_ids
from peixun.core.permissions import get_scoped, reason_for, require
from peixun.core.ratelimit import rate_limited
from peixun.courses.enums import CourseStatus
from peixun.courses.models import Course
from peixun.courses.selectors import course_for, seats
from peixun.jobs.enums import JobState
from peixun.jobs.selectors import visible_jobs
from peixun.jobs.views import answer_started, kept_file
from peixun.people.models import Official
from peixun.people.pinyin import strip_tones
from peixun.records.models import Certificate
from peixun.records.views import own_record_official, record_official

from . import jobs as certificate_jobs
from . import selectors, services
from .codes import display_code, normalise_code

PDF = "application/pdf"


def verify_url(request, code: str) -> str:
    """The absolute address of a certificate's public verification page: what its QR code holds."""
    return request.build_absolute_uri(reverse("certificates:verify", args=[display_code(code)]))


def _course(request, pk: int) -> Course:
    return course_for(request.user, pk, "certificates.manage_course")


def _issuing_opens(course: Course) -> str | None:
    """Why certificates cannot be issued yet, or None when they can."""
    if course.status == CourseStatus.CANCELLED:
        return _("The course was cancelled; it gives no certificates.")
    if timezone.localdate() < course.end:
        return _("Certificates can be issued from the course's last day on.")
    return None


def _with_display_codes(certificates) -> list[Certificate]:
    found = list(certificates)
    for certificate in found:
        certificate.display_code = display_code(certificate.code)
    return found


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=PDF)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# ----------------------------------------------------------------------------- the course tab


@login_required
def course_certificates(request, course_pk: int):
    course = _course(request, course_pk)
    credit_ended_sessions(course=course)  # shares count only what is credited: write what is due first
    shares = selectors.attendance_shares(course)
    issued = _with_display_codes(
        course.certificates.select_related("official", "issued_by", "revoked_by").order_by(
            "revoked_at", "official__search_key", "-issued_at"
        )
    )
    minimum = settings.PEIXUN_CERTIFICATE_MIN_SHARE
    course_hours = shares[0].course_hours if shares else None
    context = {
        "course": course,
        "tab": "certificates",
        "seats": seats(course),
        "shares": shares,
        "certificates": issued,
        "waiting": sum(1 for row in shares if row.eligible and not row.has_certificate),
        "not_yet": _issuing_opens(course),
        "minimum_percent": f"{(minimum * 100).normalize():f}",
        "course_hours": course_hours,
        "hours_needed": (course_hours * minimum).quantize(Decimal("0.01"), ROUND_CEILING).normalize()
        if course_hours
        else None,
    }
    return render(request, "records/certificates/course.html", context)


@login_required
def issue(request, course_pk: int):
    """A preview of who will receive a certificate, and the button that issues them."""
    course = _course(request, course_pk)
    waiting = [row for row in selectors.eligible_officials(course) if not row.has_certificate]
    if request.method == "POST":
        ids = set(parse_ids(request.POST.getlist("official")) or ())
        officials = list(Official.objects.filter(pk__in=ids, enrolments__course=course))
        if not officials:
            messages.error(request, _("Choose at least one official to receive a certificate."))
        else:
            try:
                issued = services.issue_certificates(actor=request.user, course=course, officials=officials)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                count = len(issued)
                messages.success(
                    request,
                    ngettext("%(n)s certificate was issued.", "%(n)s certificates were issued.", count) % {"n": count},
                )
                return redirect("certificates:course", course_pk=course.pk)
    context = {
        "course": course,
        "tab": "certificates",
        "seats": seats(course),
        "waiting": waiting,
        "not_yet": _issuing_opens(course),
    }
    return render(request, "records/certificates/issue.html", context)


@login_required
def revoke(request, course_pk: int, certificate_pk: int):
    """Revoke a certificate, once the confirmation page has been answered with a reason."""
    course = _course(request, course_pk)
    certificate = get_scoped(
        course.certificates.select_related("official", "issued_by"),
        _("This certificate belongs to another course."),
        pk=certificate_pk,
    )
    certificate.course = course
    form = ConfirmForm.from_request(
        request,
        reason=Reason.REQUIRED,
        reason_label=_("Why is it revoked?"),
        reason_missing=_("Say why the certificate is being revoked."),
        reason_help=_("Shown on the certificates tab and kept in the course's history."),
    )
    if form.run(lambda reason: services.revoke_certificate(actor=request.user, certificate=certificate, reason=reason)):
        messages.success(
            request,
            _("The certificate %(code)s of %(official)s was revoked.")
            % {"code": display_code(certificate.code), "official": certificate.official},
        )
        return redirect("certificates:course", course_pk=course.pk)
    return ask(request, form, _revoke_confirmation(certificate))


def _revoke_confirmation(certificate: Certificate) -> Confirmation:
    code, official = display_code(certificate.code), certificate.official
    issued = clock.when(certificate.issued_at)
    if certificate.issued_by:
        issued = f"{issued} · {certificate.issued_by}"
    return Confirmation(
        title=_("Revoke the certificate %(code)s?") % {"code": code},
        button=_("Revoke the certificate"),
        cancel_url=reverse("certificates:course", args=[certificate.course_id]),
        facts=[
            (_("Verification code"), code),
            (_("Official"), str(official)),
            (_("Course"), str(certificate.course)),
            (_("Class hours"), f"{certificate.hours.normalize():f}"),
            (_("Issued"), issued),
        ],
        consequences=[
            _("Anyone who checks the code %(code)s is told that the certificate was revoked and is no longer valid.")
            % {"code": code},
            _("Its PDF can no longer be downloaded, by %(official)s or anyone else.") % {"official": official},
            _("The reason is shown on the certificates tab and kept in the course's history."),
        ],
        undo=_(
            "No: a revoked certificate stays revoked. A new certificate, with a new code, can be issued to "
            "%(official)s afterwards."
        )
        % {"official": official},
    )


@login_required
@require_POST
def course_zip(request, course_pk: int):
    """Ask for every certificate of the course in one zip: a job draws them (``jobs.py``); the page
    follows it, then offers the download."""
    course = _course(request, course_pk)
    job = certificate_jobs.start_course_zip(actor=request.user, course=course, base_url=request.build_absolute_uri("/"))
    return answer_started(request, job, back=reverse("certificates:course", args=[course.pk]))


@login_required
@require_safe
def course_zip_download(request, course_pk: int, job_pk: int):
    """The zip a job made, for whoever may still manage the course's certificates and follow the job."""
    course = _course(request, course_pk)
    finished = visible_jobs(request.user).filter(
        kind=certificate_jobs.COURSE_ZIP, state=JobState.SUCCEEDED, params__course=course.pk
    )
    job = get_scoped(finished, reason_for("jobs.follow_job"), pk=job_pk)
    require(request.user, "jobs.follow_job", job)
    return kept_file(request, job)


# ----------------------------------------------------------------------------------- the PDFs


@login_required
@require_safe
def certificate_pdf(request, code: str):
    from .pdf import certificate_pdf as render_pdf

    normalised = normalise_code(code)
    if not normalised:
        raise Http404
    certificate = get_scoped(
        selectors.visible_certificates(request.user), reason_for("certificates.download"), code=normalised
    )
    require(request.user, "certificates.download", certificate)
    if certificate.is_revoked:
        context = {"certificate": certificate, "code": display_code(certificate.code)}
        return render(request, "records/certificates/revoked.html", context, status=410)
    body = render_pdf(certificate, verify_url=verify_url(request, certificate.code))
    return _pdf_response(body, f"certificate-{display_code(certificate.code)}.pdf")


def _transcript_response(official: Official) -> HttpResponse:
    from .pdf import transcript_pdf

    credit_ended_sessions(official=official)

    name = slugify(strip_tones(official.name_pinyin)) or str(official.pk)
    return _pdf_response(transcript_pdf(official), f"transcript-{name}-{timezone.localdate():%Y%m%d}.pdf")


@login_required
@require_safe
def transcript(request, official_pk: int):
    """The training record as a PDF: refused and served exactly as the record's page is."""
    return _transcript_response(record_official(request, official_pk))


# ------------------------------------------------------------------------- the official's own


def _own_official(request) -> Official:
    require(request.user, "certificates.view_own")
    return Official.objects.select_related("sending_unit").get(user=request.user)


@login_required
@require_safe
def mine(request):
    official = _own_official(request)
    held = _with_display_codes(
        Certificate.objects.filter(official=official).select_related("course__academy").order_by("-issued_at")
    )
    return render(request, "records/certificates/mine.html", {"official": official, "certificates": held})


@login_required
@require_safe
def my_transcript(request):
    return _transcript_response(own_record_official(request))


# ------------------------------------------------------------------------ public verification

#: The verification page speaks to anyone, so it says everything in Chinese and in English at once.
VERIFY_TEXTS = {
    "title": gettext_lazy("Verify a certificate"),
    "genuine": gettext_lazy("This certificate is genuine."),
    "revoked": gettext_lazy("This certificate has been revoked and is no longer valid."),
    "unknown": gettext_lazy("There is no certificate with this code."),
    "check": gettext_lazy("Check the code printed on the certificate and type it again."),
    "malformed": gettext_lazy("This is not a certificate code: codes look like PX-7K3M-Q9TD-2WFA."),
    # Translators: the holder of a certificate, on the public verification page.
    "name": gettext_lazy("Name"),
    "course": gettext_lazy("Course"),
    "dates": gettext_lazy("Dates"),
    "code": gettext_lazy("Verification code"),
    "another": gettext_lazy("Check another code"),
    "where": gettext_lazy("The code is printed on the certificate, under its QR code."),
    "verify": gettext_lazy("Verify"),
    "footer": gettext_lazy("Peixun — leadership training on sustainable cities"),
}


def _in_both_languages() -> dict[str, dict[str, str]]:
    texts: dict[str, dict[str, str]] = {key: {} for key in VERIFY_TEXTS}
    for short, language in (("zh", "zh-hans"), ("en", "en")):
        with translation.override(language):
            for key, message in VERIFY_TEXTS.items():
                texts[key][short] = str(message)
    for pair in texts.values():
        if pair["zh"] == pair["en"]:  # not translated yet: say it once
            pair["zh"] = ""
    return texts


def _public(request, context: dict, status: int = 200) -> HttpResponse:
    response = render(
        request, "records/certificates/verify.html", {"t": _in_both_languages(), **context}, status=status
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    # The code is in the address: it must not travel on to other sites in a Referer header.
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_safe
def verify_form(request):
    """Type a code to check a certificate; a well-formed code goes on to its own page."""
    typed = request.GET.get("code", "").strip()[:40]
    if typed:
        code = normalise_code(typed)
        if code:
            return redirect("certificates:verify", code=display_code(code))
    return _public(request, {"typed": typed, "state": "malformed" if typed else "form"})


@never_cache
@require_safe
@rate_limited("verify")
def verify(request, code: str):
    """Whether a certificate is genuine, with the holder's name, the course's title and its dates: nothing more."""
    certificate = selectors.find_for_verification(code)
    if certificate is None:
        return _public(request, {"state": "unknown", "typed": code[:40]}, status=404)
    if certificate.is_revoked:
        return _public(request, {"state": "revoked", "typed": code[:40]}, status=410)
    official, course = certificate.official, certificate.course
    (start_en, start_zh), (end_en, end_zh) = day_in_both(course.start), day_in_both(course.end)
    context = {
        "state": "genuine",
        "code": display_code(certificate.code),
        "name_zh": official.name_zh,
        "name_pinyin": official.name_pinyin,
        "title_en": course.title_en,
        "title_zh": course.title_zh,
        "dates_en": f"{start_en} – {end_en}",
        "dates_zh": f"{start_zh}至{end_zh}",
    }
    return _public(request, context)
