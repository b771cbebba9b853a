"""A translated file written by a job, through the workbench's pages with no broker: asked for, followed,
downloaded (with the permission checked again), refused, asked for twice, cancelled and run twice."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from peixun.core.enums import Role
from peixun.docengine import extract
from peixun.jobs import services as jobs
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job
from peixun.materials.models import Material
from tests.factories import AcademyFactory, UserFactory
from tests.jobs.flow import job_of, post_and_run, status

from .helpers import SMALL_DECK, make_material

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def material():
    return make_material(SMALL_DECK, title="Sponge cities")


def export_url(material) -> str:
    return reverse("workbench:export", args=[material.pk])


def test_the_workbench_asks_for_a_file_follows_the_job_and_offers_the_download(
    client, material, django_capture_on_commit_callbacks
):
    client.force_login(material.translator)
    page = client.get(reverse("workbench:edit", args=[material.pk])).content.decode()
    assert f'hx-post="{export_url(material)}" hx-target="#export-job"' in page and 'id="export-job"' in page

    with django_capture_on_commit_callbacks(execute=False) as pending:
        started = client.post(export_url(material), {"mode": "translated", "fit": "1"}, HTTP_HX_REQUEST="true")
    job = job_of(started)
    assert 'data-state="queued"' in started.content.decode()
    assert job.params == {
        "material": material.pk,
        "version": material.versions.get().pk,
        "mode": "translated",
        "fit": True,
    }
    for callback in pending:
        callback()

    fragment = status(client, job).content.decode()
    download = reverse("workbench:export_download", args=[material.pk, job.pk])
    assert f'<a class="button" data-testid="job-result" href="{download}">Download</a>' in fragment
    job.refresh_from_db()
    assert default_storage.exists(job.result["file"])
    response = client.get(download)
    assert response.status_code == 200
    assert "Sponge%20cities%20%E4%B8%AD%E6%96%87.pptx" in response["Content-Disposition"]
    assert extract(b"".join(response.streaming_content), "pptx")  # a deck that opens


def test_the_page_without_scripts_shows_the_choices_then_the_jobs_page(
    client, material, django_capture_on_commit_callbacks
):
    client.force_login(material.lecturer.user)
    page = client.get(export_url(material)).content.decode()
    assert page.index('data-testid="export-bilingual"') < page.index('data-testid="export-translated"')

    response = post_and_run(client, django_capture_on_commit_callbacks, export_url(material), {"mode": "bilingual"})

    job = job_of(response)
    assert response.url == f"/jobs/{job.pk}/"
    assert "Download" in client.get(response.url).content.decode()


def test_the_download_checks_the_permission_again(client, material, django_capture_on_commit_callbacks):
    translator = material.translator
    client.force_login(translator)
    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, export_url(material), {"mode": "translated"}))
    download = reverse("workbench:export_download", args=[material.pk, job.pk])
    assert client.get(download).status_code == 200

    # Someone else who may export the presentation still cannot take this person's file.
    client.force_login(UserFactory(role=Role.STAFF, username="chief"))
    assert client.get(download).status_code == 200  # staff follow every job
    client.force_login(material.lecturer.user)
    refused = client.get(download)
    assert refused.status_code == 403 and "This work was started by someone else." in refused.content.decode()
    # Nor anyone who may not export it, nor the translator once the presentation is given to another.
    for outsider in (UserFactory(role=Role.OFFICIAL), UserFactory(role=Role.COORDINATOR, academy=AcademyFactory())):
        client.force_login(outsider)
        assert client.get(download).status_code == 403
        assert client.post(export_url(material), {"mode": "translated"}).status_code == 403
    Material.objects.filter(pk=material.pk).update(translator=UserFactory(role=Role.TRANSLATOR))
    client.force_login(translator)
    assert client.get(download).status_code == 403


def test_a_second_ask_returns_the_running_export_and_a_cancel_stops_it(
    client, material, django_capture_on_commit_callbacks
):
    client.force_login(material.translator)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        first = job_of(client.post(export_url(material), {"mode": "translated", "fit": "0"}))
        again = job_of(client.post(export_url(material), {"mode": "translated", "fit": "0"}, HTTP_HX_REQUEST="true"))
        other = job_of(client.post(export_url(material), {"mode": "bilingual", "fit": "1"}))
    assert again == first and other != first

    client.post(f"/jobs/{first.pk}/cancel/")
    for callback in pending:
        callback()

    first.refresh_from_db()
    other.refresh_from_db()
    assert (first.state, other.state) == (JobState.CANCELLED, JobState.SUCCEEDED)
    assert client.get(reverse("workbench:export_download", args=[material.pk, first.pk])).status_code == 403


def test_an_export_run_again_writes_the_same_file_in_the_same_place(
    client, material, django_capture_on_commit_callbacks
):
    client.force_login(material.translator)
    job = job_of(post_and_run(client, django_capture_on_commit_callbacks, export_url(material), {"mode": "translated"}))
    job.refresh_from_db()
    kept = job.result["file"]
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)  # as a worker that died at the end leaves it

    jobs.run_job(job.pk)

    job.refresh_from_db()
    assert (job.state, job.result["file"]) == (JobState.SUCCEEDED, kept)
    assert default_storage.listdir(f"exports/job-{job.pk}")[1] == [kept.rsplit("/", 1)[1]]


def test_a_refused_export_says_why_in_the_readers_language(client, material, django_capture_on_commit_callbacks):
    translator = material.translator
    translator.language = "zh-hans"
    translator.save(update_fields=["language"])
    client.force_login(translator)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        job = job_of(client.post(export_url(material), {"mode": "translated"}))
    Material.objects.filter(pk=material.pk).update(translator=UserFactory(role=Role.TRANSLATOR))
    for callback in pending:
        callback()

    job.refresh_from_db()
    assert (job.state, job.error_code) == (JobState.FAILED, "materials.export_gone")
    assert "导出" in status(client, job).content.decode()
