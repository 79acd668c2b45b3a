"""Commands on the assessment framework: import the ministry's instrument workbook."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.issues import display_path
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


def run_import_instrument(args) -> int:
    written, skipped, issues = run_import_sheets(args.workbook, args.edition, data_dir(args))
    if issues:
        print_issues(issues, display_path(args.workbook), sys.stderr)
        return 1
    if skipped:
        print("Lembar yang tidak dibaca (tidak berisi tabel indikator): " + ", ".join(f"'{s}'" for s in skipped))
    print(f"{len(written)} berkas kerangka edisi {args.edition} ditulis. Jalankan 'kks validate' untuk memeriksa.")
    return 0
