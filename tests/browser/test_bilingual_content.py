"""Content people read in both languages: shown in the reader's, or in the other one marked as such."""

import pytest

from peixun.core.enums import Role
from peixun.partners.models import Engagement
from peixun.people.enums import OrganisationKind
from tests.factories import (
    PASSWORD,
    CourseFactory,
    OfficialFactory,
    OrganisationFactory,
    UserFactory,
)

from .conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def read_as(chromium, live_server, username):
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 768})
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, username, PASSWORD)
    return context, page


def test_posts_and_engagements_read_in_each_language_with_the_fallback_marked(chromium, live_server):
    translated = OfficialFactory(name_zh="陆志明", title_zh="苏州市副市长", title_en="Vice Mayor of Suzhou")
    chinese_only = OfficialFactory(name_zh="钱卫东", title_zh="南京市副市长", title_en="")
    partner = OrganisationFactory(name_en="Philips Lighting", kind=OrganisationKind.COMPANY, is_sending_unit=False)
    course = CourseFactory()
    Engagement.objects.create(
        partner=partner, course=course, kind="dinner", promised_en="Welcome dinner with a talk on street lighting"
    )
    UserFactory(username="reader_en", role=Role.STAFF, language="en")
    UserFactory(username="reader_zh", role=Role.STAFF, language="zh-hans")

    context, page = read_as(chromium, live_server, "reader_en")
    page.goto(f"/officials/{translated.pk}/")
    assert "Vice Mayor of Suzhou" in page.inner_text("main")
    page.goto(f"/officials/{chinese_only.pk}/")
    post = page.locator(".fallback")
    assert post.inner_text() == "南京市副市长" and post.get_attribute("lang") == "zh-Hans"
    assert "(Chinese only)" in page.inner_text("main")
    context.close()

    context, page = read_as(chromium, live_server, "reader_zh")
    page.goto(f"/officials/{translated.pk}/")
    assert "苏州市副市长" in page.inner_text("main") and "Vice Mayor" not in page.inner_text("main")
    page.goto(f"/partners/{partner.pk}/")
    promised = page.locator("td.promised .fallback")
    assert promised.inner_text() == "Welcome dinner with a talk on street lighting"
    assert promised.get_attribute("lang") == "en"
    assert "(仅英文)" in page.inner_text("td.promised")
    context.close()
