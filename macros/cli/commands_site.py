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

    p = sub.add_parser("serve", help="sajikan situs dan perbarui halaman beberapa detik setelah data disimpan",
                       description="Periksa data, bangun situs, lalu sajikan di http://127.0.0.1:8000 sambil "
                       "mengawasi folder data, docs/, macros/ dan mkdocs.yml. Berkas data yang disunting "
                       "diperiksa sendiri dan hanya halaman yang memuatnya yang dibangun ulang; perubahan "
                       "lain membangun ulang seluruh situs. Data yang bermasalah ditampilkan di terminal dan "
                       "di setiap halaman, sementara situs valid terakhir tetap disajikan.")
    add_data_option(p)
    p.add_argument("-a", "--dev-addr", metavar="HOST:PORT", default=None,
                   help="alamat server (bawaan: dev_addr di mkdocs.yml, 127.0.0.1:8000)")
    p.add_argument("--open", action="store_true", help="buka situs di peramban setelah siap")
    p.set_defaults(func=run_serve)


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


def run_serve(args) -> int:
    from ..edge.live import serve  # MkDocs is loaded only for the commands that build

    return serve(data_dir(args), args.dev_addr, args.open)
