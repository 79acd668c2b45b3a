"""Synthetic, clearly labelled data sets for tests and the benchmark (never written to data/).

Every region and practice carries `contoh: true`, and names say "Sintetis", so nothing made
here can pass for real data. Sizes follow the real records: the 2025 framework's indicator
counts per tatanan, narrative sections of a few hundred words, two or three sources.
"""

from __future__ import annotations

import bisect
import itertools
import random
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .core.yamlio import dump_yaml

INDICATOR_COUNTS = {"T1": 29, "T2": 22, "T3": 11, "T4": 13, "T5": 11, "T6": 12, "T7": 11, "T8": 13,
                    "T9": 14, "KL": 16}
_WORDS = ("posyandu forum kelurahan sanitasi sampah relawan anggaran bidang kecamatan desa puskesmas "
          "sekolah pasar terminal bencana siaga lorong warga kader pelatihan regulasi peraturan "
          "pendampingan pemantauan laporan kemitraan swadaya layanan kesehatan lingkungan air bersih "
          "jamban limbah evakuasi logistik pemetaan risiko penyuluhan gizi imunisasi").split()
_PROVINCES = ["Sulawesi Selatan", "Jawa Barat", "Jawa Timur", "Jambi", "Kalimantan Selatan", "Sumatera Barat",
              "Nusa Tenggara Barat", "Papua", "Aceh", "Bali"]


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dump_yaml(data), encoding="utf-8")


_SYLLABLES = [c + v for c in "bdgjklmnprstw" for v in "aiueo"]
RARE_WORDS = 60_000
"""Narrative text draws half its words from _WORDS and half from this many made-up words ("z" and
2-3 syllables, which no real word or word planted by a test can be), Zipf-distributed
(weight 1/(rank+5)^1.25). Measured with the search index's stems: about 200 different stems per
case study, as the real ones in data/ (190); 45 words alone would give 45 and an index far
smaller than real text makes."""


def _rare_word(rank: int) -> str:
    """The made-up word of a rank: its digits in base 65 (at least two) as syllables, after "z"."""
    out, n = [], rank + len(_SYLLABLES)
    while n:
        n, digit = divmod(n, len(_SYLLABLES))
        out.append(_SYLLABLES[digit])
    return "z" + "".join(out)


@cache
def _rare_weights() -> tuple[list[str], list[float]]:
    words = [_rare_word(k) for k in range(RARE_WORDS)]
    return words, list(itertools.accumulate(1 / (k + 5) ** 1.25 for k in range(RARE_WORDS)))


def _word(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(_WORDS)
    words, cumulative = _rare_weights()
    return words[min(len(words) - 1, bisect.bisect(cumulative, rng.random() * cumulative[-1]))]


def _text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(max(1, words // 12)):
        sentence = " ".join(_word(rng) for _ in range(12))
        out.append(sentence.capitalize() + ".")
    return " ".join(out)


def _source(i: int) -> dict[str, str]:
    return {"url": f"https://contoh.invalid/sumber/{i}", "judul": f"Sumber sintetis {i}",
            "diakses": "2026-11-28"}


def write_framework(data_dir: Path, edition: int = 2025) -> None:
    """A synthetic framework with the real shape (9 tatanan + KL, real indicator counts)."""
    base = data_dir / "kerangka" / str(edition)
    ladder = [{"nilai": s, "syarat": f"Kondisi sintetis untuk nilai {s}"} for s in (100, 75, 50, 25, 0)]
    for code, count in INDICATOR_COUNTS.items():
        _dump(base / "tatanan" / f"{code}.yaml", {
            "kode": code, "nama": f"Tatanan sintetis {code}", "deskripsi": f"Tatanan sintetis {code}.",
            "indikator": [{"kode": f"{code}.{n}", "nama": f"Indikator sintetis {code}.{n}",
                           "definisi": "Definisi sintetis.", "sumber_data": "OPD sintetis",
                           "bukti": ["Dokumen sintetis A", "Dokumen sintetis B"], "tangga_nilai": ladder}
                          for n in range(1, count + 1)]})
    _dump(base / "edisi.yaml", {
        "edisi": edition, "nama": f"Kerangka sintetis {edition}", "nilai_minimum_tatanan": 70,
        "keyakinan": "rendah", "sumber": [_source(0)],
        "predikat": [{"kode": k, "nama": f"Swasti Saba {k}", "makna": "sintetis",
                      "nilai_minimum_setiap_tatanan": v, "keyakinan": "rendah", "sumber": [_source(0)]}
                     for k, v in (("padapa", 71), ("wiwerda", 81), ("wistara", 91))]})


def write_synthetic(data_dir: Path, practices: int, regions: int = 0, seed: int = 2025,
                    framework_from: Path | None = None) -> None:
    """Write a complete data set: framework (copied from `framework_from` or synthetic),
    `regions` regions (default: one per 10 practices, at least 3) and `practices` practices."""
    rng = random.Random(seed)
    if framework_from is not None and any((framework_from / "kerangka").glob("*/tatanan/*.yaml")):
        shutil.copytree(framework_from / "kerangka", data_dir / "kerangka", dirs_exist_ok=True)
        edition = max(int(p.name) for p in (data_dir / "kerangka").iterdir() if p.name.isdigit())
        counts = {p.stem: len(yaml.safe_load(p.read_text(encoding="utf-8"))["indikator"])
                  for p in (data_dir / "kerangka" / str(edition) / "tatanan").glob("*.yaml")}
    else:
        write_framework(data_dir)
        counts = INDICATOR_COUNTS
    regions = regions or max(3, practices // 10)
    region_ids = [f"sintetis-{i:05d}" for i in range(1, regions + 1)]
    for i, rid in enumerate(region_ids, 1):
        _dump(data_dir / "daerah" / f"{rid}.yaml", {
            "id": rid, "nama": f"Kabupaten Sintetis {i:05d}", "jenis": "kabupaten",
            "provinsi": _PROVINCES[i % len(_PROVINCES)], "peran": "asal" if i % 7 == 0 else "rujukan",
            "ringkasan": _text(rng, 60), "riwayat_kks": [], "sumber": [_source(i)], "contoh": True})
    codes = sorted(counts)
    # Skewed spread, as in reality: a few regions and tatanan hold most practices.
    weights = [1 / (k + 1) for k in range(len(region_ids))]
    for n in range(1, practices + 1):
        tatanan = rng.choice(codes)
        indicators = sorted({f"{tatanan}.{rng.randint(1, counts[tatanan])}" for _ in range(rng.randint(1, 3))})
        _dump(data_dir / "praktik" / f"praktik-sintetis-{n:05d}.yaml", {
            "id": f"praktik-sintetis-{n:05d}",
            # About 11 words, as real titles (they weigh on the search index).
            "judul": f"Praktik sintetis {n:05d} " + " ".join(rng.choice(_WORDS) for _ in range(8)),
            "daerah": rng.choices(region_ids, weights)[0], "tatanan": [tatanan], "indikator": indicators,
            "mulai": rng.randint(2010, 2025), "status": rng.choice(["berjalan", "berjalan", "berhenti"]),
            "ringkasan": _text(rng, 50), "masalah": _text(rng, 80), "langkah": _text(rng, 150),
            "hasil": _text(rng, 80) + " [2]", "biaya": _text(rng, 30), "pelaku": _text(rng, 30),
            "syarat_replikasi": _text(rng, 50), "pelajaran": _text(rng, 50),
            "angka_hasil": [{"ukuran": "Jumlah kader sintetis", "nilai": f"{rng.randint(5, 500)} orang",
                             "tahun": 2024, "sumber": [1]}],
            "kontak": [{"peran": "Kepala Bidang", "unit": "OPD sintetis"}],
            "sumber": [_source(n), _source(n + 1)], "keyakinan": rng.choice(["tinggi", "sedang", "rendah"]),
            "terakhir_diverifikasi": "2026-11-28", "contoh": True})
