"""`kks publish`: validate, build into the served folder atomically, write a dated archive."""

from __future__ import annotations

import sys
from pathlib import Path

from ..publish import Edition, publish, target_problems
from .common import add_data_option, data_dir, load_or_report

_DESCRIPTION = """\
Periksa data, bangun situs ke folder sementara, lalu tukar ke FOLDER sekaligus: pembaca tidak
pernah melihat situs setengah jadi, dan bila pembangunan gagal situs lama tetap tersaji.
Sesudahnya ditulis arsip bertanggal (pustaka-kks-TTTTBBHH-JJMM.tar.gz) dan berkas .sha256
di sampingnya untuk disalin ke server tanpa Python (periksa dengan: sha256sum -c BERKAS.sha256).

Edisi:
  (bawaan)        untuk server web, misalnya nginx (contoh: scripts/nginx-kks.conf)
  --offline       dibuka langsung dari disk atau folder bersama (file://), pencarian tetap jalan
  --tanpa-kontak  tanpa nomor telepon dan surel sama sekali, juga yang ditandai publik
"""


def register(sub) -> None:
    p = sub.add_parser("publish", help="terbitkan situs ke folder server + arsip .tar.gz bertanggal",
                       description=_DESCRIPTION)
    add_data_option(p)
    p.add_argument("--out", metavar="FOLDER", type=Path, required=True,
                   help="folder yang disajikan server (diganti utuh bila berhasil)")
    p.add_argument("--offline", action="store_true",
                   help="edisi luring: berfungsi dibuka dari disk (file://), termasuk pencarian")
    p.add_argument("--tanpa-kontak", action="store_true", dest="without_contacts",
                   help="hapus telepon/surel semua kontak dari edisi ini")
    p.add_argument("--arsip", "--archive-dir", metavar="FOLDER", type=Path, dest="archive_dir",
                   help="folder arsip .tar.gz (bawaan: induk folder --out)")
    p.add_argument("--tanpa-arsip", action="store_true", dest="no_archive",
                   help="jangan tulis arsip .tar.gz")
    p.set_defaults(func=run_publish)


def run_publish(args) -> int:
    folder = data_dir(args)
    out: Path = args.out
    archive_dir = None if args.no_archive else (args.archive_dir or out.resolve().parent)
    problems = target_problems(out, folder, archive_dir)
    for problem in problems:
        print(f"kks publish: {problem}", file=sys.stderr)
    if problems or load_or_report(folder) is None:
        print("Situs tidak diterbitkan; folder tujuan tidak diubah.", file=sys.stderr)
        return 1
    edition = Edition(offline=args.offline, without_contacts=args.without_contacts)
    done = publish(folder, out, edition, archive_dir)
    if not done.build.ok:
        print(done.build.log, file=sys.stderr)
        print("Pembangunan situs gagal; situs lama di folder tujuan tetap tersaji.", file=sys.stderr)
        return 1
    print(f"Situs edisi {edition.label} diterbitkan di {out}")
    if done.archive is not None and done.checksum is not None:
        size = done.archive.stat().st_size / 1e6
        print(f"Arsip: {done.archive} ({size:.1f} MB)")
        print(f"Checksum: {done.checksum} (periksa di server: sha256sum -c {done.checksum.name})")
    return 0
