"""`kks dossier` names the characters no installed font can draw (they would print as boxes)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from macros.cli import commands_visit, glyphs

from conftest import DATA, kks, require_binary

LATIN = [(0x20, 0x7E), (0xA0, 0x24F), (0x2000, 0x206F), (0x2600, 0x26FF)]
LONTARA = "ᨅᨒᨔᨑ"  # Buginese script (U+1A00-U+1A1F)
EMOJI = "🌊"


def test_missing_characters_are_named_once_with_context() -> None:
    text = f"Warga Dottoro’ta menulis {LONTARA} di papan ☐ dan {EMOJI}\u200d{EMOJI}, café."
    missing = glyphs.missing_characters(text, LATIN)
    assert [m.char for m in missing] == [*LONTARA, EMOJI]  # zero-width joiner needs no glyph
    wave = missing[-1]
    assert wave.count == 2 and EMOJI in wave.context and "U+1F30A" in wave.label and "WATER WAVE" in wave.label
    assert "fonts-noto-color-emoji" in (wave.hint or "")
    assert "Lontara" in (missing[0].hint or "")
    assert glyphs.missing_characters("Só ASCII e latim: ação", LATIN) == []


def test_document_text_leaves_out_markup_and_styles() -> None:
    page = "<style>p::before{content:'\U0001F30A'}</style><p>Rp&nbsp;1.000 &amp; <b>ᨅ</b></p>"
    assert glyphs.document_text(page) == "Rp\xa01.000 & ᨅ"


def test_report_lists_characters_and_font_packages(monkeypatch, capsys) -> None:
    monkeypatch.setattr(glyphs, "installed_coverage", lambda: LATIN)
    commands_visit.report_missing_glyphs(f"<p>Aksara {LONTARA} {EMOJI}</p>")
    err = capsys.readouterr().err
    assert "5 karakter tidak bisa digambar" in err and "U+1A05" in err and "U+1F30A" in err
    assert "fonts-noto-core" in err and "fonts-noto-color-emoji" in err
    monkeypatch.setattr(glyphs, "installed_coverage", lambda: None)
    commands_visit.report_missing_glyphs("<p>x</p>")
    assert "fc-list" in capsys.readouterr().err


@pytest.mark.browser
@pytest.mark.slow
def test_dossier_reports_what_the_installed_fonts_cannot_draw(tmp_path: Path) -> None:
    require_binary("chromium")
    require_binary("fc-list")
    ranges = glyphs.installed_coverage()
    assert ranges, "fc-list lists no font"
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "praktik" / "makassar-balasar.yaml"  # a host practice in the example dossier
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["ringkasan"] = f"Relawan menulis {LONTARA} {EMOJI} di posko. " + record["ringkasan"]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = kks("dossier", "contoh-harapan-ke-makassar-2026", "--pdf", str(tmp_path / "b.pdf"),
                 "--data", str(data))
    assert result.returncode == 0, result.stderr
    expected = [m.char for m in glyphs.missing_characters(LONTARA + EMOJI, ranges)]
    for ch in LONTARA + EMOJI:
        assert (f"U+{ord(ch):04X}" in result.stderr) == (ch in expected), (ch, result.stderr)
    if not expected:
        assert "tidak bisa digambar" not in result.stderr
