"""`kks dossier --pdf` prints the example visit's dossier with the system Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.core.load import load_catalog

from conftest import DATA, kks, require_binary

EXAMPLE = "contoh-harapan-ke-makassar-2026"


@pytest.mark.browser
@pytest.mark.slow
def test_example_dossier_pdf(tmp_path: Path) -> None:
    require_binary("chromium")
    catalog, issues = load_catalog(DATA)
    assert issues == []
    visit = catalog.visits[EXAMPLE]
    out = tmp_path / "keluaran" / "berkas.pdf"
    result = kks("dossier", EXAMPLE, "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 10_000
    assert [p.name for p in out.parent.iterdir()] == ["berkas.pdf"]  # no temporary file left behind
    # The whole dossier, not a blank or error page: several pages, titled after the visit and host.
    assert len(re.findall(rb"/Type\s*/Page\b", data)) >= 3
    title = re.search(rb"/Title \((.*?)\)\n", data)
    assert title is not None and catalog.regions[visit.host].name.encode() in title.group(1)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert catalog.regions[visit.host].name in text
        assert visit.focus[0] in text


@pytest.mark.browser
@pytest.mark.slow
def test_pdf_pages_have_footer_numbers_and_keep_the_team_together(tmp_path: Path) -> None:
    """Issue 12: every page says which visit it belongs to and its number; the team table is not
    split over two pages and its total is printed once."""
    require_binary("chromium")
    pdftotext = require_binary("pdftotext")
    catalog, _ = load_catalog(DATA)
    visit = catalog.visits[EXAMPLE]
    out = tmp_path / "berkas.pdf"
    result = kks("dossier", EXAMPLE, "--pdf", str(out))
    assert result.returncode == 0, result.stderr
    text = subprocess.run([pdftotext, "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = [" ".join(p.split()) for p in text.split("\f") if p.strip()]
    assert len(pages) >= 3
    host = catalog.regions[visit.host].name
    for n, page in enumerate(pages, 1):
        assert f"Halaman {n} dari {len(pages)}" in page, n
        assert f"Tuan rumah: {host}" in page and "10 Maret 2026 s.d. 12 Maret 2026" in page, n
        assert visit.title and visit.title in page, n
    assert text.count("Jumlah anggota") == 1
    with_team = [page for page in pages if "Jumlah anggota" in page]
    assert all(member.role in with_team[0] for member in visit.team)
