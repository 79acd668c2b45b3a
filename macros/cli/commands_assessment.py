"""Commands of the self-assessment workflow: blank template, import, gap analysis."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.gaps import GapError, GapReport, gap_report
from ..core.hosts import HostFilter
from ..core.issues import display_path, os_reason
from ..core.records import Edition
from ..importers.assessment import assessment_record, read_scores, write_record, write_template
from ..importers.workbook import print_issues
from .common import add_data_option, data_dir, date_argument, load_or_report, not_found, regions_folder


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
                       description="Hitung nilai tiap tatanan dari penilaian terakhir daerah dan nilai setelah "
                       "potongan verifikasi yang mungkin, periksa syarat predikat, susun rencana perbaikan terkecil "
                       "yang sempat selesai sebelum tanggal verifikasi (nilai minimum lalu predikat berikutnya), dan "
                       "urutkan daerah tujuan studi tiru dari seluruh Indonesia (praktik, predikat, jarak, kemiripan)."
                       "\n\nContoh: kks gap kab-balangan --pulau Kalimantan --jarak-maks 800 --format json")
    p.add_argument("region", metavar="DAERAH", help="id daerah")
    p.add_argument("--edition", metavar="TAHUN", type=int, default=None,
                   help="edisi penilaian (bawaan: edisi terbaru yang punya penilaian)")
    p.add_argument("--format", choices=("text", "json"), default="text", help="bentuk keluaran")
    p.add_argument("--verifikasi", metavar="TTTT-BB-HH", type=date_argument, default=None,
                   help="tanggal terakhir bukti harus lengkap (bawaan: batas putaran berikutnya di data edisi)")
    p.add_argument("--mulai", metavar="TTTT-BB-HH", type=date_argument, default=None,
                   help="tanggal rencana mulai dikerjakan (bawaan: hari ini)")
    p.add_argument("--jarak-maks", metavar="KM", type=_km, default=None,
                   help="hanya tuan rumah paling jauh sekian km (jarak lurus antartitik tengah)")
    p.add_argument("--pulau", metavar="PULAU", default=None,
                   help="hanya tuan rumah di kelompok pulau ini, misalnya Kalimantan")
    add_data_option(p)
    p.set_defaults(func=run_gap)



def _km(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' bukan angka km") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("jarak harus lebih dari 0 km")
    return value


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


_STATUS = {"dipotong": "dipotong", "naik": "naik", "tanpa-bukti": "TANPA BUKTI", "berisiko": "berisiko"}


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
        likely = "-" if t["nilai_setelah_potongan"] is None else _number(t["nilai_setelah_potongan"])
        lines.append(f"  {t['kode']:<3} {_number(t['nilai']):>6}  mandiri {_number(t['nilai_mandiri']):>6}  "
                     f"verifikasi {verified:>6}  setelah potongan {likely:>6}  minimum: {mark:<5} {t['nama']}")
        if t["belum_diisi"]:
            lines.append(f"      belum diisi ({len(t['belum_diisi'])}): {', '.join(t['belum_diisi'][:15])}"
                         + (" ..." if len(t["belum_diisi"]) > 15 else ""))
    lines += ["", "Predikat:"]
    for p in data["predikat"]:
        lines.append(f"  {p['nama']}: {'memenuhi' if p['memenuhi'] else 'belum memenuhi'}")
        lines += [f"    - {reason}" for reason in p["alasan"]]
        lines += [f"    - belum dapat diperiksa: {item}" for item in p["belum_diperiksa"]]
    lines += ["", *_cuts_text(data)]
    when = data["waktu"]
    lines += ["", "Rencana perbaikan (langkah terkecil):"]
    if when:
        lines.append(f"  dari {when['mulai']} sampai {when['verifikasi']} ({when['nama_tanggal']}): "
                     f"{_number(when['bulan_tersedia'])} bulan; semua langkah dianggap berjalan bersamaan.")
    elif data["catatan_waktu"]:
        lines.append(f"  {data['catatan_waktu']}.")
    if not data["rencana"]:
        lines.append("  tidak ada: semua tatanan sudah mencapai target.")
    for s in data["rencana"]:
        goal = "nilai minimum" if s["tujuan"] == "minimum" else f"predikat {s['tujuan']}"
        lines.append(f"  {s['indikator']} {s['dari']} -> {s['ke']} ({goal} {s['nilai_tujuan']:g}): {s['nama']}")
        lines.append("      " + _timing_text(s))
        if s["praktik"]:
            lines.append(f"      praktik: {', '.join(s['praktik'])}; daerah: {', '.join(s['daerah'])}")
    for t in data["tidak_tercapai"]:
        lines.append(f"  {t['tatanan']}: target {t['tujuan']} tidak dapat dicapai dengan tangga nilai yang ada.")
    limit = data["batas_tuan_rumah"]
    shown = [f"paling jauh {limit['jarak_maks_km']:g} km" if limit["jarak_maks_km"] else "",
             f"pulau {limit['pulau']}" if limit["pulau"] else ""]
    lines += ["", "Daerah tujuan studi tiru" + (f" ({', '.join(x for x in shown if x)})" if any(shown) else "")
              + ":"]
    if not data["tuan_rumah"]:
        lines.append("  tidak ada daerah berpredikat atau berpraktik terdokumentasi yang memenuhi batas ini.")
    for n, h in enumerate(data["tuan_rumah"], start=1):
        lines.append(f"  {n}. {h['nama']} ({h['daerah']}), {h['poin']:g} poin: {h['alasan']}")
    return "\n".join(lines)


def _timing_text(step: dict) -> str:
    kind = step["jenis"] or "jenis belum ditetapkan"
    if step["jenis_diduga"] and step["waktu_bulan"] is not None:
        kind += f" (belum ada panduan; dianggap {step['waktu_bulan']} bulan, waktu terpanjang)"
    elif step["waktu_bulan"] is not None:
        kind += f", {step['waktu_bulan']} bulan"
    done = {True: "selesai sebelum verifikasi", False: "TIDAK SEMPAT sebelum verifikasi",
            None: "waktu tidak diperiksa"}[step["selesai_sebelum_verifikasi"]]
    return f"jenis: {kind}; {done}" + (f" (perkiraan selesai {step['perkiraan_selesai']})"
                                       if step["perkiraan_selesai"] else "")


def _cuts_text(data: dict) -> list[str]:
    """Verified drops and claims without evidence one per line (with the verifier's note or the
    evidence that will be asked for); claims at risk as one list of codes."""
    cuts = data["verifikasi"]
    lines = ["Potongan verifikasi:", f"  Aturan: {cuts['aturan']}"]
    rows = [r for r in cuts["indikator"] if r["status"] != "berisiko"]
    risky = [r["indikator"] for r in cuts["indikator"] if r["status"] == "berisiko"]
    if not rows and not risky:
        lines.append("  tidak ada selisih, nilai tanpa bukti atau nilai berisiko.")
    for r in rows[:CUT_ROWS_MAX]:
        verified = "-" if r["verifikasi"] is None else r["verifikasi"]
        mine = "-" if r["mandiri"] is None else r["mandiri"]
        status = _STATUS.get(r["status"], r["status"])
        lines.append(f"  {r['indikator']:<6} mandiri {mine!s:>3}  verifikasi {verified!s:>3}  "
                     f"setelah potongan {r['setelah_potongan']:>3}  {status}")
        if r["catatan"]:
            lines.append(f"      catatan: {' '.join(r['catatan'].split())[:200]}")
        if r["bukti_diminta"]:
            lines.append(f"      bukti yang akan diminta: {'; '.join(r['bukti_diminta'][:4])}")
    if len(rows) > CUT_ROWS_MAX:
        lines.append(f"  ... dan {len(rows) - CUT_ROWS_MAX} indikator lain (lihat --format json)")
    if risky:
        lines.append(f"  berisiko, bukti lebih sedikit dari yang diminta panduan ({len(risky)}): {', '.join(risky)}")
    return lines


CUT_ROWS_MAX = 60
"""Indicators listed one by one in the terminal; JSON has them all."""


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
        report = gap_report(catalog, args.region, args.edition, today=args.mulai, deadline=args.verifikasi,
                            hosts=HostFilter(args.jarak_maks, args.pulau))
    except GapError as err:
        print(f"kks: {err}.", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_text(report))
    return 0
