"""Self-assessment workbooks and files: write the blank template, read three filled-in forms.

Formats read by `read_scores` (workbooks through the shared reading layer, workbook.py):

(a) our template (`write_template`): one sheet per tatanan plus Kelembagaan, a header row with
    KODE, INDIKATOR, TANGGA NILAI, NILAI MANDIRI, NILAI VERIFIKASI, TAUTAN BUKTI, CATATAN and a
    row per indicator; the sheet "Petunjuk" names the edition. Sheets are found by their header
    row, whatever their name.
(b) CSV with a header row: `indikator` (code such as T9.1) and `nilai` are required,
    `nilai_verifikasi`, `bukti`, `catatan` optional. Comma, semicolon or tab separated (a first
    line `sep=;` as Excel writes it sets the delimiter); UTF-8, UTF-16 or Windows-1252 (Excel's
    plain "CSV"), told apart by a charset detector (charset-normalizer) limited to those.
(c) the ministry's self-assessment form as regions fill it (the 2024 form, e.g. the Sumenep
    workbook): per tatanan sheet ("1 Sehat Mandiri" ...) a header row NO | TATANAN <NAMA> |
    SKALA | NILAI SELF-ASSESMENT | LINK BUKTI DUKUNG | NILAI VERIFIKASI PROVINSI | CATATAN TIM
    PEMBINA PROVINSI | DEFINISI OPERASIONAL | KETERSEDIAAN DATA | BUKTI DATA PENDUKUNG (columns
    found by header text). A sheet is recognised by its name or its title/header ("TATANAN
    PASAR" on a sheet renamed "Pasar"). An indicator is a numbered row followed by one row per
    ladder rung (condition in the second column, its score under SKALA). The region's score is
    the number written in the NILAI SELF-ASSESMENT column within the indicator's rows, normally
    on the chosen rung's row (sometimes on the indicator row); likewise the provincial
    verification. Every evidence link within the indicator's rows is kept (the form often has
    one on the indicator row and another on the chosen rung's row); a note repeated on two rows
    is kept once. Each sheet ends with a TOTAL NILAI row whose saved totals must equal the sums
    read; a total without a saved value is a check skipped, and said. The 2024 Kelembagaan sheet
    is a yes/no checklist without scores and is not read (it is listed as such).

Indicators are checked against the edition by their text (normalised, fuzzy): a form of another
edition is refused, naming the edition it looks like. Every tatanan of the edition needs a sheet
(a missing one is an error, never a 0). Every problem names the file, sheet and cell (CSV: line);
any problem means nothing is written.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from charset_normalizer import from_bytes
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.issues import os_reason
from ..core.records import Edition, Tatanan
from ..core.schema import load_schemas
from ..core.yamlio import dump_yaml
from ..filewrite import staged_file
from .instrument import split_bukti
from .workbook import (
    CSV_FILE,
    WORKBOOK,
    Book,
    ImportIssue,
    Sheet,
    blank,
    cell_ref,
    clean,
    find_header,
    identify_tatanan,
    one_line,
    open_workbook,
    title_case,
    whole_number,
)

TEMPLATE_INFO_SHEET = "Petunjuk"
TEMPLATE_COLUMNS = ("KODE", "INDIKATOR", "TANGGA NILAI", "NILAI MANDIRI", "NILAI VERIFIKASI",
                    "TAUTAN BUKTI", "CATATAN")
TEMPLATE_HEADER_ROW = 3
MAX_CSV_BYTES = 5_000_000
MISSING_TEXT = "Tidak tercantum pada formulir 2024."
NAME_SIMILARITY = 0.75
"""Two indicator names are the same indicator at this difflib ratio or above (after normalising)."""
EDITION_MATCH_SHARE = 0.5
"""A sheet belongs to an edition when at least this share of its indicator names match it."""
CSV_SAVE_AS = "Simpan Sebagai > 'CSV UTF-8 (Dibatasi koma) (*.csv)'"
"""Indonesian Excel's menu for a CSV that keeps every character."""
CSV_ENCODINGS = ("utf_8", "utf_16", "utf_16_le", "utf_16_be", "cp1252")
"""What Excel and LibreOffice write on an Indonesian Windows PC: UTF-8, UTF-16 ("Teks Unicode"),
Windows-1252 (plain "CSV"). The detector only chooses among these; anything else is refused."""
CSV_MAX_CHAOS = 0.05
"""charset-normalizer's mess ratio above which a decoding is refused rather than trusted."""

_TOTAL = re.compile(r"^\s*total\s+nilai", re.I)
_RUNG_ROW = re.compile(r"^\s*\(?[a-h]\s*(?:[.)]|\s)\s*", re.I)
_URL = re.compile(r"https?://[^\s<>\"']+", re.I)
_CODE = re.compile(load_schemas()["_umum"]["$defs"]["kode_indikator"]["pattern"])
"""The indicator code pattern of the YAML schema: a CSV or sheet code is held to the same rule."""


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
    cols: dict[str, int] = field(default_factory=dict)
    """Field -> 1-based column of its cell (workbooks), for `Lembar!Sel`."""
    cells: dict[str, int] = field(default_factory=dict)
    """Field -> row of its cell when it is not `row` (a score on the chosen rung's row)."""
    name: str | None = None
    """The indicator's name as the source writes it (to check the edition), if it has one."""

    def issue(self, key: str, message: str, hint: str) -> ImportIssue:
        return ImportIssue(self.sheet, self.cells.get(key, self.row), self.columns.get(key, key), message, hint,
                           self.cols.get(key))


@dataclass
class FormSheet:
    """What a sheet of the ministry form holds: indicators (for the framework), rows and totals."""

    code: str
    name: str
    sheet: str
    blocks: list[_Block]
    rows: list[Row]
    totals: dict[str, tuple[int, int, float | None, bool]]
    """'mandiri'/'verifikasi' -> (row and column of TOTAL NILAI, total saved there, whether the
    cell holds a formula without a saved value)."""


@dataclass
class ScoreRead:
    """What `read_scores` found: the `nilai` entries, where they came from, problems and notes.

    `notes` are said on success too: sheets not read, checks skipped, the CSV's encoding."""

    entries: list[dict[str, Any]]
    origin: str
    issues: list[ImportIssue]
    notes: list[str] = field(default_factory=list)


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
        "Excel menghitung nilai tiap tatanan (kolom NILAI DIHITUNG dan sel J1/J2 tiap lembar, ringkasan di "
        f"bawah); tatanan di bawah {edition.floor:g} berwarna merah.",
        "Jangan ubah kolom KODE, nama lembar atau baris judul; impor dengan: "
        f"kks import-assessment BERKAS --region ID --edition {edition.year}",
    ]
    for k, text in enumerate(lines, start=6):
        info.cell(k, 1, text)
    info.column_dimensions["A"].width = 40
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    widths = (9, 60, 60, 16, 16, 40, 40)
    summary: list[tuple[Tatanan, str]] = []
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
            sheet.cell(r, SCORE_COLUMN, f'=IF(ISNUMBER(E{r}),E{r},IF(ISNUMBER(D{r}),D{r},0))')
        _score_cells(sheet, group, edition.floor, bold, fill)
        summary.append((group, sheet.title))
    _summary(info, summary, edition.floor)
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = staged_file(out.parent, ".templat-", ".xlsx")
    os.close(handle)
    try:
        book.save(temp)
        os.replace(temp, out)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


SCORE_COLUMN = 8
"""Column H, NILAI DIHITUNG: the score each row counts with (verified when there is one)."""
RED = PatternFill("solid", fgColor="F4CCCC")
GREEN = PatternFill("solid", fgColor="D9EAD3")


def _score_cells(sheet: Any, group: Tatanan, floor: float, bold: Font, fill: PatternFill) -> None:
    """The tatanan's score computed by Excel, right of the table (J1 counted, J2 self-assessment),
    red below the floor. The importer reads only the table's named columns, so these formulas
    (no saved value until Excel saves the file) are never read as scores."""
    first, last = TEMPLATE_HEADER_ROW + 1, TEMPLATE_HEADER_ROW + len(group.indicators)
    count = len(group.indicators)
    head = sheet.cell(TEMPLATE_HEADER_ROW, SCORE_COLUMN, "NILAI DIHITUNG")
    head.font, head.fill = bold, fill
    sheet.column_dimensions[head.column_letter].width = 16
    sheet["I1"], sheet["I2"] = "Nilai tatanan (dihitung)", "Nilai tatanan (mandiri saja)"
    sheet["J1"] = f"=ROUND(SUM(H{first}:H{last})/{count},2)"
    sheet["J2"] = f"=ROUND(SUM(D{first}:D{last})/{count},2)"
    sheet["I1"].font = sheet["J1"].font = bold
    sheet.column_dimensions["I"].width = 28
    if group.is_institutional:
        sheet["I3"] = "Kelembagaan tidak dihitung untuk nilai minimum dan predikat."
        return
    sheet["I3"] = f"Merah: di bawah {floor:g} (nilai minimum setiap tatanan)."
    sheet.conditional_formatting.add("J1:J2", CellIsRule(operator="lessThan", formula=[f"{floor:g}"], fill=RED))
    sheet.conditional_formatting.add("J1:J2", CellIsRule(operator="greaterThanOrEqual", formula=[f"{floor:g}"],
                                                         fill=GREEN))


def _summary(info: Any, groups: list[tuple[Tatanan, str]], floor: float) -> None:
    """A table on the Petunjuk sheet: each tatanan's score as the sheets compute it."""
    top = 13
    info.cell(top, 1, "Ringkasan nilai (dihitung Excel dari lembar tiap tatanan)").font = Font(bold=True)
    for c, label in enumerate(("Kode", "Tatanan", "Nilai dihitung", "Nilai mandiri saja"), start=1):
        info.cell(top + 1, c, label).font = Font(bold=True)
    for k, (group, title) in enumerate(groups, start=top + 2):
        quoted = "'" + title.replace("'", "''") + "'"
        info.cell(k, 1, group.code)
        info.cell(k, 2, group.name)
        info.cell(k, 3, f"={quoted}!J1")
        info.cell(k, 4, f"={quoted}!J2")
    rows = [k for k, (g, _) in enumerate(groups, start=top + 2) if not g.is_institutional]
    if rows:
        area = f"C{rows[0]}:D{rows[-1]}"
        info.conditional_formatting.add(area, CellIsRule(operator="lessThan", formula=[f"{floor:g}"], fill=RED))
        info.conditional_formatting.add(area, CellIsRule(operator="greaterThanOrEqual", formula=[f"{floor:g}"],
                                                         fill=GREEN))
    info.column_dimensions["B"].width = 45
    info.column_dimensions["C"].width = 16
    info.column_dimensions["D"].width = 18


# ---------------------------------------------------------------------------------------------
# Text and numbers


def _norm(value: Any) -> str:
    return re.sub(r"\s+", " ", one_line(value).lower()).strip(" .:")


def _name_key(text: str) -> str:
    """An indicator name reduced for comparison: lower case letters and digits, one space."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", one_line(text).lower()).split())


def same_indicator(a: str, b: str) -> bool:
    """Whether two indicator names are the same text up to case, spacing, punctuation and typos."""
    ka, kb = _name_key(a), _name_key(b)
    if not ka or not kb:
        return False
    return ka == kb or difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio() >= NAME_SIMILARITY


def _evidence_items(value: Any) -> list[str]:
    """Links and other evidence text in one cell: every URL on its own, other text as one item."""
    text = clean(value)
    if not text:
        return []
    urls = _URL.findall(text)
    rest = " ".join(_URL.sub(" ", text).split()).strip(" ;,-")
    return [*urls, *([rest] if rest else [])]


def _unique(items: Iterable[str]) -> list[str]:
    """Items in order, each once (compared without case and spacing differences)."""
    seen: set[str] = set()
    out = []
    for item in items:
        key = " ".join(item.lower().split())
        if key and key not in seen:
            seen.add(key)
            out.append(item)
    return out


# ---------------------------------------------------------------------------------------------
# Template


_TEMPLATE_KEYS = {"kode": "indikator", "indikator": "nama", "nilai mandiri": "mandiri",
                  "nilai verifikasi": "verifikasi", "tautan bukti": "bukti", "catatan": "catatan"}


def _template_field(value: Any) -> str | None:
    return _TEMPLATE_KEYS.get(_norm(value))


def _read_template(book: Book, edition: int) -> tuple[list[Row], list[str], list[ImportIssue]]:
    """(rows, sheets not read, issues); no rows when no sheet has the template's header."""
    rows: list[Row] = []
    skipped: list[str] = []
    issues: list[ImportIssue] = []
    for sheet in book.sheets():
        if sheet.title == TEMPLATE_INFO_SHEET:
            year_cell = sheet.own(3, 2) if one_line(sheet.own(3, 1)).lower() == "edisi kerangka" else None
            year = whole_number(year_cell) if year_cell is not None else None
            if year is not None and year != edition:
                issues.append(ImportIssue(sheet.title, 3, "Edisi kerangka",
                                          f"Templat ini untuk edisi {year}, bukan edisi {edition}.",
                                          f"Pakai --edition {year} atau buat templat baru dengan "
                                          f"'kks assessment-template --edition {edition}'.", 2))
            continue
        header = find_header(sheet, _template_field, minimum=2, required={"indikator", "mandiri"})
        if header is None:
            skipped.append(sheet.title)
            continue
        top, cols, labels = header
        labels = {**labels, "indikator": labels["indikator"]}
        for r in sheet.rows(top + 1):
            own, unreadable = sheet.fields(r, cols, labels)
            if unreadable:
                issues += unreadable
                continue
            if all(blank(v) for v in own.values()):
                continue
            evidence = _unique([*_evidence_items(own.get("bukti")), *_links(sheet, r, cols, "bukti")])
            rows.append(Row(one_line(own["indikator"]), own.get("mandiri"), own.get("verifikasi"),
                            "\n".join(evidence) or None, clean(own.get("catatan")) or None,
                            sheet.title, r, labels, cols, name=one_line(own.get("nama")) or None))
    return rows, skipped, issues


def _links(sheet: Sheet, r: int, cols: dict[str, int], key: str) -> list[str]:
    link = sheet.link(r, cols[key]) if key in cols else None
    return [link] if link else []


# ---------------------------------------------------------------------------------------------
# CSV


def _decode_csv(raw: bytes) -> tuple[str | None, str | None, str]:
    """(text, encoding name, problem): UTF-8 first, else what the detector finds among CSV_ENCODINGS."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16", ""
        except UnicodeDecodeError:
            return None, None, "Berkas CSV ber-BOM UTF-16 tetapi isinya rusak."
    try:
        return raw.decode("utf-8-sig"), None, ""
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=list(CSV_ENCODINGS)).best()
    if best is None or best.chaos > CSV_MAX_CHAOS:
        return None, None, ("Pengodean berkas CSV tidak dikenali (bukan UTF-8, UTF-16 atau Windows-1252), sehingga "
                            "huruf bisa terbaca salah.")
    shown = {"cp1252": "Windows-1252", "utf_8": "UTF-8"}.get(best.encoding, best.encoding.upper().replace("_", "-"))
    return str(best), shown, ""


def _csv_delimiter(line: str) -> str:
    """The delimiter that splits the header into cells naming 'indikator' and 'nilai', else the most common."""
    for delimiter in (";", ",", "\t", "|"):
        cells = [_norm(c) for c in next(csv.reader([line], delimiter=delimiter), [])]
        if "indikator" in cells and "nilai" in cells:
            return delimiter
    return max((";", ",", "\t"), key=line.count)


def _read_csv(path: Path) -> tuple[list[Row], list[str], list[ImportIssue]]:
    def whole(message: str, hint: str, line: int | None = None, column: str | None = None) -> ImportIssue:
        return ImportIssue(CSV_FILE, line, column, message, hint)

    try:
        raw = path.read_bytes()
    except OSError as err:
        return [], [], [whole(f"Berkas tidak bisa dibaca ({os_reason(err)}).", "Periksa nama dan letak berkas.")]
    if len(raw) > MAX_CSV_BYTES:
        return [], [], [whole("Berkas CSV terlalu besar.", "Satu penilaian berisi paling banyak beberapa ratus baris.")]
    text, encoding, problem = _decode_csv(raw)
    if text is None:
        return [], [], [whole(problem, f"Buka berkasnya di Excel lalu {CSV_SAVE_AS}.")]
    notes = [f"Berkas CSV dibaca dengan pengodean {encoding}; lain kali pilih {CSV_SAVE_AS}."] if encoding else []
    lines = text.splitlines(keepends=True)
    first_line = 1
    delimiter = None
    if lines and re.fullmatch(r"\s*sep=(.)\s*", lines[0].lstrip("\ufeff"), re.S):
        delimiter = re.fullmatch(r"\s*sep=(.)\s*", lines[0].lstrip("\ufeff"), re.S).group(1)  # type: ignore[union-attr]
        lines, first_line = lines[1:], 2
    body = "".join(lines)
    if delimiter is None:
        delimiter = _csv_delimiter(body.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter)
    table: list[tuple[int, list[str]]] = []
    try:
        line = first_line
        for record in reader:
            table.append((line, record))
            line = first_line + reader.line_num
    except csv.Error:
        return [], notes, [whole("Baris CSV rusak (tanda kutip tidak tertutup atau karakter tak terbaca).",
                                 "Periksa tanda kutip pada baris ini.", first_line + reader.line_num - 1)]
    if not table:
        return [], notes, [whole("Berkas CSV kosong.", "Baris pertama harus berisi judul kolom: indikator;nilai;...",
                                 first_line)]
    header_line, header_cells = table[0]
    header = [_norm(h).replace(" ", "_") for h in header_cells]
    names = ("indikator", "nilai", "nilai_verifikasi", "bukti", "catatan")
    cols = {name: header.index(name) for name in names if name in header}
    missing = [name for name in ("indikator", "nilai") if name not in cols]
    if missing:
        return [], notes, [whole(f"Kolom '{name}' tidak ada pada baris judul.",
                                 "Baris pertama harus memuat paling sedikit kolom 'indikator' dan 'nilai' "
                                 f"(pemisah kolom terbaca: {_delimiter_name(delimiter)}).", header_line, name)
                           for name in missing]
    labels = {"indikator": "indikator", "mandiri": "nilai", "verifikasi": "nilai_verifikasi",
              "bukti": "bukti", "catatan": "catatan"}
    rows, issues = [], []
    width = len(header_cells)
    for line, record in table[1:]:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            issues.append(whole(f"Baris ini punya {len(record)} kolom, padahal baris judul hanya {width}; ada "
                                f"pemisah '{delimiter}' berlebih (sering di dalam teks catatan atau bukti), sehingga "
                                "isi kolom bergeser.",
                                f"Apit teks yang memuat '{delimiter}' dengan tanda kutip ganda (\"...\"), atau hapus "
                                "pemisah yang berlebih.", line))
            continue

        def get(name: str, record: list[str] = record) -> str | None:
            k = cols.get(name)
            value = record[k].strip() if k is not None and k < len(record) else ""
            return value or None

        rows.append(Row(get("indikator") or "", get("nilai"), get("nilai_verifikasi"), get("bukti"),
                        get("catatan"), CSV_FILE, line, labels))
    return rows, notes, issues


def _delimiter_name(delimiter: str) -> str:
    return {";": "titik koma", ",": "koma", "\t": "tab", "|": "garis tegak"}.get(delimiter, repr(delimiter))


# ---------------------------------------------------------------------------------------------
# The ministry's 2024 self-assessment form


def _form_field(value: Any) -> str | None:
    """Which field a header cell of the ministry form names."""
    text = _norm(value)
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


def _first_field(value: Any) -> tuple[str, int] | None:
    """`_form_field` with the leftmost cell preferred when two name the same field."""
    key = _form_field(value)
    return (key, 0) if key else None


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


def _block_value(sheet: Sheet, block: _Block, col: int | None, label: str,
                 code: str) -> tuple[Any, int, list[ImportIssue]]:
    """The single value written in `col` within the block's rows, with its row.

    A link pasted into a score column (it happens in real forms) is not a score: it is kept as
    evidence by `_block_evidence`. An unreadable cell is an issue, never an empty score.
    """
    if col is None:
        return None, block.row, []
    found, issues = [], []
    for r in block.rows:
        value, problem = sheet.take(r, col, label)
        if problem:
            issues.append(problem)
        elif clean(value) and not _is_url(value):
            found.append((r, value))
    if issues:
        return None, block.row, issues
    if len(found) > 1:
        rows = ", ".join(str(r) for r, _ in found)
        return None, found[0][0], [ImportIssue(
            sheet.title, found[0][0], label, f"Indikator {code} punya lebih dari satu nilai di kolom ini "
            f"(baris {rows}).", "Biarkan satu nilai saja, pada baris anak tangga yang dipilih.", col)]
    return (found[0][1], found[0][0], []) if found else (None, block.row, [])


def _block_evidence(sheet: Sheet, block: _Block, cols: dict[str, int], labels: dict[str, str]
                    ) -> tuple[list[str], list[ImportIssue]]:
    """Every link and evidence text within the block's rows, in sheet order, each once.

    The LINK column on the indicator row and on every rung's row, hyperlinks behind a cell's text,
    and links pasted into the score columns all count."""
    items: list[str] = []
    issues: list[ImportIssue] = []
    for r in block.rows:
        for key in ("bukti", "mandiri", "verifikasi"):
            if key not in cols:
                continue
            value, problem = sheet.take(r, cols[key], labels.get(key, key))
            if problem:
                if key == "bukti":
                    issues.append(problem)
                continue
            if key == "bukti" or _is_url(value):
                items += _evidence_items(value)
            items += _links(sheet, r, cols, key)
    return _unique(items), issues


def _block_notes(sheet: Sheet, block: _Block, col: int | None, label: str) -> tuple[list[str], list[ImportIssue]]:
    """The notes written within the block's rows; the same note on two rows is kept once."""
    if col is None:
        return [], []
    notes, issues = [], []
    for r in block.rows:
        value, problem = sheet.take(r, col, label)
        issues += [problem] if problem else []
        if clean(value):
            notes.append(clean(value))
    return _unique(notes), issues


def _form_blocks(sheet: Sheet, top: int, cols: dict[str, int], labels: dict[str, str]
                 ) -> tuple[list[_Block], int | None, list[ImportIssue]]:
    blocks: list[_Block] = []
    issues: list[ImportIssue] = []
    total_row = None
    for r in sheet.rows(top + 1):
        own, unreadable = sheet.fields(r, {k: cols[k] for k in ("indikator", "nomor", "skala")}, labels)
        text = one_line(own["indikator"])
        if _TOTAL.match(text):
            total_row = r
            break
        issues += unreadable
        number = whole_number(own["nomor"])
        score = whole_number(own["skala"])
        if number is not None and score is None:
            block = _Block(number, r, text, [r])
            for key in ("definisi", "sumber_data", "bukti_dukung"):
                if key in cols:
                    block.texts[key] = clean(sheet.shown(r, cols[key]))
            blocks.append(block)
        elif blocks:
            blocks[-1].rows.append(r)
            if text and (score is not None or _RUNG_ROW.match(text)):
                blocks[-1].rungs.append((score, _RUNG_ROW.sub("", text, count=1)))
        elif text or score is not None:
            issues.append(ImportIssue(sheet.title, r, None, "Baris sebelum indikator pertama tidak dikenali.",
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
        text = one_line(condition)
        if score is None or score > 100 or not text:
            return [], "ada anak tangga tanpa skor di kolom SKALA, di luar 0–100, atau tanpa syarat", False
        merged.setdefault(score, []).append(text[:1].upper() + text[1:])
    if len(merged) < 2:
        return [], "kurang dari dua anak tangga", False
    levels = [{"nilai": s, "syarat": "; atau ".join(merged[s])} for s in sorted(merged, reverse=True)]
    return levels, None, inferred


def form_header(sheet: Sheet) -> tuple[int, dict[str, int], dict[str, str]] | None:
    return find_header(sheet, _first_field, minimum=4, required={"nomor", "indikator", "skala", "mandiri"})


def read_form_sheet(sheet: Sheet) -> tuple[FormSheet | None, list[ImportIssue]]:
    """One tatanan sheet of the ministry form; None for sheets that hold no scores.

    The tatanan comes from the sheet's name or, when renamed, from its title and header rows."""
    header = form_header(sheet)
    if header is None:
        return None, []
    top, cols, labels = header
    heading = one_line(sheet.own(top, cols["indikator"]))
    code, _, problem = identify_tatanan(sheet.title, [*sheet.texts(top), heading])
    if problem or code is None:
        return None, [ImportIssue(sheet.title, top, labels["indikator"],
                                  f"Tatanan lembar ini tidak jelas: {problem}." if problem else
                                  "Lembar ini berisi nilai, tetapi tatanannya tidak dikenali dari nama lembar "
                                  "maupun judulnya.",
                                  "Beri nama lembar dengan nomor tatanannya (misalnya '4 Pasar') atau tulis "
                                  "'TATANAN <NAMA>' pada judul kolom indikator seperti formulir resmi.",
                                  cols["indikator"])]
    blocks, total_row, issues = _form_blocks(sheet, top, cols, labels)
    name = re.sub(r"^tatanan\s*", "", heading, flags=re.I).strip() or sheet.title
    kept, rows, numbers = [], [], set()
    for block in blocks:
        icode = f"{code}.{block.number}"
        if block.number in numbers or not 1 <= block.number <= 99:
            issues.append(ImportIssue(sheet.title, block.row, labels["nomor"],
                                      f"Nomor indikator {block.number} ganda atau di luar 1–99.",
                                      "Periksa penomoran indikator pada lembar ini.", cols["nomor"]))
            continue
        numbers.add(block.number)
        kept.append(block)
        mine, mine_row, problems = _block_value(sheet, block, cols["mandiri"], labels["mandiri"], icode)
        verified, verified_row, more = _block_value(sheet, block, cols.get("verifikasi"),
                                                    labels.get("verifikasi", ""), icode)
        evidence, bad_links = _block_evidence(sheet, block, cols, labels)
        notes, bad_notes = _block_notes(sheet, block, cols.get("catatan"), labels.get("catatan", ""))
        issues += problems + more + bad_links + bad_notes
        rows.append(Row(icode, mine, verified, "\n".join(evidence) or None, "\n".join(notes) or None,
                        sheet.title, block.row,
                        {"mandiri": labels["mandiri"], "verifikasi": labels.get("verifikasi", ""),
                         "indikator": labels["nomor"], "nama": labels["indikator"]},
                        {key: cols[field] for key, field in (("mandiri", "mandiri"), ("verifikasi", "verifikasi"),
                                                             ("indikator", "nomor"), ("nama", "indikator"))
                         if field in cols},
                        {"mandiri": mine_row, "verifikasi": verified_row}, name=block.name))
    totals = {}
    if total_row is not None:
        for key in ("mandiri", "verifikasi"):
            if key in cols:
                value, problem = sheet.take(total_row, cols[key], labels[key])
                totals[key] = (total_row, cols[key], None if problem else _amount(value), problem is not None)
    return FormSheet(code, name, sheet.title, kept, rows, totals), issues


@dataclass
class FormRead:
    sheets: list[FormSheet]
    skipped: list[str]
    issues: list[ImportIssue]


def read_form(book: Book) -> FormRead:
    """Every sheet of the form that holds scores; the others are listed in `skipped` by name."""
    sheets: list[FormSheet] = []
    skipped: list[str] = []
    issues: list[ImportIssue] = []
    seen: dict[str, str] = {}
    for sheet in book.sheets():
        form, problems = read_form_sheet(sheet)
        issues += problems
        if form is None:
            skipped += [] if problems else [sheet.title]
            continue
        if form.code in seen:
            issues.append(ImportIssue(sheet.title, None, None, f"Tatanan {form.code} sudah dibaca dari lembar "
                                      f"'{seen[form.code]}'.", "Hapus atau ganti nama salah satu lembar."))
            continue
        seen[form.code] = sheet.title
        sheets.append(form)
    return FormRead(sheets, skipped, issues)


def check_totals(sheets: Iterable[FormSheet], scores: dict[str, tuple[int | None, int | None]]
                 ) -> tuple[list[ImportIssue], list[str]]:
    """Each sheet's saved TOTAL NILAI must equal the sum of the scores read (self and verification).

    Returns (issues, notes): a total without a saved value, or a sheet without a TOTAL NILAI row,
    is a check that could not be made, and a note says so."""
    issues: list[ImportIssue] = []
    unsaved: list[str] = []
    empty: list[str] = []
    no_total: list[str] = []
    for form in sheets:
        if not form.totals:
            no_total.append(f"'{form.sheet}'")
        for k, key in enumerate(("mandiri", "verifikasi")):
            if key not in form.totals:
                continue
            row, col, written, formula = form.totals[key]
            read = sum((scores.get(r.indicator, (None, None))[k] or 0) for r in form.rows)
            if written is None:
                if formula:
                    unsaved.append(cell_ref(form.sheet, row, col))
                elif read:  # an empty total under scores that add up to something
                    empty.append(cell_ref(form.sheet, row, col))
                continue
            if abs(read - written) > 1e-6:
                label = next((r.columns.get(key, key) for r in form.rows), key)
                issues.append(ImportIssue(form.sheet, row, label,
                                          f"TOTAL NILAI {written:g} berbeda dengan jumlah nilai yang terbaca "
                                          f"({read:g}).", "Periksa nilai yang tertulis di luar baris indikatornya "
                                          "atau rumus TOTAL NILAI.", col))
    notes = []
    if unsaved:
        notes.append(f"TOTAL NILAI tidak diperiksa pada {len(unsaved)} sel yang tidak punya nilai tersimpan (rumus "
                     f"yang belum dihitung): {', '.join(unsaved)}. Buka dan simpan ulang di Excel agar jumlahnya "
                     "ikut diperiksa.")
    if empty:
        notes.append(f"TOTAL NILAI kosong, jadi jumlahnya tidak diperiksa: {', '.join(empty)}.")
    if no_total:
        notes.append(f"Lembar tanpa baris TOTAL NILAI, jadi jumlahnya tidak diperiksa: {', '.join(no_total)}.")
    return issues, notes


def framework_from_form(path: Path) -> tuple[list[dict[str, Any]], list[str], list[ImportIssue]]:
    """(tatanan records for data/kerangka/<edisi>/tatanan/, codes whose ladder was inferred, issues)."""
    book, issues = open_workbook(path)
    if book is None:
        return [], [], issues
    try:
        found = read_form(book)
    finally:
        book.close()
    if found.issues:
        return [], [], found.issues
    issues = []
    counts: dict[tuple[int, ...], int] = {}
    for form in found.sheets:
        for block in form.blocks:
            if block.rungs and all(s is not None for s, _ in block.rungs):
                key = tuple(s for s, _ in block.rungs if s is not None)
                counts[key] = counts.get(key, 0) + 1
    patterns: dict[int, tuple[int, ...]] = {}
    for key, _ in sorted(counts.items(), key=lambda kv: -kv[1]):
        if len(set(key)) == len(key):
            patterns.setdefault(len(key), key)
    records, inferred = [], []
    for form in sorted(found.sheets, key=lambda f: int(f.code[1:]) if f.code != "KL" else 99):
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
                "sumber_data": one_line(block.texts.get("sumber_data")) or MISSING_TEXT,
                "bukti": split_bukti(block.texts.get("bukti_dukung", "")),
                "tangga_nilai": levels,
            })
        records.append({"kode": form.code, "nama": title_case(form.name), "indikator": indicators})
    return (records, inferred, []) if not issues else ([], [], issues)


# ---------------------------------------------------------------------------------------------
# Checking against the edition


def _edition_share(names: dict[str, str], edition: Edition) -> tuple[int, int]:
    """(names matching the edition's indicator of the same code, names compared)."""
    matched = sum(1 for code, name in names.items()
                  if code in edition.indicators and same_indicator(name, edition.indicators[code].name))
    return matched, len(names)


def check_edition(rows: list[Row], edition: Edition, editions: dict[int, Edition] | None
                  ) -> tuple[list[ImportIssue], set[int]]:
    """Sheets and rows whose indicator names do not belong to `edition`: (issues, ids of rows refused).

    A sheet whose names match another edition better, or fewer than half of `edition`'s names,
    is refused as a whole, naming the edition it looks like; otherwise each row whose name is not
    its indicator's name in `edition` is refused (a shifted row would move scores)."""
    issues: list[ImportIssue] = []
    refused: set[int] = set()
    by_sheet: dict[str, list[Row]] = {}
    for row in rows:
        if row.name and _CODE.fullmatch(row.indicator.strip()):
            by_sheet.setdefault(row.sheet, []).append(row)
    for sheet, named in by_sheet.items():
        names = {r.indicator.strip(): r.name or "" for r in named}
        matched, total = _edition_share(names, edition)
        others = sorted(((_edition_share(names, e)[0], year) for year, e in (editions or {}).items()
                         if year != edition.year), reverse=True)
        if (others and others[0][0] > matched) or matched < EDITION_MATCH_SHARE * total:
            guess = (f" Isinya cocok dengan edisi {others[0][1]} ({others[0][0]} dari {total} nama sama); pakai "
                     f"--edition {others[0][1]}." if others and others[0][0] > matched else "")
            issues.append(ImportIssue(sheet, None, None,
                                      f"Indikator lembar ini bukan indikator edisi {edition.year}: hanya {matched} "
                                      f"dari {total} nama indikator sama dengan edisi itu.{guess}",
                                      "Pakai formulir atau templat edisi yang sama dengan --edition; nilai tidak "
                                      "dipindahkan ke indikator yang artinya lain."))
            refused |= {id(r) for r in named}
            continue
        for row in named:
            indicator = edition.indicators.get(row.indicator.strip())
            if indicator is not None and not same_indicator(row.name or "", indicator.name):
                issues.append(row.issue("nama", f"Indikator pada baris ini ('{_short(row.name)}') bukan "
                                        f"{indicator.code} edisi {edition.year} ('{_short(indicator.name)}').",
                                        "Periksa penomoran baris dan edisinya; nilai tidak boleh berpindah ke "
                                        "indikator lain."))
                refused.add(id(row))
    return issues, refused


def _short(text: str | None, limit: int = 50) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _missing_groups(codes: set[str], edition: Edition, skipped: list[str]) -> list[ImportIssue]:
    """A tatanan of the edition without any sheet: an error, never a silent 0."""
    unread = ", ".join(f"'{s}'" for s in skipped) or "tidak ada"
    return [ImportIssue(WORKBOOK, None, None,
                        f"Tidak ada lembar untuk {group.code} ({group.name}); tanpa lembar itu semua indikatornya "
                        "akan terhitung 0.",
                        f"Tambahkan atau kembalikan lembarnya (lembar yang tidak dikenali: {unread}).")
            for group in edition.groups if group.code not in codes]


# ---------------------------------------------------------------------------------------------
# Validating rows against the edition


def _score(value: Any, ladder: tuple[int, ...], row: Row, key: str, code: str) -> tuple[int | None, ImportIssue | None]:
    if value is None or clean(value) == "":
        return None, None
    number = whole_number(value)
    shown = "/".join(str(s) for s in ladder)
    if number is None:
        text = one_line(value)[:30]
        if re.fullmatch(r"\s*-?\d+([.,]\d+)?\s*", text) or isinstance(value, float):
            return None, row.issue(key, f"Nilai {text.replace('.', ',')} untuk {code} bukan bilangan bulat; tangga "
                                   f"nilai hanya berisi skor bulat ({shown}).", f"Pilih salah satu: {shown}.")
        return None, row.issue(key, f"Nilai '{text}' untuk {code} bukan bilangan bulat.",
                               "Tulis skor sebagai angka, misalnya 75.")
    if number not in ladder:
        return None, row.issue(key, f"Nilai {number} untuk {code} tidak ada pada tangga nilai ({shown}).",
                               f"Pilih salah satu: {shown}.")
    return number, None


def validate_rows(rows: list[Row], edition: Edition) -> tuple[list[dict[str, Any]], list[ImportIssue]]:
    """Rows -> the `nilai` list of a penilaian record; every unknown code or off-ladder score is an issue.

    Codes are held to the YAML schema's rule: 't9.1' is refused with the hint 'T9.1', as in YAML."""
    issues: list[ImportIssue] = []
    seen: dict[str, Row] = {}
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        code = row.indicator.strip()
        if not _CODE.fullmatch(code):
            fixed = code.upper().replace(" ", "")
            hint = (f"maksud Anda '{fixed}'? Tulis kode dengan huruf besar seperti pada instrumen."
                    if _CODE.fullmatch(fixed) else "Tulis kode seperti pada instrumen, misalnya T9.1 atau KL.3.")
            issues.append(row.issue("indikator", f"Kode indikator '{row.indicator}' tidak sesuai format.",
                                    hint[:1].upper() + hint[1:]))
            continue
        indicator = edition.indicators.get(code)
        if indicator is None:
            issues.append(row.issue("indikator",
                                    f"Kode indikator '{row.indicator}' tidak ada pada edisi {edition.year}.",
                                    "Tulis kode seperti pada instrumen, misalnya T9.1 atau KL.3."))
            continue
        if code in seen:
            issues.append(row.issue("indikator", f"Indikator {code} sudah dinilai pada baris {seen[code].row}.",
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


# ---------------------------------------------------------------------------------------------
# Reading any of the three


def _not_read(skipped: list[str]) -> list[str]:
    return [f"Lembar yang tidak dibaca (bukan lembar nilai): {', '.join(repr(s) for s in skipped)}."] if skipped else []


def read_scores(path: Path, edition: Edition, editions: dict[int, Edition] | None = None) -> ScoreRead:
    """The `nilai` entries of any of the three formats, checked against `edition`.

    `editions` (all known editions) lets a form of another edition be named. Issues mean no
    entries; notes (sheets not read, checks skipped, the CSV's encoding) are said either way."""
    if path.suffix.lower() in (".csv", ".txt"):
        rows, notes, issues = _read_csv(path)
        origin = f"berkas CSV {path.name}"
        if issues:
            return ScoreRead([], origin, issues, notes)
        entries, issues = validate_rows(rows, edition)
        return ScoreRead(entries, origin, issues, notes) if not issues else ScoreRead([], origin, issues, notes)
    book, issues = open_workbook(path)
    if book is None:
        return ScoreRead([], "", issues)
    try:
        return _read_book(book, path, edition, editions)
    finally:
        book.close()


def _read_book(book: Book, path: Path, edition: Edition, editions: dict[int, Edition] | None) -> ScoreRead:
    rows, skipped, issues = _read_template(book, edition.year)
    sheets: list[FormSheet] = []
    origin = f"templat penilaian mandiri {path.name}"
    if rows or issues:
        codes = {r.indicator.strip().upper().split(".")[0] for r in rows}
    else:
        found = read_form(book)
        sheets, skipped, issues = found.sheets, found.skipped, found.issues
        rows = [r for form in sheets for r in form.rows]
        origin = f"formulir penilaian mandiri {path.name}"
        if not sheets and not issues:
            return ScoreRead([], "", [ImportIssue(
                WORKBOOK, None, None, "Tidak ada lembar penilaian yang dikenali "
                f"(lembar: {', '.join(repr(s) for s in skipped) or 'tidak ada'}).",
                "Pakai templat dari 'kks assessment-template', formulir penilaian mandiri resmi, atau berkas CSV.")])
        codes = {form.code for form in sheets}
    notes = _not_read([s for s in skipped if s != TEMPLATE_INFO_SHEET])
    if not (rows or issues):  # only the Petunjuk sheet, or header rows without a single indicator
        issues = [ImportIssue(WORKBOOK, None, None, "Templat ini tidak berisi satu baris indikator pun.",
                              "Buat templat baru dengan 'kks assessment-template' lalu isi nilainya.")]
    wrong, refused = check_edition(rows, edition, editions)
    issues += wrong + _missing_groups(codes, edition, skipped)
    entries, problems = validate_rows([r for r in rows if id(r) not in refused], edition)
    issues += problems
    if sheets and not issues:
        by_code = {e["indikator"]: (e.get("mandiri"), e.get("verifikasi")) for e in entries}
        issues, skipped_checks = check_totals(sheets, by_code)
        notes += skipped_checks
    return ScoreRead(entries, origin, [], notes) if not issues else ScoreRead([], origin, issues, notes)


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
    handle, temp = staged_file(folder, ".penilaian-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(dump_yaml(record))
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return target
