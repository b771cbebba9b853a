"""Exports of every shared fixture deck and document, fully and partly translated."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from peixun.core.enums import Role
from peixun.docengine import Tagged, extract
from peixun.jobs.enums import JobState
from peixun.materials.chip_markup import to_markup
from peixun.materials.models import MaterialVersion
from tests.factories import PASSWORD, UserFactory
from tests.jobs.flow import job_of, post_and_run

from .helpers import DECKS, DOCUMENTS, SMALL_DECK, make_material

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def typed(segment) -> str:
    """What a translator types for ``segment``: a Chinese mark, then the source with its tags as chips."""
    return "译" + (to_markup(segment.tagged_source) if segment.has_tags else segment.source)
@pytest.fixture
def download(client, django_capture_on_commit_callbacks):
    """Ask for an export as the workbench's button does, let its job run, and download what it wrote."""

    def download(material, **data):
        url = reverse("workbench:export", args=[material.pk])
        job = job_of(post_and_run(client, django_capture_on_commit_callbacks, url, data))
        job.refresh_from_db()
        assert job.state == JobState.SUCCEEDED, job.error_code
        return client.get(job.result["url"])

    return download


def translate_everything(client, material) -> dict[str, str]:
    version = MaterialVersion.objects.get(material=material)
    for segment in version.segments.order_by("order"):
        response = client.post(
            reverse("workbench:save_segment", args=[material.pk, segment.pk]),
            {"target": typed(segment), "status": "translated"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert b"save-error" not in response.content
    return saved_texts(material)


def saved_texts(material) -> dict[str, str]:
    """What the export must write for each translated segment: the tagged Chinese's words as saved
    (a space or break inside a tag is kept), or the plain translation."""
    return {
        segment.key: Tagged.parse(segment.target_tagged).plain if segment.target_tagged else segment.target
        for segment in MaterialVersion.objects.get(material=material).segments.exclude(target="")
    }


@pytest.mark.parametrize("path", DECKS + DOCUMENTS, ids=lambda p: p.name)
def test_every_fixture_exports_with_every_translation(client, download, path):
    material = make_material(path, title="Plan")
    client.login(username=material.translator.username, password=PASSWORD)
    original = extract(path.read_bytes(), path.suffix[1:])
    # Saving every segment of the two large fixtures through the view is slow; the service is the same door.
    if len(original) > 150:
        from peixun.materials.workbench import services

        expected = {}
        for segment in MaterialVersion.objects.get(material=material).segments.order_by("order"):
            services.save_segment(actor=material.translator, segment=segment, target=typed(segment), done=True)
        expected = saved_texts(material)
    else:
        expected = translate_everything(client, material)
    response = download(material, mode="translated")
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    exported = extract(data, path.suffix[1:])
    assert len(exported) == len(original)
    assert {s.key: s.text for s in exported} == expected


def test_partial_translation_leaves_untranslated_segments_unchanged(client, download):
    material = make_material(SMALL_DECK)
    client.login(username=material.translator.username, password=PASSWORD)
    segments = list(MaterialVersion.objects.get(material=material).segments.order_by("order"))
    client.post(
        reverse("workbench:save_segment", args=[material.pk, segments[0].pk]),
        {"target": "{1}斜体 = 是{/1} 斜体 = 否{2} 斜体 = 无{/2}", "status": "translated"},
    )
    client.post(
        reverse("workbench:save_segment", args=[material.pk, segments[1].pk]),
        {"target": "草稿也导出", "status": "draft"},
    )
    response = download(material, mode="translated")
    exported = {s.key: s.text for s in extract(b"".join(response.streaming_content), "pptx")}
    original = {s.key: s.text for s in extract(SMALL_DECK.read_bytes(), "pptx")}
    assert exported[segments[0].key] == "斜体 = 是 斜体 = 否 斜体 = 无"
    assert exported[segments[1].key] == "草稿也导出"
    assert {k: v for k, v in exported.items() if k not in (segments[0].key, segments[1].key)} == {
        k: v for k, v in original.items() if k not in (segments[0].key, segments[1].key)
    }


def test_bilingual_export_keeps_the_english_after_the_chinese(client, download):
    material = make_material(SMALL_DECK, title="海绵城市 Sponge cities")
    segment = MaterialVersion.objects.get(material=material).segments.order_by("order").first()
    client.login(username=material.translator.username, password=PASSWORD)
    client.post(
        reverse("workbench:save_segment", args=[material.pk, segment.pk]),
        {"target": "{1}斜体{/1}{2}{/2}", "status": "translated"},
    )
    response = download(material, mode="bilingual")
    texts = [s.text for s in extract(b"".join(response.streaming_content), "pptx")]
    assert texts[:2] == ["斜体", segment.source]
    filename = "海绵城市 Sponge cities 中英双语.pptx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(filename)}"


def test_filename_of_chinese_version_is_rfc5987_encoded(client, download):
    material = make_material(SMALL_DECK, title="Sponge cities: a/b")
    client.login(username=material.translator.username, password=PASSWORD)
    response = download(material)
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote("Sponge cities  a b 中文.pptx")


def test_lecturer_gets_the_bilingual_version_by_default(client, download):
    material = make_material(SMALL_DECK)
    client.login(username=material.lecturer.user.username, password=PASSWORD)
    response = download(material)
    assert response.status_code == 200
    assert "%E4%B8%AD%E8%8B%B1%E5%8F%8C%E8%AF%AD" in response["Content-Disposition"]


def test_unknown_mode_is_refused(client):
    material = make_material(SMALL_DECK)
    client.login(username=UserFactory(role=Role.STAFF).username, password=PASSWORD)
    response = client.post(reverse("workbench:export", args=[material.pk]), {"mode": "french"})
    assert response.status_code == 400
