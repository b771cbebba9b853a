"""The fonts the workbench measures translated text with (``materials.fitting``): bold runs by the bold faces."""

from pathlib import Path

import pytest

from peixun.materials import fitting

FONTS = Path(__file__).resolve().parents[2] / "var" / "fonts"


@pytest.fixture
def fonts(settings):
    if not sorted(FONTS.glob("NotoSans-Bold.*.ttf")):
        pytest.skip("needs the fonts manage.py prepare_fonts makes in var/fonts")
    settings.PEIXUN_FONT_DIR = FONTS
    fitting._metrics.pop(str(FONTS), None)
    yield
    fitting._metrics.pop(str(FONTS), None)


def test_the_text_metrics_measure_bold_runs_with_the_bold_faces(fonts):
    metrics = fitting.text_metrics()
    assert metrics.latin is not None and metrics.cjk is not None
    assert metrics.latin_bold is not None and metrics.cjk_bold is not None
    assert metrics.width("m", 0.9, bold=True) == pytest.approx(metrics.latin_bold.widths[ord("m")] * 0.9)
    assert metrics.width("m", 0.9, bold=True) > metrics.width("m", 0.9)
