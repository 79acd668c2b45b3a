"""Commands on the data itself: validate."""

from __future__ import annotations

import sys
from pathlib import Path

from ..core.issues import display_path
from ..core.load import RECORD_TARGETS, check_record_files, data_kind
from .common import add_data_option, data_dir, load_or_report, print_issues


def register(sub) -> None:
    p = sub.add_parser("validate", help="periksa semua berkas data (skema dan rujukan silang)",
                       description="Periksa semua berkas YAML di folder data. Setiap kesalahan ditulis "
                       "ke stderr sebagai BERKAS:BARIS: kolom: pesan. Dengan BERKAS: periksa berkas "
                       "daerah/, praktik/, penilaian/ atau kunjungan/ itu saja terhadap rujukan seluruh "
                       "folder (kerangka, register, penghargaan, daftar daerah), tanpa membaca ribuan "
                       "praktik lain; berkas kerangka, wilayah atau penghargaan memengaruhi seluruh data, "
                       "jadi semuanya diperiksa.")
    add_data_option(p)
    p.add_argument("files", metavar="BERKAS", type=Path, nargs="*",
                   help="berkas data yang baru disunting (bawaan: semua berkas)")
    p.set_defaults(func=run_validate)


def run_validate(args) -> int:
    folder = data_dir(args)
    if args.files:
        checked = _check_files(folder, args.files)
        if checked is not None:
            return checked
    catalog = load_or_report(folder)
    if catalog is None:
        return 1
    awards = sum(r.recorded() for r in catalog.award_rounds.values())
    print(f"Data valid: {len(catalog.regions)} daerah ({len(catalog.places)} di register, "
          f"{len(catalog.profiled_regions)} berprofil), {len(catalog.practices)} praktik, "
          f"{len(catalog.editions)} edisi kerangka, {len(catalog.award_rounds)} putaran penghargaan "
          f"({awards} penerima), {len(catalog.assessments)} penilaian, {len(catalog.visits)} kunjungan.")
    return 0


def _check_files(folder: Path, files: list[Path]) -> int | None:
    """Exit code of checking only `files`; None when one of them needs the whole folder checked."""
    root = folder.resolve()
    for path in files:
        if not path.is_file():
            print(f"kks validate: {path}: berkas tidak ditemukan.", file=sys.stderr)
            return 2
        if not path.resolve().is_relative_to(root):
            print(f"kks validate: {path}: tidak berada di folder data {display_path(folder)}/.", file=sys.stderr)
            return 2
        if data_kind(path.resolve().relative_to(root).parts) not in RECORD_TARGETS:
            print(f"{path}: berkas ini dipakai seluruh data; semua berkas diperiksa.", file=sys.stderr)
            return None
    issues = check_record_files(folder, files)
    if issues:
        print_issues(issues)
        return 1
    print(f"Berkas valid: {len(files)} berkas diperiksa terhadap rujukan di {display_path(folder)}/ "
          "(kerangka, register, penghargaan, daerah).")
    return 0
