"""The spreadsheet route for practices (export, edit, import) and the new-practice template."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml

from macros.cli.commands_practice import practice_template
from macros.core.load import load_catalog
from macros.importers.practices import export_practices, import_practices

from conftest import DATA, kks


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((folder / "praktik").iterdir())}


def _tricky(data_dir: Path) -> str:
    """Give one practice every kind of field, with characters the cell encoding must survive."""
    path = sorted((data_dir / "praktik").glob("*.yaml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update({
        "judul": "=Pasar | sehat \\ bersih",
        "edisi": 2025,
        "dasar_hukum": ["Perwali No. 6 | 2016", "Baris satu\nbaris dua"],
        "langkah": "- satu\n- dua\n\n  paragraf | tiga\n",
        "angka_hasil": [{"ukuran": "Kader", "nilai": "30 orang", "sumber": [1]},
                        {"ukuran": "Pos", "nilai": "4", "tahun": 2024, "sumber": [1, 2]}],
        "kontak": [{"peran": "Kepala", "unit": "Dinas | Kesehatan", "telepon": "0411-123", "publik": True}],
        "dokumen": [{"judul": "SK Forum", "berkas": "sk.pdf"}, {"judul": "SOP", "url": "https://contoh.invalid/sop"}],
    })
    data["sumber"][0]["penerbit"] = "Dinas \\ Humas"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    documents = data_dir.parent / "docs" / "dokumen"  # a linked `berkas` must exist (checks.documents_dir)
    documents.mkdir(parents=True, exist_ok=True)
    (documents / "sk.pdf").write_bytes(b"%PDF-1.4 uji\n")
    return data["id"]


def test_export_then_import_gives_the_same_records(mini_data: Path, tmp_path: Path) -> None:
    tricky_id = _tricky(mini_data)
    before, issues = load_catalog(mini_data)
    assert not issues
    sheet = tmp_path / "praktik.xlsx"
    count, problems = export_practices(mini_data, sheet)
    assert (count, problems) == (len(before.practices), [])

    # An import of the untouched sheet changes nothing, byte for byte.
    files = _snapshot(mini_data)
    result = import_practices(sheet, mini_data)
    assert result.issues == () and result.written == ()
    assert _snapshot(mini_data) == files

    # Records deleted since the export are not brought back by an untouched sheet...
    for path in (mini_data / "praktik").glob("*.yaml"):
        path.unlink()
    result = import_practices(sheet, mini_data)
    assert result.issues == () and result.written == () and len(result.notes) == len(before.practices)
    # ...but with --timpa every record is written back from the sheet, equal to what it was.
    result = import_practices(sheet, mini_data, overwrite=True)
    assert result.issues == ()
    assert len(result.written) == len(before.practices)
    after, issues = load_catalog(mini_data)
    assert not issues
    assert after.practices == before.practices
    assert after.practices[tricky_id].title.startswith("=Pasar |")

    # A second cycle writes exactly the same YAML files.
    written = _snapshot(mini_data)
    again = tmp_path / "lagi.xlsx"
    export_practices(mini_data, again)
    for path in (mini_data / "praktik").glob("*.yaml"):
        path.unlink()
    assert import_practices(again, mini_data, overwrite=True).issues == ()
    assert _snapshot(mini_data) == written


def _edit(sheet: Path, out: Path, changes: dict[tuple[int, str], object]) -> None:
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Praktik"]
    header = [c.value for c in ws[1]]
    for (row, column), value in changes.items():
        ws.cell(row, header.index(column) + 1).value = value
    wb.save(out)


def test_an_edited_row_is_written_and_others_are_left_alone(mini_data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "praktik.xlsx"
    export_practices(mini_data, sheet)
    first = sorted(p.stem for p in (mini_data / "praktik").glob("*.yaml"))[0]
    files = _snapshot(mini_data)
    _edit(sheet, tmp_path / "ubah.xlsx", {(2, "judul"): "Judul baru", (2, "tatanan"): "T1\nT9",
                                          (2, "indikator"): "T1.1\nT9.2"})
    result = import_practices(tmp_path / "ubah.xlsx", mini_data)
    assert result.issues == () and result.written == (first,)
    catalog, issues = load_catalog(mini_data)
    assert not issues
    assert catalog.practices[first].title == "Judul baru"
    assert catalog.practices[first].indicators == ("T1.1", "T9.2")
    changed = {name for name, data in _snapshot(mini_data).items() if files[name] != data}
    assert changed == {f"{first}.yaml"}


def test_errors_name_row_and_column_and_nothing_is_written(mini_data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "praktik.xlsx"
    export_practices(mini_data, sheet)
    _edit(sheet, tmp_path / "salah.xlsx", {
        (2, "judul"): "Akan diubah tetapi tidak boleh tertulis",
        (3, "status"): "jalan",
        (4, "daerah"): "daerah-tidak-ada",
        (5, "sumber"): "bukan-url | judul",
        (6, "indikator"): "T9.99",
        (7, "mulai"): "dulu",
    })
    files = _snapshot(mini_data)
    result = import_practices(tmp_path / "salah.xlsx", mini_data)
    messages = [i.format("salah.xlsx") for i in result.issues]
    assert result.written == ()
    assert _snapshot(mini_data) == files
    expected = [("Praktik!H3: status", "berjalan"), ("Praktik!C4: daerah", "daerah-tidak-ada"),
                ("Praktik!V5: sumber", "bukan alamat web"), ("Praktik!V5: sumber", "wajib diisi"),
                ("Praktik!F6: indikator", "T9.99"), ("Praktik!G7: mulai", "bilangan bulat")]
    for where, words in expected:
        assert any(m.startswith(f"salah.xlsx:{where}: ") and words in m for m in messages), (where, messages)
    assert not any("!B2:" in m for m in messages)


def test_layout_errors(mini_data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "praktik.xlsx"
    export_practices(mini_data, sheet)
    wb = openpyxl.load_workbook(sheet)
    ws = wb["Praktik"]
    ws.cell(1, 2).value = "judulnya"
    wb.save(tmp_path / "kolom.xlsx")
    messages = [i.format("kolom.xlsx") for i in import_practices(tmp_path / "kolom.xlsx", mini_data).issues]
    assert any(m.startswith("kolom.xlsx:Praktik!B1: judulnya: ") and "tidak dikenal" in m for m in messages)
    assert any(m.startswith("kolom.xlsx:Praktik!1:1: judul: ") and "tidak ada di baris judul" in m for m in messages)
    (tmp_path / "bukan.xlsx").write_text("bukan buku kerja", encoding="utf-8")
    refused = import_practices(tmp_path / "bukan.xlsx", mini_data).issues[0].format("bukan.xlsx")
    assert refused.startswith("bukan.xlsx: (buku kerja): ") and "bukan buku kerja Excel (.xlsx)" in refused


def test_cli_export_and_import(mini_data: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "p.xlsx"
    done = kks("export-practices", str(sheet), "--data", str(mini_data))
    assert done.returncode == 0, done.stderr
    assert "Petunjuk" in openpyxl.load_workbook(sheet, read_only=True).sheetnames
    again = kks("export-practices", str(sheet), "--data", str(mini_data))
    assert again.returncode == 1 and "--timpa" in again.stderr
    done = kks("import-practices", str(sheet), "--data", str(mini_data))
    assert done.returncode == 0 and "0 praktik baru/berubah" in done.stdout
    _edit(sheet, tmp_path / "salah.xlsx", {(2, "keyakinan"): "pasti"})
    bad = kks("import-practices", str(tmp_path / "salah.xlsx"), "--data", str(mini_data))
    assert bad.returncode == 1
    assert f"{tmp_path / 'salah.xlsx'}:Praktik!W2: keyakinan: nilai 'pasti' tidak dikenal" in bad.stderr
    assert "Traceback" not in bad.stderr


# --- new-practice -----------------------------------------------------------------------------

PLACEHOLDERS = {"judul", "tatanan", "indikator", "status", "ringkasan", "masalah", "langkah", "hasil",
                "sumber[0].url", "sumber[0].diakses", "keyakinan", "terakhir_diverifikasi"}


def test_new_practice_template_fails_only_on_its_placeholders(mini_data: Path) -> None:
    region = sorted(p.stem for p in (mini_data / "daerah").glob("*.yaml"))[0]
    done = kks("new-practice", region, "praktik-baru", "--data", str(mini_data))
    assert done.returncode == 0, done.stderr
    path = mini_data / "praktik" / "praktik-baru.yaml"
    text = path.read_text(encoding="utf-8")
    for key in ("masalah", "langkah", "biaya", "syarat_replikasi", "pelajaran", "dokumen", "kontak"):
        assert f"# {key} (" in text  # every section is there, with its description
    check = kks("validate", "--data", str(mini_data))
    assert check.returncode == 1
    fields = {line.split(": ")[1] for line in check.stderr.splitlines() if "praktik-baru.yaml:" in line}
    assert fields == PLACEHOLDERS
    assert "tidak boleh kosong" in check.stderr

    data = yaml.safe_load(text)
    data.update(judul="Praktik baru", tatanan=["T9"], indikator=["T9.1"], status="berjalan",
                ringkasan="R.", masalah="M.", langkah="L.", hasil="H.", keyakinan="sedang",
                terakhir_diverifikasi="2026-11-28")
    data["sumber"] = [{"url": "https://contoh.invalid/x", "diakses": "2026-11-28"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert kks("validate", "--data", str(mini_data)).returncode == 0


def test_new_practice_refuses_overwrite_and_unknown_region(mini_data: Path) -> None:
    region = sorted(p.stem for p in (mini_data / "daerah").glob("*.yaml"))[0]
    existing = sorted(p.stem for p in (mini_data / "praktik").glob("*.yaml"))[0]
    before = (mini_data / "praktik" / f"{existing}.yaml").read_bytes()
    done = kks("new-practice", region, existing, "--data", str(mini_data))
    assert done.returncode == 1 and "sudah ada" in done.stderr and "tidak ditimpa" in done.stderr
    assert (mini_data / "praktik" / f"{existing}.yaml").read_bytes() == before
    done = kks("new-practice", region[:-1], "baru-lagi", "--data", str(mini_data))
    assert done.returncode == 1 and "tidak ditemukan" in done.stderr and "maksud Anda 'sintetis-" in done.stderr
    assert not (mini_data / "praktik" / "baru-lagi.yaml").exists()
    done = kks("new-practice", region, "Bukan ID", "--data", str(mini_data))
    assert done.returncode == 1 and "tidak sah" in done.stderr


@pytest.mark.parametrize("region", ["kota-makassar"])
def test_template_text_is_valid_yaml_with_the_region(region: str) -> None:
    data = yaml.safe_load(practice_template(region, "contoh-id"))
    assert data["id"] == "contoh-id" and data["daerah"] == region
    assert "biaya" not in data  # optional sections are comments until filled


def test_new_practice_for_any_register_region_without_a_profile(tmp_path: Path) -> None:
    """A case study may be started for any of the 514 register regions, not only profiled ones."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    assert not (data / "daerah" / "kota-tarakan.yaml").exists()
    done = kks("new-practice", "kota-tarakan", "tarakan-uji", "--data", str(data))
    assert done.returncode == 0, done.stderr
    written = yaml.safe_load((data / "praktik" / "tarakan-uji.yaml").read_text(encoding="utf-8"))
    assert written["daerah"] == "kota-tarakan"
    done = kks("new-practice", "kota-tarakn", "tarakan-dua", "--data", str(data))
    assert done.returncode == 1 and "data/wilayah/" in done.stderr and "maksud Anda 'kota-tarakan'?" in done.stderr
