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
