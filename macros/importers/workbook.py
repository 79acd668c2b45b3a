"""One reading layer for every workbook importer (instrument, assessment template and form, practices).

A workbook is read the way its author sees it, and at a cost that follows the cells holding values:

- Sheets are streamed (openpyxl's read-only parser): a styled empty cell at A1048576 or XFD1048576
  costs one XML element, not a million cells. Only cells that hold a value are kept.
- A formula cell whose result was never saved (written by a program, not by Excel) and a cell
  holding an Excel error (#REF!, #DIV/0! ...) are *unreadable*: `Sheet.own` returns None for them,
  but an importer reads through `Sheet.take`/`Sheet.fields`, which turn them into an ImportIssue
  naming the cell. An unreadable cell is never taken for an empty one.
- Merged cells: `own` gives a cell's own value (None below/right of a range's top-left cell),
  `shown` the value Excel shows over the whole range.
- Cells are named as Excel users name them: `'4 Pasar'!D14`.
- `.xls`, `.ods` and other files are refused with one Indonesian line naming the menu that saves
  them as `.xlsx`; no English library warning reaches the user.

Problems are ImportIssue values; `ImportIssue.format(file)` gives `BERKAS:Lembar!Sel: kolom: pesan`.
"""

from __future__ import annotations

import re
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.packaging.relationship import get_dependents, get_rels_path
from openpyxl.utils.cell import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

from ..core.issues import os_reason

WORKBOOK = "(buku kerja)"
"""`ImportIssue.sheet` for problems of the workbook as a whole."""
CSV_FILE = "(CSV)"
"""`ImportIssue.sheet` for problems in a CSV file (`row` is then the line number)."""

MAX_UNPACKED_BYTES = 400_000_000
"""A workbook whose parts unpack to more than this is refused (a zip bomb, or not a KKS form)."""
HEADER_SEARCH_ROWS = 30
"""Header rows are looked for among the first this many rows that hold values."""

SAVE_AS_XLSX = ("buka berkasnya lalu simpan ulang sebagai Buku Kerja Excel (.xlsx): di Excel "
                "File > Simpan Sebagai > 'Buku Kerja Excel (*.xlsx)'; di LibreOffice atau WPS Office "
                "Berkas/File > Simpan Sebagai > 'Excel 2007-365 (.xlsx)'")
REOPEN_FORMULA = "buka dan simpan ulang di Excel, atau tulis angkanya"


# ---------------------------------------------------------------------------------------------
# Issues


def _quoted(sheet: str) -> str:
    """A sheet name as Excel writes it in a reference: quoted when it is not a plain word."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.]*", sheet) and not re.fullmatch(r"[A-Za-z]{1,3}[0-9]+", sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_ref(sheet: str, row: int | None = None, col: int | None = None) -> str:
    """`'4 Pasar'!D14`; a whole row is `'4 Pasar'!14:14`, a whole sheet just its name."""
    if row is None:
        return _quoted(sheet)
    if col is None:
        return f"{_quoted(sheet)}!{row}:{row}"
    return f"{_quoted(sheet)}!{get_column_letter(col)}{row}"


@dataclass(frozen=True)
class ImportIssue:
    """One problem: where (sheet, row, column), what, and how to fix it.

    `sheet` is a sheet title, WORKBOOK for the file as a whole, CSV_FILE for a CSV file (then
    `row` is its line) or the path of a data file or folder the import would write. `column` is
    the column as the source names it (header text); `col` its 1-based position, which makes the
    cell reference.
    """

    sheet: str
    row: int | None
    column: str | None
    message: str
    hint: str = ""
    col: int | None = None

    @property
    def text(self) -> str:
        return f"{self.message} Saran: {self.hint}" if self.hint else self.message

    def format(self, file: str = "") -> str:
        """`BERKAS:Lembar!Sel: kolom: pesan` (CSV: `BERKAS:BARIS: kolom: pesan`)."""
        if self.sheet == CSV_FILE:
            column = self.column or ("(baris)" if self.row else "(berkas)")
            return f"{file}:{self.row or 1}: {column}: {self.text}"
        if self.sheet == WORKBOOK:
            return f"{file}: (buku kerja): {self.text}"
        if "/" in self.sheet or self.sheet.endswith((".yaml", ".yml")):  # a path: no sheet title has '/'
            return f"{self.sheet}:1: (berkas): {self.text}"
        where = cell_ref(self.sheet, self.row, self.col if self.row is not None else None)
        column = self.column or ("(baris)" if self.row is not None else "(lembar)")
        return f"{file}:{where}: {column}: {self.text}"


def print_issues(issues: list[ImportIssue], file: str, out: Any) -> None:
    """Every issue on its own line, then the count (the CLI's format for all importers)."""
    for issue in issues:
        print(issue.format(file), file=out)
    print(f"{len(issues)} kesalahan ditemukan; tidak ada berkas yang ditulis.", file=out)


# ---------------------------------------------------------------------------------------------
# Cell text helpers shared by the importers

_XML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")  # Excel's escape for control characters


def clean(value: Any) -> str:
    """Cell text with runs of spaces collapsed, lines trimmed and at most one blank line."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = _XML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0e-\x1f]", " ", text)
    text = re.sub(r"[^\S\n]+", " ", text)  # also NBSP, tab and the vertical tab Excel uses
    text = "\n".join(line.strip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def one_line(value: Any) -> str:
    return " ".join(clean(value).split())


def blank(value: Any) -> bool:
    return not clean(value)


def whole_number(value: Any) -> int | None:
    """A whole number from a cell (1, 1.0, "1", "1.", "75,0", "100,00"), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d{1,3})\s*(?:[.,]0*)?\s*", value)
        if match:
            return int(match.group(1))
    return None


def header_key(value: Any) -> str:
    """Header text normalised for matching: lower case, one space, no trailing dot or colon."""
    return re.sub(r"\s*/\s*", "/", one_line(value).lower()).strip(" .:")


# ---------------------------------------------------------------------------------------------
# Sheets


@dataclass(frozen=True)
class Unreadable:
    """Why a cell's value cannot be read."""

    reason: str


class _Parser(WorkSheetParser):
    """openpyxl's streaming sheet parser, keeping cached values *and* noting formula cells."""

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell = super().parse_cell(element)  # data_only=True: the saved result, or None
        formula = element.find(FORMULA_TAG)
        saved = element.find(VALUE_TAG)
        # No <v>, or an empty <v/> on a non-text formula (programs write that): no saved result.
        # Excel saves a formula whose result is "" as t="str" with an empty <v>: that is empty.
        if formula is not None and (saved is None or (not saved.text and element.get("t") != "str")):
            text = (formula.text or "").strip()
            shown = f" (={text})" if text and len(text) <= 40 else ""
            cell["value"] = Unreadable(f"berisi rumus{shown} tanpa nilai tersimpan")
        elif cell["data_type"] == "e":
            cell["value"] = Unreadable(f"berisi galat Excel {cell['value'] or ''}".rstrip())
        return cell


class Sheet:
    """The cells of one sheet that hold values, by 1-based (row, column), and its merged ranges."""

    def __init__(self, title: str, cells: dict[tuple[int, int], Any],
                 merged: list[tuple[int, int, int, int]], links: dict[tuple[int, int], str] | None = None) -> None:
        self.title = title
        self._cells = cells
        self._links = links or {}
        by_row: dict[int, list[int]] = {}
        for r, c in cells:
            by_row.setdefault(r, []).append(c)
        self._row_cols = {r: sorted(cs) for r, cs in by_row.items()}
        self._rows = sorted(by_row)
        # Merged ranges, indexed only by the rows that hold values: a range over a whole column
        # costs as much as the cells it covers, not the million rows it names (so `shown` is
        # answered for rows holding a value, the only rows importers read).
        self._merged_at: dict[int, list[tuple[int, int, int, int]]] = {}
        for rng in merged:
            start, stop = bisect_left(self._rows, rng[1]), bisect_right(self._rows, rng[3])
            for r in self._rows[start:stop]:
                self._merged_at.setdefault(r, []).append(rng)

    @classmethod
    def from_rows(cls, title: str, rows: list[list[Any]], merged: list[str] | None = None) -> Sheet:
        """A sheet from plain values (tests and the property test)."""
        cells = {(r, c): v for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1)
                 if v is not None and v != ""}
        return cls(title, cells, [range_boundaries(m) for m in merged or []])

    @property
    def height(self) -> int:
        """The last row holding a value (0 for an empty sheet)."""
        return self._rows[-1] if self._rows else 0

    def rows(self, start: int = 1, stop: int | None = None) -> list[int]:
        """Rows from `start` to `stop` (inclusive) holding at least one value, ascending."""
        lo = bisect_left(self._rows, start)
        hi = len(self._rows) if stop is None else bisect_right(self._rows, stop)
        return self._rows[lo:hi]

    def columns(self, r: int) -> list[int]:
        """Columns of row `r` holding a value, ascending."""
        return self._row_cols.get(r, [])

    def _covering(self, r: int, c: int) -> tuple[int, int] | None:
        """The top-left cell of the merged range covering (r, c) when that is another cell."""
        for min_col, min_row, max_col, max_row in self._merged_at.get(r, ()):
            if min_col <= c <= max_col and min_row <= r <= max_row and (r, c) != (min_row, min_col):
                return min_row, min_col
        return None

    def _raw(self, r: int, c: int) -> Any:
        if (r, c) not in self._cells or self._covering(r, c):
            return None
        return self._cells[(r, c)]

    def own(self, r: int, c: int) -> Any:
        """The cell's own value; None when empty, unreadable, or inside a merged range below/right
        of its top-left cell. Importers read through `take`, which reports unreadable cells."""
        value = self._raw(r, c)
        return None if isinstance(value, Unreadable) else value

    def shown(self, r: int, c: int) -> Any:
        """The value Excel shows: a merged range's value over the whole range."""
        top = self._covering(r, c)
        if top is None:
            return self.own(r, c)
        value = self._cells.get(top)
        return None if isinstance(value, Unreadable) else value

    def problem(self, r: int, c: int, merged: bool = False) -> str | None:
        """Why the cell (or with `merged`, the cell Excel shows there) cannot be read, else None."""
        top = self._covering(r, c) if merged else None
        value = self._cells.get(top) if top else self._raw(r, c)
        return value.reason if isinstance(value, Unreadable) else None

    def link(self, r: int, c: int) -> str | None:
        """The hyperlink target of a cell whose text is not the link itself ('Bukti' -> URL)."""
        return self._links.get((r, c))

    def ref(self, r: int, c: int | None = None) -> str:
        return cell_ref(self.title, r, c)

    def take(self, r: int, c: int, column: str, merged: bool = False) -> tuple[Any, ImportIssue | None]:
        """(value, None), or (None, issue naming the cell) when the cell cannot be read."""
        reason = self.problem(r, c, merged)
        if reason is None:
            return (self.shown(r, c) if merged else self.own(r, c)), None
        top = self._covering(r, c) if merged else None
        r0, c0 = top or (r, c)
        return None, ImportIssue(self.title, r0, column, f"Sel {get_column_letter(c0)}{r0} {reason}; nilainya "
                                 "tidak bisa dibaca.", REOPEN_FORMULA[:1].upper() + REOPEN_FORMULA[1:] + ".", c0)

    def fields(self, r: int, cols: dict[str, int], labels: dict[str, str] | None = None
               ) -> tuple[dict[str, Any], list[ImportIssue]]:
        """One row's values by field name, and an issue for every unreadable cell among them."""
        values: dict[str, Any] = {}
        issues: list[ImportIssue] = []
        for key, c in cols.items():
            value, issue = self.take(r, c, (labels or {}).get(key, key))
            values[key] = value
            issues += [issue] if issue else []
        return values, issues

    def texts(self, stop: int) -> list[str]:
        """Every non-empty cell text in the rows before `stop` (title rows), in reading order."""
        return [one_line(self.own(r, c)) for r in self.rows(1, stop - 1) for c in self.columns(r)
                if not blank(self.own(r, c))]


def find_header(sheet: Sheet, classify: Callable[[Any], tuple[str, int] | str | None], minimum: int,
                required: set[str] | None = None) -> tuple[int, dict[str, int], dict[str, str]] | None:
    """The header row among the first HEADER_SEARCH_ROWS rows holding values.

    `classify(cell value)` names the field a header cell stands for, optionally with a match
    quality (the best cell wins per field). The row naming the most fields (at least `minimum`,
    and all of `required`) wins. Returns (row, field -> column, field -> header text).
    """
    best: tuple[int, dict[str, int], dict[str, str]] | None = None
    for r in sheet.rows()[:HEADER_SEARCH_ROWS]:
        chosen: dict[str, tuple[int, int]] = {}
        for c in sheet.columns(r):
            value = sheet.own(r, c)
            found = classify(value) if isinstance(value, str) else None
            if found is None:
                continue
            key, quality = found if isinstance(found, tuple) else (found, 0)
            if key not in chosen or quality > chosen[key][1]:
                chosen[key] = (c, quality)
        if len(chosen) < minimum or (required and not required <= chosen.keys()):
            continue
        if best is None or len(chosen) > len(best[1]):
            cols = {key: c for key, (c, _) in chosen.items()}
            best = (r, cols, {key: one_line(sheet.own(r, c)) for key, c in cols.items()})
    return best


# ---------------------------------------------------------------------------------------------
# Recognising a tatanan sheet by its name, title rows and header


TATANAN_CODES = (*(f"T{k}" for k in range(1, 10)), "KL")
_TATANAN_NO = re.compile(r"\btatanan\s*(?:ke\s*)?[-–]?\s*(\d{1,2})\b", re.I)
_TATANAN_TITLE = re.compile(r"\btatanan\s*(?:ke\s*)?[-–]?\s*\d{1,2}\s*[:.\-–]\s*(.+)", re.I)
_LEADING_NO = re.compile(r"^\s*T?(\d)(?!\d)", re.I)  # sheet names such as "1 Sehat Mandiri" or "T1 ..."
KEYWORDS = {
    "T1": ("sehat mandiri", "masyarakat sehat"),
    "T2": ("permukiman", "perkim", "fasilitas umum", "fasum"),
    "T3": ("pendidikan", "sekolah"),
    "T4": ("pasar",),
    "T5": ("perkantoran", "perindustrian"),
    "T6": ("pariwisata",),
    "T7": ("transportasi", "lalu lintas", "lalin"),
    "T8": ("perlindungan sosial", "sosial"),
    "T9": ("bencana",),
    "KL": ("kelembagaan",),
}
"""Words that name a tatanan in a sheet's name or title, used when no number names it."""
_SMALL_WORDS = {"dan", "atau", "di", "ke", "dari", "yang", "untuk", "dengan", "pada", "serta"}


def title_case(text: str) -> str:
    """'PERMUKIMAN DAN FASILITAS UMUM' -> 'Permukiman dan Fasilitas Umum'; mixed case is kept."""
    if text != text.upper():
        return text
    words = text.lower().split()
    return " ".join(
        w if i and w in _SMALL_WORDS else "/".join(p[:1].upper() + p[1:] for p in w.split("/"))
        for i, w in enumerate(words)
    )


def _keyword_code(text: str) -> str | None:
    low = re.sub(r"\s+", " ", text.lower())
    hits = {code for code, words in KEYWORDS.items() if any(re.search(rf"\b{w}\b", low) for w in words)}
    return hits.pop() if len(hits) == 1 else None


def identify_tatanan(sheet_title: str, titles: list[str]) -> tuple[str | None, str, str | None]:
    """(code, name, problem) of a sheet from its name and the title/header texts above its table.

    A number ("Tatanan 4", "4 Pasar", "T4 ...") names the tatanan; without one, words do
    ("Pasar", "TATANAN PERLINDUNGAN SOSIAL"). The sheet name and the titles must agree: a sheet
    named "6 Pariwisata" above a table titled "TATANAN PASAR" is a problem, not a guess.
    """
    found: dict[str, str] = {}
    named = _TATANAN_NO.search(sheet_title) or _LEADING_NO.match(sheet_title)
    by_words = _keyword_code(sheet_title)
    if named or by_words:
        found["nama lembar"] = f"T{int(named.group(1))}" if named else str(by_words)
    name = ""
    for text in titles:
        number = _TATANAN_NO.search(text)
        if number:
            found.setdefault("judul", f"T{int(number.group(1))}")
            full = _TATANAN_TITLE.search(text)
            name = name or (title_case(one_line(full.group(1))) if full else "")
    if "judul" not in found:
        by_words = _keyword_code(" | ".join(titles))
        if by_words:
            found["judul"] = by_words
            heading = next((t for t in titles if re.match(r"^\s*tatanan\b", t, re.I)), "")
            name = title_case(one_line(re.sub(r"^\s*tatanan\s*", "", heading, flags=re.I)))
    codes = set(found.values())
    if len(codes) > 1:
        return None, "", (f"nama lembar menunjuk {_shown(found['nama lembar'])}, tetapi judul di atas tabel "
                          f"menunjuk {_shown(found['judul'])}")
    if not codes:
        return None, "", None
    code = codes.pop()
    if code not in TATANAN_CODES:
        return None, "", f"nomor tatanan {code[1:]} di luar 1–9"
    if code == "KL":
        return code, "Kelembagaan", None
    fallback = re.sub(r"^\s*(tatanan\s*)?T?\d+\s*[:.\-–]?\s*", "", sheet_title, flags=re.I).strip()
    return code, name or fallback or f"Tatanan {code[1:]}", None


def _shown(code: str) -> str:
    return "Kelembagaan" if code == "KL" else f"tatanan {code[1:]}"


# ---------------------------------------------------------------------------------------------
# Opening a workbook


def _refusal(path: Path) -> str | None:
    """Why `path` is not an .xlsx workbook we can read, judged by its content, or None."""
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        return "berkas tidak ditemukan; periksa nama dan letaknya"
    except OSError as err:
        return f"berkas tidak bisa dibaca ({os_reason(err)}); periksa izinnya"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ("berkas ini buku kerja Excel 97–2003 (.xls) atau buku kerja berkata sandi, yang tidak bisa "
                f"dibaca; {SAVE_AS_XLSX} (tanpa kata sandi)")
    if not head.startswith(b"PK"):
        kind = "berkas CSV atau teks" if path.suffix.lower() in (".csv", ".txt") or _looks_text(head) \
            else "bukan buku kerja"
        return f"{kind}, bukan buku kerja Excel (.xlsx); {SAVE_AS_XLSX}"
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and b"opendocument" in archive.read("mimetype")[:100]:
                return ("berkas ini lembar kerja OpenDocument (.ods, dari LibreOffice atau WPS Office), yang tidak "
                        f"bisa dibaca; {SAVE_AS_XLSX}")
            if not any(n.startswith("xl/") and n.endswith("workbook.xml") for n in names):
                return f"berkas ZIP ini bukan buku kerja Excel (.xlsx); {SAVE_AS_XLSX}"
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                return (f"isi buku kerja ini lebih dari {MAX_UNPACKED_BYTES // 1_000_000} MB setelah dibuka; "
                        "formulir KKS jauh lebih kecil. Hapus lembar yang tidak diperlukan lalu simpan ulang")
    except (zipfile.BadZipFile, OSError, EOFError):
        return f"berkas .xlsx ini rusak (arsip ZIP tidak utuh); {SAVE_AS_XLSX}"
    return None


def _looks_text(head: bytes) -> bool:
    return all(b >= 9 for b in head) or head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))


class Book:
    """An open workbook: sheet titles at once, each sheet's cells parsed when first asked for."""

    def __init__(self, path: Path, book: Any) -> None:
        self.path = path
        self._book = book
        self.titles: list[str] = [ws.title for ws in book.worksheets]
        self._sheets: dict[str, Sheet] = {}

    def sheet(self, title: str) -> Sheet:
        if title not in self._sheets:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl's notes on unsupported extensions are English
                self._sheets[title] = self._parse(self._book[title])
        return self._sheets[title]

    def sheets(self) -> Iterator[Sheet]:
        for title in self.titles:
            yield self.sheet(title)

    def _parse(self, ws: Any) -> Sheet:
        book = self._book
        cells: dict[tuple[int, int], Any] = {}
        with book._archive.open(ws._worksheet_path) as source:
            parser = _Parser(source, ws._shared_strings, data_only=True, epoch=book.epoch,
                             date_formats=book._date_formats, timedelta_formats=book._timedelta_formats)
            for _, row in parser.parse():
                for cell in row:
                    value = cell["value"]
                    if value is None or value == "":
                        continue  # an empty cell with only a style: it costs nothing more
                    if isinstance(value, time | timedelta):
                        value = str(value)
                    cells[(cell["row"], cell["column"])] = value
        merged = []
        if parser.merged_cells is not None:
            merged = [range_boundaries(m.ref) for m in parser.merged_cells.mergeCell if m.ref]
        return Sheet(ws.title, cells, merged, self._links(ws, parser, cells))

    def _links(self, ws: Any, parser: Any, cells: dict[tuple[int, int], Any]) -> dict[tuple[int, int], str]:
        """Hyperlink targets of cells whose text is not the target itself."""
        hyperlinks = [h for h in parser.hyperlinks.hyperlink if h.id]
        if not hyperlinks:
            return {}
        rels_path = get_rels_path(ws._worksheet_path)
        if rels_path not in self._book._archive.namelist():
            return {}
        rels = get_dependents(self._book._archive, rels_path)
        out = {}
        for link in hyperlinks:
            try:
                target = rels.get(link.id).Target
                min_col, min_row, _, _ = range_boundaries(link.ref)
            except (KeyError, ValueError, TypeError):
                continue
            text = cells.get((min_row, min_col))
            if target and (not isinstance(text, str) or text.strip() != target.strip()):
                out[(min_row, min_col)] = target
        return out

    def close(self) -> None:
        self._book.close()


def open_workbook(path: Path) -> tuple[Book | None, list[ImportIssue]]:
    """The workbook at `path`, or None and one issue saying in Indonesian why it can't be read."""
    refusal = _refusal(path)
    if refusal is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return Book(path, openpyxl.load_workbook(path, read_only=True, data_only=True)), []
        except Exception as err:  # openpyxl raises many kinds of errors for damaged files
            refusal = f"buku kerja ini rusak dan tidak bisa dibaca ({type(err).__name__}); {SAVE_AS_XLSX}"
    message, _, hint = refusal.partition("; ")
    return None, [ImportIssue(WORKBOOK, None, None, message[:1].upper() + message[1:] + ".",
                              (hint[:1].upper() + hint[1:] + ".") if hint else "")]
