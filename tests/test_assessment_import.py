"""Self-assessment template, the three import formats, and the whole path for the example region."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from example_scores import EDITION, EXPECTED, REGION, fill, scores

from macros.core.load import load_catalog
from macros.core.yamlio import read_yaml
from macros.importers.assessment import framework_from_form

from conftest import DATA, SUMENEP_REGION, kks, require_shared

COMMITTED = DATA / "penilaian" / f"{REGION}-{EDITION}.yaml"
SUMENEP = ("instrument", "isian-kks-2024-sumenep.xlsx")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A copy of the bundled data without the committed example assessment."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / "penilaian" / COMMITTED.name).unlink(missing_ok=True)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*"))} if folder.exists() else {}


def template(tmp_path: Path, data: Path, name: str = f"{REGION}-{EDITION}.xlsx") -> Path:
    out = tmp_path / name
    result = kks("assessment-template", "--edition", str(EDITION), "--out", str(out), "--data", str(data))
    assert result.returncode == 0, result.stderr
    return out


def test_template_has_a_sheet_per_tatanan_and_ladder_validation(tmp_path: Path, data: Path) -> None:
    book = openpyxl.load_workbook(template(tmp_path, data))
    catalog, _ = load_catalog(data)
    edition = catalog.editions[EDITION]
    assert len(book.sheetnames) == 1 + len(edition.groups)
    for sheet, group in zip(book.worksheets[1:], edition.groups, strict=True):
        assert sheet.title.startswith(group.code + " ")
        assert [c.value for c in sheet[3]][:8] == ["KODE", "INDIKATOR", "TANGGA NILAI", "NILAI MANDIRI",
                                                   "NILAI VERIFIKASI", "TAUTAN BUKTI", "CATATAN", "NILAI DIHITUNG"]
        rules = {str(cell): dv.formula1 for dv in sheet.data_validations.dataValidation
                 for rng in dv.sqref.ranges for cell in [rng.coord]}
        for row, indicator in enumerate(group.indicators, start=4):
            assert sheet.cell(row, 1).value == indicator.code
            choices = '"' + ",".join(str(s) for s in indicator.scores) + '"'
            assert rules[f"D{row}"] == choices and rules[f"E{row}"] == choices
            assert sheet.cell(row, 3).value.startswith(f"{indicator.ladder[0].score}: ")


def _evaluate(book, sheet, ref: str) -> float:
    """The value Excel gives one of the template's formula cells. Only the shapes the template
    writes are understood (IF/ISNUMBER per row, ROUND(SUM(range)/n, 2), ='sheet'!cell); anything
    else fails the test, so a changed formula cannot pass unchecked."""
    import re

    value = sheet[ref].value
    if not (isinstance(value, str) and value.startswith("=")):
        return value
    text = value[1:]
    if m := re.fullmatch(r"IF\(ISNUMBER\(E(\d+)\),E\1,IF\(ISNUMBER\(D\1\),D\1,0\)\)", text):
        row = m.group(1)
        verified, own = sheet[f"E{row}"].value, sheet[f"D{row}"].value
        return verified if isinstance(verified, int | float) else (own if isinstance(own, int | float) else 0)
    if m := re.fullmatch(r"ROUND\(SUM\(([A-Z])(\d+):\1(\d+)\)/(\d+),2\)", text):
        col, first, last, count = m.group(1), int(m.group(2)), int(m.group(3)), int(m.group(4))
        cells = [_evaluate(book, sheet, f"{col}{r}") for r in range(first, last + 1)]
        return round(sum(c for c in cells if isinstance(c, int | float)) / count, 2)
    if m := re.fullmatch(r"'((?:[^']|'')+)'!([A-Z]+\d+)", text):
        other = book[m.group(1).replace("''", "'")]
        return _evaluate(book, other, m.group(2))
    raise AssertionError(f"{sheet.title}!{ref}: formula not understood: {value}")


def test_template_computes_scores_and_colours_a_tatanan_below_70(tmp_path: Path, data: Path) -> None:
    from example_scores import EXPECTED

    path = template(tmp_path, data)
    fill(path)
    book = openpyxl.load_workbook(path)
    catalog, _ = load_catalog(data)
    edition = catalog.editions[EDITION]
    info = book["Petunjuk"]
    summary = {info.cell(r, 1).value: r for r in range(1, info.max_row + 1) if info.cell(r, 1).value in
               {g.code for g in edition.groups}}
    for sheet, group in zip(book.worksheets[1:], edition.groups, strict=True):
        counted, self_only = _evaluate(book, sheet, "J1"), _evaluate(book, sheet, "J2")
        expected, expected_self, _, meets = EXPECTED[group.code]
        assert (counted, self_only) == (expected, expected_self), group.code
        row = summary[group.code]
        assert _evaluate(book, info, f"C{row}") == counted and _evaluate(book, info, f"D{row}") == self_only
        rules = [(str(cf.sqref), r.operator, r.formula) for cf in sheet.conditional_formatting for r in cf.rules]
        if group.is_institutional:
            assert rules == []
        else:
            assert ("J1:J2", "lessThan", ["70"]) in rules, group.code
            assert (counted < 70) == (meets is False)
    info_rules = [(r.operator, r.formula) for cf in info.conditional_formatting for r in cf.rules]
    assert ("lessThan", ["70"]) in info_rules


def test_whole_path_for_the_example_region(tmp_path: Path, data: Path) -> None:
    path = template(tmp_path, data)
    fill(path)  # openpyxl writes the example's scores into the blank template
    result = kks("import-assessment", str(path), "--region", REGION, "--edition", str(EDITION), "--data", str(data))
    assert result.returncode == 0, result.stderr
    written = data / "penilaian" / COMMITTED.name
    # the committed example is exactly what the path produces
    assert written.read_bytes() == COMMITTED.read_bytes()
    doc, problems = read_yaml(written)
    assert not problems and doc.data["contoh"] is True
    by_code = {e["indikator"]: e for e in doc.data["nilai"]}
    assert {c: (e.get("mandiri"), e.get("verifikasi")) for c, e in by_code.items()} == scores()
    assert by_code["T9.1"]["bukti"] == "https://contoh.invalid/bukti/krb"
    gap = kks("gap", REGION, "--format", "json", "--data", str(data))
    assert gap.returncode == 0, gap.stderr
    report = json.loads(gap.stdout)
    got = {t["kode"]: (t["nilai"], t["nilai_mandiri"], t["nilai_verifikasi"], t["memenuhi_minimum"])
           for t in report["tatanan"]}
    assert got == EXPECTED  # the arithmetic is written out in tests/example_scores.py


def test_csv_import_with_round(tmp_path: Path, data: Path) -> None:
    csv = tmp_path / "nilai.csv"
    csv.write_text("Indikator;Nilai;Nilai_Verifikasi;Bukti;Catatan\n"
                   "T9.1;75;50;https://contoh.invalid/krb;draf KRB\n"
                   "T9.5;100;;;\n"
                   "\n"
                   "KL.1;0;;;\n", encoding="utf-8")
    result = kks("import-assessment", str(csv), "--region", REGION, "--edition", "2025", "--round", "2027",
                 "--data", str(data))
    assert result.returncode == 0, result.stderr
    doc, _ = read_yaml(data / "penilaian" / f"{REGION}-2025-2027.yaml")
    assert doc.data["putaran"] == 2027 and doc.data["id"] == f"{REGION}-2025-2027"
    assert doc.data["nilai"] == [
        {"indikator": "T9.1", "mandiri": 75, "verifikasi": 50, "bukti": "https://contoh.invalid/krb",
         "catatan": "draf KRB"},
        {"indikator": "T9.5", "mandiri": 100},
        {"indikator": "KL.1", "mandiri": 0},
    ]
    catalog, issues = load_catalog(data)
    assert not issues and f"{REGION}-2025-2027" in catalog.assessments


def test_an_import_never_silently_replaces_an_assessment_with_fewer_scores(tmp_path: Path, data: Path) -> None:
    """No silent loss: an empty file is an error, and a second import of the same region, edition
    and round (which replaces the whole record) needs --timpa."""
    args = ("--region", REGION, "--edition", "2025", "--round", "2027", "--data", str(data))
    full, part, empty = tmp_path / "penuh.csv", tmp_path / "sebagian.csv", tmp_path / "kosong.csv"
    full.write_text("indikator;nilai\nT9.1;75\nT9.5;100\nKL.1;0\n", encoding="utf-8")
    part.write_text("indikator;nilai\nT9.1;100\n", encoding="utf-8")
    empty.write_text("indikator;nilai\n", encoding="utf-8")
    target = data / "penilaian" / f"{REGION}-2025-2027.yaml"

    result = kks("import-assessment", str(empty), *args)
    assert result.returncode == 1 and "tidak ada satu pun nilai" in result.stderr and not target.exists()

    assert kks("import-assessment", str(full), *args).returncode == 0
    before = target.read_bytes()
    result = kks("import-assessment", str(part), *args)
    assert result.returncode == 1, result.stdout
    assert "sudah ada (3 indikator bernilai); berkas ini berisi 1" in result.stderr and "--timpa" in result.stderr
    assert target.read_bytes() == before

    result = kks("import-assessment", str(part), *args, "--timpa")
    assert result.returncode == 0, result.stderr
    doc, _ = read_yaml(target)
    assert doc.data["nilai"] == [{"indikator": "T9.1", "mandiri": 100}]


def test_csv_errors_are_all_reported_and_nothing_is_written(tmp_path: Path, data: Path) -> None:
    csv = tmp_path / "salah.csv"
    csv.write_text("indikator,nilai,nilai_verifikasi\n"
                   "T9.1,60,\n"        # 60 is not on the ladder 100/75/50/25/0
                   "T9.99,100,\n"      # unknown code
                   "T9.2,tinggi,\n"    # not a number
                   "T9.3,100,30\n"     # verified score off the ladder
                   "T9.3,100,\n", encoding="utf-8")  # duplicate
    before = snapshot(data / "penilaian")
    result = kks("import-assessment", str(csv), "--region", REGION, "--edition", "2025", "--data", str(data))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    err = result.stderr
    assert f"{csv}:2: nilai: Nilai 60 untuk T9.1 tidak ada pada tangga nilai" in err
    assert f"{csv}:3: indikator: Kode indikator 'T9.99'" in err
    assert f"{csv}:4: nilai: Nilai 'tinggi'" in err and "bukan bilangan bulat" in err
    assert f"{csv}:5: nilai_verifikasi: " in err
    assert f"{csv}:6: indikator: " in err and "sudah dinilai pada baris 5" in err
    assert "5 kesalahan" in err
    assert snapshot(data / "penilaian") == before


def test_csv_without_required_columns(tmp_path: Path, data: Path) -> None:
    csv = tmp_path / "kolom.csv"
    csv.write_text("kode,skor\nT9.1,100\n", encoding="utf-8")
    result = kks("import-assessment", str(csv), "--region", REGION, "--edition", "2025", "--data", str(data))
    assert result.returncode == 1
    assert f"{csv}:1: indikator: Kolom 'indikator' tidak ada" in result.stderr
    assert f"{csv}:1: nilai: Kolom 'nilai' tidak ada" in result.stderr


def test_template_errors_name_sheet_and_row(tmp_path: Path, data: Path) -> None:
    path = template(tmp_path, data)
    book = openpyxl.load_workbook(path)
    sheet = next(s for s in book.worksheets if s.title.startswith("T9 "))
    sheet.cell(4, 4, 60)   # T9.1: not on the ladder (Excel's list validation does not stop openpyxl)
    sheet.cell(5, 1, "T9.77")
    book.save(path)
    before = snapshot(data / "penilaian")
    result = kks("import-assessment", str(path), "--region", REGION, "--edition", "2025", "--data", str(data))
    assert result.returncode == 1
    assert f"{path}:'{sheet.title}'!D4: NILAI MANDIRI: Nilai 60 untuk T9.1" in result.stderr
    assert f"{path}:'{sheet.title}'!A5: KODE: Kode indikator 'T9.77'" in result.stderr
    assert snapshot(data / "penilaian") == before


def test_template_of_another_edition_and_unknown_region(tmp_path: Path, data: Path) -> None:
    path = template(tmp_path, data)
    result = kks("import-assessment", str(path), "--region", REGION, "--edition", "2024", "--data", str(data))
    assert result.returncode == 1 and "untuk edisi 2025, bukan edisi 2024" in result.stderr
    result = kks("import-assessment", str(path), "--region", "tidak-ada", "--edition", "2025", "--data", str(data))
    assert result.returncode == 1 and "daerah 'tidak-ada'" in result.stderr
    result = kks("import-assessment", str(tmp_path / "hilang.xlsx"), "--region", REGION, "--edition", "2025",
                 "--data", str(data))
    assert result.returncode == 1 and "tidak ditemukan" in result.stderr


# ---------------------------------------------------------------------------------------------
# The real 2024 form (Kabupaten Sumenep), only when ../shared is present


def workbook_totals(path: Path) -> dict[str, tuple[float, float]]:
    """TOTAL NILAI per tatanan sheet, read independently of the importer (columns D and F)."""
    book = openpyxl.load_workbook(path, data_only=True, read_only=True)
    out = {}
    for sheet in book.worksheets:
        if not sheet.title[:1].isdigit():
            continue
        for row in sheet.iter_rows(values_only=True):
            if isinstance(row[1], str) and row[1].strip().upper() == "TOTAL NILAI":
                out[f"T{sheet.title[0]}"] = (float(row[3]), float(row[5]))
                break
    return out


def test_sumenep_2024_form_reproduces_total_nilai(tmp_path: Path, data: Path) -> None:
    form = require_shared(*SUMENEP)
    (data / "daerah" / "kab-sumenep.yaml").write_text(SUMENEP_REGION, encoding="utf-8")
    result = kks("import-assessment", str(form), "--region", "kab-sumenep", "--edition", "2024", "--data", str(data))
    assert result.returncode == 0, result.stderr
    catalog, issues = load_catalog(data)
    assert not issues, [i.format() for i in issues]
    assessment = catalog.assessments["kab-sumenep-2024"]
    edition = catalog.editions[2024]
    totals = workbook_totals(form)
    assert sorted(totals) == [f"T{k}" for k in range(1, 10)]
    by_code = {s.indicator: s for s in assessment.scores}
    for group in edition.tatanan:
        mine = sum(by_code[i.code].self_score or 0 for i in group.indicators if i.code in by_code)
        verified = sum(by_code[i.code].verified or 0 for i in group.indicators if i.code in by_code)
        assert (mine, verified) == totals[group.code], group.code
    gap = json.loads(kks("gap", "kab-sumenep", "--format", "json", "--data", str(data)).stdout)
    t9 = next(t for t in gap["tatanan"] if t["kode"] == "T9")
    # the form's own "Persentase" row: 1100 / 14 = 78.57 and 475 / 14 = 33.93
    assert (t9["nilai_mandiri"], t9["nilai_verifikasi"], t9["nilai"]) == (78.57, 33.93, 33.93)


def test_committed_2024_edition_is_the_form_indicator_list() -> None:
    form = require_shared(*SUMENEP)
    records, inferred, issues = framework_from_form(form)
    assert not issues and inferred == ["T1.11", "T2.23"]
    for record in records:
        doc, problems = read_yaml(DATA / "kerangka" / "2024" / "tatanan" / f"{record['kode']}.yaml")
        assert not problems
        assert doc.data["nama"] == record["nama"]
        assert doc.data["indikator"] == record["indikator"], record["kode"]
    assert sum(len(r["indikator"]) for r in records) == 147


def test_a_changed_score_breaks_the_total_check(tmp_path: Path, data: Path) -> None:
    form = require_shared(*SUMENEP)
    copy = tmp_path / "isian.xlsx"
    book = openpyxl.load_workbook(form)
    sheet = book["9 Penanggulangan Bencana"]
    assert sheet["D12"].value == 75  # T9.1, chosen rung "b" (75)
    sheet["D12"] = None
    sheet["D11"] = 100               # now rung "a": 25 more than TOTAL NILAI says
    sheet["D79"] = 1100              # openpyxl drops cached formula results; keep the total as a value
    book.save(copy)
    (data / "daerah" / "kab-sumenep.yaml").write_text(SUMENEP_REGION, encoding="utf-8")
    result = kks("import-assessment", str(copy), "--region", "kab-sumenep", "--edition", "2024", "--data", str(data))
    assert result.returncode == 1
    assert (f"{copy}:'9 Penanggulangan Bencana'!D79: NILAI SELF-ASSESMENT: TOTAL NILAI 1100 "
            "berbeda dengan jumlah nilai yang terbaca (1125)") in result.stderr
    assert not (data / "penilaian" / "kab-sumenep-2024.yaml").exists()
