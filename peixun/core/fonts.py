"""The fonts Peixun's PDFs are set in, made once from open fonts that its Python dependencies ship.

Every PDF embeds the subset of each font it uses, so that any reader shows the Chinese (a CID font such
as ``STSong-Light`` is never embedded and vanishes in readers without Adobe's Asian font pack).
reportlab embeds subsets of TrueType outlines (``glyf``) by itself, but cannot read variable fonts or
CFF-flavoured OpenType. The fonts therefore come as variable TrueType fonts from PyPI, under the SIL
Open Font License:

- Noto Sans SC (package ``justmytype-intl-cjk``) for Chinese;
- Noto Sans (package ``fontpkg-noto-sans``) for Latin text, pinyin with its tone marks included: its
  quotation marks, middle dot and ellipsis are as wide as Latin text wants them, where Noto Sans SC's
  are as wide as a Chinese character.

fontTools makes a static Regular and Bold of each, once, into a folder of their own (``var/fonts`` by
default): ``manage.py prepare_fonts`` at install time (``make install`` runs it), or the first PDF
made without them. Each file is written under a temporary name and renamed into place, so processes
that make the same font at once all end with a whole file. A file's name carries a fingerprint of its
source, so an upgraded font package brings new instances instead of reusing old ones.

Nothing here knows Django: the folder is given by the caller.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.resources
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

#: Changes whenever the way instances are made changes, so that old ones are made again.
RECIPE = "1"


@dataclass(frozen=True)
class Face:
    """One static font made from a variable font that a package ships."""

    #: The font's name in reportlab and the start of its file's name.
    name: str
    #: The distribution that ships the variable font, its import name and the font's path inside it.
    distribution: str
    package: str
    source: str
    #: The variable font's axes, pinned.
    location: tuple[tuple[str, float], ...]
    #: The font's licence, inside the package; copied beside the instances.
    licence: str

    def source_path(self) -> Path:
        return Path(str(importlib.resources.files(self.package).joinpath(self.source)))

    def licence_path(self) -> Path:
        return Path(str(importlib.resources.files(self.package).joinpath(self.licence)))

    def fingerprint(self) -> str:
        """Changes when the source font, the axes or the recipe do."""
        source = self.source_path()
        try:
            version = importlib.metadata.version(self.distribution)
        except importlib.metadata.PackageNotFoundError:  # a font given by path, as tests do
            version = ""
        key = f"{RECIPE}|{version}|{source.name}|{source.stat().st_size}|{self.location}"
        return hashlib.sha256(key.encode()).hexdigest()[:10]

    def file_name(self) -> str:
        return f"{self.name}.{self.fingerprint()}.ttf"

    def licence_name(self) -> str:
        return f"{self.name.split('-')[0]}-OFL.txt"


_NOTO_SANS_SC = "fonts/ofl/notosanssc/NotoSansSC[wght].ttf"
_NOTO_SANS = "files/NotoSans[wdth,wght].ttf"

#: Every face the PDFs use, by name.
FACES = {
    face.name: face
    for face in (
        Face(
            "NotoSansSC-Regular",
            "justmytype-intl-cjk",
            "justmytype_intl_cjk",
            _NOTO_SANS_SC,
            (("wght", 400),),
            "fonts/ofl/notosanssc/OFL.txt",
        ),
        Face(
            "NotoSansSC-Bold",
            "justmytype-intl-cjk",
            "justmytype_intl_cjk",
            _NOTO_SANS_SC,
            (("wght", 700),),
            "fonts/ofl/notosanssc/OFL.txt",
        ),
        Face(
            "NotoSans-Regular",
            "fontpkg-noto-sans",
            "fontpkg_noto_sans",
            _NOTO_SANS,
            (("wdth", 100), ("wght", 400)),
            "LICENSE",
        ),
        Face(
            "NotoSans-Bold",
            "fontpkg-noto-sans",
            "fontpkg_noto_sans",
            _NOTO_SANS,
            (("wdth", 100), ("wght", 700)),
            "LICENSE",
        ),
    )
}


def _write_atomically(target: Path, write) -> None:
    """``write(file)`` into a temporary file beside ``target``, then rename it into place."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def make_instance(face: Face, target: Path) -> None:
    """Write the static instance of ``face`` to ``target`` (about 15 s for a Chinese font)."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont

    variable = TTFont(face.source_path())
    static = instantiateVariableFont(variable, dict(face.location), updateFontNames=True)
    _write_atomically(target, static.save)


def ensure_face(face: Face, directory: Path) -> Path:
    """The path of ``face``'s static instance in ``directory``, made first if it is not there."""
    target = Path(directory) / face.file_name()
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        make_instance(face, target)
    licence = target.parent / face.licence_name()
    if not licence.is_file():
        _write_atomically(licence, lambda file: file.write(face.licence_path().read_bytes()))
    return target


def ensure_fonts(directory: Path, faces=None) -> dict[str, Path]:
    """Every face's static instance in ``directory``, by face name, each made if missing."""
    return {face.name: ensure_face(face, directory) for face in (faces or FACES.values())}


def stale_files(directory: Path, faces=None) -> list[Path]:
    """Instances in ``directory`` made from another source or recipe than the current one's, and
    temporary files that a process stopped while writing left behind over an hour ago."""
    directory = Path(directory)
    faces = list(faces or FACES.values())
    current = {face.file_name() for face in faces}
    found = []
    for face in faces:
        found += [path for path in directory.glob(f"{face.name}.*.ttf") if path.name not in current]
    an_hour_ago = time.time() - 3600
    found += [path for path in directory.glob(".*.part") if path.stat().st_mtime < an_hour_ago]
    return sorted(set(found))
