"""Commands that build the site."""

from __future__ import annotations

import sys
from pathlib import Path

from ..sitebuild import build_into
from .common import add_data_option, data_dir, load_or_report


def register(sub) -> None:
    p = sub.add_parser("build", help="periksa data lalu bangun situs (mkdocs --strict)",
                       description="Periksa data, bangun situs ke folder sementara, lalu ganti folder "
                       "tujuan hanya bila pembangunan berhasil.")
    add_data_option(p)
    p.add_argument("--out", metavar="FOLDER", type=Path, default=Path("site"),
                   help="folder hasil (bawaan: site/)")
    p.set_defaults(func=run_build)


def run_build(args) -> int:
    folder = data_dir(args)
    if load_or_report(folder) is None:
        print("Situs tidak dibangun; folder tujuan tidak diubah.", file=sys.stderr)
        return 1
    result = build_into(folder, args.out)
    if not result.ok:
        print(result.log, file=sys.stderr)
        print("Pembangunan situs gagal; folder tujuan tidak diubah.", file=sys.stderr)
        return 1
    print(f"Situs dibangun di {args.out}")
    return 0
