"""Self-assessment workbooks and files: write the blank template, read three filled-in forms.

Formats read by `read_scores`:

(a) our template (`write_template`): one sheet per tatanan plus Kelembagaan, a header row with
    KODE, INDIKATOR, TANGGA NILAI, NILAI MANDIRI, NILAI VERIFIKASI, TAUTAN BUKTI, CATATAN and a
    row per indicator; the sheet "Petunjuk" names the edition.
(b) CSV with a header row: `indikator` (code such as T9.1) and `nilai` are required,
    `nilai_verifikasi`, `bukti`, `catatan` optional; comma, semicolon or tab separated, UTF-8.
(c) the ministry's self-assessment form as regions fill it (the 2024 form, e.g. the Sumenep
    workbook): per tatanan sheet ("1 Sehat Mandiri" ...) a header row NO | TATANAN <NAMA> |
    SKALA | NILAI SELF-ASSESMENT | LINK BUKTI DUKUNG | NILAI VERIFIKASI PROVINSI | CATATAN TIM
    PEMBINA PROVINSI | DEFINISI OPERASIONAL | KETERSEDIAAN DATA | BUKTI DATA PENDUKUNG (columns
    found by header text). An indicator is a numbered row followed by one row per ladder rung
    (condition in the second column, its score under SKALA). The region's score is the number
    written in the NILAI SELF-ASSESMENT column within the indicator's rows, normally on the
    chosen rung's row (sometimes on the indicator row); likewise the provincial verification.
    Each sheet ends with a TOTAL NILAI row whose totals must equal the sums read. The 2024
    Kelembagaan sheet is a yes/no checklist without scores and is not read.

Every problem names the sheet (or the file) and row; any problem means nothing is written.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.records import Edition, Tatanan
from ..core.yamlio import dump_yaml
from .instrument import WORKBOOK, ImportIssue, _clean, _Grid, _number, _one_line, split_bukti

CSV_SHEET = "(CSV)"
"""`ImportIssue.sheet` for problems in a CSV file (which has no sheets)."""
TEMPLATE_INFO_SHEET = "Petunjuk"
TEMPLATE_COLUMNS = ("KODE", "INDIKATOR", "TANGGA NILAI", "NILAI MANDIRI", "NILAI VERIFIKASI",
                    "TAUTAN BUKTI", "CATATAN")
TEMPLATE_HEADER_ROW = 3
HEADER_SEARCH_ROWS = 30
MAX_CSV_BYTES = 5_000_000
MISSING_TEXT = "Tidak tercantum pada formulir 2024."

_SHEET_NO = re.compile(r"^\s*(\d)(?!\d)")
_TOTAL = re.compile(r"^\s*total\s+nilai", re.I)
_RUNG_ROW = re.compile(r"^\s*\(?[a-h]\s*(?:[.)]|\s)\s*", re.I)


@dataclass
class Row:
    """One indicator's scores as read, with where they came from (for messages)."""

    indicator: str
    self_score: Any
    verified: Any
    evidence: str | None
    note: str | None
    sheet: str
    row: int
    columns: dict[str, str] = field(default_factory=dict)
    """Field -> column label as the source names it."""


@dataclass
class FormSheet:
    """What a sheet of the ministry form holds: indicators (for the framework), rows and totals."""

    code: str
    name: str
    sheet: str
    blocks: list[_Block]
    rows: list[Row]
    totals: dict[str, tuple[int, float | None]]
    """'mandiri'/'verifikasi' -> (row of TOTAL NILAI, total written there)."""


# ---------------------------------------------------------------------------------------------
# Template


def _sheet_name(group: Tatanan) -> str:
    name = f"{group.code} {group.name}"
    name = re.sub(r"[\[\]:*?/\\]", " ", name)
    return name[:31].rstrip()


def write_template(edition: Edition, out: Path) -> None:
    """Write the blank self-assessment workbook for `edition` (temp file, then moved into place)."""
    book = openpyxl.Workbook()
    info = book.active
    info.title = TEMPLATE_INFO_SHEET
    info["A1"] = "Templat penilaian mandiri Kabupaten/Kota Sehat"
    info["A1"].font = Font(bold=True, size=14)
    info["A3"], info["B3"] = "Edisi kerangka", edition.year
    info["A4"], info["B4"] = "Nama kerangka", edition.name
    lines = [
        "Isi kolom NILAI MANDIRI dengan salah satu skor pada TANGGA NILAI baris itu (daftar pilihan).",
        "NILAI VERIFIKASI diisi bila sudah ada hasil verifikasi provinsi/pusat; boleh kosong.",
        "Indikator yang tidak dinilai dihitung 0 dan dicatat sebagai belum diisi.",
        "Jangan ubah kolom KODE, nama lembar atau baris judul; impor dengan: "
        f"kks import-assessment BERKAS --region ID --edition {edition.year}",
    ]
    for k, text in enumerate(lines, start=6):
        info.cell(k, 1, text)
    info.column_dimensions["A"].width = 40
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    widths = (9, 60, 60, 16, 16, 40, 40)
    for group in edition.groups:
        sheet = book.create_sheet(_sheet_name(group))
        title = "KELEMBAGAAN" if group.is_institutional else f"TATANAN {group.number}: {group.name.upper()}"
        sheet["A1"] = title
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"] = f"Edisi {edition.year}. Skor harus salah satu anak tangga pada kolom TANGGA NILAI."
        for c, (label, width) in enumerate(zip(TEMPLATE_COLUMNS, widths, strict=True), start=1):
            cell = sheet.cell(TEMPLATE_HEADER_ROW, c, label)
            cell.font, cell.fill = bold, fill
            sheet.column_dimensions[cell.column_letter].width = width
        sheet.freeze_panes = sheet.cell(TEMPLATE_HEADER_ROW + 1, 4)
        validations: dict[tuple[int, ...], DataValidation] = {}
        for r, indicator in enumerate(group.indicators, start=TEMPLATE_HEADER_ROW + 1):
            ladder = "\n".join(f"{lv.score}: {lv.condition}" for lv in indicator.ladder)
            for c, value in enumerate((indicator.code, indicator.name, ladder), start=1):
                sheet.cell(r, c, value).alignment = Alignment(wrap_text=True, vertical="top")
            dv = validations.get(indicator.scores)
            if dv is None:
                choices = ",".join(str(s) for s in indicator.scores)
                dv = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="Skor tidak sah",
                                    error=f"Pilih salah satu skor pada tangga nilai: {choices}.")
                validations[indicator.scores] = dv
                sheet.add_data_validation(dv)
            dv.add(f"D{r}")
            dv.add(f"E{r}")
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".templat-", suffix=".xlsx", dir=out.parent)
    os.close(handle)
    try:
        book.save(temp)
        os.replace(temp, out)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _norm(value: Any) -> str:
    return re.sub(r"\s+", " ", _one_line(value).lower()).strip(" .:")


def _template_columns(grid: _Grid) -> tuple[int, dict[str, int]] | None:
    keys = {"kode": "indikator", "nilai mandiri": "mandiri", "nilai verifikasi": "verifikasi",
            "tautan bukti": "bukti", "catatan": "catatan"}
    for r in range(1, min(grid.height, HEADER_SEARCH_ROWS) + 1):
        found = {keys[_norm(v)]: c for c, v in enumerate(grid.rows[r - 1], start=1) if _norm(v) in keys}
        if "indikator" in found and "mandiri" in found:
            return r, found
    return None


def _read_template(book: Any, edition: int) -> tuple[list[Row], list[ImportIssue]]:
    rows: list[Row] = []
    issues: list[ImportIssue] = []
    if TEMPLATE_INFO_SHEET in book.sheetnames:
        year = _number(book[TEMPLATE_INFO_SHEET]["B3"].value)
        if year is not None and year != edition:
            issues.append(ImportIssue(TEMPLATE_INFO_SHEET, 3, "Edisi kerangka",
                                      f"Templat ini untuk edisi {year}, bukan edisi {edition}.",
                                      f"Pakai --edition {year} atau buat templat baru dengan "
                                      f"'kks assessment-template --edition {edition}'."))
    labels = {"indikator": "KODE", "mandiri": "NILAI MANDIRI", "verifikasi": "NILAI VERIFIKASI"}
    for sheet in book.worksheets:
        if sheet.title == TEMPLATE_INFO_SHEET:
            continue
        grid = _Grid.from_sheet(sheet)
        header = _template_columns(grid)
        if header is None:
            continue
        top, cols = header
        for r in range(top + 1, grid.height + 1):
            own = {key: grid.own(r, c) for key, c in cols.items()}
            if all(_clean(v) == "" for v in own.values()):
                continue
            rows.append(Row(_one_line(own["indikator"]), own.get("mandiri"), own.get("verifikasi"),
                            _one_line(own.get("bukti")) or None, _clean(own.get("catatan")) or None,
                            sheet.title, r, labels))
    return rows, issues


# ---------------------------------------------------------------------------------------------
# CSV


def format_issue(issue: ImportIssue, file_name: str) -> str:
    """'FILE: lembar 'S', baris N, kolom 'K': message Saran: hint' (no sheet for CSV files)."""
    if issue.sheet == CSV_SHEET:
        where = ", ".join([file_name, *([f"baris {issue.row}"] if issue.row is not None else []),
                           *([f"kolom '{issue.column}'"] if issue.column else [])])
        return f"{where}: {issue.message} Saran: {issue.hint}"
    return f"{file_name}: {issue.format()}"


def _read_csv(path: Path) -> tuple[list[Row], list[ImportIssue]]:
    shown = CSV_SHEET
    try:
        raw = path.read_bytes()
    except OSError as err:
        return [], [ImportIssue(shown, None, None, f"Berkas tidak bisa dibaca ({err.strerror}).",
                                "Periksa nama dan letak berkas.")]
    if len(raw) > MAX_CSV_BYTES:
        return [], [ImportIssue(shown, None, None, "Berkas CSV terlalu besar.",
                                "Satu penilaian berisi paling banyak beberapa ratus baris.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [ImportIssue(shown, None, None, "Berkas CSV bukan UTF-8.",
                                "Simpan ulang sebagai 'CSV UTF-8 (Comma delimited)'.")]
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        table = list(reader)
    except csv.Error:
        return [], [ImportIssue(shown, reader.line_num, None,
                                "Baris CSV rusak (tanda kutip tidak tertutup atau karakter tak terbaca).",
                                "Periksa tanda kutip pada baris ini.")]
    if not table:
        return [], [ImportIssue(shown, 1, None, "Berkas CSV kosong.",
                                "Baris pertama harus berisi judul kolom: indikator,nilai,...")]
    header = [_norm(h).replace(" ", "_") for h in table[0]]
    cols = {name: header.index(name) for name in ("indikator", "nilai", "nilai_verifikasi", "bukti", "catatan")
            if name in header}
    missing = [name for name in ("indikator", "nilai") if name not in cols]
    if missing:
        return [], [ImportIssue(shown, 1, name, f"Kolom '{name}' tidak ada pada baris judul.",
                                "Baris pertama harus memuat paling sedikit kolom 'indikator' dan 'nilai'.")
                    for name in missing]
    labels = {"indikator": "indikator", "mandiri": "nilai", "verifikasi": "nilai_verifikasi"}
    rows = []
    for line, record in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue

        def get(name: str, record: list[str] = record) -> str | None:
            k = cols.get(name)
            value = record[k].strip() if k is not None and k < len(record) else ""
            return value or None

        rows.append(Row(get("indikator") or "", get("nilai"), get("nilai_verifikasi"), get("bukti"),
                        get("catatan"), shown, line, labels))
    return rows, []


# ---------------------------------------------------------------------------------------------
# The ministry's 2024 self-assessment form


def _form_field(text: str) -> str | None:
    """Which field a header cell of the ministry form names."""
    if not text:
        return None
    if text in ("no", "nomor"):
        return "nomor"
    if text.startswith("tatanan") or "indikator" in text:
        return "indikator"
    if text.startswith("skala"):
        return "skala"
    if "self" in text or "mandiri" in text:
        return "mandiri"
    if "verifikasi" in text:
        return "verifikasi"
    if "catatan" in text:
        return "catatan"
    if "definisi" in text:
        return "definisi"
    if "ketersediaan" in text or "sumber data" in text:
        return "sumber_data"
    if "pendukung" in text:
        return "bukti_dukung"
    if "link" in text or "bukti" in text:
        return "bukti"
    return None


def _form_header(grid: _Grid) -> tuple[int, dict[str, int], dict[str, str]] | None:
    for r in range(1, min(grid.height, HEADER_SEARCH_ROWS) + 1):
        cols: dict[str, int] = {}
        labels: dict[str, str] = {}
        for c, value in enumerate(grid.rows[r - 1], start=1):
            key = _form_field(_norm(value)) if isinstance(value, str) else None
            if key and key not in cols:
                cols[key], labels[key] = c, _one_line(value)
        if {"nomor", "indikator", "skala", "mandiri"} <= cols.keys():
            return r, cols, labels
    return None


def _amount(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(str(value).strip().replace(",", "."))
    except ValueError:
        return None


@dataclass
class _Block:
    number: int
    row: int
    name: str
    rows: list[int] = field(default_factory=list)
    rungs: list[tuple[int | None, str]] = field(default_factory=list)
    """(score under SKALA, or None when the form leaves it blank; condition)."""
    texts: dict[str, str] = field(default_factory=dict)


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def _block_value(grid: _Grid, block: _Block, col: int | None, sheet: str, label: str,
                 code: str) -> tuple[Any, int, list[ImportIssue]]:
    """The single value written in `col` within the block's rows, with its row.

    A link pasted into a score column (it happens in real forms) is not a score and is skipped.
    """
    if col is None:
        return None, block.row, []
    found = [(r, grid.own(r, col)) for r in block.rows
             if _clean(grid.own(r, col)) and not _is_url(grid.own(r, col))]
    if len(found) > 1:
        rows = ", ".join(str(r) for r, _ in found)
        return None, found[0][0], [ImportIssue(
            sheet, found[0][0], label, f"Indikator {code} punya lebih dari satu nilai di kolom ini "
            f"(baris {rows}).", "Biarkan satu nilai saja, pada baris anak tangga yang dipilih.")]
    return (found[0][1], found[0][0], []) if found else (None, block.row, [])


def _form_blocks(grid: _Grid, top: int, cols: dict[str, int]) -> tuple[list[_Block], int | None, list[ImportIssue]]:
    blocks: list[_Block] = []
    issues: list[ImportIssue] = []
    total_row = None
    for r in range(top + 1, grid.height + 1):
        text = _one_line(grid.own(r, cols["indikator"]))
        if _TOTAL.match(text):
            total_row = r
            break
        number = _number(grid.own(r, cols["nomor"]))
        score = _number(grid.own(r, cols["skala"]))
        if number is not None and score is None:
            block = _Block(number, r, text, [r])
            for key in ("definisi", "sumber_data", "bukti_dukung"):
                if key in cols:
                    block.texts[key] = _clean(grid.filled(r, cols[key]))
            blocks.append(block)
        elif blocks:
            blocks[-1].rows.append(r)
            if text and (score is not None or _RUNG_ROW.match(text)):
                blocks[-1].rungs.append((score, _RUNG_ROW.sub("", text, count=1)))
        elif text or score is not None:
            issues.append(ImportIssue(grid.title, r, None, "Baris sebelum indikator pertama tidak dikenali.",
                                      "Periksa baris judul kolom dan penomoran indikator."))
    return blocks, total_row, issues


def form_ladder(rungs: list[tuple[int | None, str]], patterns: dict[int, tuple[int, ...]]
                ) -> tuple[list[dict[str, Any]], str | None, bool]:
    """(levels highest first, problem, inferred) for one indicator of the form.

    Rungs with the same score are one rung whose conditions are alternatives ("; atau "). When
    the form gives no score on any rung, the scores are taken from the form's most common
    ladder with the same number of rungs (`patterns`), and `inferred` is True.
    """
    inferred = False
    if rungs and all(score is None for score, _ in rungs):
        pattern = patterns.get(len(rungs))
        if pattern is None:
            return [], "tangga nilai tanpa skor, dan tidak ada pola lain dengan jumlah anak tangga yang sama", False
        rungs, inferred = [(s, c) for s, (_, c) in zip(pattern, rungs, strict=True)], True
    merged: dict[int, list[str]] = {}
    for score, condition in rungs:
        text = _one_line(condition)
        if score is None or score > 100 or not text:
            return [], "ada anak tangga tanpa skor di kolom SKALA, di luar 0–100, atau tanpa syarat", False
        merged.setdefault(score, []).append(text[:1].upper() + text[1:])
    if len(merged) < 2:
        return [], "kurang dari dua anak tangga", False
    levels = [{"nilai": s, "syarat": "; atau ".join(merged[s])} for s in sorted(merged, reverse=True)]
    return levels, None, inferred


def _sheet_code(title: str) -> str | None:
    match = _SHEET_NO.match(title)
    return f"T{match.group(1)}" if match and match.group(1) != "0" else None


def read_form_sheet(grid: _Grid) -> tuple[FormSheet | None, list[ImportIssue]]:
    """One tatanan sheet of the ministry form; None for sheets that hold no scores."""
    code = _sheet_code(grid.title)
    header = _form_header(grid)
    if code is None or header is None:
        if code is not None:
            return None, [ImportIssue(grid.title, None, None,
                                      "Baris judul kolom (NO, SKALA, NILAI SELF-ASSESMENT) tidak ditemukan.",
                                      "Pakai formulir penilaian mandiri tanpa mengubah baris judulnya.")]
        return None, []
    top, cols, labels = header
    blocks, total_row, issues = _form_blocks(grid, top, cols)
    heading = _one_line(grid.own(top, cols["indikator"]))
    name = re.sub(r"^tatanan\s*", "", heading, flags=re.I).strip() or grid.title
    kept, rows, numbers = [], [], set()
    for block in blocks:
        icode = f"{code}.{block.number}"
        if block.number in numbers or not 1 <= block.number <= 99:
            issues.append(ImportIssue(grid.title, block.row, labels["nomor"],
                                      f"Nomor indikator {block.number} ganda atau di luar 1–99.",
                                      "Periksa penomoran indikator pada lembar ini."))
            continue
        numbers.add(block.number)
        kept.append(block)
        mine, mine_row, problems = _block_value(grid, block, cols["mandiri"], grid.title, labels["mandiri"], icode)
        verified, _, more = _block_value(grid, block, cols.get("verifikasi"), grid.title,
                                         labels.get("verifikasi", ""), icode)
        issues += problems + more
        evidence = _one_line(grid.own(mine_row, cols["bukti"])) if "bukti" in cols else ""
        note = " ".join(_one_line(grid.own(r, cols["catatan"])) for r in block.rows
                        if "catatan" in cols and _clean(grid.own(r, cols["catatan"])))
        rows.append(Row(icode, mine, verified, evidence if _is_url(evidence) else None, note or None,
                        grid.title, mine_row, {"mandiri": labels["mandiri"],
                                               "verifikasi": labels.get("verifikasi", ""),
                                               "indikator": labels["nomor"]}))
    totals = {}
    if total_row is not None:
        for key in ("mandiri", "verifikasi"):
            if key in cols:
                totals[key] = (total_row, _amount(grid.own(total_row, cols[key])))
    return FormSheet(code, name, grid.title, kept, rows, totals), issues


def read_form(book: Any) -> tuple[list[FormSheet], list[ImportIssue]]:
    sheets: list[FormSheet] = []
    issues: list[ImportIssue] = []
    seen: dict[str, str] = {}
    for sheet in book.worksheets:
        form, problems = read_form_sheet(_Grid.from_sheet(sheet))
        issues += problems
        if form is None:
            continue
        if form.code in seen:
            issues.append(ImportIssue(sheet.title, None, None, f"Tatanan {form.code} sudah dibaca dari lembar "
                                      f"'{seen[form.code]}'.", "Hapus atau ganti nama salah satu lembar."))
            continue
        seen[form.code] = sheet.title
        sheets.append(form)
    return sheets, issues


def check_totals(sheets: Iterable[FormSheet], scores: dict[str, tuple[int | None, int | None]]) -> list[ImportIssue]:
    """Each sheet's TOTAL NILAI must equal the sum of the scores read (self and verification)."""
    issues = []
    for form in sheets:
        for k, key in enumerate(("mandiri", "verifikasi")):
            if key not in form.totals or form.totals[key][1] is None:
                continue
            row, written = form.totals[key]
            read = sum((scores.get(r.indicator, (None, None))[k] or 0) for r in form.rows)
            if abs(read - written) > 1e-6:
                label = next((r.columns.get(key, key) for r in form.rows), key)
                issues.append(ImportIssue(form.sheet, row, label,
                                          f"TOTAL NILAI {written:g} berbeda dengan jumlah nilai yang terbaca "
                                          f"({read:g}).", "Periksa nilai yang tertulis di luar baris indikatornya "
                                          "atau rumus TOTAL NILAI."))
    return issues


_SMALL_WORDS = {"dan", "atau", "di", "ke", "dari", "yang", "untuk", "dengan", "pada", "serta"}


def _title(text: str) -> str:
    words = text.lower().split()
    return " ".join(w if i and w in _SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def framework_from_form(path: Path) -> tuple[list[dict[str, Any]], list[str], list[ImportIssue]]:
    """(tatanan records for data/kerangka/<edisi>/tatanan/, codes whose ladder was inferred, issues)."""
    book, issues = _open(path)
    if book is None:
        return [], [], issues
    sheets, issues = read_form(book)
    if issues:
        return [], [], issues
    counts: dict[tuple[int, ...], int] = {}
    for form in sheets:
        for block in form.blocks:
            if block.rungs and all(s is not None for s, _ in block.rungs):
                key = tuple(s for s, _ in block.rungs)
                counts[key] = counts.get(key, 0) + 1
    patterns: dict[int, tuple[int, ...]] = {}
    for key, _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        if len(set(key)) == len(key):
            patterns.setdefault(len(key), key)
    records, inferred = [], []
    for form in sorted(sheets, key=lambda f: int(f.code[1:])):
        indicators = []
        for block in form.blocks:
            code = f"{form.code}.{block.number}"
            levels, problem, guessed = form_ladder(block.rungs, patterns)
            if problem:
                issues.append(ImportIssue(form.sheet, block.row, "SKALA",
                                          f"Tangga nilai indikator {code} tidak terbaca: {problem}.",
                                          "Tulis setiap anak tangga di baris sendiri dengan skornya di kolom SKALA."))
                continue
            inferred += [code] if guessed else []
            indicators.append({
                "kode": code,
                "nama": block.name,
                "definisi": block.texts.get("definisi") or MISSING_TEXT,
                "sumber_data": _one_line(block.texts.get("sumber_data")) or MISSING_TEXT,
                "bukti": split_bukti(block.texts.get("bukti_dukung", "")),
                "tangga_nilai": levels,
            })
        records.append({"kode": form.code, "nama": _title(form.name), "indikator": indicators})
    return (records, inferred, []) if not issues else ([], [], issues)


# ---------------------------------------------------------------------------------------------
# Reading any of the three, validating against the edition


def _open(path: Path) -> tuple[Any, list[ImportIssue]]:
    try:
        return openpyxl.load_workbook(path, data_only=True), []
    except FileNotFoundError:
        return None, [ImportIssue(WORKBOOK, None, None, f"Berkas '{path}' tidak ditemukan.",
                                  "Periksa nama dan letak berkas.")]
    except Exception as err:  # openpyxl raises many kinds of errors for damaged or foreign files
        return None, [ImportIssue(WORKBOOK, None, None,
                                  f"Berkas '{path.name}' tidak bisa dibuka sebagai buku kerja Excel "
                                  f"({type(err).__name__}).",
                                  "Simpan ulang sebagai .xlsx (Excel Workbook) lalu ulangi.")]


def _score(value: Any, ladder: tuple[int, ...], row: Row, key: str, code: str) -> tuple[int | None, ImportIssue | None]:
    if value is None or _clean(value) == "":
        return None, None
    number = _number(value)
    label = row.columns.get(key, key)
    if number is None:
        return None, ImportIssue(row.sheet, row.row, label, f"Nilai '{_one_line(value)[:30]}' untuk {code} "
                                 "bukan bilangan bulat.", "Tulis skor sebagai angka, misalnya 75.")
    if number not in ladder:
        shown = "/".join(str(s) for s in ladder)
        return None, ImportIssue(row.sheet, row.row, label, f"Nilai {number} untuk {code} tidak ada pada "
                                 f"tangga nilai ({shown}).", f"Pilih salah satu: {shown}.")
    return number, None


def validate_rows(rows: list[Row], edition: Edition) -> tuple[list[dict[str, Any]], list[ImportIssue]]:
    """Rows -> the `nilai` list of a penilaian record; every unknown code or off-ladder score is an issue."""
    issues: list[ImportIssue] = []
    seen: dict[str, Row] = {}
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row.indicator.strip().upper()
        indicator = edition.indicators.get(code)
        if indicator is None:
            issues.append(ImportIssue(row.sheet, row.row, row.columns.get("indikator", "indikator"),
                                      f"Kode indikator '{row.indicator}' tidak ada pada edisi {edition.year}.",
                                      "Tulis kode seperti pada instrumen, misalnya T9.1 atau KL.3."))
            continue
        if code in seen:
            issues.append(ImportIssue(row.sheet, row.row, row.columns.get("indikator", "indikator"),
                                      f"Indikator {code} sudah dinilai pada baris {seen[code].row}.",
                                      "Hapus salah satu baris."))
            continue
        seen[code] = row
        mine, problem = _score(row.self_score, indicator.scores, row, "mandiri", code)
        verified, problem2 = _score(row.verified, indicator.scores, row, "verifikasi", code)
        issues += [p for p in (problem, problem2) if p]
        entry: dict[str, Any] = {"indikator": code}
        if mine is not None:
            entry["mandiri"] = mine
        if verified is not None:
            entry["verifikasi"] = verified
        if row.evidence:
            entry["bukti"] = row.evidence
        if row.note:
            entry["catatan"] = row.note
        if len(entry) > 1:  # a template row left blank is simply not assessed
            out[code] = entry
    order = list(edition.indicators)
    return [out[c] for c in order if c in out], issues


def read_scores(path: Path, edition: Edition) -> tuple[list[dict[str, Any]], str, list[ImportIssue]]:
    """(nilai entries, description of the source, issues) from any of the three formats."""
    if path.suffix.lower() == ".csv":
        rows, issues = _read_csv(path)
        origin = f"berkas CSV {path.name}"
        sheets: list[FormSheet] = []
    else:
        book, issues = _open(path)
        if book is None:
            return [], "", issues
        rows, issues = _read_template(book, edition.year)
        origin = f"templat penilaian mandiri {path.name}"
        sheets = []
        if not rows and not issues:
            sheets, issues = read_form(book)
            rows = [r for form in sheets for r in form.rows]
            origin = f"formulir penilaian mandiri {path.name}"
        if not rows and not issues:
            return [], "", [ImportIssue(WORKBOOK, None, None, "Tidak ada lembar penilaian yang dikenali.",
                                        "Pakai templat dari 'kks assessment-template', formulir penilaian "
                                        "mandiri resmi, atau berkas CSV.")]
    if issues:
        return [], origin, issues
    entries, issues = validate_rows(rows, edition)
    if sheets and not issues:
        by_code = {e["indikator"]: (e.get("mandiri"), e.get("verifikasi")) for e in entries}
        issues = check_totals(sheets, by_code)
    return (entries, origin, []) if not issues else ([], origin, issues)


def assessment_id(region: str, edition: int, round_year: int | None) -> str:
    return f"{region}-{edition}" + (f"-{round_year}" if round_year is not None else "")


def assessment_record(region: str, edition: int, round_year: int | None, origin: str,
                      entries: list[dict[str, Any]], example: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": assessment_id(region, edition, round_year),
        "daerah": region,
        "edisi": edition,
        "putaran": round_year if round_year is not None else edition,
        "sumber_penilaian": origin,
    }
    if example:
        record["contoh"] = True
    record["nilai"] = entries
    return record


def write_record(record: dict[str, Any], folder: Path) -> Path:
    """data/penilaian/<id>.yaml, written to a temp file in the same folder and moved in."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{record['id']}.yaml"
    handle, temp = tempfile.mkstemp(prefix=".penilaian-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(dump_yaml(record))
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target
