"""Practices as a spreadsheet (one row per case study) and the site's download files.

`export_practices` writes every data/praktik/*.yaml into a workbook whose sheet "Praktik" has one
column per schema field and whose sheet "Petunjuk" explains each column and the cell encoding
(see macros/core/export.py). `import_practices` reads such a workbook back: every row is decoded,
schema-checked and cross-checked on a temporary copy of the data folder before anything is
written; then only the files whose record changed are replaced (a plain export followed by an
import writes nothing). Rows are added or updated; practices missing from the sheet are kept.

Each exported row carries, in the hidden column `sidik_ekspor`, a hash per field of the record it
came from. The import applies only the cells edited since the export, changing only those fields
of the YAML file (yamledit: layout, comments and block style stay), and refuses to overwrite a
field that was also changed in the file since the export (`--timpa` overrides). The workbook is
read through the shared reading layer (workbook.py): errors are `BERKAS:Praktik!C5: kolom: pesan`.

`write_downloads` writes the CSV, XLSX and JSON downloads of the built site with the same columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core import export
from ..core.catalog import Catalog
from ..core.checks import documents_dir
from ..core.export import BOOLEAN, INTEGER, LIST, OBJECTS, TEXT, Column
from ..core.issues import Issue, display_path
from ..core.load import load_catalog
from ..core.schema import check_document
from ..core.yamlio import YamlDoc, read_yaml
from ..filewrite import replace_all, staged_file
from .workbook import WORKBOOK, ImportIssue, Sheet, blank, find_header, one_line, open_workbook
from .yamledit import YamlEditError, edit_text, new_text

SHEET = "Praktik"
HELP_SHEET = "Petunjuk"
EXCEL_CELL_MAX = 32_767
"""Excel keeps at most this many characters in a cell."""
FINGERPRINT_COLUMN = "sidik_ekspor"
"""Hidden last column of an export: per row, the hashes of the record it came from."""


@dataclass(frozen=True)
class ImportResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    issues: tuple[ImportIssue | Issue, ...]
    notes: tuple[str, ...] = ()
    """Said on success: rows not used (a record deleted since the export)."""
    fields: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per written practice, the fields that changed."""


# --- Writing workbooks and tables ----------------------------------------------------------------

def _text_cell(ws: Any, value: Any) -> Any:
    """A cell that Excel shows as typed: text starting with '=' stays text, never a formula."""
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _help_rows(cols: tuple[Column, ...], practices: bool) -> Iterator[list[str]]:
    yield ["Kolom", "Wajib", "Bentuk isian", "Keterangan"]
    for c in cols:
        form = {TEXT: "teks", INTEGER: "angka tahun", BOOLEAN: "ya / tidak",
                LIST: "satu butir per baris dalam sel"}.get(c.kind, "")
        if c.kind == OBJECTS:
            form = "satu butir per baris: " + " | ".join(name for name, _ in c.fields)
        yield [c.key, "ya" if c.required else "", form, c.description]
    yield []
    first = ("Satu baris lembar 'Praktik' = satu praktik (berkas data/praktik/<id>.yaml). Jangan ubah judul kolom."
             if practices else "Satu baris = satu daerah. Sumber di dalam riwayat_kks dan jejaring ditulis sebagai "
             "alamat web dipisah ' ; ' (daftar lengkapnya ada di daerah.json).")
    for line in (
        first,
        "Daftar (tatanan, indikator, dasar_hukum): tulis satu butir per baris di dalam sel (Alt+Enter di Excel).",
        "Daftar objek (sumber, kontak, angka_hasil, dokumen): satu objek per baris; bagian-bagiannya dipisah '|' "
        "sesuai urutan di kolom 'Bentuk isian'. Bagian yang kosong dibiarkan kosong; bagian kosong di akhir "
        "boleh dihilangkan. Contoh sumber: https://contoh.go.id/berita | Judul berita | Penerbit | "
        "2025-01-31 | 2026-11-28",
        "Di dalam satu butir: tulis '\\|' untuk tanda '|', '\\n' untuk pindah baris, dan '\\\\' untuk garis miring "
        "terbalik.",
        "Tanggal ditulis TTTT-BB-HH (misalnya 2026-11-28). Kolom contoh: 'ya' hanya untuk data ilustrasi.",
        *(["Impor: kks import-practices BERKAS.xlsx. Semua baris diperiksa dahulu; bila ada kesalahan, tidak ada "
            "berkas yang ditulis. Praktik yang tidak ada di lembar ini tidak dihapus.",
            f"Kolom tersembunyi '{FINGERPRINT_COLUMN}' mencatat isi tiap praktik saat diekspor; jangan diubah. Impor "
            "hanya menulis sel yang Anda ubah, dan menolak menimpa kolom yang sudah diubah orang lain sejak ekspor "
            "(kecuali dengan --timpa)."] if practices else []),
    ):
        yield ["", "", "", line]


def write_workbook(path: Path, cols: tuple[Column, ...], rows: Iterable[list[Any]],
                   sheet: str = SHEET, fingerprints: list[str] | None = None) -> None:
    """Write a workbook (streamed, so tens of thousands of rows stay cheap) to `path` atomically.

    `fingerprints` (one per row) go to the hidden last column FINGERPRINT_COLUMN."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.freeze_panes = "B2"
    if fingerprints is not None:
        ws.column_dimensions[get_column_letter(len(cols) + 1)].hidden = True
    header = []
    for key in [c.key for c in cols] + ([FINGERPRINT_COLUMN] if fingerprints is not None else []):
        cell = WriteOnlyCell(ws, value=key)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for n, row in enumerate(rows):
        extra = [fingerprints[n]] if fingerprints is not None else []
        ws.append([_text_cell(ws, v) for v in [*row, *extra]])
    help_ws = wb.create_sheet(HELP_SHEET)
    for help_row in _help_rows(cols, practices=sheet == SHEET):
        help_ws.append(help_row)
    _atomic(path, wb.save)


def _no_formula(text: str) -> str:
    """Excel runs a CSV cell that starts with = + - @ as a formula (CSV injection): an apostrophe
    in front makes it plain text, which is also how Excel itself marks text cells."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_csv(path: Path, cols: tuple[Column, ...], rows: Iterable[list[Any]]) -> None:
    """A download in the dialect Indonesian-locale Excel opens in columns (export.DownloadCsv)."""
    def save(target: Path) -> None:
        with target.open("w", encoding=export.DOWNLOAD_CSV_ENCODING, newline="") as f:
            writer = csv.writer(f, dialect=export.DownloadCsv)
            writer.writerow([c.key for c in cols])
            for row in rows:
                writer.writerow(["" if v is None else _no_formula(export._scalar_text(v, TEXT)) for v in row])
    _atomic(path, save)


def write_json(path: Path, items: Iterable[dict[str, Any]]) -> None:
    """A JSON list written one record at a time (the whole list is never held as text)."""
    def save(target: Path) -> None:
        with target.open("w", encoding="utf-8") as f:
            f.write("[")
            for n, item in enumerate(items):
                f.write(",\n" if n else "\n")
                f.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            f.write("\n]\n")
    _atomic(path, save)


def _atomic(path: Path, save: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = staged_file(path.parent, f".{path.name}.")
    os.close(fd)
    try:
        save(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


DOWNLOADS = ("praktik.json", "praktik.csv", "praktik.xlsx", "daerah.json", "daerah.csv", "daerah.xlsx")


def write_downloads(catalog: Catalog, folder: Path, personal: bool = True) -> list[Path]:
    """Every case study and region as JSON, CSV and XLSX in `folder` (the site's unduh/).
    `personal` false leaves out every phone number and e-mail address."""
    p_cols, r_cols = export.columns("praktik"), export.region_columns()
    write_json(folder / "praktik.json", (export.practice_dict(p, personal) for p in catalog.sorted_practices))
    write_csv(folder / "praktik.csv", p_cols, export.practice_rows(catalog, personal))
    write_workbook(folder / "praktik.xlsx", p_cols, export.practice_rows(catalog, personal))
    write_json(folder / "daerah.json", (export.region_dict(r, personal) for r in catalog.sorted_regions))
    write_csv(folder / "daerah.csv", r_cols, export.region_rows(catalog, personal))
    write_workbook(folder / "daerah.xlsx", r_cols, export.region_rows(catalog, personal), sheet="Daerah")
    return [folder / name for name in DOWNLOADS]


# --- Export of the data folder -------------------------------------------------------------------

def _practice_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "praktik").glob("*.yaml"))


def _digest(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def field_prints(data: dict[str, Any], cols: tuple[Column, ...]) -> list[str]:
    """One short hash per column of the value *as the sheet gives it back* (encoded to a cell and
    decoded again), so an untouched cell always hashes like the record it came from."""
    out = []
    for col in cols:
        value, _ = decode_cell(export.encode_cell(data.get(col.key), col), col)
        out.append(_digest(value))
    return out


def fingerprint(data: dict[str, Any], cols: tuple[Column, ...]) -> str:
    """The export's note of the record a row came from: `v1:` and one hash per column."""
    return "v1:" + ".".join(field_prints(data, cols))


def _read_fingerprint(text: Any, cols: tuple[Column, ...]) -> dict[str, str] | None:
    if not isinstance(text, str) or not text.startswith("v1:"):
        return None
    parts = text[3:].split(".")
    if len(parts) != len(cols) or not all(re.fullmatch(r"[0-9a-f]{8}", p) for p in parts):
        return None
    return {col.key: part for col, part in zip(cols, parts, strict=True)}


def export_practices(data_dir: Path, out: Path) -> tuple[int, list[Issue | ImportIssue]]:
    """Write every practice file's data (as written, not as defaulted) to `out`, each row with
    the fingerprint of the record it came from (hidden column FINGERPRINT_COLUMN)."""
    _, issues = load_catalog(data_dir)
    if issues:
        return 0, list(issues)
    cols = export.columns("praktik")
    rows: list[list[Any]] = []
    prints: list[str] = []
    problems: list[Issue | ImportIssue] = []
    for path in _practice_files(data_dir):
        doc, _ = read_yaml(path)
        assert doc is not None  # load_catalog just read it without issues
        row = export.row_of(doc.data, cols)
        for col, value in zip(cols, row, strict=True):
            if isinstance(value, str) and len(value) > EXCEL_CELL_MAX:
                problems.append(ImportIssue(str(path), None, col.key, f"teks kolom '{col.key}' terlalu panjang "
                                            f"untuk satu sel Excel ({len(value):,} karakter; batas "
                                            f"{EXCEL_CELL_MAX:,})."))
        rows.append(row)
        prints.append(fingerprint(doc.data, cols))
    if problems:
        return 0, problems
    write_workbook(out, cols, rows, fingerprints=prints)
    return len(rows), []


# --- Import ----------------------------------------------------------------------------------------

def _date_text(value: dt.date | dt.datetime) -> str:
    return (value.date() if isinstance(value, dt.datetime) else value).isoformat()


def _text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return _date_text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _integer(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in ("ya", "true", "benar", "1"):
            return True
        if word in ("tidak", "false", "salah", "0"):
            return False
    if isinstance(value, int) and not isinstance(value, bool) and value in (0, 1):
        return bool(value)
    return value


def _numbers(value: Any) -> Any:
    """'1, 3' (a list inside an object, e.g. a figure's source numbers) -> [1, 3]; '[1, 3]', as the
    numbers are written in the YAML files and in the text, is read the same way."""
    text = str(value).strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return [_integer(part.strip()) for part in re.split(r"[,;]", text) if part.strip()]


_CONVERT = {TEXT: _text, INTEGER: _integer, BOOLEAN: _boolean}
_IN_OBJECT = {**_CONVERT, LIST: _numbers}


def _lines(value: Any) -> list[str]:
    text = str(_text(value))
    return [line for line in text.split("\n") if line.strip()]


def decode_cell(value: Any, column: Column) -> tuple[Any, str | None]:
    """The record value of one cell (None when empty), or a problem with the cell's layout."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if column.kind in _CONVERT:
        return _CONVERT[column.kind](value), None
    if column.kind == LIST:
        return ["|".join(export.split_item(line)).strip() for line in _lines(value)], None
    objects = []
    for n, line in enumerate(_lines(value), 1):
        parts = [p.strip() for p in export.split_item(line)]
        if len(parts) > len(column.fields):
            names = " | ".join(name for name, _ in column.fields)
            return None, (f"baris ke-{n} dalam sel punya {len(parts)} bagian, padahal paling banyak "
                          f"{len(column.fields)} ({names}); tulis '\\|' bila teksnya memuat tanda '|'")
        obj = {name: _IN_OBJECT.get(kind, _text)(part)
               for (name, kind), part in zip(column.fields, parts, strict=False) if part}
        objects.append(obj)
    return objects, None


def _where(field: str) -> tuple[str, str]:
    """'sumber[0].url' -> ('sumber', ' (butir 1, url)')."""
    head = field.split("[", 1)[0].split(".", 1)[0]
    rest = field[len(head):]
    if not rest:
        return head, ""
    detail = []
    if rest.startswith("["):
        index, _, rest = rest[1:].partition("]")
        if index.isdigit():
            detail.append(f"butir {int(index) + 1}")
    if rest.strip("."):
        detail.append(rest.strip("."))
    return head, f" ({', '.join(detail)})" if detail else ""


@dataclass
class _Row:
    number: int
    data: dict[str, Any]
    base: dict[str, str] | None = None
    """Per column, the hash of the value at export time (None: the row has no fingerprint)."""
    sheet_prints: dict[str, str] = field(default_factory=dict)


class _Sheet:
    """The practice sheet's title and header columns, for `Praktik!C5` in messages."""

    def __init__(self, title: str, cols: dict[str, int]) -> None:
        self.title, self.cols = title, cols

    def issue(self, row: int | None, column: str | None, message: str) -> ImportIssue:
        return ImportIssue(self.title, row, column, message, "", self.cols.get(column or ""))


def _practice_header(value: Any) -> str | None:
    key = one_line(value)
    known = {c.key for c in export.columns("praktik")} | {FINGERPRINT_COLUMN}
    return key if key in known else None


def read_rows(path: Path) -> tuple[list[_Row], list[ImportIssue], _Sheet]:
    """Decode the practice sheet; problems of layout (headers, cells) are returned, not raised.

    The sheet is 'Praktik', or one renamed but recognised by its header row (id, judul, ...)."""
    book, issues = open_workbook(path)
    if book is None:
        return [], issues, _Sheet(SHEET, {})
    try:
        chosen = None
        for title in ([SHEET] if SHEET in book.titles else []) + [t for t in book.titles if t != SHEET]:
            sheet = book.sheet(title)
            header = find_header(sheet, _practice_header, minimum=3, required={"id"})
            if header is not None:
                chosen = (sheet, header)
                break
        if chosen is None:
            names = ", ".join(f"'{t}'" for t in book.titles)
            return [], [ImportIssue(WORKBOOK, None, None, f"Tidak ada lembar praktik (lembar '{SHEET}' atau "
                                    f"lembar dengan baris judul id, judul, daerah, ...); lembar yang ada: {names}.",
                                    "Pakai berkas dari 'kks export-practices' sebagai awal.")], _Sheet(SHEET, {})
        return _decode_sheet(*chosen)
    finally:
        book.close()


def _decode_sheet(sheet: Sheet, header: tuple[int, dict[str, int], dict[str, str]]
                  ) -> tuple[list[_Row], list[ImportIssue], _Sheet]:
    top, found, _ = header
    cols = {c.key: c for c in export.columns("praktik")}
    place = _Sheet(sheet.title, found)
    issues = []
    for c in sheet.columns(top):
        text = one_line(sheet.own(top, c))
        if c in found.values() or not text:
            continue
        message = (f"kolom '{text}' muncul dua kali; hapus salah satu" if _practice_header(text) else
                   f"judul kolom '{text}' tidak dikenal; kolom yang boleh: {', '.join(cols)}")
        issues.append(ImportIssue(sheet.title, top, text, message, "", c))
    issues += [place.issue(top, key, "kolom ini tidak ada di baris judul; jangan hapus kolom (biarkan "
                           "kosong bila tidak diisi)") for key in cols if key not in found]
    if issues:
        return [], issues, place
    ordered = tuple(cols.values())
    out = []
    for number in sheet.rows(top + 1):
        values, unreadable = sheet.fields(number, found)
        if unreadable:
            issues += unreadable
            continue
        if all(blank(v) for v in values.values()):
            continue
        data: dict[str, Any] = {}
        prints: dict[str, str] = {}
        for key, col in cols.items():  # schema order: the YAML file keeps the usual key order
            value, problem = decode_cell(values.get(key), col)
            if problem:
                issues.append(place.issue(number, key, problem))
            elif value is not None:
                data[key] = value
            prints[key] = _digest(value)
        out.append(_Row(number, data, _read_fingerprint(values.get(FINGERPRINT_COLUMN), ordered), prints))
    return out, issues, place


def _sheet_message(message: str, detail: str) -> str:
    """Schema messages speak YAML ("tambahkan 'x:'"); in a sheet the cell is simply empty."""
    if message.startswith("kolom wajib"):
        return "wajib diisi" + detail
    return message + detail


def _check_rows(place: _Sheet, rows: list[_Row], skip: set[tuple[int, str]]) -> tuple[list[ImportIssue], list[_Row]]:
    """Schema problems of every row (except cells already reported in `skip`) and the valid rows."""
    issues: list[ImportIssue] = []
    valid: list[_Row] = []
    seen: dict[str, int] = {}
    for row in rows:
        doc = YamlDoc(Path(f"{row.data.get('id', 'baris')}.yaml"), "lembar", row.data, {})
        problems = check_document(doc, "praktik")
        for problem in problems:
            column, detail = _where(problem.field)
            if (row.number, column) not in skip:
                issues.append(place.issue(row.number, column or None, _sheet_message(problem.message, detail)))
        rid = row.data.get("id")
        if isinstance(rid, str) and rid in seen:
            issues.append(place.issue(row.number, "id", f"id '{rid}' sudah dipakai di baris {seen[rid]}; "
                                      "satu praktik hanya boleh satu baris"))
            continue
        if isinstance(rid, str):
            seen[rid] = row.number
        if not problems and not any(n == row.number for n, _ in skip):
            valid.append(row)
    return issues, valid


@dataclass
class _Change:
    """What the import does to one practice file."""

    row: _Row
    path: Path
    record: dict[str, Any]
    """The record the file will hold."""
    text: str = ""
    fields: tuple[str, ...] = ()


def _plan(place: _Sheet, row: _Row, folder: Path, overwrite: bool
          ) -> tuple[_Change | None, list[ImportIssue], str | None]:
    """(change or None when nothing changes, problems, note) for one valid row.

    With a fingerprint, only the cells edited since the export are applied; a field that was
    also changed in the file since the export is a conflict (unless `overwrite`), and so is a
    record deleted since. Without one, the sheet's row is taken as it is for a new record, and
    for an existing record only with `overwrite` (nothing tells what changed since)."""
    cols = export.columns("praktik")
    rid = row.data["id"]
    path = folder / f"{rid}.yaml"
    old_doc = None
    if path.exists():
        old_doc, problems = read_yaml(path)
        if old_doc is None or problems:
            return None, [place.issue(row.number, "id", f"berkas {display_path(path)} tidak terbaca, jadi praktik "
                                      f"'{rid}' tidak bisa diperbarui; perbaiki berkasnya dulu (kks validate)")], None
    edited = [c.key for c in cols if row.base is not None and row.sheet_prints[c.key] != row.base[c.key]]
    if old_doc is None:
        if row.base is not None and not overwrite:
            if not edited:
                return None, [], f"praktik '{rid}' sudah dihapus sejak lembar ini diekspor; barisnya tidak dipakai."
            return None, [place.issue(row.number, "id", f"praktik '{rid}' sudah dihapus dari data sejak lembar ini "
                                      "diekspor, padahal barisnya diubah; pakai --timpa untuk membuatnya lagi dari "
                                      "lembar ini")], None
        return _Change(row, path, row.data, fields=tuple(row.data)), [], None
    old = old_doc.data
    now = dict(zip((c.key for c in cols), field_prints(old, cols), strict=True))
    if row.base is None or overwrite:
        apply = [c.key for c in cols if row.sheet_prints[c.key] != now[c.key]]
        if apply and row.base is None and not overwrite:
            return None, [place.issue(row.number, "id", f"baris ini tidak punya sidik ekspor, jadi tidak bisa "
                                      f"dipastikan praktik '{rid}' tidak berubah sejak lembar ini dibuat (kolom "
                                      f"berbeda: {', '.join(apply)}); ekspor ulang dengan 'kks export-practices' "
                                      "lalu ulangi suntingan, atau pakai --timpa untuk menimpa dengan isi "
                                      "lembar")], None
    else:
        apply = edited
        conflicts = [key for key in edited if now[key] != row.base[key] and now[key] != row.sheet_prints[key]]
        if conflicts:
            return None, [place.issue(row.number, key, f"praktik '{rid}' kolom '{key}' sudah diubah di "
                                      f"{display_path(path)} sejak lembar ini diekspor; impor ini akan menimpa "
                                      "perubahan itu. Ekspor ulang lalu ulangi suntingan, atau pakai --timpa")
                          for key in conflicts], None
    if not apply:
        return None, [], None
    record = {c.key: (row.data[c.key] if c.key in apply else old[c.key]) for c in cols
              if (c.key in row.data if c.key in apply else c.key in old)}
    record.update({k: v for k, v in old.items() if k not in record and k not in {c.key for c in cols}})
    return _Change(row, path, record, fields=tuple(apply)), [], None


def _render(change: _Change) -> str:
    """The new file text: only the changed fields of an existing file are touched."""
    if change.path.exists():
        doc, _ = read_yaml(change.path)
        assert doc is not None
        return edit_text(change.path.read_text(encoding="utf-8"), doc.data, change.record)
    return new_text(change.record)


def _cross_check(place: _Sheet, data_dir: Path, changes: list[_Change]) -> list[ImportIssue | Issue]:
    """load_catalog on a copy of the data folder with the new files in place."""
    by_file = {change.path.name: change for change in changes}
    with tempfile.TemporaryDirectory(prefix="kks-impor-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        (copy / "praktik").mkdir(exist_ok=True)
        for file, change in by_file.items():
            (copy / "praktik" / file).write_text(change.text, encoding="utf-8")
        _, problems = load_catalog(copy, documents_dir(data_dir))  # linked documents stay where they are
    out: list[ImportIssue | Issue] = []
    for problem in problems:
        path = Path(problem.path)
        change = by_file.get(path.name) if path.parent.name == "praktik" else None
        if change is not None:
            column, detail = _where(problem.field)
            out.append(place.issue(change.row.number, column or None, _sheet_message(problem.message, detail)))
        else:  # a problem in a file the sheet does not touch: name it as it is in the real folder
            shown = str(data_dir / path.relative_to(copy)) if path.is_relative_to(copy) else problem.path
            out.append(Issue(shown, problem.line, problem.field, problem.message))
    return out


def import_practices(path: Path, data_dir: Path, overwrite: bool = False) -> ImportResult:
    """Check every row, then write the new and changed practice files; nothing is written on error.

    Rows with schema problems are reported as such; the others are also cross-checked (region,
    indicators...) so that one run lists every problem of the sheet. An existing file changes
    only in the fields edited in the sheet (see `_plan`; `overwrite` is `--timpa`)."""
    rows, issues, place = read_rows(path)
    if not issues and not rows:
        issues = [ImportIssue(place.title, None, None, f"lembar '{place.title}' tidak berisi satu praktik pun")]
    skip = {(i.row, i.column or "") for i in issues if i.row is not None}
    more, valid = _check_rows(place, rows, skip)
    all_issues: list[ImportIssue | Issue] = [*issues, *more]
    folder = data_dir / "praktik"
    changes: list[_Change] = []
    notes: list[str] = []
    for row in valid:
        change, problems, note = _plan(place, row, folder, overwrite)
        all_issues += problems
        notes += [note] if note else []
        if change is not None:
            try:
                change.text = _render(change)
            except YamlEditError as err:
                all_issues.append(place.issue(row.number, None, f"berkas {display_path(change.path)} tidak bisa "
                                              f"disunting dengan aman ({err}); sunting berkasnya langsung"))
                continue
            changes.append(change)
    if changes:
        all_issues += _cross_check(place, data_dir, changes)
    if all_issues:
        order = sorted(all_issues, key=lambda i: (isinstance(i, Issue), getattr(i, "row", None) or 0))
        return ImportResult((), (), tuple(order), tuple(notes))
    _write_all(folder, changes)
    written = tuple(change.row.data["id"] for change in changes)
    unchanged = tuple(sorted({r.data["id"] for r in rows if "id" in r.data} - set(written)))
    return ImportResult(written, unchanged, (), tuple(notes),
                        tuple((change.row.data["id"], change.fields) for change in changes))


def _write_all(folder: Path, changes: list[_Change]) -> None:
    """Every file goes to a temporary name first; the renames happen only once all are written."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for change in changes:
            fd, tmp = staged_file(folder, ".impor-")
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(change.text)
            staged.append((str(tmp), change.path))
        replace_all([(Path(tmp), target) for tmp, target in staged])
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
