"""A deck's versions kept in S3-compatible object storage (moto's server, tests/s3.py): uploaded through the
page into the bucket and nowhere on disk, downloaded through the page by a redirect to a short-lived signed
address (or streamed), and refused, with no address given away, to whoever may not see the presentation."""

from urllib.parse import parse_qs, urlsplit
from urllib.request import urlopen

import pytest

from peixun.core.files import local_copy
from tests.materials.conftest import OTHER_DECK, SMALL_DECK, upload

pytestmark = pytest.mark.django_db


def files_under(folder):
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_a_version_uploaded_through_the_page_is_in_the_bucket_and_not_on_disk(client, world, s3_bucket, _media):
    server, bucket = s3_bucket
    material = world.material(SMALL_DECK)
    client.force_login(world.users["lecturer"])

    response = client.post(f"/materials/{material.pk}/upload/", {"file": upload(OTHER_DECK)})

    assert response.status_code == 302
    version = material.versions.get(number=2)
    stored = server.objects(bucket)
    assert stored[version.file.name] == OTHER_DECK.read_bytes()
    assert stored[material.versions.get(number=1).file.name] == SMALL_DECK.read_bytes()
    assert files_under(_media) == []
    # The engine read it back from the bucket: its segments are there.
    assert version.segments.exists()


def test_a_version_downloads_through_a_short_lived_signed_address(client, world, s3_bucket):
    material = world.material(SMALL_DECK)
    client.force_login(world.users["lecturer"])

    response = client.get(f"/materials/{material.pk}/versions/1/")

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    address = response["Location"]
    query = parse_qs(urlsplit(address).query)
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-content-disposition"][0].startswith("attachment; filename=")
    with urlopen(address) as answer:  # noqa: S310 (the test's own S3 server)
        assert answer.read() == SMALL_DECK.read_bytes()


def test_with_downloads_streamed_the_bytes_come_through_peixun(client, world, s3_bucket, settings):
    settings.PEIXUN_S3_DOWNLOADS = "stream"
    material = world.material(SMALL_DECK)
    client.force_login(world.users["lecturer"])

    response = client.get(f"/materials/{material.pk}/versions/1/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SMALL_DECK.read_bytes()
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


def test_whoever_may_not_see_the_presentation_gets_no_address(client, world, s3_bucket):
    material = world.material(SMALL_DECK)
    client.force_login(world.users["other_lecturer"])

    response = client.get(f"/materials/{material.pk}/versions/1/")

    assert response.status_code in (403, 404)
    assert "Location" not in response
    assert b"X-Amz-Signature" not in response.content


def test_code_that_needs_a_path_gets_a_temporary_copy_from_the_bucket(world, s3_bucket):
    version = world.material(SMALL_DECK).versions.get(number=1)

    with local_copy(version.file) as path:
        assert path.suffix == ".pptx"
        assert path.read_bytes() == SMALL_DECK.read_bytes()
    assert not path.exists()
