"""Slide pictures in the workbench: a background job draws a version's slides with LibreOffice and keeps
them in storage; only those who may open the workbench see them; without LibreOffice the workbench says
so and works; the preview of a translated file draws the exported deck."""

from __future__ import annotations

import io

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from peixun.docengine.render import libreoffice, render_pages
from peixun.jobs.enums import JobState
from peixun.jobs.models import Job
from peixun.materials import thumbnails
from peixun.materials.enums import SegmentStatus
from peixun.materials.models import Segment
from peixun.materials.workbench import selectors
from tests.factories import PASSWORD
from tests.shared_fixtures import FIXTURES

from . import test_permissions as matrix
from .helpers import make_material

ROLES = matrix.ROLES
# The same people, and the same media folder, as the workbench's permission matrix.
world = matrix.world
media = matrix.media

pytestmark = pytest.mark.django_db
needs_libreoffice = pytest.mark.skipif(libreoffice() is None, reason="needs LibreOffice (soffice on PATH)")

UNAVAILABLE = "Slide pictures need LibreOffice on the server; the text is all here."
DECK = FIXTURES / "decks" / "pptx-txt-font-props.pptx"  # the deck make_material uses


@pytest.fixture(scope="module")
def drawn():
    """The deck's pictures, drawn once for the tests that only need them kept."""
    if libreoffice() is None:
        pytest.skip("needs LibreOffice")
    return render_pages(DECK.read_bytes(), "pptx", width=thumbnails.WIDTH)


def png_width(data: bytes) -> int:
    with Image.open(io.BytesIO(data)) as image:
        return image.size[0]


@needs_libreoffice
def test_the_job_draws_every_slide_and_keeps_them_in_storage(django_capture_on_commit_callbacks):
    material = make_material()
    version = material.versions.get()
    with django_capture_on_commit_callbacks(execute=True):
        job = thumbnails.start_drawing(version)
        again = thumbnails.start_drawing(version)
    assert again.pk == job.pk  # the key: one job per version
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, (job.error_code, job.error_params)
    kept = thumbnails.manifest(thumbnails.version_folder(version))
    assert kept == {"count": version.slides, "drawn": version.slides}
    for number in range(1, version.slides + 1):
        with default_storage.open(thumbnails.picture_name(thumbnails.version_folder(version), number)) as handle:
            assert png_width(handle.read()) == thumbnails.WIDTH
    assert thumbnails.pictures_of(version).state == "ready"
    assert thumbnails.start_drawing(version) is None  # drawn already: nothing more to do


@pytest.fixture
def drawn_document(django_capture_on_commit_callbacks):
    """A Word document's presentation (the Illustrative Cases: five pages in LibreOffice), its pages drawn."""
    if libreoffice() is None:
        pytest.skip("needs LibreOffice")
    material = make_material(FIXTURES / "documents" / "poi-IllustrativeCases.docx")
    version = material.versions.get()
    with django_capture_on_commit_callbacks(execute=True):
        job = thumbnails.start_drawing(version)
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, (job.error_code, job.error_params)
    return material, version


def figures(page: str) -> list[str]:
    """The pages whose pictures the workbench shows beside its segments, in order."""
    import re

    return re.findall(r'data-testid="page-picture" data-page="(\d+)"', page)


def first_on_page_two(version) -> Segment:
    """The first segment the drawing found on the second page (where that is depends on the installed fonts;
    that it is right is tests/docengine/test_pages.py's)."""
    kept = thumbnails.manifest(thumbnails.version_folder(version))
    return min(
        (segment for segment in version.segments.all() if kept["segments"].get(segment.key) == 2),
        key=lambda segment: segment.order,
    )


def test_a_documents_segments_are_shown_beside_the_page_they_are_on(client, drawn_document):
    material, version = drawn_document
    kept = thumbnails.manifest(thumbnails.version_folder(version))
    opening = first_on_page_two(version)
    assert kept["segments"][version.segments.get(order=0).key] == 1
    assert len(kept["segments"]) >= 0.9 * version.segments.count()

    client.login(username=material.translator.username, password=PASSWORD)
    first = client.get(reverse("workbench:edit", args=[material.pk])).content.decode()
    assert figures(first) == ["1"]
    assert 'data-testid="page-pictures"' not in first  # no strip: each segment's page is known
    assert f'src="{reverse("thumbnails:picture", args=[material.pk, version.pk, 1])}"' in first

    page = selectors.page_of_segment(opening)
    shown = client.get(reverse("workbench:edit", args=[material.pk]) + f"?page={page}").content.decode()
    assert figures(shown)[-1] == "2"
    # The second page's first segment follows its picture, and the segments before it the first page's.
    assert shown.index('data-page="2"') < shown.index(f'id="seg-{opening.pk}"')
    previous = version.segments.get(order=opening.order - 1)
    if figures(shown)[0] == "1":
        assert shown.index('data-page="1"') < shown.index(f'id="seg-{previous.pk}"') < shown.index('data-page="2"')


def placed(html: str) -> list[tuple[str, str]]:
    """(page, segment): each page picture a workbench page shows, and the segment it stands before."""
    import re

    return re.findall(r'data-testid="page-picture" data-page="(\d+)".*?id="seg-(\d+)"', html, flags=re.S)


def oob_placed(html: str) -> list[tuple[str, str]]:
    """(page, segment): each page picture an answer sends out of band, and the segment it goes before."""
    import re

    oob = r'<div hx-swap-oob="beforebegin:#seg-(\d+)">.*?data-testid="page-picture" data-page="(\d+)"'
    found = re.findall(oob, html, flags=re.S)
    return [(page, segment) for segment, page in found]


def test_the_block_that_asked_while_drawing_places_each_page_as_the_page_read_again_does(client, drawn_document):
    material, version = drawn_document
    opening = first_on_page_two(version)
    number = selectors.page_of_segment(opening)
    client.login(username=material.translator.username, password=PASSWORD)
    workbench = client.get(reverse("workbench:edit", args=[material.pk]) + f"?page={number}").content.decode()
    poll = reverse("thumbnails:slide", args=[material.pk, version.pk, 1]) + f"?page={number}"

    answer = client.get(poll, headers={"HX-Request": "true"})

    assert answer.status_code == 200
    html = answer.content.decode()
    assert placed(workbench)[-1] == ("2", str(opening.pk))
    assert oob_placed(html) == placed(workbench)
    assert 'data-testid="page-pictures"' not in html  # every page known: no strip, as on the page read again
    assert f'src="{reverse("thumbnails:picture", args=[material.pk, version.pk, 2])}"' in html


def test_the_block_that_asked_while_drawing_shows_the_strip_when_a_page_is_not_known(client, drawn_document):
    import json

    from django.core.files.base import ContentFile

    material, version = drawn_document
    folder = thumbnails.version_folder(version)
    kept = thumbnails.manifest(folder)
    default_storage.delete(f"{folder}/{thumbnails.MANIFEST}")
    content = json.dumps({"count": kept["count"], "drawn": kept["drawn"]}).encode()
    default_storage.save(f"{folder}/{thumbnails.MANIFEST}", ContentFile(content))
    client.login(username=material.translator.username, password=PASSWORD)

    poll = reverse("thumbnails:slide", args=[material.pk, version.pk, 1]) + "?page=1"
    html = client.get(poll, headers={"HX-Request": "true"}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert oob_placed(html) == []
    assert 'data-state="ready" data-testid="page-pictures"' in html
    assert "此处部分语段所在的页面无法确定" in html


def test_while_a_document_is_drawn_its_block_asks_again_for_the_page_of_segments_shown(client):
    if libreoffice() is None:
        pytest.skip("needs LibreOffice")
    material = make_material(FIXTURES / "documents" / "poi-IllustrativeCases.docx")
    version = material.versions.get()
    client.login(username=material.translator.username, password=PASSWORD)
    page = client.get(reverse("workbench:edit", args=[material.pk]) + "?page=2").content.decode()
    poll = reverse("thumbnails:slide", args=[material.pk, version.pk, 1]) + "?page=2"
    assert f'hx-get="{poll}" hx-trigger="every 2s"' in page
    answer = client.get(poll, headers={"HX-Request": "true"}).content.decode()
    assert 'data-state="drawing"' in answer and f'hx-get="{poll}"' in answer


def test_a_document_whose_pages_are_not_located_is_shown_as_a_strip_said_so_in_both_languages(client, drawn_document):
    import json

    from django.core.files.base import ContentFile

    material, version = drawn_document
    folder = thumbnails.version_folder(version)
    kept = thumbnails.manifest(folder)
    # Pictures kept before segments' pages were looked for: the manifest has no "segments".
    default_storage.delete(f"{folder}/{thumbnails.MANIFEST}")
    content = json.dumps({"count": kept["count"], "drawn": kept["drawn"]}).encode()
    default_storage.save(f"{folder}/{thumbnails.MANIFEST}", ContentFile(content))

    client.login(username=material.translator.username, password=PASSWORD)
    page = client.get(reverse("workbench:edit", args=[material.pk])).content.decode()
    assert figures(page) == []
    assert 'data-testid="page-pictures"' in page
    assert "The page of some segments here is not known: all the document’s pages are shown." in page
    for number in range(1, kept["drawn"] + 1):
        assert reverse("thumbnails:picture", args=[material.pk, version.pk, number]) in page
    chinese = client.get(reverse("workbench:edit", args=[material.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "此处部分语段所在的页面无法确定" in chinese.content.decode()


def test_uploading_a_deck_starts_the_drawing_on_a_worker(
    client, world, django_capture_on_commit_callbacks, settings, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from peixun.materials.services import upload_version

    settings.PEIXUN_LIBREOFFICE_PATH = str(tmp_path)  # no LibreOffice: nothing is started
    upload_version(
        actor=world.users["staff"],
        material=world.material,
        file=SimpleUploadedFile("deck.pptx", DECK.read_bytes()),
    )
    assert not Job.objects.filter(kind=thumbnails.VERSION_KIND).exists()
    if libreoffice() is None:
        return
    settings.PEIXUN_LIBREOFFICE_PATH = None
    with thumbnails.not_on_upload():  # the demo loader's way: drawn on demand later
        upload_version(
            actor=world.users["staff"], material=world.material, file=SimpleUploadedFile("deck.pptx", DECK.read_bytes())
        )
    assert not Job.objects.filter(kind=thumbnails.VERSION_KIND).exists()
    settings.PEIXUN_BROKER_URL = ""  # no worker: the upload's answer is not held up, the workbench draws on demand
    upload_version(
        actor=world.users["staff"], material=world.material, file=SimpleUploadedFile("deck.pptx", DECK.read_bytes())
    )
    assert not Job.objects.filter(kind=thumbnails.VERSION_KIND).exists()
    settings.PEIXUN_BROKER_URL = "redis://127.0.0.1:6379/15"  # nothing is sent: the commit callbacks are held
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = upload_version(
            actor=world.users["staff"],
            material=world.material,
            file=SimpleUploadedFile("deck.pptx", DECK.read_bytes()),
        )
    job = Job.objects.get(kind=thumbnails.VERSION_KIND)
    assert job.key == f"version:{version.pk}" and job.state == JobState.QUEUED and callbacks


def test_the_workbench_shows_the_slide_picture_and_the_picture_is_served(client, world, drawn):
    material = world.material
    version = material.versions.get()
    thumbnails._store(thumbnails.version_folder(version), drawn)
    client.login(username=world.users["translator"].username, password=PASSWORD)
    page = client.get(reverse("workbench:edit", args=[material.pk])).content.decode()
    src = reverse("thumbnails:picture", args=[material.pk, version.pk, 1])
    assert f'src="{src}"' in page
    response = client.get(src)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert png_width(b"".join(response.streaming_content)) == thumbnails.WIDTH
    beyond = reverse("thumbnails:picture", args=[material.pk, version.pk, version.slides + 1])
    assert client.get(beyond).status_code == 404


# The pictures and their block answer as the workbench does, role by role (test_permissions.CASES).
WORKBENCH = [200, 200, 403, 200, 403, 200, 403, 200, 403, 403, 403, 403, 302]


@pytest.mark.parametrize("name", ["thumbnails:picture", "thumbnails:slide"])
def test_pictures_answer_as_the_workbench_does(client, world, drawn, name):
    material = world.material
    version = material.versions.get()
    thumbnails._store(thumbnails.version_folder(version), drawn)
    url = reverse(name, args=[material.pk, version.pk, 1])
    for role, expected in zip(ROLES, WORKBENCH, strict=True):
        client.logout()
        if world.users[role] is not None:
            client.login(username=world.users[role].username, password=PASSWORD)
        assert client.get(url).status_code == expected, role


def test_a_version_of_another_presentation_is_not_shown(client, world, drawn):
    other = make_material()
    other_version = other.versions.get()
    thumbnails._store(thumbnails.version_folder(other_version), drawn)
    client.login(username=world.users["translator"].username, password=PASSWORD)
    url = reverse("thumbnails:picture", args=[world.material.pk, other_version.pk, 1])
    assert client.get(url).status_code == 404


def test_without_libreoffice_the_workbench_says_so_and_works(client, world, settings, tmp_path):
    settings.PEIXUN_LIBREOFFICE_PATH = str(tmp_path)  # an empty folder: no soffice, no libreoffice
    assert not thumbnails.available()
    material = world.material
    version = material.versions.get()
    client.login(username=world.users["translator"].username, password=PASSWORD)
    response = client.get(reverse("workbench:edit", args=[material.pk]))
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'")
    assert UNAVAILABLE in page
    assert 'data-testid="slide-picture"' not in page
    assert client.get(reverse("thumbnails:slide", args=[material.pk, version.pk, 1])).status_code == 200
    assert not Job.objects.exists()
    response = client.get(reverse("thumbnails:previews", args=[material.pk]))
    assert UNAVAILABLE in response.content.decode().replace("&#x27;", "'")


def test_while_drawing_the_block_asks_again_and_the_chinese_page_says_it(client, world, settings):
    if libreoffice() is None:
        pytest.skip("needs LibreOffice")
    material = world.material
    client.login(username=world.users["translator"].username, password=PASSWORD)
    page = client.get(reverse("workbench:edit", args=[material.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    version = material.versions.get()
    assert f'hx-get="{reverse("thumbnails:slide", args=[material.pk, version.pk, 1])}"' in page
    assert 'hx-trigger="every 2s"' in page
    assert "幻灯片图片正在绘制" in page or "正在绘制" in page


@needs_libreoffice
def test_the_preview_draws_the_translated_deck(client, world, django_capture_on_commit_callbacks):
    material = world.material
    version = material.versions.get()
    Segment.objects.filter(version=version).update(target="译文", status=SegmentStatus.TRANSLATED)
    client.login(username=world.users["translator"].username, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("thumbnails:previews", args=[material.pk]), {"mode": "translated", "fit": "0"})
    job = Job.objects.get(kind=thumbnails.PREVIEW_KIND)
    assert response["Location"] == reverse("thumbnails:preview", args=[material.pk, job.pk])
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED, (job.error_code, job.error_params)
    page = client.get(response["Location"]).content.decode()
    picture = reverse("thumbnails:preview_picture", args=[material.pk, job.pk, 1])
    assert picture in page and 'data-testid="preview-pages"' in page
    assert page.count("<figure>") == version.slides
    assert client.get(picture).status_code == 200
    # Who may not export sees neither the preview nor its pictures.
    client.logout()
    client.login(username=world.users["other_translator"].username, password=PASSWORD)
    assert client.get(response["Location"]).status_code == 403
    assert client.get(picture).status_code == 403
