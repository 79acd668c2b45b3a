"""The instrument importer: the shared 2025 workbook, small workbooks built here, and the 2025 data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

from macros.importers import instrument
from macros.importers.instrument import ImportIssue, parse_ladder, read_instrument, run_import, split_bukti

ROOT = Path(__file__).resolve().parents[1]
SHARED_WORKBOOK = ROOT.parent / "shared" / "instrument" / "instrumen-kks-2025.xlsx"
SCHEMA_DIR = ROOT / "macros" / "schemas"
DATA_2025 = ROOT / "data" / "kerangka" / "2025" / "tatanan"
COUNTS_2025 = {"T1": 29, "T2": 22, "T3": 11, "T4": 13, "T5": 11, "T6": 12, "T7": 11, "T8": 13, "T9": 14,
               "KL": 16}

TITLE = "INSTRUMEN PENILAIAN KABUPATEN/KOTA SEHAT (KKS) TAHUN 2025"
HEADERS = ["NO", "INDIKATOR", "DEFINISI OPERASIONAL", "SUMBER DATA ", "BUKTI DUKUNG", "SKALA/ KATEGORI PENILAIAN"]
LADDER = "1. Nilai 100 jika semua tersedia\n\n2. NIlai 50 jika sebagian tersedia\n\n3.Nilai 0 jika tidak ada"
NAMES = ["KEHIDUPAN MASYARAKAT SEHAT MANDIRI", "PERMUKIMAN DAN FASILITAS UMUM", "SATUAN PENDIDIKAN", "PASAR",
         "PERKANTORAN DAN PERINDUSTRIAN", "PARIWISATA", "TRANSPORTASI DAN TERTIB LALU LINTAS JALAN",
         "PERLINDUNGAN SOSIAL", "PENANGGULANGAN BENCANA"]


# ---------------------------------------------------------------------------------------------
# Helpers


def tatanan_validator() -> Draft202012Validator:
    """The project's tatanan schema, with `_umum` resolvable by its $id."""
    schemas = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in SCHEMA_DIR.glob("*.schema.yaml")]
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    checker = FormatChecker()
    checker.checks("url")(lambda value: not isinstance(value, str) or value.startswith(("http://", "https://")))
    tatanan = next(s for s in schemas if s["$id"] == "tatanan")
    return Draft202012Validator(tatanan, registry=registry, format_checker=checker)


def schema_errors(record: dict[str, Any]) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in tatanan_validator().iter_errors(record)]


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder below `folder` with its bytes (None for folders)."""
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def tatanan_sheet(book: openpyxl.Workbook, k: int) -> None:
    """A 2025-style sheet: title rows, header on row 5, "(1)..(6)" on row 6, two indicators."""
    sheet = book.create_sheet(f"Tatanan {k} {NAMES[k - 1].split()[0].title()}")
    sheet["A1"], sheet["A2"] = TITLE, f"TATANAN {k}: {NAMES[k - 1]}"
    sheet.merge_cells("A1:F1")
    sheet.merge_cells("A2:F2")
    sheet.append([])
    sheet.append([])
    sheet.append(HEADERS)
    sheet.append([f"({i})" for i in range(1, 7)])
    for n in (1, 2):
        sheet.append([float(n), f"Indikator {k}.{n} ", f"Definisi {k}.{n}.", "Dinas terkait",
                      "Laporan tahun 2023 dan 2024 dilengkapi dengan:\na. data capaian;\nb. tangkapan layar",
                      LADDER])


def kelembagaan_sheet(book: openpyxl.Workbook) -> None:
    """Two components with two items each; NO and KOMPONEN merged down, as in the 2025 sheet."""
    sheet = book.create_sheet("Kelembagaan")
    sheet["A1"], sheet["A2"] = TITLE, "KELEMBAGAAN"
    sheet.append([])
    sheet.append([])
    sheet.append(["NO", "KOMPONEN", *HEADERS[1:]])
    sheet.append([f"({i})" for i in range(1, 8)])
    for n, component in ((1, "Tim Pembina"), (2, "Forum Kabupaten/Kota")):
        first = sheet.max_row + 1
        for item in ("SK", "Anggaran"):
            first_item = item == "SK"
            sheet.append([n if first_item else None, component if first_item else None, item,
                          f"{item} {component}.", "Bappeda", f"Dokumen {item}",
                          "1. Nilai 100 jika ada\n2. Nilai 0 jika tidak"])
        sheet.merge_cells(f"A{first}:A{first + 1}")
        sheet.merge_cells(f"B{first}:B{first + 1}")


def build_workbook() -> openpyxl.Workbook:
    """A small workbook laid out like the 2025 instrument, with a few variations to tolerate."""
    book = openpyxl.Workbook()
    book.active.title = "Petunjuk"  # a cover sheet without a table is ignored
    book.active["A1"] = "Petunjuk pengisian"
    kelembagaan_sheet(book)
    for k in range(1, 10):
        tatanan_sheet(book, k)
    # Header variants are found by text, not position.
    t2 = book["Tatanan 2 Permukiman"]
    for cell, text in zip(t2[5], ["No.", "Indikator", "Definisi  Operasional (DO)", "sumber data", "Bukti Dukung",
                                  "Skala / Kategori Penilaian"], strict=True):
        cell.value = text
    # Tatanan 3 uses one row per rung (the 2024 form's layout) with a merged definition cell.
    t3 = book["Tatanan 3 Satuan"]
    t3.delete_rows(7, 2)
    t3.append([1, "Indikator 3.1", "Definisi 3.1.", "Dinas Pendidikan", "Dokumen regulasi", None])
    for rung, score in (("a. Ada dan disahkan", 100), ("b. Masih draft", 50), ("c. Tidak ada", 0)):
        t3.append([None, rung, None, None, None, score])
    t3.merge_cells("C7:C10")
    t3.append([2, "Indikator 3.2", "Definisi 3.2.", "Dinas Pendidikan", "Laporan", LADDER])
    # Tatanan 4 is recognised by its name only, and ends with a TOTAL row.
    t4 = book["Tatanan 4 Pasar"]
    t4.title = "Pasar"
    t4["A2"] = "PASAR"
    t4.append([None, "TOTAL NILAI"])
    return book


def save(book: openpyxl.Workbook, tmp_path: Path) -> Path:
    path = tmp_path / "instrumen.xlsx"
    book.save(path)
    return path


# ---------------------------------------------------------------------------------------------
# Small workbooks


def test_reads_a_workbook_laid_out_like_the_instrument(tmp_path: Path) -> None:
    tatanan, issues = read_instrument(save(build_workbook(), tmp_path), 2025)
    assert issues == []
    assert [t["kode"] for t in tatanan] == [*(f"T{k}" for k in range(1, 10)), "KL"]
    t1, t2, t3, t4 = tatanan[:4]
    assert t1["nama"] == "Kehidupan Masyarakat Sehat Mandiri"
    assert t2["nama"] == "Permukiman dan Fasilitas Umum"
    assert t4["nama"] == "Pasar"
    assert t1["indikator"][0] == {
        "kode": "T1.1",
        "nama": "Indikator 1.1",
        "definisi": "Definisi 1.1.",
        "sumber_data": "Dinas terkait",
        "bukti": ["Laporan tahun 2023 dan 2024 dilengkapi dengan:", "data capaian", "tangkapan layar"],
        "tangga_nilai": [{"nilai": 100, "syarat": "Semua tersedia"}, {"nilai": 50, "syarat": "Sebagian tersedia"},
                         {"nilai": 0, "syarat": "Tidak ada"}],
    }
    assert [i["kode"] for i in t2["indikator"]] == ["T2.1", "T2.2"]
    assert t3["indikator"][0]["tangga_nilai"] == [
        {"nilai": 100, "syarat": "Ada dan disahkan"}, {"nilai": 50, "syarat": "Masih draft"},
        {"nilai": 0, "syarat": "Tidak ada"}]
    assert t3["indikator"][0]["definisi"] == "Definisi 3.1."
    kl = tatanan[-1]["indikator"]
    assert [(i["kode"], i["nama"]) for i in kl] == [
        ("KL.1", "SK Tim Pembina"), ("KL.2", "Anggaran Tim Pembina"),
        ("KL.3", "SK Forum Kabupaten/Kota"), ("KL.4", "Anggaran Forum Kabupaten/Kota")]
    for record in tatanan:
        assert record["deskripsi"] == instrument.PLACEHOLDER_DESCRIPTION
        assert schema_errors(record) == []


def test_missing_column_names_sheet_and_header_and_writes_nothing(tmp_path: Path) -> None:
    book = build_workbook()
    book["Tatanan 5 Perkantoran"]["E5"] = "KETERANGAN"
    data = tmp_path / "data"
    (data / "kerangka" / "2025" / "tatanan").mkdir(parents=True)
    (data / "kerangka" / "2025" / "tatanan" / "T5.yaml").write_text("kode: T5\n", encoding="utf-8")
    before = snapshot(data)

    written, issues = run_import(save(book, tmp_path), 2025, data)

    assert written == []
    assert [(i.sheet, i.row, i.column) for i in issues] == [("Tatanan 5 Perkantoran", 5, "BUKTI DUKUNG")]
    assert "BUKTI DUKUNG" in issues[0].message and issues[0].hint
    assert issues[0].format("instrumen.xlsx").startswith(
        "instrumen.xlsx:'Tatanan 5 Perkantoran'!5:5: BUKTI DUKUNG: Kolom 'BUKTI DUKUNG' tidak ditemukan")
    assert snapshot(data) == before


def test_unreadable_ladder_names_sheet_and_row_and_writes_nothing(tmp_path: Path) -> None:
    book = build_workbook()
    book["Tatanan 7 Transportasi"]["F8"] = "Lihat pedoman penilaian"
    book["Tatanan 8 Perlindungan"]["F7"] = "1. Nilai 100 jika ada\n2. Nilai 100 jika sebagian"
    data = tmp_path / "data"
    data.mkdir()

    written, issues = run_import(save(book, tmp_path), 2025, data)

    assert written == []
    assert [(i.sheet, i.row, i.column) for i in issues] == [
        ("Tatanan 7 Transportasi", 8, "SKALA/KATEGORI PENILAIAN"),
        ("Tatanan 8 Perlindungan", 7, "SKALA/KATEGORI PENILAIAN")]
    assert "T7.2" in issues[0].message
    assert "skor 100 muncul lebih dari sekali" in issues[1].message
    assert snapshot(data) == {}


@pytest.mark.parametrize(("change", "expected"), [
    (lambda book: book.remove(book["Tatanan 6 Pariwisata"]), ("(buku kerja)", None, "T6")),
    (lambda book: book["Tatanan 1 Kehidupan"].cell(8, 1, "dua"), ("Tatanan 1 Kehidupan", 8, "'dua'")),
    (lambda book: book["Tatanan 1 Kehidupan"].cell(8, 1, 1), ("Tatanan 1 Kehidupan", 8, "sudah dipakai di baris 7")),
    (lambda book: setattr(book["Tatanan 9 Penanggulangan"]["E8"], "value", None),
     ("Tatanan 9 Penanggulangan", 8, "kosong")),
    (lambda book: setattr(book["Tatanan 2 Permukiman"], "title", "Tatanan 3 Lain"),
     ("Tatanan 3 Lain", None, "nama lembar menunjuk tatanan 3")),
])
def test_other_problems_are_reported_with_their_place(tmp_path: Path, change: Any,
                                                      expected: tuple[str, int | None, str]) -> None:
    book = build_workbook()
    change(book)
    tatanan, issues = read_instrument(save(book, tmp_path), 2025)
    assert tatanan == []
    sheet, row, text = expected
    assert any(i.sheet == sheet and i.row == row and text in i.message for i in issues), issues


def test_edition_must_match_the_year_in_the_title(tmp_path: Path) -> None:
    tatanan, issues = read_instrument(save(build_workbook(), tmp_path), 2024)
    assert tatanan == [] and issues
    assert all("tahun 2025, bukan edisi 2024" in i.message for i in issues)


def test_a_file_that_is_not_a_workbook_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "bukan.xlsx"
    path.write_text("bukan buku kerja", encoding="utf-8")
    assert read_instrument(path, 2025)[1][0].sheet == instrument.WORKBOOK
    assert "tidak ditemukan" in read_instrument(tmp_path / "tidak-ada.xlsx", 2025)[1][0].message


def test_round_trip_reloads_identical_dicts(tmp_path: Path) -> None:
    ladder = [{"nilai": 100, "syarat": "true"}, {"nilai": 0, "syarat": "null"}]
    indicator = {
        "kode": "T9.1",
        "nama": "2024-05-01",
        "definisi": "1.5",
        "sumber_data": "012",
        "bukti": ["12:30", "- bukan daftar", "'kutip'", "#bukan komentar"],
        "tangga_nilai": ladder,
    }
    record = {
        "kode": "T9",
        "nama": "Penanggulangan Bencana",
        "alias": ["Pencegahan dan Penanganan Bencana", "NO", "yes"],
        "deskripsi": "Baris pertama.\n\nParagraf kedua dengan ≥ 80% dan tanda: titik dua.",
        # The same ladder object twice must be written out twice, not as an anchor and alias.
        "indikator": [indicator, {**indicator, "kode": "T9.2", "nama": "Kedua"}],
    }
    data = tmp_path / "data"

    written = instrument.write_edition([record], data, 2025)

    assert written == [data / "kerangka" / "2025" / "tatanan" / "T9.yaml"]
    text = written[0].read_text(encoding="utf-8")
    assert "&" not in text and "*" not in text and "≥" in text
    assert yaml.safe_load(text) == record
    assert sorted(p.name for p in (data / "kerangka" / "2025").iterdir()) == ["tatanan"]  # no staging left


def test_reimport_keeps_description_and_alias(tmp_path: Path) -> None:
    data = tmp_path / "data"
    folder = data / "kerangka" / "2025" / "tatanan"
    folder.mkdir(parents=True)
    (folder / "T9.yaml").write_text(
        "kode: T9\nnama: Lama\nalias: [Pencegahan dan Penanganan Bencana]\ndeskripsi: Kata-kata kita.\n"
        "indikator: []\n", encoding="utf-8")

    written, issues = run_import(save(build_workbook(), tmp_path), 2025, data)

    assert issues == [] and len(written) == 10
    t9 = yaml.safe_load((folder / "T9.yaml").read_text(encoding="utf-8"))
    assert list(t9) == ["kode", "nama", "alias", "deskripsi", "indikator"]
    assert (t9["nama"], t9["alias"], t9["deskripsi"]) == (
        "Penanggulangan Bencana", ["Pencegahan dan Penanganan Bencana"], "Kata-kata kita.")
    t1 = yaml.safe_load((folder / "T1.yaml").read_text(encoding="utf-8"))
    assert "alias" not in t1 and t1["deskripsi"] == instrument.PLACEHOLDER_DESCRIPTION


def test_a_broken_previous_file_stops_the_import(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "kerangka" / "2025" / "tatanan"
    folder.mkdir(parents=True)
    (folder / "T2.yaml").write_text("kode: [T2\n", encoding="utf-8")
    before = snapshot(tmp_path / "data")
    written, issues = run_import(save(build_workbook(), tmp_path), 2025, tmp_path / "data")
    assert written == [] and [i.sheet for i in issues] == [str(folder / "T2.yaml")]
    assert snapshot(tmp_path / "data") == before


# ---------------------------------------------------------------------------------------------
# Ladders and evidence


@pytest.mark.parametrize(("text", "expected"), [
    (LADDER, [(100, "Semua tersedia"), (50, "Sebagian tersedia"), (0, "Tidak ada")]),
    ("1. Nilai 100 jika A\n2. Nilai 50jika B\n4.Nilai 0  C", [(100, "A"), (50, "B"), (0, "C")]),
    ("Nilai 0 jika tidak ada\nNilai 100 jika ada", [(100, "Ada"), (0, "Tidak ada")]),
    ("Kategori:\n100 = lengkap\n0 = tidak", [(100, "Lengkap"), (0, "Tidak")]),
    ("1. Nilai 100 jika ada yang\nberfungsi\n\n2. Nilai 0 jika tidak", [(100, "Ada yang berfungsi"), (0, "Tidak")]),
])
def test_parse_ladder(text: str, expected: list[tuple[int, str]]) -> None:
    levels, problem = parse_ladder(text)
    assert problem is None
    assert [(lv["nilai"], lv["syarat"]) for lv in levels] == expected


@pytest.mark.parametrize(("text", "problem"), [
    ("", "tidak ada anak tangga"),
    ("Lihat lampiran", "tidak ada anak tangga"),
    ("Nilai 100 jika ada", "hanya ada satu"),
    ("Catatan penting\n1. Nilai 100 jika ada\n2. Nilai 0 jika tidak", "teks sebelum"),
    ("Nilai 120 jika ada\nNilai 0 jika tidak", "di luar rentang"),
    ("Nilai 100 jika ada\nNilai 0", "tidak memuat syarat"),
])
def test_parse_ladder_problems(text: str, problem: str) -> None:
    levels, found = parse_ladder(text)
    assert levels == [] and found is not None and problem in found


def test_split_bukti() -> None:
    assert split_bukti("1. Dokumen A\n2. Laporan B;\n\nLaporan divalidasi.") == [
        "Dokumen A", "Laporan B", "Laporan divalidasi."]
    assert split_bukti("Dokumen Rencana Induk\nKepariwisataan meliputi:\na. landasan;\nb. muatan") == [
        "Dokumen Rencana Induk Kepariwisataan meliputi:", "landasan", "muatan"]
    assert split_bukti("Dokumen yang terdiri dari (1) SK; (2) anggaran.") == [
        "Dokumen yang terdiri dari:", "SK", "anggaran."]
    assert split_bukti("SK untuk SRA yang_x000b_dikeluarkan") == ["SK untuk SRA yang dikeluarkan"]


def test_issue_format_is_file_sheet_cell_column_message() -> None:
    """Kind: the one error format of every workbook importer, `BERKAS:Lembar!Sel: kolom: pesan`."""
    issue = ImportIssue("Tatanan 1", 7, "NO", "Nomor tidak terbaca.", "Tulis angka.", col=1)
    assert issue.format("i.xlsx") == "i.xlsx:'Tatanan 1'!A7: NO: Nomor tidak terbaca. Saran: Tulis angka."
    praktik = ImportIssue("Praktik", 3, "judul", "wajib diisi", col=2)
    assert praktik.format("p.xlsx") == "p.xlsx:Praktik!B3: judul: wajib diisi"
    assert ImportIssue("4 Pasar", 9, None, "A.").format("f.xlsx") == "f.xlsx:'4 Pasar'!9:9: (baris): A."
    assert ImportIssue("Pasar", None, None, "A.").format("f.xlsx") == "f.xlsx:Pasar: (lembar): A."
    assert ImportIssue("O'Neil", 1, "X", "A.", col=28).format("f.xlsx") == "f.xlsx:'O''Neil'!AB1: X: A."
    whole = ImportIssue(instrument.WORKBOOK, None, None, "A.", "B.")
    assert whole.format("f.xlsx") == "f.xlsx: (buku kerja): A. Saran: B."


# ---------------------------------------------------------------------------------------------
# The shared 2025 workbook and the data imported from it


@pytest.fixture(scope="module")
def shared_2025() -> dict[str, dict[str, Any]]:
    if not SHARED_WORKBOOK.is_file():
        pytest.skip(f"buku kerja bersama tidak ada: {SHARED_WORKBOOK}")
    tatanan, issues = read_instrument(SHARED_WORKBOOK, 2025)
    assert [i.format() for i in issues] == []
    return {t["kode"]: t for t in tatanan}


def test_shared_workbook_counts(shared_2025: dict[str, dict[str, Any]]) -> None:
    assert {code: len(t["indikator"]) for code, t in shared_2025.items()} == COUNTS_2025
    assert sum(len(t["indikator"]) for code, t in shared_2025.items() if code != "KL") == 136
    for code, t in shared_2025.items():
        expected = [f"{code}.{n}" for n in range(1, COUNTS_2025[code] + 1)]
        assert [i["kode"] for i in t["indikator"]] == expected


def test_shared_workbook_ladders(shared_2025: dict[str, dict[str, Any]]) -> None:
    for t in shared_2025.values():
        for indicator in t["indikator"]:
            scores = [lv["nilai"] for lv in indicator["tangga_nilai"]]
            assert len(scores) >= 2, indicator["kode"]
            assert set(scores) <= {0, 25, 50, 75, 100}, indicator["kode"]
            assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores), indicator["kode"]
            assert scores[0] == 100 and scores[-1] == 0, indicator["kode"]
            assert all(lv["syarat"] for lv in indicator["tangga_nilai"])


def test_shared_workbook_content(shared_2025: dict[str, dict[str, Any]]) -> None:
    t9 = shared_2025["T9"]
    assert t9["nama"] == "Penanggulangan Bencana"
    assert "Kajian Risiko Bencana" in t9["indikator"][0]["nama"]
    assert shared_2025["T1"]["nama"] == "Kehidupan Masyarakat Sehat Mandiri"
    assert shared_2025["KL"]["indikator"][0]["nama"] == "SK Tim Pembina"
    for t in shared_2025.values():
        assert schema_errors(t) == [], t["kode"]
        for indicator in t["indikator"]:
            assert indicator["bukti"] and all(indicator["bukti"]), indicator["kode"]
            assert "_x00" not in yaml.safe_dump(indicator, allow_unicode=True)


def test_2025_data_files_are_valid_and_match_the_instrument(shared_2025: dict[str, dict[str, Any]]) -> None:
    if not DATA_2025.is_dir():
        pytest.skip("data/kerangka/2025/tatanan belum dibuat")
    files = sorted(p.stem for p in DATA_2025.glob("*.yaml"))
    assert files == sorted(COUNTS_2025)
    for code, imported in shared_2025.items():
        record = yaml.safe_load((DATA_2025 / f"{code}.yaml").read_text(encoding="utf-8"))
        assert schema_errors(record) == [], code
        assert record["kode"] == code and record["nama"] == imported["nama"]
        assert record["deskripsi"] != instrument.PLACEHOLDER_DESCRIPTION, code
        # Definitions are paraphrased by hand; names and ladder scores stay as in the instrument.
        ours = [(i["kode"], i["nama"], [lv["nilai"] for lv in i["tangga_nilai"]]) for i in record["indikator"]]
        theirs = [(i["kode"], i["nama"], [lv["nilai"] for lv in i["tangga_nilai"]]) for i in imported["indikator"]]
        assert ours == theirs, code
