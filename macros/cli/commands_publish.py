"""`kks publish`: validate, build, write a dated archive, then switch what is served atomically."""

from __future__ import annotations

import sys
from pathlib import Path

from ..publish import Edition, PublishError, Target, first_problem, publish, target_problems
from .common import add_data_option, data_dir, load_or_report

_DESCRIPTION = """\
Periksa data, bangun situs ke folder sementara, tulis arsip bertanggal
(pustaka-kks-TTTTBBHH-JJMMDD.tar.gz) dan berkas .sha256 di sampingnya, lalu ganti situs yang
tayang sekaligus. Bila satu langkah gagal, situs yang tayang tidak berubah.

FOLDER bisa berupa:
  folder biasa     diganti utuh oleh hasil baru (dua kali ganti nama)
  tautan simbolik  mis. situs -> rilis/pustaka-kks-20261128-210500: hasil baru menjadi folder
                   rilis baru di samping rilis lain, lalu tautannya dipindah sekaligus; rilis
                   lama tidak diubah, jadi bisa kembali ke rilis lama dengan memindah tautannya

Dua publikasi ke FOLDER yang sama tidak berjalan bersamaan: yang kedua menunggu.

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
                   help="folder yang disajikan server, atau tautan simbolik ke rilis yang tayang")
    p.add_argument("--offline", action="store_true",
                   help="edisi luring: berfungsi dibuka dari disk (file://), termasuk pencarian")
    p.add_argument("--tanpa-kontak", action="store_true", dest="without_contacts",
                   help="hapus telepon/surel semua kontak dari edisi ini")
    p.add_argument("--arsip", "--archive-dir", metavar="FOLDER", type=Path, dest="archive_dir",
                   help="folder arsip .tar.gz (bawaan: folder tempat --out berada)")
    p.add_argument("--tanpa-arsip", action="store_true", dest="no_archive",
                   help="jangan tulis arsip .tar.gz")
    p.set_defaults(func=run_publish)


def _say(message: str) -> None:
    print(f"kks publish: {message}", file=sys.stderr, flush=True)


def run_publish(args) -> int:
    folder = data_dir(args)
    out: Path = args.out
    archive_dir = None if args.no_archive else (args.archive_dir or Target.of(out).out.parent)
    problems = target_problems(out, folder, archive_dir)
    for problem in problems:
        _say(problem)
    if problems or load_or_report(folder) is None:
        print("Situs tidak diterbitkan; yang sedang tayang tidak diubah.", file=sys.stderr)
        return 1
    edition = Edition(offline=args.offline, without_contacts=args.without_contacts)
    try:
        done = publish(folder, out, edition, archive_dir,
                       on_wait=lambda holder: _say(f"publikasi lain ke {out} sedang berjalan ({holder}); "
                                                   "menunggu sampai selesai..."))
    except PublishError as err:
        _say(str(err))
        return 1
    if not done.build.ok:
        _say(f"pembangunan situs (MkDocs) gagal: {first_problem(done.build.log)}; situs yang tayang "
             f"tidak berubah, arsip tidak ditulis. Log lengkap: {done.log}")
        return 1
    if done.previous is not None:
        print(f"Situs edisi {edition.label} diterbitkan sebagai rilis {done.served}; {out} kini menunjuk "
              f"ke sana (sebelumnya {done.previous}, tetap disimpan untuk kembali bila perlu).")
    else:
        print(f"Situs edisi {edition.label} diterbitkan di {out}")
    if done.archive is not None and done.checksum is not None:
        size = done.archive.stat().st_size / 1e6
        print(f"Arsip: {done.archive} ({size:.1f} MB)")
        print(f"Checksum: {done.checksum} (periksa di server: sha256sum -c {done.checksum.name})")
    return 0
