"""The static fonts the PDFs embed: made once from the font packages, whole even when processes race."""

import multiprocessing
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command

from peixun.core import fonts


@dataclass(frozen=True)
class FileFace(fonts.Face):
    """A face whose variable font and licence are plain files (the real ones live in packages)."""

    def source_path(self) -> Path:
        return Path(self.source)

    def licence_path(self) -> Path:
        return Path(self.licence)


@pytest.fixture(scope="module")
def small_variable_font(tmp_path_factory) -> Path:
    """Noto Sans cut down to a few letters, its weight axis kept: made into instances in milliseconds."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(fonts.FACES["NotoSans-Regular"].source_path())
    subsetter = subset.Subsetter(subset.Options(layout_features=[], name_IDs=["*"], notdef_outline=True))
    subsetter.populate(text="Peixun ǚ")
    subsetter.subset(font)
    assert "fvar" in font
    path = tmp_path_factory.mktemp("fonts") / "Small[wdth,wght].ttf"
    font.save(path)
    return path


@pytest.fixture
def small_faces(small_variable_font, tmp_path) -> dict[str, fonts.Face]:
    licence = tmp_path / "OFL.txt"
    licence.write_text("SIL Open Font License, Version 1.1\n")
    return {
        name: FileFace(name, "none", "none", str(small_variable_font), (("wdth", 100), ("wght", weight)), str(licence))
        for name, weight in (("Small-Regular", 400), ("Small-Bold", 700))
    }


def test_the_faces_come_from_the_installed_font_packages_with_their_licence():
    assert sorted(fonts.FACES) == ["NotoSans-Bold", "NotoSans-Regular", "NotoSansSC-Bold", "NotoSansSC-Regular"]
    for face in fonts.FACES.values():
        assert face.source_path().is_file(), face.source_path()
        assert "Open Font License" in face.licence_path().read_text(encoding="utf-8")
        assert face.file_name() == f"{face.name}.{face.fingerprint()}.ttf"


def test_a_face_is_made_once_as_a_static_truetype_font(small_faces, tmp_path):
    from fontTools.ttLib import TTFont

    face = small_faces["Small-Bold"]
    directory = tmp_path / "made"
    path = fonts.ensure_face(face, directory)
    assert path == directory / face.file_name()
    made = TTFont(path)
    assert "fvar" not in made and "gvar" not in made and "glyf" in made  # static TrueType outlines
    assert made["OS/2"].usWeightClass == 700
    assert (directory / "Small-OFL.txt").read_text() == "SIL Open Font License, Version 1.1\n"
    before = path.stat().st_mtime_ns
    assert fonts.ensure_face(face, directory) == path
    assert path.stat().st_mtime_ns == before  # not made again
    assert sorted(p.name for p in directory.iterdir()) == sorted([face.file_name(), "Small-OFL.txt"])


def _ensure_after(barrier, face, directory, results):
    barrier.wait()
    results.put(str(fonts.ensure_face(face, directory)))


def test_processes_making_the_same_font_at_once_all_end_with_a_whole_file(small_faces, tmp_path):
    from fontTools.ttLib import TTFont

    face, directory = small_faces["Small-Regular"], tmp_path / "race"
    context = multiprocessing.get_context("spawn")  # no threads of the test run (a browser) carried over
    barrier, results = context.Barrier(4), context.Queue()
    workers = [context.Process(target=_ensure_after, args=(barrier, face, directory, results)) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert [worker.exitcode for worker in workers] == [0, 0, 0, 0]
    paths = {results.get(timeout=5) for _ in workers}
    assert paths == {str(directory / face.file_name())}
    assert TTFont(directory / face.file_name())["OS/2"].usWeightClass == 400
    assert not list(directory.glob(".*.part"))  # no temporary file is left behind


def test_a_write_that_fails_leaves_neither_the_font_nor_a_temporary_file(tmp_path):
    target = tmp_path / "Half.ttf"

    def write_half(file):
        file.write(b"\x00\x01\x00\x00" * 100)
        raise OSError("No space left on device")

    with pytest.raises(OSError, match="No space left"):
        fonts._write_atomically(target, write_half)
    assert list(tmp_path.iterdir()) == []


def test_prepare_fonts_makes_every_face_and_removes_those_of_an_older_package(
    small_faces, tmp_path, settings, monkeypatch, capsys
):
    monkeypatch.setattr(fonts, "FACES", small_faces)
    settings.PEIXUN_FONT_DIR = tmp_path / "fonts"
    settings.PEIXUN_FONT_DIR.mkdir()
    old = settings.PEIXUN_FONT_DIR / "Small-Regular.0123456789.ttf"
    old.write_bytes(b"made from an older font package")
    call_command("prepare_fonts")
    made = sorted(path.name for path in settings.PEIXUN_FONT_DIR.iterdir())
    assert made == sorted([face.file_name() for face in small_faces.values()] + ["Small-OFL.txt"])
    out = capsys.readouterr().out
    assert "Making Small-Regular" in out and "Removed Small-Regular.0123456789.ttf" in out
    call_command("prepare_fonts")
    assert capsys.readouterr().out == ""  # nothing to do the second time
