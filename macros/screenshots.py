"""Screenshots of every page type, at a desktop width and on a phone, with the system Chromium.

`scripts/screenshots` builds the bundled site and calls `main`; tests/test_layout.py uses the
same page list and measurements, so what contributors look at is what the tests check.

Output (in `.build/screenshots/` by default): `<jenis>-<lebar>.png`, the whole page, and
`ukuran.json`, each page's width and height in CSS pixels per viewport. Playwright (a test
dependency, in .venv) drives Chromium through `executable_path`: no browser download.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from .core.catalog import Catalog
from .core.load import load_catalog
from .render import urls, visit_pages

VIEWPORTS: dict[str, tuple[int, int]] = {"1280": (1280, 900), "390": (390, 844)}
"""Viewport name -> (width, height) in CSS pixels: a laptop and a common phone (issue 12)."""

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
"""Chromium flags for headless runs on CI and on a shared machine (same as tests/test_browser.py)."""

GENERATED_KINDS = ("tatanan", "indikator", "daerah", "daerah-asal", "praktik", "kesenjangan",
                   "kunjungan", "laporan", "bandingkan")
"""Page types generated from data: they use the full content width (no table of contents)."""


def _html(uri: str) -> str:
    return uri[:-3] + ".html"


def page_types(catalog: Catalog) -> dict[str, str]:
    """One page per page type, the heaviest one the data offers: name -> path in the built site.

    Hand-written pages are fixed; for generated ones the page with the most content is chosen
    (the tatanan and indicator with the most practices, the region with the most practices, the
    case study with the most result figures and sources), so a layout that holds there holds on
    the others. Types the data has no page for (no visit, no assessment) are left out.
    """
    pages = {"beranda": "index.html", "tatanan-daftar": "tatanan/index.html"}
    groups = catalog.edition.groups
    busiest = max(groups, key=lambda g: (len(catalog.practices_by_tatanan.get(g.code, ())), g.code))
    pages["tatanan"] = _html(urls.tatanan_uri(busiest.code))
    indicators = catalog.edition.indicators
    if indicators:
        code = max(indicators, key=lambda c: (len(catalog.practices_by_indicator.get(c, ())), c))
        pages["indikator"] = _html(urls.indicator_uri(code))
    pages["daerah-daftar"] = "daerah/index.html"
    reference = [r for r in catalog.regions.values() if not r.is_home]
    if reference:
        region = max(reference, key=lambda r: (len(catalog.practices_by_region.get(r.id, ())), len(r.history), r.id))
        pages["daerah"] = _html(urls.region_uri(region.id))
    gaps = visit_pages.gap_regions(catalog)
    if gaps:
        pages["daerah-asal"] = _html(urls.region_uri(gaps[0]))
    pages["praktik-daftar"] = "praktik/index.html"
    if catalog.practices:
        practice = max(catalog.practices.values(), key=lambda p: (len(p.figures), len(p.sources), p.id))
        pages["praktik"] = _html(urls.practice_uri(practice.id))
    ranked = sorted(catalog.regions, key=lambda r: (-len(catalog.practices_by_region.get(r, ())), r))
    pages["bandingkan"] = "bandingkan.html?daerah=" + ",".join(ranked[:4])
    pages["kunjungan-daftar"] = "kunjungan/index.html"
    if gaps:
        pages["kesenjangan"] = _html(urls.gap_uri(gaps[0]))
    if catalog.visits:
        visit = max(catalog.visits.values(), key=lambda v: (v.has_report, len(v.focus), v.id))
        pages["kunjungan"] = _html(urls.visit_uri(visit.id))
        if visit.has_report:
            pages["laporan"] = _html(urls.report_uri(visit.id))
    pages.update({"unduh": "unduh.html", "kontribusi": "kontribusi.html", "penilaian-kks": "penilaian-kks.html"})
    return pages


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve `folder` over http on a free loopback port (as an intranet server would); yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class Size:
    width: int
    height: int


MEASURE = "() => ({width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight})"


def open_page(page: Any, url: str) -> Size:
    """Load `url` in a Playwright page, wait until scripts have drawn it, return its size."""
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    size = page.evaluate(MEASURE)
    return Size(size["width"], size["height"])


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def shoot(site: Path, out: Path, names: list[str] | None = None) -> dict[str, dict[str, dict[str, int]]]:
    """Write `<name>-<viewport>.png` (whole page) for every page type into `out`, and return
    {name: {viewport: {width, height}}}. Raises RuntimeError without Chromium."""
    from playwright.sync_api import sync_playwright

    exe = chromium_path()
    if exe is None:
        raise RuntimeError("Chromium tidak ditemukan (apt-get install chromium)")
    catalog, issues = load_catalog(Path(__file__).resolve().parents[1] / "data")
    if issues:
        raise RuntimeError("data/ tidak valid; jalankan 'kks validate'")
    pages = {n: p for n, p in page_types(catalog).items() if names is None or n in names}
    out.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, dict[str, dict[str, int]]] = {}
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            for vp_name, (width, height) in VIEWPORTS.items():
                context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
                page = context.new_page()
                for name, rel in pages.items():
                    size = open_page(page, base + rel)
                    page.screenshot(path=str(out / f"{name}-{vp_name}.png"), full_page=True)
                    sizes.setdefault(name, {})[vp_name] = {"width": size.width, "height": size.height}
                    print(f"{name:16} {vp_name:>4}: {size.width} × {size.height} px  ({rel})")
                context.close()
        finally:
            browser.close()
    (out / "ukuran.json").write_text(json.dumps(sizes, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tangkapan layar setiap jenis halaman (1280 dan 390 px).")
    parser.add_argument("site", type=Path, help="folder situs yang sudah dibangun")
    parser.add_argument("--out", type=Path, default=Path(".build/screenshots"))
    parser.add_argument("--hanya", nargs="*", default=None, metavar="JENIS", help="hanya jenis halaman ini")
    args = parser.parse_args(argv)
    try:
        shoot(args.site, args.out, args.hanya)
    except RuntimeError as err:
        print(f"screenshots: {err}", file=sys.stderr)
        return 1
    print(f"Tangkapan layar ditulis ke {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
