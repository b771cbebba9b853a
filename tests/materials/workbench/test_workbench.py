"""The translation workbench: segments a page at a time, saving, suggestions, checks and progress."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.materials.enums import EntryOrigin, MaterialState, SegmentStatus
from peixun.materials.models import GlossaryTerm, MaterialVersion, MemoryEntry, Segment
from peixun.materials.workbench import selectors, services
from tests.factories import PASSWORD, UserFactory

from .helpers import add_synthetic_segments, make_material

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def material():
    return make_material()


def login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def edit_url(material, page=None):
    url = reverse("workbench:edit", args=[material.pk])
    return f"{url}?page={page}" if page else url


def first_segment(material) -> Segment:
    """The first segment whose source has no inline tags (its translation is plain text)."""
    return Segment.objects.filter(version__material=material, source_tagged="").order_by("order").first()


def save(client, material, segment, target, status="translated", htmx=True):
    url = reverse("workbench:save_segment", args=[material.pk, segment.pk])
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(url, {"target": target, "status": status}, headers=headers)


def test_page_shows_segments_in_reading_order_with_location_and_formatting(client, material):
    response = login(client, material.translator).get(edit_url(material))
    assert response.status_code == 200
    views = response.context["views"]
    assert [v.segment.order for v in views] == sorted(v.segment.order for v in views)
    assert views[0].location == "Slide 1"
    assert views[0].hints == ["partly italic"]
    html = response.content.decode()
    # The first paragraph's italic and other formatting are chips around their words.
    assert "Italic = True" in html and "Italic = False" in html and 'data-tag="g1" data-role="open"' in html
    assert '<h2 class="wb-slide" id="slide-1">Slide 1</h2>' in html
    assert response.context["can_edit"] is True


def test_saving_a_segment_over_htmx_sets_status_translator_and_audit(client, material):
    segment = first_segment(material)
    response = save(login(client, material.translator), material, segment, "斜体 = 是 斜体 = 否 斜体 = 否")
    assert response.status_code == 200
    segment.refresh_from_db()
    assert segment.target == "斜体 = 是 斜体 = 否 斜体 = 否"
    assert segment.status == SegmentStatus.TRANSLATED
    assert segment.translated_by == material.translator
    assert segment.translated_at is not None
    event = AuditEvent.objects.get(action="segment.translated")
    assert event.actor == material.translator
    assert event.course == material.course
    assert event.changes == {
        "status": [SegmentStatus.UNTRANSLATED, SegmentStatus.TRANSLATED],
        "target": ["", "斜体 = 是 斜体 = 否 斜体 = 否"],
    }
    html = response.content.decode()
    assert f'id="seg-{segment.pk}"' in html
    assert 'id="wb-progress"' in html and 'hx-swap-oob="true"' in html
    assert "1 of 10 segments translated" in html


def test_draft_then_empty_returns_to_untranslated(client, material):
    segment = first_segment(material)
    login(client, material.translator)
    save(client, material, segment, "草稿", status="draft")
    segment.refresh_from_db()
    assert segment.status == SegmentStatus.DRAFT
    save(client, material, segment, "   ")
    segment.refresh_from_db()
    assert (segment.status, segment.target, segment.translated_by) == (SegmentStatus.UNTRANSLATED, "", None)


def test_plain_form_fallback_redirects_back_to_the_segments_page(client, material):
    segment = first_segment(material)
    response = save(login(client, material.translator), material, segment, "斜体", htmx=False)
    assert response.status_code == 302
    assert response["Location"] == f"{edit_url(material, 1)}#seg-{segment.pk}"
    segment.refresh_from_db()
    assert segment.status == SegmentStatus.TRANSLATED


# --- refused without JavaScript: the page comes back with what was typed ------------------------------

MISSING_TAG = {
    "en": "Tag {1}…{/1} (italic) of the original is missing",
    "zh-hans": "译文缺少原文的标记 {1}…{/1} (斜体)",
}


def shown(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


def box_of(html: str, segment) -> str:
    """What the segment's box holds on the page."""
    start = html.index(f'id="target-{segment.pk}"')
    return html[html.index(">", start) + 1 : html.index("</textarea>", start)]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_save_refused_without_javascript_comes_back_with_the_typed_text_and_why(client, settings, material, language):
    segment = Segment.objects.get(version__material=material, key="s1/sp2/p0")  # {1}…{/1} {2}…{/2}
    login(client, material.translator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    typed = "斜体，不斜体 & 粗"

    response = save(client, material, segment, typed, htmx=False)

    assert response.status_code == 302
    assert response["Location"] == f"{edit_url(material, 1)}#seg-{segment.pk}"
    page = client.get(response["Location"])
    html = shown(page)
    assert page.status_code == 200
    assert box_of(html, segment) == "斜体，不斜体 &amp; 粗"
    error = html[html.index('data-testid="save-error"') : html.index("</div>", html.index('data-testid="save-error"'))]
    assert MISSING_TAG[language] in error
    assert html.index(f'id="seg-{segment.pk}"') < html.index('data-testid="save-error"')
    segment.refresh_from_db()
    assert (segment.target, segment.status) == ("", SegmentStatus.UNTRANSLATED)
    # Said once: the page read again shows the saved text, and no error.
    again = shown(client.get(edit_url(material)))
    assert box_of(again, segment) == "" and 'data-testid="save-error"' not in again


def test_a_save_refused_without_javascript_leaves_the_other_boxes_and_pages_alone(client, material):
    segments = list(Segment.objects.filter(version__material=material, source_tagged="").order_by("order")[:2])
    login(client, material.translator)
    save(client, material, segments[0], "已保存", htmx=False)
    response = save(client, material, segments[1], "<b>多余</b>", htmx=False)
    html = shown(client.get(response["Location"]))
    assert box_of(html, segments[0]) == "已保存"
    assert box_of(html, segments[1]) == "&lt;b&gt;多余&lt;/b&gt;"
    assert html.count('data-testid="save-error"') == 1


def test_a_save_from_an_earlier_versions_page_without_javascript_lands_unsaved_in_the_new_version(client, material):
    from .helpers import SMALL_DECK, add_version

    old = Segment.objects.get(version__material=material, key="s1/sp2/p0")
    new_version = add_version(material, SMALL_DECK)
    login(client, material.translator)

    response = save(client, material, old, "{1}斜体{/1}{2}无{/2}", htmx=False)

    new = Segment.objects.get(version=new_version, key=old.key)
    assert response["Location"] == f"{edit_url(material, 1)}#seg-{new.pk}"
    html = shown(client.get(response["Location"]))
    assert box_of(html, new) == "{1}斜体{/1}{2}无{/2}"
    assert "This segment is not part of the version being translated." in html
    assert set(Segment.objects.filter(key=old.key).values_list("target", flat=True)) == {""}


def card_of(html: str, segment) -> str:
    start = html.index(f'id="seg-{segment.pk}"')
    return html[start : html.index("</article>", start)]


@pytest.mark.parametrize(
    "language,not_current,take",
    [
        ("en", "This segment is not part of the version being translated.", "Take this text to the new version"),
        ("zh-hans", "该句段不属于正在翻译的版本。", "将此文字带到新版本"),
    ],
)
def test_a_save_from_an_earlier_versions_page_over_htmx_keeps_the_text_and_says_why(
    client, settings, material, language, not_current, take
):
    from .helpers import SMALL_DECK, add_version

    old = Segment.objects.get(version__material=material, key="s1/sp2/p0")
    new_version = add_version(material, SMALL_DECK)
    new = Segment.objects.get(version=new_version, key=old.key)
    login(client, material.translator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = save(client, material, old, "{1}斜体{/1}{2}无{/2}")

    # Answered in place, not refused: the card stays with the text and why, the rest of the page untouched.
    assert response.status_code == 200
    card = card_of(shown(response), old)
    assert box_of(card, old) == "{1}斜体{/1}{2}无{/2}"
    error = card[card.index('data-testid="save-error"') :]
    assert not_current in error
    # Its one button is a plain form: posted, the text lands unsaved in the same segment of the new version.
    form = card[card.index('<form method="post"') : card.index("</form>")]
    assert "hx-post" not in form and take in form and 'data-testid="take-to-new-version"' in form
    assert set(Segment.objects.filter(key=old.key).values_list("target", flat=True)) == {""}
    taken = save(client, material, old, "{1}斜体{/1}{2}无{/2}", htmx=False)
    assert taken["Location"] == f"{edit_url(material, 1)}#seg-{new.pk}"
    assert box_of(shown(client.get(taken["Location"])), new) == "{1}斜体{/1}{2}无{/2}"


def test_a_save_over_htmx_from_an_earlier_version_whose_segment_is_gone_shows_the_text_to_copy(client, material):
    from .helpers import SMALL_DECK, add_version

    old = Segment.objects.get(version__material=material, key="s1/sp2/p0")
    new_version = add_version(material, SMALL_DECK)
    Segment.objects.filter(version=new_version, key=old.key).delete()
    login(client, material.translator)

    response = save(client, material, old, "无处可存")

    assert response.status_code == 200
    card = card_of(shown(response), old)
    assert f'<textarea id="target-{old.pk}" lang="zh-Hans" rows="2" readonly>无处可存</textarea>' in card
    assert "<form" not in card
    assert "The new version has no such segment: copy your text to keep it." in card
    assert set(Segment.objects.filter(key=old.key).values_list("target", flat=True)) == {""}


@pytest.mark.parametrize(
    "language,heading,reason",
    [
        ("en", "Your translation was not saved:", "its translation can no longer change"),
        ("zh-hans", "您的译文未保存：", "译文不能再修改"),
    ],
)
def test_a_save_refused_once_in_review_without_javascript_shows_the_text_to_copy(
    client, settings, language, heading, reason
):
    material = make_material(state=MaterialState.REVIEW)
    segment = first_segment(material)
    login(client, material.translator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = save(client, material, segment, "来不及保存的译文", htmx=False)

    html = shown(client.get(response["Location"]))
    refused = html[html.index('data-testid="refused-save"') : html.index("</section>", html.index("refused-save"))]
    assert heading in refused and reason in refused
    assert '<textarea id="refused-text" lang="zh-Hans" rows="3" readonly>来不及保存的译文</textarea>' in refused
    assert f'id="target-{segment.pk}"' not in html  # the box is gone: the presentation is in review
    segment.refresh_from_db()
    assert segment.target == ""


def test_saving_refused_once_the_presentation_is_in_review(client):
    material = make_material(state=MaterialState.REVIEW)
    segment = first_segment(material)
    response = save(login(client, material.translator), material, segment, "斜体")
    assert "its translation can no longer change" in response.content.decode()
    segment.refresh_from_db()
    assert segment.status == SegmentStatus.UNTRANSLATED
    page = client.get(edit_url(material))
    assert page.context["can_edit"] is False
    assert "<textarea" not in page.content.decode()


@pytest.mark.parametrize(
    "language,reason",
    [
        ("en", "Only the translator assigned to this presentation and programme staff can edit its translation."),
        ("zh-hans", "只有该演示文稿的指定译员和项目工作人员可以编辑其译文。"),
    ],
)
def test_a_save_refused_over_htmx_names_the_reason_where_the_script_reads_it(
    client, settings, material, language, reason
):
    segment = first_segment(material)
    translator = material.translator
    material.translator = UserFactory(role=Role.TRANSLATOR)
    material.save(update_fields=["translator"])
    login(client, translator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = save(client, material, segment, "换了译员")

    # workbench.js shows the page's ``.reason`` under the box (tests/browser/test_workbench.py).
    assert response.status_code == 403
    html = response.content.decode()
    start = html.index('<p class="reason">') + len('<p class="reason">')
    assert html[start : html.index("</p>", start)] == reason
    segment.refresh_from_db()
    assert segment.target == ""


def test_segment_of_another_material_is_refused(client, material):
    other = make_material(translator=material.translator)
    response = save(login(client, material.translator), material, first_segment(other), "译")
    assert response.status_code == 403


def test_translator_leaves_and_comes_back_to_saved_work(client, material):
    segment = first_segment(material)
    save(login(client, material.translator), material, segment, "草稿译文", status="draft")
    client.logout()
    response = login(client, material.translator).get(edit_url(material))
    assert "草稿译文</textarea>" in response.content.decode()
    assert response.context["progress"] == selectors.Progress(translated=0, draft=1, total=10)


def test_memory_suggestions_exact_and_fuzzy_with_percentages(client, material):
    segment = Segment.objects.filter(version__material=material).order_by("order").first()  # tagged: italic
    MemoryEntry.objects.create(source=segment.source, target="完全匹配", origin=EntryOrigin.APPROVED)
    MemoryEntry.objects.create(
        source="Italic = True Italic = False Italic = Yes", target="近似", origin=EntryOrigin.TMX
    )
    response = login(client, material.translator).get(edit_url(material))
    view = response.context["views"][0]
    assert [(s.target, s.score, s.exact) for s in view.suggestions] == [("完全匹配", 100, True), ("近似", 94, False)]
    html = response.content.decode()
    assert 'data-suggestion="完全匹配"' in html
    assert "Exact" in html and "94% match" in html


def test_memory_is_rebuilt_when_an_entry_is_added():
    first = selectors.translation_memory()
    assert selectors.translation_memory() is first
    MemoryEntry.objects.create(source="Green bonds", target="绿色债券", origin=EntryOrigin.TMX)
    second = selectors.translation_memory()
    assert second is not first
    assert [s.target for s in second.suggest("Green bonds")] == ["绿色债券"]


def test_glossary_terms_found_in_the_source_are_shown_with_their_chinese(client):
    material = make_material()
    segment = first_segment(material)
    Segment.objects.filter(pk=segment.pk).update(source="Our sponge city pilot")
    GlossaryTerm.objects.filter(english__iexact="sponge city").delete()
    GlossaryTerm.objects.create(english="sponge city", chinese="海绵城市|海绵型城市")
    response = login(client, material.translator).get(edit_url(material))
    view = next(view for view in response.context["views"] if view.segment.pk == segment.pk)
    assert [(t.english, t.accepted) for t in view.terms] == [("sponge city", ("海绵城市", "海绵型城市"))]
    assert "海绵城市 / 海绵型城市" in response.content.decode()


@pytest.mark.parametrize(
    "source,target,message",
    [
        (
            "Our sponge city pilot",
            "我们的试点",
            "“sponge city” is in the glossary as “海绵城市”, which the translation does not use.",
        ),
        (
            "Flooding fell by 30 percent",
            "内涝减少了40%",
            "Numbers differ from the source: missing 30 percent; added 40%.",
        ),
        ("Flooding fell sharply", "Flooding fell sharply", "The segment is not translated."),
        (
            "See https://example.org/plan",
            "见 https://example.org/other",
            "Links, e-mail addresses or placeholders differ",
        ),
        (
            "Go",
            "这是一段非常非常长的译文，远远超过了原文所占的空间，因此很可能会溢出文本框的范围",
            "so it may overflow.",
        ),
    ],
)
def test_each_check_is_shown_after_saving(client, source, target, message):
    material = make_material()
    segment = first_segment(material)
    Segment.objects.filter(pk=segment.pk).update(
        source=source, box={"width": 914400, "height": 300000, "font_size": 18.0, "autofit": False}
    )
    GlossaryTerm.objects.filter(english__iexact="sponge city").delete()
    GlossaryTerm.objects.create(english="sponge city", chinese="海绵城市")
    response = save(login(client, material.translator), material, segment, target)
    html = response.content.decode()
    assert 'data-testid="issues"' in html
    assert message in html.replace("&quot;", '"').replace("&#x27;", "'")


def test_progress_counts_translated_and_draft_segments(material):
    version = MaterialVersion.objects.get(material=material)
    segments = list(version.segments.filter(source_tagged="").order_by("order"))
    for segment in segments[:3]:
        services.save_segment(actor=material.translator, segment=segment, target="译", done=True)
    services.save_segment(actor=material.translator, segment=segments[3], target="稿", done=False)
    progress = selectors.progress_of(version)
    assert (progress.translated, progress.draft, progress.untranslated, progress.total, progress.percent) == (
        3,
        1,
        6,
        10,
        30,
    )


def test_large_deck_is_paged_by_ten_slides():
    material = make_material()
    version = MaterialVersion.objects.get(material=material)
    version.segments.all().delete()
    add_synthetic_segments(version, 2000)
    page = selectors.segment_page(version, 3)
    assert (page.number, page.count, page.slides) == (3, 20, list(range(21, 31)))
    assert len(page.segments) == 100
    assert [s.order for s in page.segments] == list(range(2000 // 20 * 2, 2000 // 20 * 3))
    assert selectors.segment_page(version, "nonsense").number == 1
    assert selectors.segment_page(version, 99).number == 20
    assert selectors.page_of_segment(page.segments[0]) == 3


def test_document_is_paged_by_segments():
    from .helpers import DOCUMENTS

    material = make_material(DOCUMENTS[0])
    version = MaterialVersion.objects.get(material=material)
    page = selectors.segment_page(version, 2)
    assert page.slides is None
    assert [s.order for s in page.segments] == list(range(40, 80))
    assert selectors.page_of_segment(page.segments[0]) == 2


def count_page_queries(client, material):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(edit_url(material))
    assert response.status_code == 200
    assert material.title in response.content.decode()
    return len(queries)


def test_workbench_page_queries_are_bounded(client):
    translator = UserFactory(role=Role.TRANSLATOR)
    small, large = make_material(translator=translator), make_material(translator=translator)
    for material, count in ((small, 10), (large, 200)):
        version = MaterialVersion.objects.get(material=material)
        version.segments.all().delete()
        add_synthetic_segments(version, count)
    MemoryEntry.objects.create(source="Sponge city pilot number 1 reduced flooding", target="海绵", origin="tmx")
    login(client, translator)
    count_page_queries(client, small)  # builds the memory and the glossary once
    assert count_page_queries(client, small) == count_page_queries(client, large)


def test_page_renders_in_chinese(client, material, settings):
    login(client, material.translator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    response = client.get(edit_url(material))
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in response.content.decode()


def test_next_untranslated_leads_to_its_page_and_segment(client):
    material = make_material()
    version = MaterialVersion.objects.get(material=material)
    version.segments.all().delete()
    segments = add_synthetic_segments(version, 300)
    Segment.objects.filter(version=version, order__lt=250).update(status=SegmentStatus.TRANSLATED, target="译")
    response = login(client, material.translator).get(edit_url(material))
    target = Segment.objects.get(version=version, order=250)
    assert response.context["next_url"] == f"?page=3#seg-{target.pk}"
    assert len(segments) == 300


def test_list_separator_in_check_messages():
    from peixun.docengine import Issue

    issue = Issue("numbers_changed", {"missing": ["30 percent", "5 km"], "added": []})
    assert selectors.issue_message(issue) == "Numbers differ from the source: missing 30 percent, 5 km; added –."


@pytest.mark.parametrize(
    "language,message",
    [
        ("en", "Your login has expired. Log in again in another tab, then try again here."),
        ("zh-hans", "您的登录已过期。请在另一个标签页中重新登录，然后在此处重试。"),
    ],
)
def test_a_save_over_htmx_after_the_login_expired_is_refused_with_why_not_sent_to_the_login_page(
    client, settings, material, language, message
):
    segment = first_segment(material)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = save(client, material, segment, "登录过期")

    assert response.status_code == 401
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == message
    segment.refresh_from_db()
    assert segment.target == ""
    # Without the page's script, the browser is sent to log in as before.
    plain = save(client, material, segment, "登录过期", htmx=False)
    assert plain.status_code == 302 and plain["Location"].startswith(reverse("login"))
