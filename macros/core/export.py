"""Records as flat rows and plain dicts: downloads, the practice spreadsheet and the browser data.

Pure: no file access. Column order and the kind of every column come from the schema files, so a
field added to `praktik.schema.yaml` appears in the spreadsheet and the downloads by itself.

Cell encoding (one cell per field, editable in Excel and lossless for valid records):

- text: the text itself, line breaks kept;
- list of texts (tatanan, indikator, dasar_hukum): one item per line;
- list of objects (sumber, kontak, angka_hasil, dokumen): one object per line, its fields in
  schema order separated by `|`; empty fields stay empty, trailing empty fields may be left out;
  true/false fields are written `ya`/`tidak`; a list inside an object (the source numbers of a
  figure) is written `1, 3`;
- inside list items a line break is written `\\n`, a `|` as `\\|` and a backslash as `\\\\`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import compare
from .catalog import Catalog
from .records import Contact, Practice, Region, Source
from .schema import load_schemas, resolve_ref


class DownloadCsv(csv.excel):
    """The CSV downloads (unduh/*.csv): fields separated by `;`, quoted with `"` when needed,
    lines ending CRLF, written as UTF-8 with a byte-order mark.

    Excel opens a double-clicked CSV by splitting on the Windows list separator, which is `;`
    under Indonesian regional settings (`,` is the decimal comma there), so a comma file lands
    in one column. Excel also honours a first line `sep=;` in any locale, but with that line it
    ignores the UTF-8 BOM and reads the file as ANSI, which garbles every non-ASCII character
    (our data has ≥, –, — in many records) without a word; other tools would also read
    `sep=;` as a data row. So: `;` and the BOM, no `sep=` line. Excel under English settings
    shows one column (Data > From Text/CSV splits it, or use the .xlsx download), and other
    tools read it as CSV with delimiter `;` and encoding utf-8-sig (the Unduh page says so).
    """

    delimiter = ";"


DOWNLOAD_CSV_ENCODING = "utf-8-sig"
"""UTF-8 with a BOM: the mark Excel needs to read UTF-8 (without it, the ANSI code page)."""

TEXT, INTEGER, BOOLEAN, LIST, OBJECTS = "teks", "bilangan", "ya/tidak", "daftar", "daftar objek"
SEPARATOR = " | "
YES, NO = "ya", "tidak"


@dataclass(frozen=True)
class Column:
    """One column of a flat table: the record key, how its cell is encoded, and for lists of
    objects the fields of each object (name, kind) in order."""

    key: str
    kind: str
    description: str
    fields: tuple[tuple[str, str], ...] = ()
    required: bool = False


def _kind(schema: dict[str, Any], base: str) -> str:
    resolved, base = resolve_ref(schema, base)
    kind = resolved.get("type")
    if kind == "integer":
        return INTEGER
    if kind == "boolean":
        return BOOLEAN
    if kind == "array":
        items, _ = resolve_ref(resolved["items"], base)
        return OBJECTS if items.get("type") == "object" else LIST
    return TEXT


def _description(schema: dict[str, Any], base: str) -> str:
    """A field's own description, else the one of the definition it refers to."""
    if schema.get("description"):
        return " ".join(str(schema["description"]).split())
    resolved, _ = resolve_ref(schema, base)
    return " ".join(str(resolved.get("description", "")).split())


def columns(schema_id: str) -> tuple[Column, ...]:
    """The columns of a record kind, in the order of its schema's properties."""
    root = load_schemas()[schema_id]
    required = set(root.get("required", []))
    out = []
    for key, prop in root["properties"].items():
        kind = _kind(prop, schema_id)
        fields: tuple[tuple[str, str], ...] = ()
        if kind == OBJECTS:
            array, base = resolve_ref(prop, schema_id)
            items, base = resolve_ref(array["items"], base)
            fields = tuple((name, _kind(sub, base)) for name, sub in items["properties"].items())
        out.append(Column(key, kind, _description(prop, schema_id), fields, key in required))
    return tuple(out)


def field_descriptions(schema_id: str, key: str) -> list[tuple[str, str]]:
    """(field, description) of the objects in list column `key`, for templates and help sheets."""
    root = load_schemas()[schema_id]
    array, base = resolve_ref(root["properties"][key], schema_id)
    items, base = resolve_ref(array["items"], base)
    req = set(items.get("required", []))
    return [(name, _description(sub, base) + (" (wajib)" if name in req else ""))
            for name, sub in items["properties"].items()]


# --- Cell encoding -------------------------------------------------------------------------------

def escape_item(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "\n").replace("\n", "\\n")


def split_item(line: str) -> list[str]:
    """Split one line at unescaped `|` and undo the escapes; a lone backslash stays as typed."""
    parts: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(line):
        ch = line[i]
        nxt = line[i + 1] if i + 1 < len(line) else ""
        if ch == "\\" and nxt in ("\\", "|", "n"):
            current.append("\n" if nxt == "n" else nxt)
            i += 2
            continue
        if ch == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _scalar_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == BOOLEAN or isinstance(value, bool):
        return YES if value else NO
    if kind == LIST or isinstance(value, list):  # e.g. the source numbers of a figure: "1, 3"
        return ", ".join(str(v) for v in value)
    return str(value)


def encode_cell(value: Any, column: Column) -> Any:
    """The cell value for `value` (None for an absent field); numbers stay numbers."""
    if value is None:
        return None
    if column.kind in (TEXT, INTEGER):
        return value
    if column.kind == BOOLEAN:
        return bool(value)
    if not value:
        return None
    if column.kind == LIST:
        return "\n".join(escape_item(str(v)) for v in value)
    lines = []
    for obj in value:
        parts = [escape_item(_scalar_text(obj.get(name), kind)) for name, kind in column.fields]
        while parts and not parts[-1]:
            parts.pop()
        lines.append(SEPARATOR.join(parts))
    return "\n".join(lines)


def row_of(data: dict[str, Any], cols: tuple[Column, ...]) -> list[Any]:
    return [encode_cell(data.get(c.key), c) for c in cols]


# --- Records as dicts (the JSON downloads; keys as in the YAML files) ---------------------------

def _source(s: Source) -> dict[str, Any]:
    return {"url": s.url, "judul": s.title, "penerbit": s.publisher, "tanggal": s.date, "diakses": s.accessed}


def _contact(c: Contact, personal: bool) -> dict[str, Any]:
    # Phone and e-mail leave the site only when published by their owner (validation enforces it
    # too), and never in an edition published without contacts (`personal` false).
    show = c.public and personal
    return {"peran": c.role, "unit": c.unit, "telepon": c.phone if show else None,
            "email": c.email if show else None, "publik": c.public}


def practice_dict(p: Practice, personal: bool = True) -> dict[str, Any]:
    return {
        "id": p.id, "judul": p.title, "daerah": p.region, "edisi": p.edition, "tatanan": list(p.tatanan),
        "indikator": list(p.indicators), "mulai": p.start, "status": p.status, "ringkasan": p.summary,
        "masalah": p.problem, "langkah": p.steps, "hasil": p.results,
        "angka_hasil": [{"ukuran": f.measure, "nilai": f.value, "tahun": f.year, "sumber": list(f.cites)}
                        for f in p.figures],
        "biaya": p.cost, "pelaku": p.actors, "dasar_hukum": list(p.legal_basis),
        "keberlanjutan": p.sustainability, "syarat_replikasi": p.replication, "pelajaran": p.lessons,
        "kontak": [_contact(c, personal) for c in p.contacts],
        "dokumen": [{"judul": d.title, "url": d.url, "berkas": d.file, "jenis": d.kind} for d in p.documents],
        "sumber": [_source(s) for s in p.sources], "keyakinan": p.confidence,
        "terakhir_diverifikasi": p.verified, "contoh": p.example,
    }


def region_dict(r: Region, personal: bool = True) -> dict[str, Any]:
    place = r.place
    return {
        "id": r.id, "nama": r.name, "jenis": r.kind, "provinsi": r.province,
        "kode_kemendagri": r.kemendagri_code,
        "pulau": place.island if place else None, "penduduk": place.population if place else None,
        "luas_km2": place.area_km2 if place else None, "lintang": place.lat if place else None,
        "bujur": place.lon if place else None, "peran": r.role, "ringkasan": r.summary,
        "riwayat_kks": [{"tahun": h.year, "predikat": h.predicate, "keterangan": h.note,
                         "keyakinan": h.confidence, "sumber": [_source(s) for s in h.sources]}
                        for h in r.history],
        "jejaring": [{"nama": n.name, "status": n.status, "tahun": n.year, "keyakinan": n.confidence,
                      "sumber": [_source(s) for s in n.sources]} for n in r.networks],
        "kontak": [_contact(c, personal) for c in r.contacts], "catatan": r.note,
        "sumber": [_source(s) for s in r.sources], "contoh": r.example,
    }


def _flat(value: Any) -> Any:
    """Nested lists of sources inside a region's history become their URLs (the JSON has all)."""
    if isinstance(value, list):
        return " ; ".join(s["url"] for s in value if isinstance(s, dict) and "url" in s)
    return value


def region_row(data: dict[str, Any], cols: tuple[Column, ...]) -> list[Any]:
    flat = dict(data)
    for c in cols:
        if c.kind == OBJECTS and flat.get(c.key):
            flat[c.key] = [{k: _flat(v) for k, v in obj.items()} for obj in flat[c.key]]
    return row_of(flat, cols)


def practice_rows(catalog: Catalog, personal: bool = True) -> Iterator[list[Any]]:
    cols = columns("praktik")
    for p in catalog.sorted_practices:
        yield row_of(practice_dict(p, personal), cols)


REGION_REGISTER_COLUMNS = (
    Column("pulau", TEXT, "Kelompok pulau besar (dari register)."),
    Column("penduduk", INTEGER, "Jumlah penduduk menurut register."),
    Column("luas_km2", TEXT, "Luas wilayah (km²) menurut register."),
    Column("lintang", TEXT, "Lintang titik tengah (derajat desimal)."),
    Column("bujur", TEXT, "Bujur titik tengah (derajat desimal)."),
)
"""Register fields in region downloads, after the profile's own columns."""


def region_columns() -> tuple[Column, ...]:
    """Columns of the region downloads: the profile schema's fields, then the register's."""
    return columns("daerah") + REGION_REGISTER_COLUMNS


def region_rows(catalog: Catalog, personal: bool = True) -> Iterator[list[Any]]:
    cols = region_columns()
    for r in catalog.sorted_regions:
        yield region_row(region_dict(r, personal), cols)


# --- Data for the browser (compact arrays: the files grow linearly with the catalog) -----------

_STATUS = {"berjalan": 0, "berhenti": 1}
_CONFIDENCE = {"tinggi": 0, "sedang": 1, "rendah": 2}


def practice_index(catalog: Catalog) -> dict[str, Any]:
    """Every practice in a few fields, for the filter on the practice list.

    `daerah`: [id, nama, provinsi]; `praktik`: [id, judul, index daerah, tatanan (list),
    status (0 berjalan, 1 berhenti), keyakinan (0 tinggi, 1 sedang, 2 rendah), contoh (0/1)].
    """
    region_ids = [r.id for r in catalog.sorted_regions]
    where = {rid: i for i, rid in enumerate(region_ids)}
    regions = [[r.id, r.name, r.province] for r in catalog.sorted_regions]
    practices = [[p.id, p.title, where[p.region], list(p.tatanan), _STATUS.get(p.status, 0),
                  _CONFIDENCE.get(p.confidence, 2), int(p.example)] for p in catalog.sorted_practices]
    return {"daerah": regions, "praktik": practices}


def compare_data(catalog: Catalog) -> dict[str, Any]:
    """The compare page's data: the framework, every region with its known scores, and the
    practices of the newest edition with their tatanan and indicators.

    `tatanan`: [kode, nama, [[kode indikator, nama], ...]]; `daerah`: [id, nama, provinsi, peran,
    contoh (0/1), {kode indikator: nilai}]; `praktik`: [id, judul, index daerah, tatanan (list),
    indikator (list), contoh (0/1)].
    """
    edition = catalog.edition
    scores = compare.known_scores(catalog, edition.year)
    groups = [[g.code, g.name, [[i.code, i.name] for i in g.indicators]] for g in edition.groups]
    sorted_regions = sorted(catalog.regions.values(), key=lambda r: (r.name.casefold(), r.id))
    where = {r.id: i for i, r in enumerate(sorted_regions)}
    regions = [[r.id, r.name, r.province, r.role, int(r.example), scores.get(r.id, {})] for r in sorted_regions]
    practices = [[p.id, p.title, where[p.region], list(p.tatanan), list(p.indicators), int(p.example)]
                 for p in catalog.sorted_practices if p.edition == edition.year]
    return {"edisi": edition.year, "tatanan": groups, "daerah": regions, "praktik": practices}
