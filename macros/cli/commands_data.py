"""Commands on the data itself: validate."""

from __future__ import annotations

from .common import add_data_option, data_dir, load_or_report


def register(sub) -> None:
    p = sub.add_parser("validate", help="periksa semua berkas data (skema dan rujukan silang)",
                       description="Periksa semua berkas YAML di folder data. Setiap kesalahan ditulis "
                       "ke stderr sebagai BERKAS:BARIS: kolom: pesan.")
    add_data_option(p)
    p.set_defaults(func=run_validate)


def run_validate(args) -> int:
    catalog = load_or_report(data_dir(args))
    if catalog is None:
        return 1
    awards = sum(r.recorded() for r in catalog.award_rounds.values())
    print(f"Data valid: {len(catalog.regions)} daerah ({len(catalog.places)} di register, "
          f"{len(catalog.profiled_regions)} berprofil), {len(catalog.practices)} praktik, "
          f"{len(catalog.editions)} edisi kerangka, {len(catalog.award_rounds)} putaran penghargaan "
          f"({awards} penerima), {len(catalog.assessments)} penilaian, {len(catalog.visits)} kunjungan.")
    return 0
