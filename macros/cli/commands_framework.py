"""Commands on reference data: the ministry's instrument workbook, the national register of regions."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.issues import display_path
from ..importers import wilayah
from ..importers.instrument import run_import_sheets
from ..importers.workbook import print_issues
from .common import add_data_option, data_dir


def register(sub) -> None:
    p = sub.add_parser("import-instrument", help="impor lembar kerja instrumen kementerian sebagai edisi kerangka",
                       description="Baca lembar kerja instrumen (satu lembar per tatanan ditambah Kelembagaan; "
                       "kolom dikenali dari judulnya) lalu tulis data/kerangka/TAHUN/tatanan/*.yaml. "
                       "Bila ada lembar atau baris yang tidak terbaca, tidak ada yang ditulis.")
    p.add_argument("workbook", metavar="BERKAS.xlsx", type=Path, help="lembar kerja instrumen")
    p.add_argument("--edition", metavar="TAHUN", type=int, required=True, help="tahun edisi, misalnya 2025")
    add_data_option(p)
    p.set_defaults(func=run_import_instrument)

    p = sub.add_parser("import-wilayah", help="impor register nasional kabupaten/kota dari berkas CSV",
                       description="Gabungkan tiga berkas CSV publik (kode dan nama Kepmendagri 2025, penduduk, "
                       "luas, titik tengah berkode BPS, padanan kode BPS-Kemendagri) menjadi "
                       "data/wilayah/kabupaten-kota.yaml. Setiap daerah harus mendapat tepat satu titik; "
                       "bila ada yang tidak cocok, tidak ada yang ditulis.")
    p.add_argument("folder", metavar="FOLDER", type=Path,
                   help=f"folder berisi {wilayah.KEMENDAGRI_CSV}, {wilayah.COORDINATES_CSV} "
                   f"dan {wilayah.CODE_TABLE_CSV}")
    add_data_option(p)
    p.set_defaults(func=run_import_wilayah)


def run_import_instrument(args) -> int:
    written, skipped, issues = run_import_sheets(args.workbook, args.edition, data_dir(args))
    if issues:
        print_issues(issues, display_path(args.workbook), sys.stderr)
        return 1
    if skipped:
        print("Lembar yang tidak dibaca (tidak berisi tabel indikator): " + ", ".join(f"'{s}'" for s in skipped))
    print(f"{len(written)} berkas kerangka edisi {args.edition} ditulis. Jalankan 'kks validate' untuk memeriksa.")
    return 0


def run_import_wilayah(args) -> int:
    written, issues = wilayah.run_import(args.folder, data_dir(args))
    if issues:
        for issue in issues:
            print(issue.format(), file=sys.stderr)
        print(f"{len(issues)} kesalahan ditemukan; tidak ada berkas yang ditulis.", file=sys.stderr)
        return 1
    print(f"Register ditulis: {written[0]}. Jalankan 'kks validate' untuk memeriksa.")
    return 0
