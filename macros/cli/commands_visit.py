"""`kks dossier`: a visit's dossier as a PDF (Chromium headless) or a standalone HTML file.

The dossier is rendered on its own (the same template as the site page, stylesheet inlined),
so printing one visit never needs the whole site built. Files are written to a temporary
name beside the target and moved into place only when complete.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..core.issues import display_path, os_reason
from ..core.schema import suggest
from ..core.visits import NewVisitError, new_visit_record
from ..core.yamlio import dump_yaml
from ..filewrite import staged_file
from ..render.visit_pages import print_html
from . import glyphs
from .commands_practice import ID_PATTERN
from .common import add_data_option, data_dir, date_argument, load_or_report, not_found

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT = 120
"""Seconds Chromium may take to print one dossier."""


def register(sub) -> None:
    p = sub.add_parser("dossier", help="cetak berkas persiapan satu kunjungan studi tiru ke PDF",
                       description="Buat berkas persiapan kunjungan (agenda, praktik tuan rumah, pertanyaan, "
                       "dokumen yang diminta, kontak) sebagai PDF lewat Chromium headless, atau sebagai "
                       "satu berkas HTML.\n\nContoh: kks dossier contoh-harapan-ke-makassar-2026 --pdf berkas.pdf")
    p.add_argument("visit", metavar="KUNJUNGAN", help="id kunjungan (nama berkas di data/kunjungan/ tanpa .yaml)")
    p.add_argument("--pdf", metavar="BERKAS", type=Path, default=None, help="tulis PDF ke berkas ini")
    p.add_argument("--html", metavar="BERKAS", type=Path, default=None,
                   help="tulis HTML mandiri (siap dicetak) ke berkas ini")
    add_data_option(p)
    p.set_defaults(func=run_dossier)

    p = sub.add_parser("new-visit", help="buat berkas kunjungan studi tiru dari rencana perbaikan",
                       description="Tulis data/kunjungan/ID.yaml untuk kunjungan DAERAH-ASAL ke TUAN-RUMAH, diisi dari "
                       "rencana perbaikan (kks gap): indikator fokus yang praktiknya didokumentasikan tuan rumah, "
                       "pertanyaan per indikator dan dokumen yang diminta. Berkas yang sudah ada tidak ditimpa."
                       "\n\nContoh: kks new-visit kab-balangan kota-banjarbaru --mulai 2027-01-18")
    p.add_argument("home", metavar="DAERAH-ASAL", help="id daerah asal (punya penilaian di data/penilaian/)")
    p.add_argument("host", metavar="TUAN-RUMAH", help="id daerah yang dikunjungi")
    p.add_argument("--id", dest="visit_id", metavar="ID", default=None,
                   help="id kunjungan (bawaan: ASAL-ke-TUAN-RUMAH-TTTT-BB)")
    p.add_argument("--mulai", metavar="TTTT-BB-HH", type=date_argument, default=None,
                   help="hari pertama kunjungan (bawaan: 30 hari dari sekarang)")
    p.add_argument("--selesai", metavar="TTTT-BB-HH", type=date_argument, default=None,
                   help="hari terakhir kunjungan (bawaan: dua hari sesudah mulai)")
    add_data_option(p)
    p.set_defaults(func=run_new_visit)



NEW_VISIT_HEADER = """# Berkas kunjungan yang diisi dari rencana perbaikan (kks new-visit). Periksa dan sunting:
# tanggal, tim (peran dan unit, bukan nama), fokus, pertanyaan, dokumen yang diminta. Lalu:
#   kks validate && kks dossier {id} --pdf berkas.pdf
"""


def run_new_visit(args) -> int:
    folder = data_dir(args)
    catalog = load_or_report(folder)
    if catalog is None:
        print("Berkas kunjungan tidak dibuat.", file=sys.stderr)
        return 1
    start = args.mulai or (dt.date.today() + dt.timedelta(days=30))
    end = args.selesai or (start + dt.timedelta(days=2))
    visit_id = args.visit_id or f"{args.home}-ke-{args.host}-{start:%Y-%m}"
    if not ID_PATTERN.fullmatch(visit_id) or len(visit_id) > 80:
        print(f"kks new-visit: id kunjungan '{visit_id}' tidak sah; pakai huruf kecil, angka dan tanda hubung",
              file=sys.stderr)
        return 1
    if end < start:
        print(f"kks new-visit: tanggal selesai {end} lebih awal dari mulai {start}", file=sys.stderr)
        return 1
    target = folder / "kunjungan" / f"{visit_id}.yaml"
    if target.exists() or visit_id in catalog.visits:
        print(f"kks new-visit: {display_path(target)} sudah ada; berkas tidak ditimpa. Pilih id lain dengan --id "
              "atau sunting berkas itu", file=sys.stderr)
        return 1
    try:
        record = new_visit_record(catalog, args.home, args.host, start, end, visit_id)
    except NewVisitError as err:
        hint = suggest(str(err).split("'")[1], list(catalog.regions)) if "tidak ada di register" in str(err) else ""
        print(f"kks new-visit: {err}{hint}", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8") as f:  # "x": never replaces a file that appeared meanwhile
            f.write(NEW_VISIT_HEADER.format(id=visit_id) + dump_yaml(record))
    except FileExistsError:
        print(f"kks new-visit: {display_path(target)} sudah ada; berkas tidak ditimpa.", file=sys.stderr)
        return 1
    print(f"Berkas kunjungan ditulis: {display_path(target)} (fokus {', '.join(record['fokus'])}; "
          f"{len(record['pertanyaan'])} pertanyaan, {len(record['dokumen_diminta'])} dokumen).\n"
          f"Sunting tim dan tanggalnya, lalu: kks validate && kks dossier {visit_id} --pdf berkas.pdf")
    return 0


def find_chromium() -> str | None:
    """KKS_CHROMIUM when set, else the first Chromium-family browser on PATH."""
    override = os.environ.get("KKS_CHROMIUM")
    if override:
        return override if Path(override).is_file() else shutil.which(override)
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def _write_atomically(target: Path, data: bytes) -> None:
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = staged_file(target.parent, f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def print_pdf(html: str, chromium: str) -> tuple[bytes | None, str]:
    """(PDF bytes, '') or (None, reason in Indonesian)."""
    with tempfile.TemporaryDirectory(prefix="kks-dossier-") as work:
        page, pdf = Path(work) / "berkas.html", Path(work) / "berkas.pdf"
        page.write_text(html, encoding="utf-8")
        command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                   "--disable-background-networking", "--disable-component-update", "--disable-sync",
                   "--no-first-run", f"--user-data-dir={Path(work) / 'profil'}",
                   f"--print-to-pdf={pdf}", page.as_uri()]
        try:
            proc = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            return None, f"Chromium tidak selesai mencetak dalam {PRINT_TIMEOUT} detik"
        except OSError as err:
            return None, f"Chromium tidak bisa dijalankan ({os_reason(err)})"
        data = pdf.read_bytes() if pdf.exists() else b""
        if proc.returncode != 0 or not data.startswith(b"%PDF"):
            tail = "\n".join(proc.stderr.strip().splitlines()[-5:])
            return None, f"Chromium gagal mencetak (kode keluar {proc.returncode})\n{tail}"
        return data, ""


MISSING_LISTED_MAX = 20
"""Characters named one by one in the report of characters no installed font draws."""


def report_missing_glyphs(html: str) -> None:
    """Warn on stderr about characters of the dossier no installed font can draw (they would print
    as empty boxes), naming each with its context and a Debian font package that draws it."""
    ranges = glyphs.installed_coverage()
    if ranges is None:
        print("kks dossier: peringatan: fontconfig (fc-list) tidak ditemukan, jadi huruf yang tidak bisa "
              "digambar fon terpasang tidak diperiksa.", file=sys.stderr)
        return
    missing = glyphs.missing_characters(glyphs.document_text(html), ranges)
    if not missing:
        return
    lines = [f"kks dossier: peringatan: {len(missing)} karakter tidak bisa digambar oleh fon yang terpasang "
             "dan tampil sebagai kotak kosong di PDF:"]
    for m in missing[:MISSING_LISTED_MAX]:
        lines.append(f"  {m.label}, {m.count}×, dalam “{m.context}”")
    if len(missing) > MISSING_LISTED_MAX:
        lines.append(f"  … dan {len(missing) - MISSING_LISTED_MAX} karakter lain")
    hints = list(dict.fromkeys(h for m in missing if (h := m.hint)))
    lines.append("Pasang fon yang menggambarnya lalu cetak ulang"
                 + (f" (Debian: {'; '.join(hints)})." if hints else "."))
    print("\n".join(lines), file=sys.stderr)


def run_dossier(args) -> int:
    if args.pdf is None and args.html is None:
        print("kks dossier: kesalahan: sebutkan --pdf BERKAS dan/atau --html BERKAS", file=sys.stderr)
        return 2
    folder = data_dir(args)
    catalog = load_or_report(folder)
    if catalog is None:
        print("Berkas kunjungan tidak dibuat.", file=sys.stderr)
        return 1
    if args.visit not in catalog.visits:
        print(f"kks dossier: {not_found('kunjungan', args.visit, list(catalog.visits), folder / 'kunjungan')}",
              file=sys.stderr)
        return 1
    html = print_html(catalog, args.visit)
    if args.pdf is not None:
        chromium = find_chromium()
        if chromium is None:
            print("kks dossier: Chromium tidak ditemukan, jadi PDF tidak bisa dibuat. Pasang paket Debian "
                  "'chromium' (apt-get install chromium) atau isi KKS_CHROMIUM dengan jalur peramban; "
                  "sementara itu, pakai --html lalu cetak dari peramban.", file=sys.stderr)
            return 1
        report_missing_glyphs(html)
        pdf, problem = print_pdf(html, chromium)
        if pdf is None:
            print(f"kks dossier: {problem}. PDF tidak ditulis.", file=sys.stderr)
            return 1
        _write_atomically(args.pdf, pdf)
        print(f"PDF berkas kunjungan ditulis ke {args.pdf}")
    if args.html is not None:
        _write_atomically(args.html, html.encode("utf-8"))
        print(f"HTML berkas kunjungan ditulis ke {args.html}")
    return 0
