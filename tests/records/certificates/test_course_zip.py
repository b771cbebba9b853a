"""A class's certificates in one zip, made by a job, through the course's tab with no broker: asked for,
followed, downloaded (the permission checked again), refused, asked for twice, cancelled and run twice."""

import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from peixun.jobs import services as jobs
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job
from peixun.records.certificates.codes import display_code
from peixun.records.certificates.services import issue_certificates, revoke_certificate
from tests.jobs.flow import job_of, post_and_run, status

from .conftest import attend, confirm, exactly_80

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def zip_url(world) -> str:
    return reverse("certificates:course_zip", args=[world.course.pk])


def test_the_tab_asks_for_the_zip_follows_the_job_and_offers_one_pdf_per_official(
    client, world, django_capture_on_commit_callbacks
):
    from tests.factories import OfficialFactory

    staff = world.users["staff"]
    third = OfficialFactory(name_zh="张敏")
    attend(staff, confirm(world.course, third), exactly_80(world.course))
    issue_certificates(actor=staff, course=world.course)
    client.force_login(world.users["coordinator"])
    tab = client.get(reverse("certificates:course", args=[world.course.pk])).content.decode()
    assert f'hx-post="{zip_url(world)}" hx-target="#certificates-job"' in tab

    with django_capture_on_commit_callbacks(execute=False) as pending:
        started = client.post(zip_url(world), HTTP_HX_REQUEST="true")
    job = job_of(started)
    assert 'data-state="queued"' in started.content.decode()
    for callback in pending:
        callback()

    job.refresh_from_db()
    assert (job.state, job.result["certificates"]) == (JobState.SUCCEEDED, 2)
    assert job.progress_message == "certificates.zipping"
    download = reverse("certificates:course_zip_download", args=[world.course.pk, job.pk])
    assert f'href="{download}">Download</a>' in status(client, job).content.decode()
    response = client.get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    codes = sorted(display_code(c.code) for c in world.course.certificates.all())
    assert [name.split("-", 2)[:2] for name in names] == [code.split("-")[:2] for code in codes]
    assert all(archive.read(name).startswith(b"%PDF") for name in names)


def test_a_revoked_certificate_is_left_out_and_a_course_without_any_says_why(
    client, world, django_capture_on_commit_callbacks
):
    revoke_certificate(actor=world.users["staff"], certificate=world.certificate, reason="Issued in error")
    client.force_login(world.users["staff"])

    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, zip_url(world)))

    job.refresh_from_db()
    assert (job.state, job.error_code) == (JobState.FAILED, "certificates.none")
    assert (
        "This course has no certificates to download: issue them first."
        in client.get(f"/jobs/{job.pk}/").content.decode()
    )


def test_who_may_ask_for_the_zip_and_take_it(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["coordinator"])
    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, zip_url(world)))
    download = reverse("certificates:course_zip_download", args=[world.course.pk, job.pk])

    for role in ("other_coordinator", "official", "nominator", "lecturer"):
        client.force_login(world.users[role])
        assert client.post(zip_url(world)).status_code == 403, role
        assert client.get(download).status_code == 403, role
    client.force_login(world.users["staff"])
    assert client.get(download).status_code == 200
    assert Job.objects.count() == 1


def test_a_second_ask_returns_the_running_job_a_cancel_stops_it_and_a_rerun_writes_the_same_zip(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=False) as pending:
        first = job_of(client.post(zip_url(world)))
        again = job_of(client.post(zip_url(world), HTTP_HX_REQUEST="true"))
    assert again == first
    client.post(f"/jobs/{first.pk}/cancel/")
    for callback in pending:
        callback()
    first.refresh_from_db()
    assert first.state == JobState.CANCELLED

    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, zip_url(world)))
    job.refresh_from_db()
    kept = job.result["file"]
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)  # as a worker that died at the end leaves it
    jobs.run_job(job.pk)
    job.refresh_from_db()
    assert (job.state, job.result["file"]) == (JobState.SUCCEEDED, kept)
    assert default_storage.listdir(f"certificates/job-{job.pk}")[1] == [kept.rsplit("/", 1)[1]]
