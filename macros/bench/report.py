"""The machine the benchmark ran on, the targets, and the Markdown table for the README."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

KB = 1024
MB = 1024 * 1024
CORE_GZIP_LIMIT = 2 * MB
"""Beyond 1,000 case studies: the search index's core, gzipped, at most this (1.6 s at 10 Mbit/s)."""
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "Markdown", "Jinja2", "PyYAML", "nh3")
FIELDS = ("practices", "regions", "pages", "generate_s", "validate_s", "validate_cpu_s", "validate_peak_mb",
          "build_s", "build_cpu_s", "build_ms_per_page", "build_peak_mb", "floor_pages", "floor_s", "floor_cpu_s",
          "floor_ms_per_page", "floor_peak_mb", "ratio_to_floor", "ratio_to_floor_cpu",
          "site_bytes", "largest_page_bytes", "largest_page", "search_index_bytes", "search_index_gzip_bytes",
          "search_first_result_ms", "search_first_result_regional_ms", "search_finds_title", "search_finds_body",
          "mean_content_bytes", "floor_mean_content_bytes", "floor_site_bytes",
          "floor_search_index_bytes", "validate_file_s", "validate_file_cpu_s", "serve_start_s", "serve_edits_s",
          "serve_edit_median_s", "serve_edit_max_s", "serve_peak_mb", "load_average", "targets")


def _first_line(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def machine() -> dict[str, Any]:
    mem_kb = _first_line("/proc/meminfo", "MemTotal").split()[0]
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "?"
    return {"nproc": len(os.sched_getaffinity(0)), "cpu": _first_line("/proc/cpuinfo", "model name"),
            "ram_gb": round(int(mem_kb) / MB, 1) if mem_kb.isdigit() else None,
            "python": platform.python_version(), "os": f"{platform.system()} {platform.release()}",
            "packages": versions}


def serve_edit_limit_s(practices: int) -> float:
    """Issue 14: an edited page is served with the change within 3 s at 5,000 case studies and
    within 5 s at 25,000 (3 s below 5,000, 5 s above)."""
    return 3.0 if practices <= 5000 else 5.0


def targets(run: dict[str, Any]) -> dict[str, bool]:
    """The issue's targets for one run (sizes are checked against the bound for that N)."""
    n = run["practices"]
    # The bound at 1,000 is on the whole index; at national scale what a reader waits for
    # is the core loaded with every page (the shards load per query word).
    index_ok = (run["search_index_bytes"] <= 1.5 * MB if n <= 1000
                else (run.get("search_index_gzip_bytes") or 0) <= CORE_GZIP_LIMIT)
    serve = {} if "serve_edit_median_s" not in run else {
        "serve_edit_within_limit": run["serve_edit_median_s"] <= serve_edit_limit_s(n)}
    return {**serve,
        "ratio_to_floor_max_1_3": run["ratio_to_floor"] <= 1.3,
        "validate_under_15_s": run["validate_s"] < 15,
        "build_under_5_min": run["build_s"] < 300,
        "peak_memory_under_2_gb": max(run["build_peak_mb"], run["validate_peak_mb"]) < 2048,
        "largest_page_under_300_kb": run["largest_page_bytes"] <= 300 * KB,
        "search_index_under_limit": index_ok,
        "search_finds_title": bool(run["search_finds_title"]),
        "search_finds_body": bool(run["search_finds_body"]),
        # The aim on a regional link; not measured without Chromium
        **({} if run.get("search_first_result_regional_ms") is None else
           {"search_first_result_regional_under_3_s": run["search_first_result_regional_ms"] < 3000}),
    }


def _mark(ok: bool) -> str:
    return "" if ok else " ✗"


def num(value: float, digits: int = 0) -> str:
    """Indonesian number format: 1.234 and 72,41."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _row(r: dict[str, Any]) -> str:
    t = r["targets"]
    small = r["practices"] <= 1000  # which index size the target is on (see targets)
    cells = [num(r["practices"]), num(r["regions"]), num(r["pages"]),
             num(r["validate_s"], 1) + _mark(t["validate_under_15_s"]),
             num(r["build_s"], 1) + _mark(t["build_under_5_min"]),
             num(r["build_ms_per_page"], 2), num(r["floor_s"], 1), num(r["floor_ms_per_page"], 2),
             num(r["ratio_to_floor"], 2) + _mark(t["ratio_to_floor_max_1_3"]), num(r["ratio_to_floor_cpu"], 2),
             num(max(r["build_peak_mb"], r["validate_peak_mb"])) + _mark(t["peak_memory_under_2_gb"]),
             num(r["site_bytes"] / MB, 1), num(r["site_bytes"] / max(1, r["pages"]) / KB, 1),
             num(r["largest_page_bytes"] / KB) + _mark(t["largest_page_under_300_kb"]),
             num(r["search_index_bytes"] / KB) + (_mark(t["search_index_under_limit"]) if small else ""),
             (num(r["search_index_gzip_bytes"] / KB) if r.get("search_index_gzip_bytes") else "–")
             + ("" if small else _mark(t["search_index_under_limit"])),
             _ms(r.get("search_first_result_ms")) + " / " + _ms(r.get("search_first_result_regional_ms"))
             + _mark(t.get("search_first_result_regional_under_3_s", True))]
    return "| " + " | ".join(cells) + " |"


def _ms(value: float | None) -> str:
    return "–" if value is None else num(value / 1000, 1)


def table(runs: list[dict[str, Any]]) -> str:
    head = ("| Praktik | Daerah | Halaman | validate (s) | build (s) | ms/halaman | lantai (s) | lantai ms/halaman "
            "| rasio | rasio CPU | memori puncak (MB) | situs (MB) | KB/halaman | halaman terbesar (KB) "
            "| indeks pencarian (KB) | inti indeks, gzip (KB) | hasil pertama (s): lokal / 10 Mbit/s |")
    lines = [head, "|" + "---:|" * (head.count(" | ") + 1)]
    lines += [_row(r) for r in runs]
    return "\n".join(lines) + "\n"


def machine_line(m: dict[str, Any]) -> str:
    p = m["packages"]
    return (f"Mesin: {m['nproc']} inti ({m['cpu']}), RAM {m['ram_gb']} GB, {m['os']}, Python {m['python']}, "
            f"MkDocs {p['mkdocs']}, Material {p['mkdocs-material']}, mkdocs-macros {p['mkdocs-macros-plugin']}, "
            f"Markdown {p['Markdown']}, Jinja2 {p['Jinja2']}.")


def _loop_row(r: dict[str, Any]) -> str:
    if "serve_edit_median_s" not in r:
        return f"| {num(r['practices'])} | – | – | – | – | – | – | – |"
    limit = serve_edit_limit_s(r["practices"])
    edits = r["serve_edits_s"]
    cells = [num(r["practices"]), num(r["validate_file_s"], 1), num(r["validate_s"], 1), num(r["serve_start_s"], 0),
             num(r["serve_edit_median_s"], 2) + _mark(r["serve_edit_median_s"] <= limit),
             f"{num(min(edits), 2)}–{num(max(edits), 2)} ({len(edits)})", f"≤ {num(limit, 0)}",
             num(r["serve_peak_mb"])]
    return "| " + " | ".join(cells) + " |"


def loop_table(runs: list[dict[str, Any]]) -> str:
    """The contributor's loop: one file validated, and `kks serve` from a save to the page."""
    head = ("| Praktik | validate 1 berkas (s) | validate semua (s) | kks serve siap (s) | simpan → halaman baru, "
            "median (s) | min–maks (suntingan) | target (s) | memori kks serve (MB) |")
    lines = [head, "|" + "---:|" * (head.count(" | ") + 1)]
    lines += [_loop_row(r) for r in runs]
    return "\n".join(lines) + "\n"


def markdown(report: dict[str, Any]) -> str:
    runs = report["runs"]
    notes = [f"- N = {num(r['practices'])}: halaman terbesar `{r['largest_page']}`; beban rata-rata mesin "
             f"{num(r['load_average'][0], 2)} → {num(r['load_average'][1], 2)}; isi rata-rata "
             f"{num(r['mean_content_bytes'])} B per halaman (lantai {num(r['floor_mean_content_bytes'])} B); "
             f"indeks pencarian menemukan praktik dari kata judulnya: {'ya' if r['search_finds_title'] else 'TIDAK'}, "
             f"dari kata jauh di isinya: {'ya' if r.get('search_finds_body') else 'TIDAK'}"
             for r in runs]
    return (f"{machine_line(report['machine'])}\n\n{table(runs)}\n"
            "✗ = target tidak tercapai. Rasio = (ms/halaman kks build) / (ms/halaman lantai: MkDocs + Material "
            "polos dengan jumlah halaman dan ukuran isi yang sama, tanpa makro/hook); rasio CPU = hal yang sama "
            "dengan waktu CPU (user + sys), yang lebih tahan terhadap mesin yang sedang sibuk. Hasil pertama = "
            "dari membuka kotak pencarian sampai hasil pertama tampil di Chromium, cache kosong, kotak dibuka "
            "begitu halaman siap (termasuk memuat seluruh indeks); 10 Mbit/s = jaringan kantor daerah yang "
            "ditiru Chromium (10 Mbit/s, jeda 100 ms), situs disajikan dengan gzip seperti nginx. Indeks pencarian = "
            "seluruhnya (inti search_index.json + potongan search/kks/); inti = yang dimuat bersama setiap halaman, "
            "potongan dimuat hanya untuk kata yang dicari.\n\n"
            + "\n".join(notes) + "\n\n"
            "Putaran kontributor: `kks validate` satu berkas praktik, dan `kks serve` (siap = dari mulai sampai "
            "halaman pertama tersaji; suntingan = judul praktik diubah dan disimpan, sampai halamannya tersaji "
            "dengan perubahan itu).\n\n" + loop_table(runs))
