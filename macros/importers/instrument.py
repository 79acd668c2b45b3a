"""Import an official KKS assessment instrument (xlsx) into data/kerangka/<edisi>/tatanan/.

The workbook has one sheet per tatanan plus a Kelembagaan sheet. Each sheet has title rows
("TATANAN 1: KEHIDUPAN ..."), a header row (NO, INDIKATOR, DEFINISI OPERASIONAL, SUMBER DATA,
BUKTI DUKUNG, SKALA/KATEGORI PENILAIAN; Kelembagaan adds KOMPONEN), often a row "(1) (2) ...",
then the indicators. Two ladder layouts are understood:

- one cell per indicator: "1. Nilai 100 jika ...\\n\\n2. Nilai 50 jika ..." (2025 instrument);
- one row per rung under the indicator row: the condition in the INDIKATOR column and the bare
  score in the ladder column (the layout of the 2024 self-assessment form).

Sheets are read through the shared reading layer (workbook.py): a sheet is recognised by its name
or its title rows, columns by their header text, merged cells are resolved, a formula without a
saved value is an error naming the cell, and every problem becomes an ImportIssue. The reader is
pure; `write_edition` touches disk only when nothing went wrong.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.issues import os_reason
from ..filewrite import replace_all
from .workbook import (
    TATANAN_CODES,
    WORKBOOK,
    ImportIssue,
    Sheet,
    blank,
    clean,
    find_header,
    identify_tatanan,
    one_line,
    open_workbook,
    whole_number,
)

__all__ = ["TATANAN_CODES", "WORKBOOK", "ImportIssue", "parse_ladder", "read_instrument", "run_import",
           "split_bukti"]

PLACEHOLDER_DESCRIPTION = "Deskripsi tatanan belum ditulis."


@dataclass(frozen=True)
class _Column:
    key: str
    label: str  # as printed in the 2025 instrument; used in messages
    aliases: tuple[str, ...]
    required: bool = True


_COLUMNS = (
    _Column("nomor", "NO", ("no", "nomor", "no urut")),
    _Column("komponen", "KOMPONEN", ("komponen", "lembaga"), required=False),
    _Column("indikator", "INDIKATOR", ("indikator", "nama indikator", "indikator kinerja")),
    _Column("definisi", "DEFINISI OPERASIONAL", ("definisi operasional", "definisi", "do")),
    _Column("sumber_data", "SUMBER DATA", ("sumber data", "sumber", "ketersediaan data")),
    _Column("bukti", "BUKTI DUKUNG",
            ("bukti dukung", "bukti data pendukung", "bukti pendukung", "data dukung", "bukti")),
    _Column("tangga", "SKALA/KATEGORI PENILAIAN",
            ("skala/kategori penilaian", "skala penilaian", "kategori penilaian", "kriteria penilaian",
             "skala/kategori", "skala", "skor")),
)
_LABELS = {c.key: c.label for c in _COLUMNS}
_TEXT_KEYS = ("definisi", "sumber_data", "bukti", "tangga")

_YEAR = re.compile(r"\btahun\s+(\d{4})\b", re.I)
_FOOTER = re.compile(r"^(total|jumlah (nilai|skor)|nilai total|keterangan|catatan|ket\s*[.:])", re.I)
_ENUM = re.compile(r"^\(?[a-z0-9]{1,2}[.)]\s*", re.I)
_RUNG = re.compile(
    r"^[ \t]*(?:\(?[0-9a-z]{1,2}[.)][ \t]*)?"
    r"(?:(?:nilai|skor)[ \t]*:?[ \t]*(?P<a>\d{1,3})(?!\d)|(?P<b>\d{1,3})[ \t]*[:=])",
    re.I | re.M,
)
_ITEM = re.compile(r"^(?:\(?[a-z]\)|[a-z][.)]\s|\(\d{1,2}\)|\d{1,2}[.)](?!\d)|[-•*]\s)\s*", re.I)
_CONDITION_LEAD = re.compile(r"^(?:(?:jika|apabila|bila)\b|[:=,\-–])\s*", re.I)

# Names kept for the pure helpers below and the tests that use them.
_clean, _one_line, _blank, _number = clean, one_line, blank, whole_number


def _short(value: Any, limit: int = 40) -> str:
    text = _one_line(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(value: Any) -> str:
    """A name on one line, with "Desa/ Kelurahan" written as "Desa/Kelurahan"."""
    return re.sub(r"\s*/\s*", "/", _one_line(value))


# ---------------------------------------------------------------------------------------------
# Ladders and evidence lists (pure, also used by tests)


def _condition(text: str) -> str:
    text = _CONDITION_LEAD.sub("", _one_line(text))
    return text[:1].upper() + text[1:]


def _check_rungs(rungs: list[tuple[int, str]]) -> tuple[list[dict[str, Any]], str | None]:
    if len(rungs) < 2:
        return [], "hanya ada satu anak tangga; minimal dua (misalnya nilai 100 dan nilai 0)"
    seen: set[int] = set()
    for score, condition in rungs:
        if score > 100:
            return [], f"skor {score} di luar rentang 0–100"
        if score in seen:
            return [], f"skor {score} muncul lebih dari sekali"
        if not condition:
            return [], f"anak tangga dengan skor {score} tidak memuat syarat"
        seen.add(score)
    ordered = sorted(rungs, key=lambda rung: -rung[0])
    return [{"nilai": score, "syarat": condition} for score, condition in ordered], None


def parse_ladder(text: str) -> tuple[list[dict[str, Any]], str | None]:
    """'1. Nilai 100 jika A\\n2. Nilai 0 jika B' -> levels, highest first; or a problem (Indonesian)."""
    text = _clean(text)
    matches = list(_RUNG.finditer(text))
    if not matches:
        return [], "tidak ada anak tangga berbentuk 'Nilai <skor> jika <syarat>'"
    lead = text[: matches[0].start()].strip()
    if lead and not lead.endswith(":"):
        return [], f"teks sebelum anak tangga pertama tidak dikenali ('{_short(lead)}')"
    rungs = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(text)
        rungs.append((int(match["a"] or match["b"]), _condition(text[match.end() : end])))
    return _check_rungs(rungs)


def _split_inline(item: str) -> list[str]:
    """'... terdiri dari (1) A; (2) B' -> ['... terdiri dari:', 'A', 'B'] when numbered 1, 2, ..."""
    marks = list(re.finditer(r"\((\d{1,2})\)\s*", item))
    if len(marks) < 2 or [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return [item]
    lead = item[: marks[0].start()].strip()
    parts = [lead.rstrip(":") + ":"] if lead else []
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        parts.append(item[mark.end() : following.start() if following else len(item)])
    return parts


def _tidy_item(item: str) -> str:
    return re.sub(r"\s*[;,]\s*(?:dan|atau)?\s*$", "", item.strip())


def split_bukti(text: str) -> list[str]:
    """Evidence cell -> checklist items: one per enumerated line ("a.", "1.", "-") or paragraph.

    A line without an enumerator continues the previous item when that item has no closing
    punctuation (the workbook breaks long phrases across lines); a blank line always separates.
    """
    items: list[str] = []
    for paragraph in re.split(r"\n\s*\n", _clean(text)):
        continues = False
        for line in paragraph.split("\n"):
            if not line:
                continue
            enum = _ITEM.match(line)
            if enum:
                items.append(line[enum.end() :])
            elif continues and items and not re.search(r"[.:;!?]$", items[-1]):
                items[-1] = f"{items[-1]} {line}"
            else:
                items.append(line)
            continues = True
    split = [part for item in items for part in _split_inline(item)]
    return [tidy for tidy in (_tidy_item(item) for item in split) if tidy]



# ---------------------------------------------------------------------------------------------
# Sheets


def _header_field(value: Any) -> tuple[str, int] | None:
    """The column a header names, with a match quality (exact beats the longest contained alias)."""
    norm = re.sub(r"\s*/\s*", "/", _one_line(value).lower()).strip(" .:")
    best: tuple[str, int] | None = None
    for column in _COLUMNS:
        for alias in column.aliases:
            if norm == alias:
                quality = 1000
            elif len(alias) > 3 and re.search(rf"(?<![\w/]){re.escape(alias)}(?![\w/])", norm):
                quality = len(alias)
            else:
                continue
            if best is None or quality > best[1]:
                best = (column.key, quality)
    return best


@dataclass
class _Draft:
    """An indicator being collected from its row and any continuation rows."""

    row: int
    code: str
    name: str
    texts: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in _TEXT_KEYS})
    ladder_row: int | None = None
    rungs: list[tuple[int, str]] = field(default_factory=list)
    unreadable: bool = False
    """A cell of this indicator could not be read (already reported): nothing else is said of it."""

    def add_texts(self, own: dict[str, Any], r: int, with_ladder: bool = True) -> None:
        for key in _TEXT_KEYS:
            if key in own and not _blank(own[key]) and (key != "tangga" or with_ladder):
                self.texts[key].append(_clean(own[key]))
                if key == "tangga" and self.ladder_row is None:
                    self.ladder_row = r


class _Place:
    """Makes issues for one sheet, naming the cell of a field on a row."""

    def __init__(self, sheet: Sheet, cols: dict[str, int]) -> None:
        self.sheet, self.cols = sheet, cols

    def issue(self, r: int | None, key: str | None, message: str, hint: str) -> ImportIssue:
        return ImportIssue(self.sheet.title, r, _LABELS[key] if key else None, message, hint,
                           self.cols.get(key) if key else None)


def _finish(draft: _Draft, at: _Place) -> tuple[dict[str, Any] | None, list[ImportIssue]]:
    issues = [
        at.issue(draft.row, key, f"Kolom '{_LABELS[key]}' indikator {draft.code} kosong.",
                 "Isi sel ini seperti pada instrumen resmi.")
        for key in ("definisi", "sumber_data", "bukti") if not draft.texts[key]
    ]
    ladder_text = "\n".join(draft.texts["tangga"])
    if draft.rungs and ladder_text:
        levels, problem = [], "skor ditulis per baris sekaligus sebagai teks; pakai salah satu bentuk saja"
    elif draft.rungs:
        levels, problem = _check_rungs(draft.rungs)
    else:
        levels, problem = parse_ladder(ladder_text)
    if problem:
        issues.append(at.issue(
            draft.ladder_row or draft.row, "tangga", f"Tangga nilai indikator {draft.code} tidak terbaca: {problem}.",
            "Tulis setiap anak tangga di baris sendiri, misalnya '1. Nilai 100 jika ...', "
            "'2. Nilai 50 jika ...', '3. Nilai 0 jika ...'."))
    bukti = split_bukti("\n\n".join(draft.texts["bukti"]))
    if issues:
        return None, issues
    return {
        "kode": draft.code,
        "nama": draft.name,
        "definisi": "\n\n".join(draft.texts["definisi"]),
        "sumber_data": " ".join(_one_line(t) for t in draft.texts["sumber_data"]),
        "bukti": bukti,
        "tangga_nilai": levels,
    }, []


def _is_footer(own: dict[str, Any]) -> bool:
    """Rows such as TOTAL NILAI or Keterangan end the table."""
    if _number(own.get("nomor")) is not None:
        return False
    first = next((_one_line(own[k]) for k in ("nomor", "komponen", "indikator")
                  if k in own and not _blank(own[k])), "")
    return bool(_FOOTER.match(first)) or first.lower() in ("persentase", "prosentase")


def _start_draft(at: _Place, r: int, own: dict[str, Any], code: str, component: str,
                 numbers: dict[int, int]) -> tuple[_Draft | None, ImportIssue | None]:
    """A new indicator from its first row; `numbers` maps numbers already used to their rows."""
    if code == "KL":  # items are numbered in sheet order; NO numbers the component
        number = len(numbers) + 1
    else:
        number = _number(own["nomor"])
        if number is None or not 1 <= number <= 99:
            return None, at.issue(r, "nomor", f"Nomor indikator '{_short(own['nomor'])}' tidak terbaca.",
                                  "Tulis nomor urut indikator sebagai angka bulat 1–99 di kolom NO.")
        if number in numbers:
            return None, at.issue(r, "nomor", f"Nomor indikator {number} sudah dipakai di baris {numbers[number]}.",
                                  "Setiap indikator dalam satu lembar harus bernomor unik; periksa penomoran.")
    name = _name(own["indikator"])
    if not name:
        return None, at.issue(r, "indikator", "Nama indikator kosong.", "Isi kolom INDIKATOR pada baris ini.")
    numbers[number] = r
    # Kelembagaan items are "SK", "Anggaran", ...: the component makes them distinct.
    draft = _Draft(r, f"{code}.{number}", f"{name} {component}" if code == "KL" and component else name)
    draft.add_texts(own, r)
    return draft, None


def _continue_draft(at: _Place, r: int, own: dict[str, Any], draft: _Draft) -> ImportIssue | None:
    """A row below an indicator: a rung (condition + bare score) or more text for its cells."""
    score = _number(own["tangga"])
    text = _one_line(own["indikator"])
    problem = None
    if score is not None:
        condition = _condition(_ENUM.sub("", text, count=1))
        if condition:
            draft.rungs.append((score, condition))
            draft.ladder_row = draft.ladder_row or r
        else:
            problem = at.issue(r, "indikator", f"Skor {score} pada baris ini tidak disertai syarat.",
                               "Tulis syarat anak tangga di kolom INDIKATOR, sebaris dengan skornya.")
    elif text:
        problem = at.issue(r, "nomor", "Baris ini berisi nama indikator tetapi kolom NO kosong.",
                           "Beri nomor bila ini indikator baru; bila lanjutan, pindahkan teksnya ke baris "
                           "indikator di atasnya.")
    draft.add_texts(own, r, with_ladder=score is None)
    return problem


def _starts_indicator(own: dict[str, Any], code: str) -> bool:
    if code == "KL":  # several items per component: any row with its own name (and no bare score)
        return not _blank(own["indikator"]) and _number(own["tangga"]) is None
    return not _blank(own["nomor"])


def _read_indicators(sheet: Sheet, header_row: int, cols: dict[str, int],
                     code: str) -> tuple[list[dict[str, Any]], list[ImportIssue]]:
    at = _Place(sheet, cols)
    issues: list[ImportIssue] = []
    drafts: list[_Draft] = []
    numbers: dict[int, int] = {}
    current: _Draft | None = None
    broken = False  # after a broken indicator row its continuation rows are not reported again
    component = ""
    for r in sheet.rows(header_row + 1):
        own, unreadable = sheet.fields(r, cols, _LABELS)
        filled = [_one_line(v) for v in own.values() if not _blank(v)]
        numbering = bool(filled) and all(re.fullmatch(r"\(\d{1,2}\)", v) for v in filled)
        if (not filled and not unreadable) or numbering:
            continue  # blank row, or the "(1) (2) (3)" column-number row
        if _is_footer(own):
            break
        if "komponen" in cols:
            shown, problem = sheet.take(r, cols["komponen"], _LABELS["komponen"], merged=True)
            unreadable += [problem] if problem and problem not in unreadable else []
            component = _name(shown) or component
        issues += unreadable
        if _starts_indicator(own, code):
            current, problem = _start_draft(at, r, own, code, component, numbers)
            broken = current is None
            drafts += [current] if current else []
        elif current is not None:
            problem = _continue_draft(at, r, own, current)
        else:
            problem = None if broken or unreadable else at.issue(
                r, None, "Baris ini berada sebelum indikator pertama dan tidak dikenali.",
                "Hapus baris ini atau pindahkan isinya ke baris indikator.")
        if unreadable and current is not None:
            current.unreadable = True
        issues += [problem] if problem else []
    indicators = []
    for draft in drafts:
        if draft.unreadable:
            continue
        indicator, problems = _finish(draft, at)
        issues += problems
        indicators += [indicator] if indicator else []
    return indicators, issues


def _read_sheet(sheet: Sheet, edition: int) -> tuple[str | None, dict[str, Any] | None, list[ImportIssue]]:
    """(code, record, issues) for one sheet; code None for sheets that are not part of the framework."""
    header = find_header(sheet, _header_field, minimum=3)
    top = header[0] if header else (sheet.rows()[:10] or [0])[-1] + 1
    titles = sheet.texts(top)
    code, name, problem = identify_tatanan(sheet.title, titles)
    title = sheet.title
    if problem:
        return None, None, [ImportIssue(title, None, None, f"Tatanan lembar ini tidak jelas: {problem}.",
                                        "Samakan nomor tatanan pada nama lembar dan judul di atas tabel.")]
    if code is None:
        if header is None:
            return None, None, []  # a cover or notes sheet
        return None, None, [ImportIssue(
            title, None, None, "Lembar ini berisi tabel indikator, tetapi tatanannya tidak dikenali.",
            "Beri nama lembar 'Tatanan <nomor> ...' atau tulis judul 'TATANAN <nomor>: <NAMA>' di atas "
            "tabel; lembar kelembagaan diberi nama 'Kelembagaan'.")]
    issues = []
    for text in titles:
        year = _YEAR.search(text)
        if year and int(year.group(1)) != edition:
            issues.append(ImportIssue(title, None, None,
                                      f"Judul menyebut tahun {year.group(1)}, bukan edisi {edition}.",
                                      "Periksa pilihan --edition atau buku kerjanya."))
            break
    if header is None:
        return code, None, [*issues, ImportIssue(
            title, None, None, "Baris judul kolom tidak ditemukan di bagian atas lembar.",
            "Baris judul harus memuat NO, INDIKATOR, DEFINISI OPERASIONAL, SUMBER DATA, BUKTI DUKUNG "
            "dan SKALA/KATEGORI PENILAIAN.")]
    header_row, cols, _ = header
    missing = [c for c in _COLUMNS if c.required and c.key not in cols]
    if missing:
        return code, None, [*issues, *(
            ImportIssue(title, header_row, c.label,
                        f"Kolom '{c.label}' tidak ditemukan pada baris judul (baris {header_row}).",
                        f"Tambahkan kolom berjudul '{c.label}' (huruf besar/kecil dan spasi tidak "
                        "berpengaruh) atau betulkan ejaan judulnya.")
            for c in missing)]
    indicators, problems = _read_indicators(sheet, header_row, cols, code)
    if not indicators and not problems:
        problems.append(ImportIssue(title, header_row, None, "Tidak ada indikator di bawah baris judul.",
                                    "Periksa apakah lembar ini memang berisi tabel indikator."))
    issues += problems
    if issues:
        return code, None, issues
    return code, {"kode": code, "nama": name, "deskripsi": PLACEHOLDER_DESCRIPTION,
                  "indikator": indicators}, []


@dataclass
class InstrumentRead:
    """What `read_instrument_sheets` found: records T1..T9, KL; sheets not read; issues."""

    records: list[dict[str, Any]]
    skipped: list[str]
    issues: list[ImportIssue]


def read_instrument_sheets(path: Path, edition: int) -> InstrumentRead:
    """Read every tatanan (T1..T9, then KL) from the workbook; any issue means no records.

    Sheets without an indicator table (a cover, notes) are listed in `skipped` by name."""
    book, issues = open_workbook(path)
    if book is None:
        return InstrumentRead([], [], issues)
    records: dict[str, dict[str, Any]] = {}
    sheets: dict[str, str] = {}
    skipped: list[str] = []
    try:
        for sheet in book.sheets():
            code, record, problems = _read_sheet(sheet, edition)
            issues += problems
            if code is None:
                skipped += [] if problems else [sheet.title]
                continue
            if code in sheets:
                issues.append(ImportIssue(sheet.title, None, None,
                                          f"Tatanan {code} sudah dibaca dari lembar '{sheets[code]}'.",
                                          "Hapus atau ganti nama salah satu lembar."))
                continue
            sheets[code] = sheet.title
            if record:
                records[code] = record
    finally:
        book.close()
    issues += [ImportIssue(WORKBOOK, None, None, f"Lembar untuk {code} tidak ditemukan.",
                           "Pastikan buku kerja memuat lembar 'Tatanan 1' sampai 'Tatanan 9' dan 'Kelembagaan' "
                           f"(lembar yang tidak dikenali: {', '.join(repr(s) for s in skipped) or 'tidak ada'}).")
               for code in TATANAN_CODES if code not in sheets]
    if issues:
        return InstrumentRead([], skipped, issues)
    return InstrumentRead([records[code] for code in TATANAN_CODES], skipped, [])


def read_instrument(path: Path, edition: int) -> tuple[list[dict[str, Any]], list[ImportIssue]]:
    """(records T1..T9 then KL, issues); any issue means no records."""
    found = read_instrument_sheets(path, edition)
    return found.records, found.issues


# ---------------------------------------------------------------------------------------------
# Files


def edition_folder(data_dir: Path, edition: int) -> Path:
    return data_dir / "kerangka" / str(edition) / "tatanan"


def keep_written_texts(tatanan: Iterable[dict[str, Any]],
                       folder: Path) -> tuple[list[dict[str, Any]], list[ImportIssue]]:
    """Carry `alias` and `deskripsi` (not in the workbook) over from files already in `folder`."""
    result, issues = [], []
    for record in tatanan:
        path = folder / f"{record['kode']}.yaml"
        old: Any = {}
        if path.exists():
            try:
                old = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                old = None
            aliases = old.get("alias", []) if isinstance(old, dict) else None
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                issues.append(ImportIssue(
                    str(path), None, None,
                    "Berkas lama tidak terbaca, sehingga deskripsi dan alias-nya tidak bisa dipertahankan.",
                    "Perbaiki berkas ini (atau hapus bila isinya memang tidak perlu), lalu ulangi impor."))
                continue
        description = old.get("deskripsi")
        merged = {"kode": record["kode"], "nama": record["nama"]}
        if old.get("alias"):
            merged["alias"] = old["alias"]
        merged["deskripsi"] = description if isinstance(description, str) and description.strip() \
            else record["deskripsi"]
        merged["indikator"] = record["indikator"]
        result.append(merged)
    return result, issues


class _Dumper(yaml.SafeDumper):
    """Block style, no anchors/aliases, multi-line text as literal blocks."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _represent_str)


def dump_tatanan(record: dict[str, Any]) -> str:
    """YAML text of one tatanan; strings that look like dates or numbers come out quoted."""
    return yaml.dump(record, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def write_edition(tatanan: list[dict[str, Any]], data_dir: Path, edition: int) -> list[Path]:
    """Write data/kerangka/<edition>/tatanan/<kode>.yaml for every record, all or none.

    Files are staged in a hidden folder beside the target (same file system) and then moved in
    together (filewrite.replace_all restores the old files if a move fails), so a reader never
    sees a half-written file or a mix of old and new tatanan.
    """
    codes = [record.get("kode") for record in tatanan]
    if any(code not in TATANAN_CODES for code in codes) or len(set(codes)) != len(codes):
        raise ValueError(f"kode tatanan tidak sah atau ganda: {codes}")
    folder = edition_folder(data_dir, edition)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".impor-", dir=folder.parent))
    try:
        for record in tatanan:
            _write_text(staging / f"{record['kode']}.yaml", dump_tatanan(record))
        written = [folder / f"{record['kode']}.yaml" for record in tatanan]
        replace_all([(staging / target.name, target) for target in written])
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return written


def run_import(workbook: Path, edition: int, data_dir: Path) -> tuple[list[Path], list[ImportIssue]]:
    """`kks import-instrument`: read, keep hand-written texts, write. Nothing is written on any issue."""
    written, _, issues = run_import_sheets(workbook, edition, data_dir)
    return written, issues


def run_import_sheets(workbook: Path, edition: int, data_dir: Path
                      ) -> tuple[list[Path], list[str], list[ImportIssue]]:
    """(files written, sheets not read, issues); nothing is written on any issue."""
    found = read_instrument_sheets(workbook, edition)
    if found.issues:
        return [], found.skipped, found.issues
    folder = edition_folder(data_dir, edition)
    tatanan, issues = keep_written_texts(found.records, folder)
    if issues:
        return [], found.skipped, issues
    try:
        return write_edition(tatanan, data_dir, edition), found.skipped, []
    except OSError as err:
        return [], found.skipped, [ImportIssue(str(folder), None, None,
                                               f"Berkas tidak bisa ditulis ({os_reason(err)}).",
                                               "Periksa izin tulis folder data dan ruang disk, lalu ulangi.")]
