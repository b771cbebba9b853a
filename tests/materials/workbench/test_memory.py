"""The translation memory: approved translations, TMX import (all or nothing) and export, its page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peixun.core.enums import Role
from peixun.core.models import AuditEvent
from peixun.docengine import read_tmx
from peixun.materials import memory
from peixun.materials.enums import EntryOrigin
from peixun.materials.models import MaterialVersion, MemoryEntry
from peixun.materials.workbench import selectors, services
from tests.factories import PASSWORD, UserFactory

from .helpers import make_material

pytestmark = pytest.mark.django_db

GOOD_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
 <header creationtool="X" creationtoolversion="1" segtype="sentence" o-tmf="X" adminlang="en"
   srclang="en-US" datatype="plaintext"/>
 <body>
  <tu><tuv xml:lang="en-US"><seg>Green bonds</seg></tuv><tuv xml:lang="zh-CN"><seg>绿色债券</seg></tuv></tu>
  <tu><tuv xml:lang="en-US"><seg>Sponge city</seg></tuv><tuv xml:lang="zh-CN"><seg>海绵城市</seg></tuv></tu>
  <tu><tuv xml:lang="en-US"><seg>Only English</seg></tuv></tu>
 </body>
</tmx>
""".encode()

BROKEN_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
 <header srclang="en"/>
 <body>
  <tu><tuv xml:lang="en"><seg>Green bonds</seg></tuv><tuv xml:lang="zh"><seg>绿色债券</seg></tuv></tu>
  <tu><tuv xml:lang="en"><seg>Sponge city</seg></tuv><tuv xml:lang="zh"><seg>海绵城市</seg></tuv>
 </body>
</tmx>
""".encode()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def staff():
    return UserFactory(role=Role.STAFF)


def upload(data: bytes, name="memory.tmx"):
    return SimpleUploadedFile(name, data, content_type="application/xml")


def test_import_adds_each_english_chinese_pair_once_and_is_audited(staff):
    assert memory.import_tmx(actor=staff, file=upload(GOOD_TMX)) == 2
    assert memory.import_tmx(actor=staff, file=upload(GOOD_TMX)) == 0
    assert sorted(MemoryEntry.objects.values_list("source", "target", "origin")) == [
        ("Green bonds", "绿色债券", EntryOrigin.TMX),
        ("Sponge city", "海绵城市", EntryOrigin.TMX),
    ]
    events = AuditEvent.objects.filter(action="memory.imported").order_by("id")
    assert [e.changes for e in events] == [
        {"units": [None, 2], "added": [None, 2]},
        {"units": [None, 2], "added": [None, 0]},
    ]
    assert events[0].actor == staff


def test_malformed_tmx_names_the_line_and_imports_nothing(client, staff):
    client.login(username=staff.username, password=PASSWORD)
    response = client.post(reverse("workbench:memory_import"), {"file": upload(BROKEN_TMX)})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file is not a TMX file Peixun can read (line 7)" in html
    assert MemoryEntry.objects.count() == 0
    assert not AuditEvent.objects.filter(action="memory.imported").exists()


def test_tmx_without_chinese_is_refused():
    data = b'<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>A</seg></tuv></tu></body></tmx>'
    with pytest.raises(Exception, match="no unit with both English and Simplified Chinese"):
        memory.import_tmx(actor=None, file=upload(data))


def test_too_large_tmx_is_refused_before_parsing(monkeypatch, staff):
    monkeypatch.setattr(memory, "TMX_MAX_BYTES", 100)
    with pytest.raises(Exception, match="TMX files of up to"):
        memory.import_tmx(actor=staff, file=upload(GOOD_TMX))
    assert MemoryEntry.objects.count() == 0


def test_import_through_the_page_then_export_reads_back(client, staff):
    client.login(username=staff.username, password=PASSWORD)
    response = client.post(reverse("workbench:memory_import"), {"file": upload(GOOD_TMX), "note": "Partner glossary"})
    assert response.status_code == 302
    page = client.get(reverse("workbench:memory"))
    assert "2 entries" in page.content.decode()
    exported = client.get(reverse("workbench:memory_tmx"))
    assert exported["Content-Disposition"] == 'attachment; filename="peixun-memory.tmx"'
    units = read_tmx(exported.content)
    assert [(u.source, u.target) for u in units] == [("Green bonds", "绿色债券"), ("Sponge city", "海绵城市")]
    assert units[0].meta["props"] == {"x-origin": "tmx"}


def test_memory_search(client, staff):
    memory.import_tmx(actor=staff, file=upload(GOOD_TMX))
    client.login(username=staff.username, password=PASSWORD)
    response = client.get(reverse("workbench:memory") + "?q=海绵")
    assert [e.source for e in response.context["page"].object_list] == ["Sponge city"]


def test_approved_translations_go_into_the_memory_once(staff):
    material = make_material()
    version = MaterialVersion.objects.get(material=material)
    segments = list(version.segments.order_by("order"))
    services.save_segment(actor=material.translator, segment=segments[1], target="斜体", done=True)
    services.save_segment(actor=material.translator, segment=segments[2], target="只是草稿", done=False)
    assert memory.add_approved_translations(material, version) == 1
    assert memory.add_approved_translations(material, version) == 0
    entry = MemoryEntry.objects.get()
    assert (entry.source, entry.target, entry.origin, entry.material) == (
        segments[1].source,
        "斜体",
        EntryOrigin.APPROVED,
        material,
    )
    assert [s.target for s in selectors.translation_memory().suggest(segments[1].source)] == ["斜体"]


def test_the_academys_approval_puts_the_translations_in_the_memory():
    """Approving in the workflow (not only calling the memory) feeds the next presentations' suggestions."""
    from peixun.materials import services
    from peixun.materials.enums import MaterialState, WorkflowAction

    material = make_material(state=MaterialState.REVIEW)
    segment = material.versions.get().segments.order_by("order").first()
    segment.target, segment.status = "可持续城市", "translated"
    segment.save()
    reviewer = UserFactory(role=Role.REVIEWER, academy=material.course.academy)
    services.transition(actor=reviewer, material=material, action=WorkflowAction.APPROVE)
    assert MemoryEntry.objects.filter(source=segment.source, target="可持续城市", origin=EntryOrigin.APPROVED).exists()
