"""Real-world spreadsheet faults, one group of tests per kind (issue 11).

Each kind is named in the test names: formula without a saved value, inflated used range,
renamed sheets, wrong edition, evidence and notes, skipped checks, foreign formats, CSV from
Indonesian-locale Excel, and the practice spreadsheet round trip (stale export, minimal diffs).
Workbooks are made here with openpyxl (tests/sheet_builders.py); the real 2024 workbook from
../shared/instrument/ is used where present and skipped cleanly where not.
"""

from __future__ import annotations

import re
import shutil
import tracemalloc
from pathlib import Path

import openpyxl
import pytest
import yaml
from example_scores import EDITION, fill
from openpyxl.styles import Font
from sheet_builders import build_form

from macros.core.load import load_catalog
from macros.importers import instrument
from macros.importers.assessment import read_scores, write_template
from macros.importers.practices import export_practices, import_practices
from macros.importers.workbook import open_workbook

from conftest import DATA, SUMENEP_REGION, kks, require_shared

SUMENEP = ("instrument", "isian-kks-2024-sumenep.xlsx")
MEMORY_LIMIT = 100_000_000
"""Bytes a 30 KB workbook may cost to read, whatever its used range says (issue: well under 200 MB)."""


@pytest.fixture(scope="module")
def catalog():
    found, issues = load_catalog(DATA)
    assert not issues
    return found


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / "daerah" / "kab-sumenep.yaml").write_text(SUMENEP_REGION, encoding="utf-8")
    return folder


def filled_template(tmp_path: Path, catalog) -> Path:
    path = tmp_path / "templat.xlsx"
    write_template(catalog.editions[EDITION], path)
    fill(path)
    return path


def form_2024(tmp_path: Path, catalog, change=None, name: str = "formulir.xlsx") -> tuple[Path, object]:
    book, layout = build_form(catalog.editions[2024])
    if change:
        change(book, layout)
    path = tmp_path / name
    book.save(path)
    return path, layout


def messages(found) -> list[str]:
    return [i.format("f.xlsx") for i in found.issues]


# --- Kind: formula without a saved value ------------------------------------------------------------


def test_formula_without_saved_value_in_a_template_score_is_an_error_naming_the_cell(tmp_path, catalog) -> None:
    path = filled_template(tmp_path, catalog)
    book = openpyxl.load_workbook(path)
    sheet = next(s for s in book.worksheets if s.title.startswith("T9 "))
    sheet["D4"] = "=50+25"  # a program wrote it: no cached result
    book.save(path)
    found = read_scores(path, catalog.editions[EDITION])
    assert found.entries == []
    assert [m.split(" Saran:")[0] for m in messages(found)] == [
        f"f.xlsx:'{sheet.title}'!D4: NILAI MANDIRI: Sel D4 berisi rumus (=50+25) tanpa nilai tersimpan; nilainya "
        "tidak bisa dibaca."]
    assert messages(found)[0].endswith("Saran: Buka dan simpan ulang di Excel, atau tulis angkanya.")


def test_formula_without_saved_value_in_a_form_score_is_an_error_never_belum_diisi(tmp_path, catalog) -> None:
    def formula(book, layout):
        code = "T4.2"
        row = layout.rungs[code][layout.chosen[code]]
        book[layout.sheets["T4"]].cell(row, 4, "=50+50")
    path, layout = form_2024(tmp_path, catalog, formula)
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    row = layout.rungs["T4.2"][layout.chosen["T4.2"]]
    assert found.entries == [] and len(found.issues) == 1
    assert messages(found)[0].startswith(f"f.xlsx:'{layout.sheets['T4']}'!D{row}: NILAI SELF-ASSESMENT: Sel D{row} "
                                         "berisi rumus (=50+50) tanpa nilai tersimpan")


def test_formula_with_saved_value_is_read_like_a_value(tmp_path: Path) -> None:
    """Excel saves a formula's result beside it: that result is what the user sees, so it is read."""
    path = tmp_path / "rumus.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "=50+25"
    book.save(path)
    with zipfile_rewrite(path) as xml:  # what Excel writes: the formula and its cached value
        xml[0] = xml[0].replace("<v />", "<v>75</v>").replace("<v/>", "<v>75</v>")
    opened, issues = open_workbook(path)
    assert not issues and opened is not None
    assert opened.sheet("Sheet").take(1, 1, "X") == (75, None)


class zipfile_rewrite:
    """Edit xl/worksheets/sheet1.xml of a workbook in place (list of one string, changed in the block)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> list[str]:
        import zipfile

        with zipfile.ZipFile(self.path) as archive:
            self.parts = {name: archive.read(name) for name in archive.namelist()}
        self.xml = [self.parts["xl/worksheets/sheet1.xml"].decode()]
        return self.xml

    def __exit__(self, *exc: object) -> None:
        import zipfile

        self.parts["xl/worksheets/sheet1.xml"] = self.xml[0].encode()
        with zipfile.ZipFile(self.path, "w") as archive:
            for name, blob in self.parts.items():
                archive.writestr(name, blob)


# --- Kind: inflated used range --------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["A1048576", "XFD1048576", "XFD1"])
def test_inflated_used_range_costs_what_the_values_cost_for_the_assessment_template(tmp_path, catalog,
                                                                                  cell: str) -> None:
    path = filled_template(tmp_path, catalog)
    book = openpyxl.load_workbook(path)
    book.worksheets[1][cell].font = Font(bold=True)  # one styled empty cell far away
    book.save(path)
    assert path.stat().st_size < 40_000
    tracemalloc.start()
    found = read_scores(path, catalog.editions[EDITION], catalog.editions)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert found.issues == [] and len(found.entries) == 150
    assert peak < MEMORY_LIMIT, f"{peak / 1e6:.0f} MB"


def test_inflated_used_range_costs_what_the_values_cost_for_the_instrument_and_practices(tmp_path: Path,
                                                                                        mini_data: Path) -> None:
    from test_import_instrument import build_workbook

    book = build_workbook()
    book["Tatanan 1 Kehidupan"]["XFD1048576"].font = Font(bold=True)
    path = tmp_path / "instrumen.xlsx"
    book.save(path)
    tracemalloc.start()
    records, issues = instrument.read_instrument(path, 2025)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert issues == [] and len(records) == 10 and peak < MEMORY_LIMIT

    sheet = tmp_path / "praktik.xlsx"
    export_practices(mini_data, sheet)
    book = openpyxl.load_workbook(sheet)
    book["Praktik"]["A1048576"].font = Font(bold=True)
    book["Praktik"].merge_cells("AA1:AB1048576")  # a merged range over a million rows, empty
    book.save(sheet)
    tracemalloc.start()
    result = import_practices(sheet, mini_data)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert result.issues == () and result.written == () and peak < MEMORY_LIMIT


# --- Kind: renamed sheets ---------------------------------------------------------------------------


def test_renamed_form_sheet_is_recognised_by_its_header(tmp_path, catalog) -> None:
    def rename(book, layout):
        book[layout.sheets["T4"]].title = "Pasar"
        book[layout.sheets["T8"]].title = "Lembar8"  # no name at all: its header says PERLINDUNGAN SOSIAL
    path, _layout = form_2024(tmp_path, catalog, rename)
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    assert found.issues == []
    scored = {e["indikator"] for e in found.entries}
    assert {i.code for g in catalog.editions[2024].groups for i in g.indicators} == scored
    assert found.notes[0] == "Lembar yang tidak dibaca (bukan lembar nilai): 'Dataumum'."


def test_a_tatanan_without_a_sheet_is_an_error_not_zero(tmp_path, catalog) -> None:
    path, _layout = form_2024(tmp_path, catalog, lambda book, layout: book.remove(book[layout.sheets["T4"]]))
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    assert found.entries == []
    assert [m.split(";")[0] for m in messages(found)] == ["f.xlsx: (buku kerja): Tidak ada lembar untuk T4 (Pasar)"]


def test_a_sheet_whose_name_and_title_disagree_is_an_error(tmp_path, catalog) -> None:
    def swap(book, layout):
        book[layout.sheets["T4"]].title = "6 Lain"
        book[layout.sheets["T6"]].title = "Pariwisata lama"
    path, _layout = form_2024(tmp_path, catalog, swap)
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    assert found.entries == []
    assert any("'6 Lain'!B8: TATANAN PASAR: Tatanan lembar ini tidak jelas: nama lembar menunjuk tatanan 6, "
               "tetapi judul di atas tabel menunjuk tatanan 4" in m for m in messages(found)), messages(found)


def test_renamed_sheet_of_the_real_2024_workbook_keeps_its_score(tmp_path: Path, data: Path) -> None:
    form = require_shared(*SUMENEP)
    book = openpyxl.load_workbook(form)
    book["4 Pasar"].title = "Pasar"
    copy = tmp_path / "isian.xlsx"
    book.save(copy)
    done = kks("import-assessment", str(copy), "--region", "kab-sumenep", "--edition", "2024", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert "Lembar yang tidak dibaca (bukan lembar nilai): 'Dataumum', 'Kelembagaan'." in done.stdout
    assert "TOTAL NILAI tidak diperiksa pada 18 sel" in done.stdout  # openpyxl dropped the saved totals
    gap = kks("gap", "kab-sumenep", "--format", "json", "--data", str(data))
    import json

    t4 = next(t for t in json.loads(gap.stdout)["tatanan"] if t["kode"] == "T4")
    assert t4["nilai"] == 29.17


# --- Kind: wrong edition ----------------------------------------------------------------------------


def test_wrong_edition_form_is_refused_naming_the_edition_it_matches(tmp_path: Path, data: Path) -> None:
    form = require_shared(*SUMENEP)
    done = kks("import-assessment", str(form), "--region", "kab-sumenep", "--edition", "2025", "--data", str(data))
    assert done.returncode == 1
    assert (f"{form}:'8 Sosial': (lembar): Indikator lembar ini bukan indikator edisi 2025: hanya 2 dari 13 nama "
            "indikator sama dengan edisi itu. Isinya cocok dengan edisi 2024 (13 dari 13 nama sama); pakai "
            "--edition 2024.") in done.stderr
    assert not (data / "penilaian" / "kab-sumenep-2025.yaml").exists()


def test_a_shifted_row_is_refused_not_scored_on_another_indicator(tmp_path, catalog) -> None:
    def shift(book, layout):
        sheet = book[layout.sheets["T3"]]
        sheet.cell(layout.rows["T3.2"], 2, "Indikator yang disisipkan tanpa mengubah nomor")
    path, layout = form_2024(tmp_path, catalog, shift)
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    assert found.entries == []
    assert [m.split(" (")[0] for m in messages(found)] == [
        f"f.xlsx:'{layout.sheets['T3']}'!B{layout.rows['T3.2']}: TATANAN SATUAN PENDIDIKAN: Indikator pada baris ini"]


# --- Kind: evidence and notes -----------------------------------------------------------------------


def test_evidence_on_indicator_and_rung_rows_both_kept_and_a_repeated_note_once(tmp_path, catalog) -> None:
    def evidence(book, layout):
        sheet = book[layout.sheets["T2"]]
        top, chosen = layout.rows["T2.6"], layout.rungs["T2.6"][layout.chosen["T2.6"]]
        sheet.cell(top, 5, "https://contoh.invalid/bukti-indikator")
        sheet.cell(chosen, 5, "https://contoh.invalid/bukti-anak-tangga")
        sheet.cell(top, 7, "Lengkapi narasi")
        sheet.cell(chosen, 7, "Lengkapi  narasi")  # the same note, typed twice
        other = next(r for s, r in layout.rungs["T2.6"].items() if s != layout.chosen["T2.6"])
        sheet.cell(other, 5, "Bukti").hyperlink = "https://contoh.invalid/tersembunyi"
    path, _ = form_2024(tmp_path, catalog, evidence)
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    entry = next(e for e in found.entries if e["indikator"] == "T2.6")
    assert entry["bukti"].split("\n") == ["https://contoh.invalid/bukti-indikator",
                                          "https://contoh.invalid/bukti-anak-tangga", "Bukti",
                                          "https://contoh.invalid/tersembunyi"]
    assert entry["catatan"] == "Lengkapi narasi"


def test_the_real_2024_workbook_keeps_every_link_and_its_totals(tmp_path: Path, data: Path) -> None:
    form = require_shared(*SUMENEP)
    done = kks("import-assessment", str(form), "--region", "kab-sumenep", "--edition", "2024", "--data", str(data))
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr and "DrawingML" not in done.stderr and done.stderr == ""
    saved = yaml.safe_load((data / "penilaian" / "kab-sumenep-2024.yaml").read_text(encoding="utf-8"))
    kept = {e["indikator"]: set(e.get("bukti", "").split("\n")) - {""} for e in saved["nilai"]}
    book = openpyxl.load_workbook(form, read_only=True, data_only=True)
    links = 0
    for sheet in book.worksheets[:9]:
        code = None
        for row in sheet.iter_rows(values_only=True):
            if isinstance(row[1], str) and row[1].strip().upper().startswith("TOTAL NILAI"):
                break
            if isinstance(row[0], int | float) and not isinstance(row[2], int | float):
                code = f"T{sheet.title[0]}.{int(row[0])}"
            for value in row[3:6]:  # NILAI SELF-ASSESMENT, LINK BUKTI DUKUNG, NILAI VERIFIKASI
                for url in re.findall(r"https?://\S+", value if isinstance(value, str) else ""):
                    links += 1
                    assert url in kept.get(code, set()), (code, url)
    assert links >= 380
    assert kept["T2.6"] and kept["T3.3"]


# --- Kind: checks that were skipped -----------------------------------------------------------------


def test_total_without_saved_value_is_a_skipped_check_said_in_the_output(tmp_path, catalog) -> None:
    def formula_totals(book, layout):
        for code, row in layout.totals.items():
            book[layout.sheets[code]].cell(row, 4, f"=SUM(D9:D{row - 1})")
    path, _layout = form_2024(tmp_path, catalog, formula_totals)
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    assert found.issues == []
    assert any(n.startswith("TOTAL NILAI tidak diperiksa pada 9 sel yang tidak punya nilai tersimpan")
               for n in found.notes), found.notes


def test_a_saved_total_that_disagrees_is_an_error(tmp_path, catalog) -> None:
    def wrong(book, layout):
        book[layout.sheets["T5"]].cell(layout.totals["T5"], 4, 1.0)
    path, layout = form_2024(tmp_path, catalog, wrong)
    found = read_scores(path, catalog.editions[2024], catalog.editions)
    assert found.entries == []
    assert messages(found)[0].startswith(f"f.xlsx:'{layout.sheets['T5']}'!D{layout.totals['T5']}: NILAI "
                                         "SELF-ASSESMENT: TOTAL NILAI 1 berbeda")


# --- Kind: CSV from Indonesian-locale Excel -----------------------------------------------------------


@pytest.mark.parametrize(("encoding", "note"), [("cp1252", "Windows-1252"), ("utf-16", "UTF-16"),
                                                ("utf-8-sig", None)])
def test_csv_in_the_encodings_excel_writes_is_decoded(tmp_path, catalog, encoding: str, note: str | None) -> None:
    path = tmp_path / "nilai.csv"
    text = "sep=;\nindikator;nilai;catatan\nT1.1;50,0;Kader aktif – café\nT1.2;100,00;\n"
    path.write_bytes(text.encode(encoding))
    found = read_scores(path, catalog.editions[EDITION])
    assert found.issues == []
    assert found.entries[:2] == [{"indikator": "T1.1", "mandiri": 50, "catatan": "Kader aktif – café"},
                                 {"indikator": "T1.2", "mandiri": 100}]
    assert [n for n in found.notes if note and note in n] or note is None


def test_csv_code_in_lower_case_gets_the_hint_yaml_gives(tmp_path, catalog) -> None:
    path = tmp_path / "nilai.csv"
    path.write_text("indikator,nilai\nt9.1,100\n", encoding="utf-8")
    found = read_scores(path, catalog.editions[EDITION])
    assert [i.format("n.csv") for i in found.issues] == [
        "n.csv:2: indikator: Kode indikator 't9.1' tidak sesuai format. Saran: Maksud Anda 'T9.1'? Tulis kode "
        "dengan huruf besar seperti pada instrumen."]


# --- Kind: practice spreadsheet round trip ----------------------------------------------------------------


def _edit(source: Path, out: Path, changes: dict[tuple[str, str], object]) -> None:
    """Change cells by (practice id, column)."""
    book = openpyxl.load_workbook(source)
    sheet = book["Praktik"]
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for (pid, column), value in changes.items():
        sheet.cell(rows[pid], header.index(column) + 1, value)
    book.save(out)


def test_stale_export_does_not_revert_a_colleagues_edit(mini_data: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "ani.xlsx", tmp_path / "budi.xlsx"
    export_practices(mini_data, first)
    shutil.copy(first, second)  # two colleagues export the same day
    pid = sorted(p.stem for p in (mini_data / "praktik").glob("*.yaml"))[0]
    _edit(first, first, {(pid, "biaya"): "Rp 5 juta per tahun dari APBD."})
    assert import_practices(first, mini_data).written == (pid,)
    after_first = (mini_data / "praktik" / f"{pid}.yaml").read_bytes()

    # Budi changes the same field: refused, naming the record and the field; nothing written.
    _edit(second, tmp_path / "budi-biaya.xlsx", {(pid, "biaya"): "Tanpa biaya."})
    refused = import_practices(tmp_path / "budi-biaya.xlsx", mini_data)
    assert [i.format("budi.xlsx") for i in refused.issues] == [
        f"budi.xlsx:Praktik!N2: biaya: praktik '{pid}' kolom 'biaya' sudah diubah di "
        f"{mini_data / 'praktik' / f'{pid}.yaml'} sejak lembar ini diekspor; impor ini akan menimpa perubahan itu. "
        "Ekspor ulang lalu ulangi suntingan, atau pakai --timpa"]
    assert (mini_data / "praktik" / f"{pid}.yaml").read_bytes() == after_first

    # Budi changes another field of the same record: applied, and Ani's edit stays.
    _edit(second, tmp_path / "budi-judul.xlsx", {(pid, "judul"): "Judul dari Budi"})
    merged = import_practices(tmp_path / "budi-judul.xlsx", mini_data)
    assert merged.issues == () and merged.fields == ((pid, ("judul",)),)
    record = yaml.safe_load((mini_data / "praktik" / f"{pid}.yaml").read_text(encoding="utf-8"))
    assert (record["judul"], record["biaya"]) == ("Judul dari Budi", "Rp 5 juta per tahun dari APBD.")

    # With --timpa Budi's sheet wins.
    forced = import_practices(tmp_path / "budi-biaya.xlsx", mini_data, overwrite=True)
    assert forced.issues == ()
    record = yaml.safe_load((mini_data / "praktik" / f"{pid}.yaml").read_text(encoding="utf-8"))
    assert record["biaya"] == "Tanpa biaya."


def test_one_edited_cell_gives_a_one_field_diff_keeping_comments_and_block_style(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = sorted((data / "praktik").glob("*.yaml"))[0]
    text = "# Catatan penyunting: jangan dihapus.\n" + path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    sheet = tmp_path / "praktik.xlsx"
    export_practices(data, sheet)
    _edit(sheet, sheet, {(path.stem, "pelajaran"): "Pelajaran baru dalam satu kalimat."})
    result = import_practices(sheet, data)
    assert result.issues == () and result.fields == ((path.stem, ("pelajaran",)),)
    after = path.read_text(encoding="utf-8").split("\n")
    before = text.split("\n")
    start = next(n for n, line in enumerate(before) if line.startswith("pelajaran:"))
    end = next(n for n in range(start + 1, len(before)) if before[n][:1] not in (" ", ""))
    assert after[:start] == before[:start] and after[start + 2:] == before[end:]
    assert after[start:start + 2] == ["pelajaran: >-", "  Pelajaran baru dalam satu kalimat."]
