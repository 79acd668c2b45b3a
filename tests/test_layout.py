"""What readers see (issue 12): every page type of the bundled site in Chromium at 1280 and 390 px.

Each page is opened once per viewport (served over http, as on an intranet) and measured by one
script in the page; the tests below check the measurements. Limits, from issue 12:

- no page is wider than the screen: wide tables scroll inside their own box;
- every tatanan page (the matrix pages) is at most 4,000 px tall at 1280 px and 9,000 px at
  390 px, and its matrix takes at most one screen (900 px) per 14 indicator rows at 1280 px;
  other generated pages (long-form: the gap analysis, the visit dossier) stay under twice that;
- no word in a table cell is broken across lines in the middle, and no date wraps;
- on a phone the gap chart's labels and the region timeline's text are at least 11 px, the
  region page's predicate table fits without scrolling, and the compare page's and practice
  filter's controls fit the screen.

The same page list is what `scripts/screenshots` photographs (macros/screenshots.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from macros.core.catalog import Catalog
from macros.core.load import load_catalog
from macros.render import urls
from macros.screenshots import CHROMIUM_ARGS, VIEWPORTS, open_page, page_types, serve
from macros.synth import write_synthetic

from conftest import DATA, kks, require_binary

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TATANAN_HEIGHT_MAX = {"1280": 4_000, "390": 9_000}
GENERATED_HEIGHT_MAX = {name: 2 * height for name, height in TATANAN_HEIGHT_MAX.items()}
MATRIX_ROWS_PER_SCREEN = 14
SCREEN_HEIGHT = 900
LABEL_MIN_PX = 11
GENERATED = ("tatanan", "indikator", "daerah", "daerah-asal", "praktik", "kesenjangan", "kunjungan", "laporan",
             "bandingkan")

# One script measures everything the tests need, so each page is loaded once per viewport.
PROBE = r"""() => {
  const lines = (range) => new Set([...range.getClientRects()].filter(r => r.width > 0)
                                   .map(r => Math.round(r.top))).size;
  const broken = [];
  for (const cell of document.querySelectorAll(".md-content .kks-table td, .md-content .kks-table th")) {
    const head = cell.closest("thead");  // a stacked table's header is only for screen readers
    if (head && getComputedStyle(head).position === "absolute") continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest(".kks-url")) continue;
      const words = /[^\s\-\/\u2013\u2014]{2,}/g;
      let m;
      while ((m = words.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        if (lines(range) > 1) broken.push(m[0]);
      }
    }
  }
  const wrappedDates = [...document.querySelectorAll(".md-content .kks-tanggal")].filter(el => {
    const range = document.createRange();
    range.selectNodeContents(el);
    return lines(range) > 1;
  }).map(el => el.textContent);
  const px = (el) => parseFloat(getComputedStyle(el).fontSize);
  const labels = [...document.querySelectorAll(".kks-grafik-kesenjangan .kks-grafik-label, " +
                                               ".kks-grafik-kesenjangan .kks-grafik-nilai, " +
                                               ".kks-grafik-sumbu span span")].map(px);
  for (const text of document.querySelectorAll(".kks-timeline svg text, .kks-peta svg text")) {
    const svg = text.ownerSVGElement;
    labels.push(px(text) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width);
  }
  const matrix = document.querySelector(".kks-tatanan table.kks-matriks");
  const history = document.querySelector("table.kks-riwayat");
  const controls = [...document.querySelectorAll(".md-content select, .md-content input, .md-content fieldset")]
    .filter(el => el.getClientRects().length)
    .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(el => el.name || el.tagName);
  return {
    width: document.documentElement.scrollWidth,
    height: document.documentElement.scrollHeight,
    broken, wrappedDates, labels, controls,
    matrix: matrix && {height: matrix.getBoundingClientRect().height,
                       rows: matrix.querySelectorAll("tbody tr").length},
    historyOverflow: history && history.parentElement.scrollWidth - history.parentElement.clientWidth,
    tocShown: !!document.querySelector(".md-sidebar--secondary:not([hidden]) .md-nav__link"),
    navShown: !!document.querySelector(".md-sidebar--primary .md-nav__link"),
  };
}"""


@cache
def _catalog() -> Catalog:
    catalog, issues = load_catalog(DATA)
    assert issues == []
    return catalog


def _pages() -> dict[str, str]:
    """Every page type, plus every tatanan page (the tallest generated pages are among them)."""
    catalog = _catalog()
    pages = page_types(catalog)
    for group in catalog.edition.groups:
        pages[f"tatanan-{group.code.lower()}"] = urls.tatanan_uri(group.code)[:-3] + ".html"
    return pages


def _kind(name: str) -> str:
    return "tatanan" if name.startswith("tatanan-") and name != "tatanan-daftar" else name


PAGES = _pages()
CASES = [(vp, name) for vp in VIEWPORTS for name in PAGES]
GENERATED_CASES = [(vp, name) for vp, name in CASES if _kind(name) in GENERATED]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = require_binary("chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _measure(browser: Any, site: Path, pages: dict[str, str]) -> dict[tuple[str, str], dict[str, Any]]:
    out: dict[tuple[str, str], dict[str, Any]] = {}
    errors: list[str] = []
    with serve(site) as base:
        for vp, (width, height) in VIEWPORTS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block")
            page = context.new_page()
            page.on("pageerror", lambda err: errors.append(str(err)))
            for name, rel in pages.items():
                open_page(page, base + rel)
                out[vp, name] = {**page.evaluate(PROBE), "errors": list(errors)}
                errors.clear()
            context.close()
    return out


@pytest.fixture(scope="module")
def measured(browser: Any, built_site: Path) -> dict[tuple[str, str], dict[str, Any]]:
    return _measure(browser, built_site, PAGES)


@pytest.mark.parametrize(("vp", "name"), CASES)
def test_page_fits_the_screen_and_keeps_words_whole(measured, vp: str, name: str) -> None:
    m = measured[vp, name]
    width = VIEWPORTS[vp][0]
    assert m["width"] <= width, f"{PAGES[name]} is {m['width']} px wide at {vp} px"
    assert m["broken"] == [], f"{PAGES[name]} at {vp} px breaks words mid-word: {m['broken'][:10]}"
    assert m["wrappedDates"] == [], f"{PAGES[name]} at {vp} px wraps dates: {m['wrappedDates']}"
    assert m["navShown"] or vp == "390", f"{PAGES[name]} hides the navigation"
    assert m["errors"] == [], m["errors"]
    if _kind(name) in GENERATED:  # data pages use the full width: no table of contents beside them
        assert not m["tocShown"], f"{PAGES[name]} shows a table of contents column"


@pytest.mark.parametrize(("vp", "name"), GENERATED_CASES)
def test_generated_pages_stay_short(measured, vp: str, name: str) -> None:
    limit = (TATANAN_HEIGHT_MAX if _kind(name) == "tatanan" else GENERATED_HEIGHT_MAX)[vp]
    height = measured[vp, name]["height"]
    assert height <= limit, f"{PAGES[name]} is {height} px tall at {vp} px (limit {limit})"


def test_t9_page_is_short(measured) -> None:
    """The issue's own example: T9 was 10,371 px tall at 1280 px and 25,343 px at 390 px."""
    name = next(n for n, rel in PAGES.items() if rel == "tatanan/t9.html")
    for vp, limit in TATANAN_HEIGHT_MAX.items():
        assert measured[vp, name]["height"] <= limit, (vp, measured[vp, name]["height"])


@pytest.mark.parametrize("name", [n for n in PAGES if _kind(n) == "tatanan"])
def test_matrix_fits_one_screen_per_14_rows(measured, name: str) -> None:
    matrix = measured["1280", name]["matrix"]
    if matrix is None:
        pytest.skip(f"{PAGES[name]} has no practice yet, so no matrix")
    allowed = SCREEN_HEIGHT * max(matrix["rows"], MATRIX_ROWS_PER_SCREEN) / MATRIX_ROWS_PER_SCREEN
    assert matrix["height"] <= allowed, f"{PAGES[name]}: {matrix['rows']} rows take {matrix['height']:.0f} px"


@pytest.mark.parametrize("name", ["kesenjangan", "daerah"])
def test_chart_and_timeline_text_legible_on_a_phone(measured, name: str) -> None:
    if name not in PAGES:
        pytest.skip("the bundled data has no such page")
    labels = measured["390", name]["labels"]
    assert labels, f"{PAGES[name]} has no chart or timeline text to measure"
    assert min(labels) >= LABEL_MIN_PX, f"{PAGES[name]}: text of {min(labels):.1f} px on a phone"


@pytest.mark.parametrize("name", ["daerah", "bandingkan", "praktik-daftar"])
def test_tables_and_controls_fit_a_phone(measured, name: str) -> None:
    m = measured["390", name]
    assert m["controls"] == [], f"{PAGES[name]}: controls wider than the phone: {m['controls']}"
    if name == "daerah":
        assert m["historyOverflow"] is not None and m["historyOverflow"] <= 0, "predicate table scrolls sideways"


# ------------------------------------------------------------------ stress: long unbroken text

LONG_URL = "https://dinkes.contoh.go.id/" + "laporan-tahunan-program-kabupaten-kota-sehat-" * 3 + "2025.pdf"


@pytest.fixture(scope="module")
def long_text_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    """A synthetic site where a case study's result figure and legal basis are 140-character URLs."""
    data = tmp_path_factory.mktemp("panjang") / "data"
    write_synthetic(data, practices=6, regions=3, framework_from=DATA)
    path = sorted((data / "praktik").glob("*.yaml"))[0]
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record["angka_hasil"] = [{"ukuran": "Laporan", "nilai": LONG_URL, "tahun": 2025, "sumber": [1]}]
    record["dasar_hukum"] = [LONG_URL]
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = data.parent / "site"
    result = kks("build", "--data", str(data), "--out", str(site))
    assert result.returncode == 0, result.stderr[-2000:]
    catalog, issues = load_catalog(data)
    assert issues == []
    return site, catalog


def test_a_long_url_scrolls_inside_its_table(browser, long_text_site) -> None:
    site, catalog = long_text_site
    assert len(LONG_URL) >= 140
    practice = sorted(catalog.practices)[0]
    pages = {"praktik": f"praktik/{practice}.html"}
    measured = _measure(browser, site, pages)
    for vp, (width, _) in VIEWPORTS.items():
        assert measured[vp, "praktik"]["width"] <= width, f"a 140-character URL widens the page at {vp} px"
