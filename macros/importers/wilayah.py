"""Build the national register of kabupaten/kota (data/wilayah/kabupaten-kota.yaml).

Three public CSV files (see ../shared/wilayah/README.md) are joined:

- `kemendagri-2025-kabkota.csv`: codes and names as in Kepmendagri No. 300.2.2-2138 Tahun 2025,
  population and area (the reference for codes and names);
- `kabkota-bps-lintang-bujur.csv`: a centre coordinate per region, keyed by the **BPS** code,
  which is not Kemendagri's (11.01 is Simeulue there, Aceh Selatan in Kemendagri's list);
- `kabkota-bps-kemendagri-2022.csv`: BPS code ↔ Kemendagri code (2022).

Coordinates are joined by name and kind (kabupaten/kota). Where the 2022 code table also
links the two codes, both joins must name the same row; where a region was renamed since the
coordinate file was made, RENAMED says which old name it had. Any region left without exactly
one coordinate, or a disagreement between the joins, is an error: nothing is written.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.issues import Issue, display_path
from ..core.yamlio import dump_yaml
from ..filewrite import replace_all

REGISTER_FILE = Path("wilayah") / "kabupaten-kota.yaml"
"""Where the register lives inside the data folder."""

KEMENDAGRI_CSV = "kemendagri-2025-kabkota.csv"
COORDINATES_CSV = "kabkota-bps-lintang-bujur.csv"
CODE_TABLE_CSV = "kabkota-bps-kemendagri-2022.csv"

ISLAND_OF_PROVINCE = {
    **dict.fromkeys(("11", "12", "13", "14", "15", "16", "17", "18", "19", "21"), "Sumatera"),
    **dict.fromkeys(("31", "32", "33", "34", "35", "36"), "Jawa"),
    **dict.fromkeys(("51", "52", "53"), "Bali dan Nusa Tenggara"),
    **dict.fromkeys(("61", "62", "63", "64", "65"), "Kalimantan"),
    **dict.fromkeys(("71", "72", "73", "74", "75", "76"), "Sulawesi"),
    **dict.fromkeys(("81", "82"), "Maluku"),
    **dict.fromkeys(("91", "92", "93", "94", "95", "96"), "Papua"),
}
"""Island group of each province code (Kepulauan Riau and Bangka Belitung with Sumatera)."""

RENAMED = {
    ("kabupaten", "TOBA"): "TOBASAMOSIR",  # renamed from Toba Samosir (PP 2020)
    ("kota", "PADANGSIDIMPUAN"): "PADANGSIDEMPUAN",  # spelling in the coordinate file
    ("kabupaten", "MAHAKAMULU"): "MAHAKAMHULU",  # spelling in the coordinate file
    ("kabupaten", "KEPULAUANSIAUTAGULANDANGBIARO"): "SIAUTAGULANDANGBIARO",
    ("kabupaten", "PASANGKAYU"): "MAMUJUUTARA",  # renamed from Mamuju Utara (2017)
    ("kabupaten", "KEPULAUANTANIMBAR"): "MALUKUTENGGARABARAT",  # renamed from Maluku Tenggara Barat (2019)
}
"""(kind, current name) -> the name the coordinate file still uses, normalised (see _name_key)."""

SOURCES = [
    {"url": "https://github.com/cahyadsn/wilayah", "judul": "Kode dan data wilayah administrasi Indonesia "
     "(Kepmendagri No. 300.2.2-2138 Tahun 2025): db/wilayah.sql, wilayah_penduduk.sql, wilayah_luas.sql "
     "(luas dari perhitungan BIG 2024; berkas bertanggal Juli 2025)",
     "penerbit": "cahyadsn/wilayah (GitHub, lisensi MIT)", "diakses": "2026-11-30"},
    {"url": "https://github.com/D1msky/nusantara-shipping", "judul": "Titik tengah kabupaten/kota "
     "(data/regencies.php, kode BPS)", "penerbit": "D1msky/nusantara-shipping (GitHub)", "diakses": "2026-11-30"},
    {"url": "https://github.com/zakiego/Kode-Wilayah-Indonesia-BPS-Kemendagri", "judul": "Padanan kode wilayah "
     "BPS dan Kemendagri (2022)", "penerbit": "zakiego/Kode-Wilayah-Indonesia-BPS-Kemendagri (GitHub)",
     "diakses": "2026-11-30"},
]

NOTE = (
    "Ditulis oleh `kks import-wilayah` dari tiga berkas publik (lihat sumber): kode, nama, penduduk "
    "dan luas dari data Kepmendagri 2025; titik tengah dari berkas berkode BPS, dipadankan menurut "
    "nama dan jenis lalu dicocokkan dengan tabel padanan kode 2022. Titik tengah cukup untuk jarak "
    "dan peta nasional, bukan untuk skala jalan. Jangan disunting tangan: perbaiki sumbernya lalu "
    "impor ulang."
)


@dataclass(frozen=True)
class _Row:
    line: int
    values: dict[str, str]


def _name_key(name: str) -> str:
    """'Kabupaten Kep. Siau Tagulandang Biaro' -> 'KEPULAUANSIAUTAGULANDANGBIARO'."""
    s = name.upper().strip()
    s = re.sub(r"^(KABUPATEN|KAB\.|KOTA)\s+(ADMINISTRASI\s+|ADM\.\s+)?", "", s)
    s = re.sub(r"\bKEP\.\s*", "KEPULAUAN ", s)
    return re.sub(r"[^A-Z0-9]", "", s)


def region_id(name: str, kind: str) -> str:
    """Register id from the official name: 'Kabupaten Tana Toraja' -> 'kab-tana-toraja'."""
    base = re.sub(r"^(Kabupaten|Kota)( Administrasi)? ", "", name.strip())
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")
    return f"{'kab' if kind == 'kabupaten' else 'kota'}-{slug}"


def _read_csv(path: Path, columns: tuple[str, ...], issues: list[Issue]) -> list[_Row]:
    shown = display_path(path)
    if not path.is_file():
        issues.append(Issue(shown, 1, "", "berkas tidak ditemukan"))
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            issues.append(Issue(shown, 1, ", ".join(missing), "kolom tidak ada di baris judul"))
            return []
        return [_Row(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k})
                for row in reader]


def _number(row: _Row, column: str, shown: str, issues: list[Issue], kind: type = float) -> Any:
    try:
        return kind(row.values[column])
    except ValueError:
        issues.append(Issue(shown, row.line, column, f"'{row.values[column]}' bukan angka"))
        return None


def build_register(folder: Path) -> tuple[dict[str, Any] | None, list[Issue]]:
    """The register document (as written to YAML) from the three CSV files in `folder`.

    Returns (document, []) or (None, issues): every problem is collected before giving up.
    """
    issues: list[Issue] = []
    kemendagri = _read_csv(folder / KEMENDAGRI_CSV, ("kode", "nama", "tingkat", "penduduk", "luas_km2"), issues)
    coords = _read_csv(folder / COORDINATES_CSV, ("kode", "nama", "lintang", "bujur"), issues)
    table = _read_csv(folder / CODE_TABLE_CSV, ("kode_bps", "kode_dagri", "nama_dagri"), issues)
    if issues:
        return None, issues
    k_shown, c_shown = display_path(folder / KEMENDAGRI_CSV), display_path(folder / COORDINATES_CSV)

    by_name: dict[tuple[str, str], list[_Row]] = {}
    by_bps: dict[str, _Row] = {}
    for row in coords:
        kind = "kota" if row.values["nama"].upper().startswith("KOTA") else "kabupaten"
        by_name.setdefault((kind, _name_key(row.values["nama"])), []).append(row)
        by_bps[row.values["kode"].replace(".", "")] = row
    code_table = {r.values["kode_dagri"]: r.values for r in table}

    provinces: list[dict[str, Any]] = []
    regions: list[dict[str, Any]] = []
    used: dict[int, str] = {}
    for row in kemendagri:
        v = row.values
        code, name, level = v["kode"], v["nama"].strip(), v["tingkat"]
        if level == "provinsi":
            island = ISLAND_OF_PROVINCE.get(code)
            if island is None:
                issues.append(Issue(k_shown, row.line, "kode", f"provinsi {code} tidak punya kelompok pulau"))
                continue
            provinces.append({"kode": code, "nama": name, "pulau": island})
            continue
        if level not in ("kabupaten", "kota") or not re.fullmatch(r"\d{2}\.\d{2}", code):
            issues.append(Issue(k_shown, row.line, "tingkat", f"baris '{code} {name}' bukan kabupaten/kota"))
            continue
        key = (level, _name_key(name))
        candidates = by_name.get((level, RENAMED.get(key, key[1])), [])
        if len(candidates) != 1:
            issues.append(Issue(k_shown, row.line, "nama", f"{name}: {len(candidates)} baris cocok di "
                                f"{COORDINATES_CSV} (harus tepat satu); tambahkan nama lamanya ke RENAMED"))
            continue
        match = candidates[0]
        linked = code_table.get(code.replace(".", ""))
        # Papua's codes changed when its provinces were split (2022): only a code that still names
        # the same region in the 2022 table is a second, independent join to compare with.
        if linked is not None and _name_key(linked["nama_dagri"]) in (key[1], RENAMED.get(key)):
            via_code = by_bps.get(linked["kode_bps"])
            if via_code is not match:
                shown = via_code.values["kode"] if via_code else linked["kode_bps"]
                issues.append(Issue(k_shown, row.line, "kode", f"{name}: padanan nama ({match.values['kode']}) "
                                    f"dan padanan kode ({shown}) berbeda"))
                continue
        if match.line in used:
            issues.append(Issue(c_shown, match.line, "nama", f"dipakai dua kali: {used[match.line]} dan {name}"))
            continue
        used[match.line] = name
        people = _number(row, "penduduk", k_shown, issues, int)
        area = _number(row, "luas_km2", k_shown, issues)
        lat = _number(match, "lintang", c_shown, issues)
        lon = _number(match, "bujur", c_shown, issues)
        if None in (people, area, lat, lon):
            continue
        regions.append({"id": region_id(name, level), "kode": code, "nama": name, "jenis": level,
                        "penduduk": people, "luas_km2": round(area, 3), "lintang": lat, "bujur": lon})

    known = {p["kode"] for p in provinces}
    for r in regions:
        if r["kode"][:2] not in known:
            issues.append(Issue(k_shown, 1, "kode", f"{r['nama']}: provinsi {r['kode'][:2]} tidak ada di berkas"))
    ids = [r["id"] for r in regions]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(Issue(k_shown, 1, "nama", f"id '{dup}' terbentuk dua kali; bedakan namanya"))
    if issues:
        return None, issues
    return {"catatan": NOTE, "sumber": SOURCES, "provinsi": provinces, "kabupaten_kota": regions}, []


def run_import(folder: Path, data_dir: Path) -> tuple[list[Path], list[Issue]]:
    """Write data/wilayah/kabupaten-kota.yaml from the CSV files in `folder`; all or nothing."""
    document, issues = build_register(folder)
    if document is None:
        return [], issues
    target = data_dir / REGISTER_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.baru")
    header = "# Register nasional kabupaten/kota. Ditulis oleh `kks import-wilayah`; jangan disunting tangan.\n"
    staged.write_text(header + dump_yaml(document), encoding="utf-8")
    replace_all([(staged, target)])
    return [target], []
