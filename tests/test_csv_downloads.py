"""The CSV downloads (unduh/*.csv) open in columns in Indonesian-locale Excel (issue 11).

Excel splits a double-clicked CSV on the Windows list separator, `;` under Indonesian regional
settings, and reads it as UTF-8 only when it starts with a byte-order mark; a first line
`sep=;` would make it ignore that mark (see macros/core/export.DownloadCsv). No Excel runs
here, so the tests read each download the way Excel id-ID does (BOM -> UTF-8, split on `;`
outside quotes) and compare every cell with the typed .xlsx download written from the same
records; other tools are represented by Python's csv sniffer.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

from macros.core import export
from macros.core.load import load_catalog
from macros.core.yamlio import dump_yaml
from macros.importers.practices import write_downloads

from conftest import ROOT

BOM = b"\xef\xbb\xbf"
TRICKY = {
    "judul": "Pasar sehat; bersih, aman \"tertib\"",           # both separators and quotes
    "ringkasan": "Baris satu; dua\nBaris dua ≥ 70 – 80 — ±",    # line break and non-ASCII
    "keberlanjutan": "=SUM(A1:A9); rumus dari data",            # neutralised, not run
    "pelajaran": "-5 % anggaran; @kader +1",
}


@pytest.fixture
def downloads(mini_data: Path, tmp_path: Path) -> Path:
    path = sorted((mini_data / "praktik").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(TRICKY)
    path.write_text(dump_yaml(data), encoding="utf-8")
    catalog, issues = load_catalog(mini_data)
    assert not issues
    write_downloads(catalog, tmp_path / "unduh")
    return tmp_path / "unduh"


def read_like_excel_id(raw: bytes) -> list[list[str]]:
    """What Excel with Indonesian regional settings shows: UTF-8 because of the BOM, fields
    split on its list separator `;` (quoted fields may hold `;` and line breaks)."""
    assert raw.startswith(BOM), "without a BOM Excel reads the ANSI code page"
    text = raw[len(BOM):].decode("utf-8")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";", quotechar='"'))


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


@pytest.mark.parametrize("kind", ["praktik", "daerah"])
def test_csv_opens_in_columns_with_the_values_of_the_xlsx(downloads: Path, kind: str) -> None:
    raw = (downloads / f"{kind}.csv").read_bytes()
    rows = read_like_excel_id(raw)
    header, records = rows[0], rows[1:]
    columns = export.region_columns() if kind == "daerah" else export.columns(kind)
    assert header == [c.key for c in columns]  # one column per field, not one in all
    book = openpyxl.load_workbook(downloads / f"{kind}.xlsx", read_only=True)
    typed = [[_as_text(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
    book.close()
    assert typed[0] == header and len(records) == len(typed) - 1 > 0
    for got, want in zip(records, typed[1:], strict=True):
        assert len(got) == len(header)
        want = want + [""] * (len(header) - len(want))  # a read-only sheet leaves out trailing empty cells
        # A cell starting with = + - @ gets an apostrophe in the CSV so Excel shows it as text.
        assert [g[1:] if g[:2] in ("'=", "'+", "'-", "'@") else g for g in got] == want


def test_csv_keeps_separators_quotes_non_ascii_and_neutralises_formulas(downloads: Path) -> None:
    rows = read_like_excel_id((downloads / "praktik.csv").read_bytes())
    header = rows[0]
    row = next(dict(zip(header, r, strict=True)) for r in rows[1:] if r[header.index("judul")] == TRICKY["judul"])
    assert row["ringkasan"] == TRICKY["ringkasan"]
    assert row["keberlanjutan"] == "'" + TRICKY["keberlanjutan"]
    assert row["pelajaran"] == "'" + TRICKY["pelajaran"]
    assert not [v for r in rows[1:] for v in r if v[:1] in ("=", "+", "-", "@")]


@pytest.mark.parametrize("kind", ["praktik", "daerah"])
def test_csv_has_no_sep_line_and_other_tools_detect_the_separator(downloads: Path, kind: str) -> None:
    raw = (downloads / f"{kind}.csv").read_bytes()
    first = raw[len(BOM):].split(b"\r\n", 1)[0]
    assert not first.lower().startswith(b"sep="), "Excel ignores the BOM after a sep= line"
    assert first.split(b";")[0] == b"id"
    assert csv.Sniffer().sniff(first.decode("utf-8"), delimiters=",;\t").delimiter == ";"  # header line
    with (downloads / f"{kind}.csv").open(encoding=export.DOWNLOAD_CSV_ENCODING, newline="") as f:
        assert next(csv.DictReader(f, dialect=export.DownloadCsv))["id"]  # the documented way to read it


def test_unduh_page_names_the_separator_and_encoding() -> None:
    page = (ROOT / "docs" / "unduh.md").read_text(encoding="utf-8")
    assert "titik koma (`;`)" in page and "UTF-8" in page and "BOM" in page
