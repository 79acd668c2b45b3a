"""Commands of the self-assessment workflow: blank template, import, gap analysis."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from ..core.gaps import GapError, GapReport, gap_report
from ..core.issues import display_path, os_reason
from ..core.records import Edition
from ..importers.assessment import assessment_record, read_scores, write_record, write_template
from ..importers.workbook import print_issues
from .common import add_data_option, data_dir, load_or_report, not_found, regions_folder


def register(sub) -> None:
    p = sub.add_parser("assessment-template", help="buat templat penilaian mandiri (xlsx)",
                       description="Buat buku kerja penilaian mandiri: satu lembar per tatanan dan "
                       "Kelembagaan, satu baris per indikator dengan tangga nilainya; skor dibatasi pada "
                       "anak tangga.")
    p.add_argument("--edition", metavar="TAHUN", type=int, default=None,
                   help="edisi kerangka (bawaan: edisi terbaru)")
    p.add_argument("--out", metavar="BERKAS.xlsx", type=Path, required=True, help="berkas hasil")
    add_data_option(p)
    p.set_defaults(func=run_template)

    p = sub.add_parser("import-assessment", help="impor penilaian mandiri (templat, CSV, formulir resmi)",
                       description="Baca penilaian satu daerah dari templat yang sudah diisi, berkas CSV "
                       "(kolom indikator, nilai; boleh juga nilai_verifikasi, bukti, catatan) atau formulir "
                       "penilaian mandiri resmi, lalu tulis data/penilaian/<daerah>-<edisi>[-<putaran>].yaml. "
                       "Bila ada kesalahan, tidak ada berkas yang ditulis.")
    p.add_argument("file", metavar="BERKAS", type=Path, help="berkas .xlsx atau .csv")
    p.add_argument("--region", metavar="ID", required=True, help="id daerah, misalnya kab-sumenep")
    p.add_argument("--edition", metavar="TAHUN", type=int, required=True, help="edisi kerangka penilaian")
    p.add_argument("--round", metavar="TAHUN", type=int, default=None,
                   help="tahun putaran penghargaan (bawaan: sama dengan edisi)")
    p.add_argument("--timpa", action="store_true",
                   help="ganti penilaian yang sudah ada untuk daerah, edisi dan putaran ini seluruhnya")
    add_data_option(p)
    p.set_defaults(func=run_import)

    p = sub.add_parser("gap", help="analisis kesenjangan dan rencana studi tiru satu daerah",
                       description="Hitung nilai tiap tatanan dari penilaian terakhir daerah, periksa "
                       "syarat predikat, susun rencana perbaikan terkecil hingga nilai minimum lalu predikat "
                       "berikutnya, dan urutkan daerah tujuan studi tiru.")
    p.add_argument("region", metavar="DAERAH", help="id daerah")
    p.add_argument("--edition", metavar="TAHUN", type=int, default=None,
                   help="edisi penilaian (bawaan: edisi terbaru yang punya penilaian)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="bentuk keluaran")
    add_data_option(p)
    p.set_defaults(func=run_gap)


def _edition(catalog, year: int | None) -> Edition | None:
    if year is None:
        return catalog.edition
    edition = catalog.editions.get(year)
    if edition is None:
        known = ", ".join(str(y) for y in sorted(catalog.editions))
        print(f"kks: edisi {year} tidak ada di data/kerangka/ (yang ada: {known}).", file=sys.stderr)
    return edition


def run_template(args) -> int:
    catalog = load_or_report(data_dir(args))
    if catalog is None:
        return 1
    edition = _edition(catalog, args.edition)
    if edition is None:
        return 1
    try:
        write_template(edition, args.out)
    except OSError as err:
        print(f"kks: {args.out}: berkas tidak bisa ditulis ({os_reason(err)}); periksa folder dan izinnya.",
              file=sys.stderr)
        return 1
    print(f"Templat edisi {edition.year} ditulis ke {args.out}")
    return 0


def run_import(args) -> int:
    folder = data_dir(args)
    catalog = load_or_report(folder)
    if catalog is None:
        return 1
    edition = _edition(catalog, args.edition)
    if edition is None:
        return 1
    region = catalog.regions.get(args.region)
    if region is None:
        message = not_found("daerah", args.region, list(catalog.regions), regions_folder(folder))
        print(f"kks import-assessment: {message}", file=sys.stderr)
        return 1
    found = read_scores(args.file, edition, catalog.editions)
    if found.issues:
        print_issues(found.issues, display_path(args.file), sys.stderr)
        return 1
    entries = found.entries
    filled = sum(1 for e in entries if "mandiri" in e or "verifikasi" in e)
    if not filled:
        print(f"kks import-assessment: tidak ada satu pun nilai yang terbaca dari {display_path(args.file)}; "
              "tidak ada berkas yang ditulis.", file=sys.stderr)
        return 1
    record = assessment_record(region.id, edition.year, args.round, found.origin, entries, example=region.example)
    existing = catalog.assessments.get(record["id"])
    if existing is not None and not args.timpa:
        # An import replaces the whole record: a partial file (one tatanan, one OPD's part) would
        # silently drop every score it does not repeat.
        had = sum(1 for s in existing.scores if s.self_score is not None or s.verified is not None)
        print(f"kks import-assessment: {display_path(folder / 'penilaian' / (record['id'] + '.yaml'))} sudah ada "
              f"({had} indikator bernilai); berkas ini berisi {filled}. Tidak ada yang ditulis. Impor mengganti "
              "seluruh penilaian: gabungkan dulu nilai lama dan baru dalam satu berkas, atau pakai --timpa "
              "untuk menggantinya dengan isi berkas ini saja.", file=sys.stderr)
        return 1
    try:
        path = write_record(record, folder / "penilaian")
    except OSError as err:
        print(f"kks: penilaian tidak bisa ditulis ({os_reason(err)}); periksa izin folder data.", file=sys.stderr)
        return 1
    for note in found.notes:
        print(note)
    print(f"Penilaian {region.name} edisi {edition.year} ditulis ke {path} "
          f"({filled} dari {len(edition.indicators)} indikator bernilai).")
    return 0


def _number(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def format_text(report: GapReport) -> str:
    """The report for a terminal, in Indonesian."""
    data = report.to_json()
    lines = [f"Analisis kesenjangan {data['nama_daerah']} ({data['daerah']})"
             + (" [CONTOH]" if data["contoh"] else ""),
             f"Penilaian {data['penilaian']}: edisi {data['edisi']}, putaran {data['putaran']}; "
             f"nilai minimum tiap tatanan {data['nilai_minimum']:g}.", "", "Nilai per tatanan:"]
    for t in data["tatanan"]:
        mark = "-" if t["memenuhi_minimum"] is None else ("ya" if t["memenuhi_minimum"] else "BELUM")
        verified = "-" if t["nilai_verifikasi"] is None else _number(t["nilai_verifikasi"])
        lines.append(f"  {t['kode']:<3} {_number(t['nilai']):>6}  mandiri {_number(t['nilai_mandiri']):>6}  "
                     f"verifikasi {verified:>6}  minimum: {mark:<5} {t['nama']}")
        if t["belum_diisi"]:
            lines.append(f"      belum diisi ({len(t['belum_diisi'])}): {', '.join(t['belum_diisi'][:15])}"
                         + (" ..." if len(t["belum_diisi"]) > 15 else ""))
    lines += ["", "Predikat:"]
    for p in data["predikat"]:
        lines.append(f"  {p['nama']}: {'memenuhi' if p['memenuhi'] else 'belum memenuhi'}")
        lines += [f"    - {reason}" for reason in p["alasan"]]
        lines += [f"    - belum dapat diperiksa: {item}" for item in p["belum_diperiksa"]]
    lines += ["", "Rencana perbaikan (langkah terkecil):"]
    if not data["rencana"]:
        lines.append("  tidak ada: semua tatanan sudah mencapai target.")
    for s in data["rencana"]:
        goal = "nilai minimum" if s["tujuan"] == "minimum" else f"predikat {s['tujuan']}"
        lines.append(f"  {s['indikator']} {s['dari']} -> {s['ke']} ({goal} {s['nilai_tujuan']:g}): {s['nama']}")
        if s["praktik"]:
            lines.append(f"      praktik: {', '.join(s['praktik'])}; daerah: {', '.join(s['daerah'])}")
    for t in data["tidak_tercapai"]:
        lines.append(f"  {t['tatanan']}: target {t['tujuan']} tidak dapat dicapai dengan tangga nilai yang ada.")
    lines += ["", "Daerah tujuan studi tiru:"]
    if not data["tuan_rumah"]:
        lines.append("  belum ada praktik terdokumentasi untuk kesenjangan ini.")
    for h in data["tuan_rumah"]:
        lines.append(f"  {h['nama']} ({h['daerah']}): {h['jumlah_kesenjangan']} kesenjangan; "
                     f"praktik {', '.join(h['praktik'])}")
    return "\n".join(lines)


def run_gap(args) -> int:
    folder = data_dir(args)
    catalog = load_or_report(folder)
    if catalog is None:
        return 1
    if args.region not in catalog.regions:
        print(f"kks gap: {not_found('daerah', args.region, list(catalog.regions), regions_folder(folder))}",
              file=sys.stderr)
        return 1
    try:
        report = gap_report(catalog, args.region, args.edition)
    except GapError as err:
        print(f"kks: {err}.", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_text(report))
    return 0
