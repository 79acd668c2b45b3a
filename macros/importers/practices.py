"""Practices as a spreadsheet (one row per case study) and the site's download files.

`export_practices` writes every data/praktik/*.yaml into a workbook whose sheet "Praktik" has one
column per schema field and whose sheet "Petunjuk" explains each column and the cell encoding
(see macros/core/export.py). `import_practices` reads such a workbook back: every row is decoded,
schema-checked and cross-checked on a temporary copy of the data folder before anything is
written; then only the files whose record changed are replaced (a plain export followed by an
import writes nothing). Rows are added or updated; practices missing from the sheet are kept.

`write_downloads` writes the CSV, XLSX and JSON downloads of the built site with the same columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from ..core import export
from ..core.catalog import Catalog
from ..core.checks import documents_dir
from ..core.export import BOOLEAN, INTEGER, LIST, OBJECTS, TEXT, Column
from ..core.issues import Issue
from ..core.load import load_catalog
from ..core.records import Practice
from ..core.schema import check_document
from ..core.yamlio import YamlDoc, dump_yaml, read_yaml
from ..filewrite import replace_all

SHEET = "Praktik"
HELP_SHEET = "Petunjuk"
EXCEL_CELL_MAX = 32_767
"""Excel keeps at most this many characters in a cell."""


@dataclass(frozen=True)
class RowIssue:
    """One problem in the workbook: file, row (None for the whole sheet), column and message."""

    file: str
    row: int | None
    column: str | None
    message: str

    def format(self) -> str:
        where = ([f"baris {self.row}"] if self.row is not None else []) + \
            ([f"kolom '{self.column}'"] if self.column else [])
        return ": ".join([self.file, ", ".join(where), self.message] if where else [self.file, self.message])


@dataclass(frozen=True)
class ImportResult:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    issues: tuple[RowIssue | Issue, ...]


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
            "berkas yang ditulis. Praktik yang tidak ada di lembar ini tidak dihapus."] if practices else []),
    ):
        yield ["", "", "", line]


def write_workbook(path: Path, cols: tuple[Column, ...], rows: Iterable[list[Any]],
                   sheet: str = SHEET) -> None:
    """Write a workbook (streamed, so tens of thousands of rows stay cheap) to `path` atomically."""
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.freeze_panes = "B2"
    header = []
    for c in cols:
        cell = WriteOnlyCell(ws, value=c.key)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_text_cell(ws, v) for v in row])
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


def _readable(tmp: str) -> None:
    """mkstemp makes owner-only files; published and data files are for everyone to read."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)


def _atomic(path: Path, save: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    _readable(tmp)
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
    p_cols, r_cols = export.columns("praktik"), export.columns("daerah")
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


def export_practices(data_dir: Path, out: Path) -> tuple[int, list[Issue | RowIssue]]:
    """Write every practice file's data (as written, not as defaulted) to `out`."""
    _, issues = load_catalog(data_dir)
    if issues:
        return 0, list(issues)
    cols = export.columns("praktik")
    rows: list[list[Any]] = []
    problems: list[Issue | RowIssue] = []
    for path in _practice_files(data_dir):
        doc, _ = read_yaml(path)
        assert doc is not None  # load_catalog just read it without issues
        row = export.row_of(doc.data, cols)
        for col, value in zip(cols, row, strict=True):
            if isinstance(value, str) and len(value) > EXCEL_CELL_MAX:
                problems.append(RowIssue(path.name, None, col.key, f"teks terlalu panjang untuk satu sel "
                                         f"Excel ({len(value):,} karakter; batas {EXCEL_CELL_MAX:,})"))
        rows.append(row)
    if problems:
        return 0, problems
    write_workbook(out, cols, rows)
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


_CONVERT = {TEXT: _text, INTEGER: _integer, BOOLEAN: _boolean}


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
        obj = {name: _CONVERT.get(kind, _text)(part)
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


def read_rows(path: Path) -> tuple[list[_Row], list[RowIssue]]:
    """Decode the sheet 'Praktik'; problems of layout (headers, cells) are returned, not raised."""
    name = path.name
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        return [], [RowIssue(name, None, None, "berkas tidak ditemukan; periksa nama dan foldernya")]
    except Exception as err:  # openpyxl raises many kinds for a file that is not a workbook
        # The library's own text is English and means nothing to a contributor; the type is enough.
        return [], [RowIssue(name, None, None, "bukan buku kerja Excel (.xlsx) yang bisa dibaca "
                             f"({type(err).__name__}); buka di Excel lalu simpan ulang sebagai .xlsx")]
    try:
        sheet = wb[SHEET] if SHEET in wb.sheetnames else None
        if sheet is None:
            return [], [RowIssue(name, None, None, f"lembar '{SHEET}' tidak ada; pakai berkas dari "
                                 "'kks export-practices' sebagai awal")]
        return _decode_sheet(name, sheet.iter_rows(values_only=True))
    finally:
        wb.close()


def _decode_sheet(name: str, rows: Iterator[tuple[Any, ...]]) -> tuple[list[_Row], list[RowIssue]]:
    cols = {c.key: c for c in export.columns("praktik")}
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    issues = [RowIssue(name, 1, h, f"judul kolom '{h}' tidak dikenal; kolom yang boleh: {', '.join(cols)}")
              for h in header if h and h not in cols]
    issues += [RowIssue(name, 1, key, "kolom ini tidak ada di baris judul; jangan hapus kolom (biarkan "
                        "kosong bila tidak diisi)") for key in cols if key not in header]
    if issues:
        return [], issues
    out = []
    for number, values in enumerate(rows, 2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        data: dict[str, Any] = {}
        cells = dict(zip(header, values, strict=False))
        for key, col in cols.items():  # schema order: the YAML file keeps the usual key order
            value, problem = decode_cell(cells.get(key), col)
            if problem:
                issues.append(RowIssue(name, number, key, problem))
            elif value is not None:
                data[key] = value
        out.append(_Row(number, data))
    return out, issues


def _sheet_message(message: str, detail: str) -> str:
    """Schema messages speak YAML ("tambahkan 'x:'"); in a sheet the cell is simply empty."""
    if message.startswith("kolom wajib"):
        return "wajib diisi" + detail
    return message + detail


def _check_rows(name: str, rows: list[_Row], skip: set[tuple[int, str]]) -> tuple[list[RowIssue], list[_Row]]:
    """Schema problems of every row (except cells already reported in `skip`) and the valid rows."""
    issues: list[RowIssue] = []
    valid: list[_Row] = []
    seen: dict[str, int] = {}
    for row in rows:
        doc = YamlDoc(Path(f"{row.data.get('id', 'baris')}.yaml"), name, row.data, {})
        problems = check_document(doc, "praktik")
        for problem in problems:
            column, detail = _where(problem.field)
            if (row.number, column) not in skip:
                issues.append(RowIssue(name, row.number, column or None, _sheet_message(problem.message, detail)))
        rid = row.data.get("id")
        if isinstance(rid, str) and rid in seen:
            issues.append(RowIssue(name, row.number, "id", f"id '{rid}' sudah dipakai di baris {seen[rid]}; "
                                   "satu praktik hanya boleh satu baris"))
            continue
        if isinstance(rid, str):
            seen[rid] = row.number
        if not problems and not any(n == row.number for n, _ in skip):
            valid.append(row)
    return issues, valid


def _same_record(path: Path, data: dict[str, Any]) -> bool:
    """Whether the existing file already holds this record (then it is left untouched)."""
    if not path.exists():
        return False
    doc, problems = read_yaml(path)
    if doc is None or problems or check_document(doc, "praktik"):
        return False
    return Practice.from_yaml(doc.data, 0) == Practice.from_yaml(data, 0)


def _cross_check(name: str, data_dir: Path, changed: list[_Row]) -> list[RowIssue | Issue]:
    """load_catalog on a copy of the data folder with the new files in place."""
    by_file = {f"{row.data['id']}.yaml": row for row in changed}
    with tempfile.TemporaryDirectory(prefix="kks-impor-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data_dir, copy)
        (copy / "praktik").mkdir(exist_ok=True)
        for file, row in by_file.items():
            (copy / "praktik" / file).write_text(dump_yaml(row.data), encoding="utf-8")
        _, problems = load_catalog(copy, documents_dir(data_dir))  # linked documents stay where they are
    out: list[RowIssue | Issue] = []
    for problem in problems:
        path = Path(problem.path)
        row = by_file.get(path.name) if path.parent.name == "praktik" else None
        if row is not None:
            column, detail = _where(problem.field)
            out.append(RowIssue(name, row.number, column or None, _sheet_message(problem.message, detail)))
        else:  # a problem in a file the sheet does not touch: name it as it is in the real folder
            shown = str(data_dir / path.relative_to(copy)) if path.is_relative_to(copy) else problem.path
            out.append(Issue(shown, problem.line, problem.field, problem.message))
    return out


def import_practices(path: Path, data_dir: Path) -> ImportResult:
    """Check every row, then write the new and changed practice files; nothing is written on error.

    Rows with schema problems are reported as such; the others are also cross-checked (region,
    indicators...) so that one run lists every problem of the sheet."""
    name = path.name
    rows, issues = read_rows(path)
    if not issues and not rows:
        issues = [RowIssue(name, None, None, f"lembar '{SHEET}' tidak berisi satu praktik pun")]
    skip = {(i.row, i.column or "") for i in issues if i.row is not None}
    more, valid = _check_rows(name, rows, skip)
    all_issues: list[RowIssue | Issue] = [*issues, *more]
    folder = data_dir / "praktik"
    changed = [r for r in valid if not _same_record(folder / f"{r.data['id']}.yaml", r.data)]
    if changed:
        all_issues += _cross_check(name, data_dir, changed)
    if all_issues:
        order = sorted(all_issues, key=lambda i: (isinstance(i, Issue), getattr(i, "row", None) or 0))
        return ImportResult((), (), tuple(order))
    _write_all(folder, changed)
    written = tuple(r.data["id"] for r in changed)
    unchanged = tuple(sorted({r.data["id"] for r in rows} - set(written)))
    return ImportResult(written, unchanged, ())


def _write_all(folder: Path, rows: list[_Row]) -> None:
    """Every file goes to a temporary name first; the renames happen only once all are written."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for row in rows:
            fd, tmp = tempfile.mkstemp(prefix=".impor-", suffix=".tmp", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(dump_yaml(row.data))
            _readable(tmp)
            staged.append((tmp, folder / f"{row.data['id']}.yaml"))
        replace_all([(Path(tmp), target) for tmp, target in staged])
    finally:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
