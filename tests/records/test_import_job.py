"""Checking an uploaded sheet as a job, through the pages with no broker: uploaded, followed (rows read),
previewed, applied all or nothing; refused to others, asked for twice, cancelled and run twice."""

import pytest
from django.urls import reverse

from peixun.jobs import services as jobs
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job
from peixun.records.imports import create_import_batch
from peixun.records.jobs import start_check
from peixun.records.models import ImportBatch, LedgerEntry
from tests.jobs.flow import status

from .test_imports import HEADER, good_workbook, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def test_the_upload_starts_the_check_and_the_preview_follows_it_to_the_rows(
    client, world, django_capture_on_commit_callbacks
):
    staff = world.users["staff"]
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False) as pending:
        response = client.post(reverse("records:import"), {"file": upload(good_workbook(world))})
    batch = ImportBatch.objects.get()
    job = Job.objects.get(kind="records.import_check")
    assert response.url == reverse("records:import_preview", args=[batch.pk])
    waiting = client.get(response.url).content.decode()
    # While the check waits, the preview shows it (polling) and offers no button to apply.
    assert f'hx-get="/jobs/{job.pk}/status/"' in waiting and 'data-state="queued"' in waiting
    assert reverse("records:import_apply", args=[batch.pk]) not in waiting

    for callback in pending:
        callback()

    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert len(job.result["rows"]) == 2 and job.result["sheet_errors"] == []
    assert status(client, job)["HX-Redirect"] == response.url
    preview = client.get(response.url).content.decode()
    assert "城市更新专题培训" in preview and "Add 2 entries to the records" in preview
    client.post(reverse("records:import_apply", args=[batch.pk]))
    assert LedgerEntry.objects.count() == 2


def test_the_check_tells_how_many_rows_it_has_read(client, world):
    staff = world.users["staff"]
    job = Job.objects.create(
        kind="records.import_check",
        started_by=staff,
        state=JobState.RUNNING,
        progress=0.45,
        progress_message="records.import_rows",
        progress_params={"read": 200, "total": 400},
    )
    client.force_login(staff)
    assert "200 of 400 rows read." in status(client, job).content.decode()
    staff.language = "zh-hans"
    staff.save(update_fields=["language"])
    assert "已读取 400 行中的 200 行" in status(client, job).content.decode()


def test_a_wrong_row_found_by_the_check_blocks_applying(client, world):
    staff = world.users["staff"]
    content = workbook_bytes([HEADER, [world.official.pk, "x", "B", "", 3]])
    batch = create_import_batch(actor=staff, upload=upload(content))
    jobs.run_job(start_check(actor=staff, batch=batch).pk)
    client.force_login(staff)

    preview = client.get(reverse("records:import_preview", args=[batch.pk])).content.decode()

    assert "“x” is not a date" in preview
    assert reverse("records:import_apply", args=[batch.pk]) not in preview
    client.post(reverse("records:import_apply", args=[batch.pk]))
    assert LedgerEntry.objects.count() == 0


def test_others_may_not_follow_the_check_nor_start_one(client, world):
    staff = world.users["staff"]
    batch = create_import_batch(actor=staff, upload=upload(good_workbook(world)))
    job = start_check(actor=staff, batch=batch)
    for role in ("coordinator", "official", "nominator"):
        client.force_login(world.users[role])
        assert status(client, job).status_code == 403, role
        assert client.post(reverse("records:import_check", args=[batch.pk])).status_code == 403, role
    assert Job.objects.count() == 1


def test_a_second_start_returns_the_waiting_check_a_cancel_stops_it_and_a_rerun_is_the_same(client, world):
    staff = world.users["staff"]
    batch = create_import_batch(actor=staff, upload=upload(good_workbook(world)))
    first = start_check(actor=staff, batch=batch)
    client.force_login(staff)
    client.post(reverse("records:import_check", args=[batch.pk]))
    assert Job.objects.get() == first

    client.post(f"/jobs/{first.pk}/cancel/")
    first.refresh_from_db()
    assert first.state == JobState.CANCELLED
    preview = client.get(reverse("records:import_preview", args=[batch.pk])).content.decode()
    assert "The work was cancelled before it was done." in preview and "Check the file again" in preview

    again = start_check(actor=staff, batch=batch)
    jobs.run_job(again.pk)
    again.refresh_from_db()
    rows = again.result["rows"]
    Job.objects.filter(pk=again.pk).update(state=JobState.RUNNING)  # as a worker that died at the end leaves it
    jobs.run_job(again.pk)
    again.refresh_from_db()
    assert (again.state, again.result["rows"]) == (JobState.SUCCEEDED, rows)
    assert LedgerEntry.objects.count() == 0  # checking writes nothing
