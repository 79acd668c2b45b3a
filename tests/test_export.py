"""Flat rows and dicts for downloads: columns follow the schema, cells round-trip, counts match."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from macros.core import export
from macros.core.load import load_catalog
from macros.core.schema import load_schemas
from macros.importers.practices import decode_cell, write_downloads


def test_columns_follow_the_schema_in_order() -> None:
    schema = load_schemas()["praktik"]
    cols = export.columns("praktik")
    assert [c.key for c in cols] == list(schema["properties"])
    assert {c.key for c in cols if c.required} == set(schema["required"])
    by_key = {c.key: c for c in cols}
    assert by_key["tatanan"].kind == export.LIST
    assert by_key["mulai"].kind == export.INTEGER
    assert by_key["contoh"].kind == export.BOOLEAN
    assert [name for name, _ in by_key["sumber"].fields] == ["url", "judul", "penerbit", "tanggal", "diakses"]
    assert dict(by_key["kontak"].fields)["publik"] == export.BOOLEAN


@given(st.text(alphabet=st.sampled_from("ab |\\n\n\r="), max_size=30))
def test_escaped_item_splits_back_to_itself(text: str) -> None:
    text = text.replace("\r", "")
    assert export.split_item(export.escape_item(text)) == [text]


def test_object_cell_round_trip_keeps_pipes_newlines_and_empty_fields() -> None:
    col = {c.key: c for c in export.columns("praktik")}["sumber"]
    value = [{"url": "https://a.example/x?a|b", "judul": "Satu | dua\ntiga", "diakses": "2026-11-28"},
             {"url": "https://b.example/", "penerbit": "C:\\data", "tanggal": "2025-01-02", "diakses": "2026-11-28"}]
    cell = export.encode_cell(value, col)
    assert cell.count("\n") == 1  # one object per line
    assert cell.splitlines()[1] == "https://b.example/ |  | C:\\\\data | 2025-01-02 | 2026-11-28"
    assert decode_cell(cell, col) == (value, None)


def test_list_and_scalar_cells_round_trip() -> None:
    cols = {c.key: c for c in export.columns("praktik")}
    legal = ["Perwali No. 6 | 2016", "UU 36/2009"]
    assert decode_cell(export.encode_cell(legal, cols["dasar_hukum"]), cols["dasar_hukum"]) == (legal, None)
    assert decode_cell(2022.0, cols["mulai"]) == (2022, None)
    assert decode_cell("ya", cols["contoh"]) == (True, None)
    assert decode_cell("  ", cols["biaya"]) == (None, None)
    assert decode_cell("a\r\nb", cols["langkah"]) == ("a\nb", None)


def test_practice_dict_carries_the_fields_the_downloads_promise(mini_data: Path) -> None:
    catalog, issues = load_catalog(mini_data)
    assert not issues
    practice = catalog.sorted_practices[0]
    d = export.practice_dict(practice)
    assert d["id"] == practice.id and d["daerah"] == practice.region
    assert d["tatanan"] == list(practice.tatanan) and d["indikator"] == list(practice.indicators)
    assert all("url" in s for s in d["sumber"]) and d["contoh"] is True
    region = export.region_dict(catalog.sorted_regions[0])
    assert {"id", "nama", "peran"} <= set(region) and region["peran"] in ("rujukan", "asal")


def test_downloads_count_equal_the_data(mini_data: Path, tmp_path: Path) -> None:
    catalog, _ = load_catalog(mini_data)
    write_downloads(catalog, tmp_path)
    for kind, expected in (("praktik", catalog.practices), ("daerah", catalog.regions)):
        records = json.loads((tmp_path / f"{kind}.json").read_text(encoding="utf-8"))
        assert sorted(r["id"] for r in records) == sorted(expected)
        with (tmp_path / f"{kind}.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, dialect=export.DownloadCsv))
        assert sorted(r["id"] for r in rows) == sorted(expected)
        wb = openpyxl.load_workbook(tmp_path / f"{kind}.xlsx", read_only=True)
        sheet = wb.worksheets[0]
        ids = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert sorted(ids) == sorted(expected)
        assert "Petunjuk" in wb.sheetnames
        wb.close()
    rows = list(csv.DictReader((tmp_path / "praktik.csv").open(encoding="utf-8-sig", newline=""),
                               dialect=export.DownloadCsv))
    assert {r["contoh"] for r in rows} == {"ya"}  # every synthetic record is marked as an example


def test_downloads_without_contacts_drop_phone_and_email(mini_data: Path, tmp_path: Path) -> None:
    path = next((mini_data / "praktik").glob("*.yaml"))
    text = path.read_text(encoding="utf-8").replace(
        "unit: OPD sintetis", "unit: OPD sintetis\n  telepon: '0411-000'\n  publik: true")
    path.write_text(text, encoding="utf-8")
    catalog, issues = load_catalog(mini_data)
    assert not issues
    write_downloads(catalog, tmp_path / "a")
    write_downloads(catalog, tmp_path / "b", personal=False)
    assert "0411-000" in (tmp_path / "a" / "praktik.json").read_text(encoding="utf-8")
    for name in ("praktik.json", "praktik.csv"):
        assert "0411-000" not in (tmp_path / "b" / name).read_text(encoding="utf-8")


def test_browser_data_is_one_entry_per_record(mini_data: Path) -> None:
    catalog, _ = load_catalog(mini_data)
    index = export.practice_index(catalog)
    assert len(index["praktik"]) == len(catalog.practices)
    assert len(index["daerah"]) == len(catalog.regions)
    data = export.compare_data(catalog)
    assert len(data["praktik"]) == len(catalog.practices)
    practice = catalog.sorted_practices[0]
    entry = next(p for p in data["praktik"] if p[0] == practice.id)
    assert data["daerah"][entry[2]][0] == practice.region
    assert entry[4] == list(practice.indicators)


@pytest.mark.slow
def test_built_site_downloads_match_the_pages(built_site: Path) -> None:
    catalog, _ = load_catalog(Path(__file__).resolve().parents[1] / "data")
    pages = {p.stem for p in (built_site / "praktik").glob("*.html")} - {"index"}
    records = json.loads((built_site / "unduh" / "praktik.json").read_text(encoding="utf-8"))
    assert {r["id"] for r in records} == pages == set(catalog.practices)
    regions = json.loads((built_site / "unduh" / "daerah.json").read_text(encoding="utf-8"))
    region_pages = {p.stem for p in (built_site / "daerah").glob("*.html")} - {"index"}
    assert {r["id"] for r in regions} == set(catalog.regions) <= region_pages
    for name in ("praktik.csv", "praktik.xlsx", "daerah.csv", "daerah.xlsx"):
        assert (built_site / "unduh" / name).stat().st_size > 0
    assert 'href="unduh/praktik.json"' in (built_site / "unduh.html").read_text(encoding="utf-8")
