"""One benchmark run: synthetic data set in a temporary folder, `kks validate` and `kks build`
timed as child processes, then the floor (plain MkDocs + Material) on as many pages."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from ..render.search_index import pages_with, read_index
from ..sitebuild import PROJECT_ROOT, mkdocs_env
from ..synth import write_synthetic
from .floor import write_floor
from .measure import SiteSize, Step, run_step, site_size
from .search_time import gzip_size, search_times
from .serve_loop import LoopError, measure_serve_loop

REAL_DATA = PROJECT_ROOT / "data"
SEARCH_QUERY = "sanitasi"
"""Timed in Chromium: a word of the synthetic narrative, found on about half the case studies."""
REGIONS_IN_INDONESIA = 514  # kabupaten + kota: more synthetic regions than this would be unrealistic
MB = 1024 * 1024


class BenchError(Exception):
    """A step of the benchmark failed; the message says which and shows its log."""


def default_regions(practices: int) -> int:
    return min(REGIONS_IN_INDONESIA, max(3, practices // 10))


def _kks(*args: str) -> list[str]:
    return [sys.executable, "-m", "macros.cli.main", *args]


def _env(data: Path) -> dict[str, str]:
    env = mkdocs_env(data)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def _checked(name: str, step: Step) -> Step:
    if step.returncode != 0:
        raise BenchError(f"Langkah '{name}' gagal (kode keluar {step.returncode}):\n{step.log[-4000:]}")
    return step


def search_finds(site: Path, data: Path) -> dict[str, bool]:
    """Whether the search index finds a case study by the last word of its title and by the last
    word of its last narrative section (`pelajaran`: far from the short text shown in results)."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    files = sorted((data / "praktik").glob("*.yaml"))
    if not files:
        return {"title": False, "body": False}
    record = yaml.safe_load(files[len(files) // 2].read_text(encoding="utf-8"))
    location = f"praktik/{record['id']}.html"
    page = next((n for n, d in enumerate(index["docs"]) if d["location"] == location), -1)
    merged = read_index(site)

    def found(text: str) -> bool:
        words = [w for w in re.findall(r"[a-z]{4,}", text.lower()) if w != "contoh"]
        return bool(words) and page in pages_with(merged, words[-1])

    return {"title": found(record["judul"]), "body": found(record.get("pelajaran") or "")}


SERVE_EDITS = 7
"""Edits timed in the contributor's loop (`kks serve`); the report gives their median."""


def bench_one(practices: int, regions: int, work: Path, log=print, edits: int = SERVE_EDITS) -> dict[str, Any]:
    """Run the whole benchmark for one size inside `work` (which the caller removes)."""
    data, site, floor = work / "data", work / "site", work / "floor"
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    write_synthetic(data, practices, regions, framework_from=REAL_DATA)
    generate_s = time.perf_counter() - start
    env = _env(data)
    log(f"  data sintetis dibuat ({generate_s:.1f} s); kks validate ...")
    validate = _checked("kks validate", run_step(_kks("validate", "--data", str(data)), PROJECT_ROOT, env,
                                                 work / "validate.log"))
    # One case study, as a contributor checks the file just edited (`kks validate BERKAS`).
    sample = sorted((data / "praktik").glob("*.yaml"))[practices // 2]
    validate_file = _checked("kks validate (satu berkas)", run_step(
        _kks("validate", "--data", str(data), str(sample)), PROJECT_ROOT, env, work / "validate-file.log"))
    log(f"  kks validate {validate.seconds:.1f} s, satu berkas {validate_file.seconds:.1f} s; kks build ...")
    build = _checked("kks build", run_step(_kks("build", "--data", str(data), "--out", str(site)), PROJECT_ROOT,
                                           env, work / "build.log"))
    real = site_size(site)
    finds = search_finds(site, data)
    log(f"  kks build {build.seconds:.1f} s ({real.pages} halaman); pencarian di Chromium ...")
    search = {"gzip": gzip_size(site / "search" / "search_index.json"), **search_times(site, SEARCH_QUERY)}
    shutil.rmtree(site)  # disk: the floor needs as much again
    log(f"  hasil pertama {search['local']} ms (lokal), {search['regional']} ms (10 Mbit/s); kks serve dan "
        f"{edits} suntingan ...")
    try:
        loop = measure_serve_loop(data, _kks("serve"), PROJECT_ROOT, env, work / "serve.log", edits)
    except LoopError as err:
        raise BenchError(f"Langkah 'kks serve' gagal: {err}") from err
    log(f"  kks serve siap {loop['serve_start_s']:.1f} s; suntingan median {loop['serve_edit_median_s']:.2f} s; "
        "lantai pembanding ...")
    pages = write_floor(floor, real.content_sizes)
    plain = _checked("mkdocs build (lantai)", run_step(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(floor / "mkdocs.yml"),
         "-d", str(floor / "site")], floor, env, work / "floor.log"))
    base = site_size(floor / "site")
    log(f"  lantai {plain.seconds:.1f} s ({base.pages} halaman)")
    result = _result(practices, regions, generate_s, validate, build, real, plain, base, pages, finds, search,
                     (load_before, os.getloadavg()[0]))
    result.update(validate_file_s=validate_file.seconds, validate_file_cpu_s=validate_file.cpu_seconds, **loop)
    return result


def _ratio(ours: float, pages: int, floor: float, floor_pages: int) -> float:
    """Time per page of our build over time per page of the floor."""
    return round((ours / max(1, pages)) / max(1e-9, floor / max(1, floor_pages)), 3)


def _result(practices: int, regions: int, generate_s: float, validate: Step, build: Step, real: SiteSize,
            plain: Step, base: SiteSize, floor_pages: int, finds: dict[str, bool], search: dict[str, Any],
            load: tuple[float, float]) -> dict[str, Any]:
    return {
        "practices": practices,
        "regions": regions,
        "pages": real.pages,
        "generate_s": round(generate_s, 2),
        "validate_s": validate.seconds,
        "validate_cpu_s": validate.cpu_seconds,
        "validate_peak_mb": round(validate.peak_rss_bytes / MB, 1),
        "build_s": build.seconds,
        "build_cpu_s": build.cpu_seconds,
        "build_ms_per_page": round(1000 * build.seconds / max(1, real.pages), 2),
        "build_peak_mb": round(build.peak_rss_bytes / MB, 1),
        "floor_pages": floor_pages,
        "floor_s": plain.seconds,
        "floor_cpu_s": plain.cpu_seconds,
        "floor_ms_per_page": round(1000 * plain.seconds / max(1, floor_pages), 2),
        "floor_peak_mb": round(plain.peak_rss_bytes / MB, 1),
        "ratio_to_floor": _ratio(build.seconds, real.pages, plain.seconds, floor_pages),
        "ratio_to_floor_cpu": _ratio(build.cpu_seconds, real.pages, plain.cpu_seconds, floor_pages),
        "site_bytes": real.site_bytes,
        "largest_page_bytes": real.largest_page_bytes,
        "largest_page": real.largest_page,
        "search_index_bytes": real.search_index_bytes,
        "search_index_gzip_bytes": search["gzip"],
        "search_first_result_ms": search["local"],
        "search_first_result_regional_ms": search["regional"],
        "search_finds_title": finds["title"],
        "search_finds_body": finds["body"],
        "mean_content_bytes": real.mean_content_bytes,
        "floor_mean_content_bytes": base.mean_content_bytes,
        "floor_site_bytes": base.site_bytes,
        "floor_search_index_bytes": base.search_index_bytes,
        "load_average": [round(x, 2) for x in load],
    }


def bench(practices: int, regions: int = 0, data_out: Path | None = None, log=print,
          edits: int = SERVE_EDITS) -> dict[str, Any]:
    """Benchmark one size in a fresh temporary folder; keep the data set in `data_out` if given."""
    regions = regions or default_regions(practices)
    work = Path(tempfile.mkdtemp(prefix=f"kks-bench-{practices}-"))
    try:
        result = bench_one(practices, regions, work, log, edits)
        if data_out is not None:
            data_out.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(work / "data"), str(data_out))
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)
