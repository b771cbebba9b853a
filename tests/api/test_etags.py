"""Every read of one object carries an ETag: the same for the same object whatever the language, another once
the object has changed."""

import pytest

pytestmark = pytest.mark.django_db


def test_every_detail_read_carries_an_etag_that_follows_the_object(world):
    client = world.client("staff")
    for address in (
        f"/api/v1/academies/{world.academy.pk}/",
        f"/api/v1/topics/{world.topics[0].pk}/",
        f"/api/v1/module-templates/{world.template.pk}/",
        f"/api/v1/courses/{world.open_course.pk}/",
    ):
        english = client.get(address, HTTP_ACCEPT_LANGUAGE="en")
        chinese = client.get(address, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert english.status_code == 200, address
        assert english["ETag"] == chinese["ETag"], address
    before = client.get(f"/api/v1/courses/{world.open_course.pk}/")["ETag"]
    world.open_course.title_en = "Energy Smart Cities, second edition"
    world.open_course.save(update_fields=["title_en"])
    assert client.get(f"/api/v1/courses/{world.open_course.pk}/")["ETag"] != before
