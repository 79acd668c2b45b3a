"""Side-by-side views: the tatanan matrix, the compare page, the practice filter and tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.core import compare
from macros.core.catalog import Catalog
from macros.core.load import load_catalog
from macros.render.pages import plan_pages, render_source
from macros.render.urls import tatanan_uri
from macros.synth import write_synthetic

from conftest import DATA, kks, require_binary

PAGE_MAX = 300_000
LIST_MAX = 200
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


def _matrix(catalog: Catalog, code: str) -> tuple[BeautifulSoup, list[str], dict[str, list[BeautifulSoup]]]:
    """The page, the column regions (ids) and, per indicator code, the cells of its row."""
    spec = plan_pages(catalog)[tatanan_uri(code)]
    soup = BeautifulSoup(render_source(catalog, spec), "html.parser")
    table = soup.select_one("table.kks-matriks")
    assert table is not None, f"no matrix on the {code} page"
    rows = {tr["data-indikator"]: tr.select("td") for tr in table.select("tbody tr")}
    columns = [td["data-daerah"] for td in next(iter(rows.values()))]
    return soup, columns, rows


def test_tatanan_matrix_marks_each_practice_in_its_indicator_row_and_region_column(mini_data: Path) -> None:
    """A cell holds a count, its tooltip the titles; the list under the table links them."""
    catalog, issues = load_catalog(mini_data)
    assert not issues
    checked = 0
    for group in catalog.edition.groups:
        view = compare.tatanan_view(catalog, group)
        if not view.columns:
            continue
        soup, columns, rows = _matrix(catalog, group.code)
        assert columns == [r.id for r in view.columns]
        headers = [th["title"] for th in soup.select("table.kks-matriks thead th")[1:]]
        assert headers == [f"{r.name} ({r.province})" for r in view.columns]
        for code, cells in rows.items():
            for col, cell in enumerate(cells):
                mine = [p for p in catalog.practices_by_indicator.get(code, []) if p.region == columns[col]]
                mark = cell.select_one(".kks-tanda-jumlah")
                assert (int(mark.get_text()) if mark else 0) == len(mine), (code, columns[col])
                assert not cell.select("a[href*='praktik/']"), "practice titles belong in the tooltip and list"
                if mine:
                    tip = cell.select_one("a.kks-tanda")["title"]
                    named = sorted(mine, key=compare.practice_rank)[:compare.CELL_MAX]
                    assert all(p.title in tip for p in named), (code, tip)
                    anchor = cell.select_one("a.kks-tanda")["href"][1:]
                    listed = {a["href"] for a in soup.select(f"li#{anchor} a[href*='praktik/']")}
                    in_row = [p for p in catalog.practices_by_indicator[code] if p.region in columns]
                    shown = [p for p in mine if f"../praktik/{p.id}.html" in listed]
                    assert shown or len(in_row) > compare.ROW_LIST_MAX, (code, anchor)
                    checked += len(mine)
    assert checked >= len(catalog.practices)


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog]:
    """A built site with more practices than the practice list shows (230 > 200)."""
    base = tmp_path_factory.mktemp("bandingkan")
    data = base / "data"
    write_synthetic(data, practices=230, regions=12, framework_from=DATA)
    out = base / "site"
    result = kks("build", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr[-3000:]
    catalog, issues = load_catalog(data)
    assert not issues
    return out, catalog


@pytest.mark.slow
def test_pages_stay_bounded_and_link_the_downloads(synthetic_site: tuple[Path, Catalog]) -> None:
    site, catalog = synthetic_site
    index = (site / "praktik" / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(index, "html.parser")
    rows = soup.select(".kks-daftar-praktik tbody tr")
    assert len(rows) == LIST_MAX < len(catalog.practices)
    assert f"Ditampilkan {LIST_MAX} dari {len(catalog.practices)} praktik" in soup.get_text()
    hrefs = {a["href"] for a in soup.select("a[href]")}
    assert {"../unduh/praktik.csv", "../unduh/praktik.xlsx", "../unduh/praktik.json"} <= hrefs
    for page in ("praktik/index.html", "bandingkan.html", "unduh.html", "daerah/index.html"):
        assert (site / page).stat().st_size < PAGE_MAX, page
    practice = catalog.sorted_practices[0]
    page = BeautifulSoup((site / "praktik" / f"{practice.id}.html").read_text(encoding="utf-8"), "html.parser")
    tags = {t.get_text(strip=True) for t in page.select(".md-tag")}
    assert {*practice.tatanan, catalog.regions[practice.region].name} <= tags
    data = (site / "assets" / "data" / "praktik-indeks.js").read_text(encoding="utf-8")
    assert data.startswith("window.KKS_PRAKTIK=") and data.count(f'"{practice.id}"') == 1


def _browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright
    chromium = require_binary("chromium")
    manager = sync_playwright().start()
    return manager, manager.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


@pytest.mark.slow
@pytest.mark.browser
def test_compare_page_over_file_url(synthetic_site: tuple[Path, Catalog]) -> None:
    site, catalog = synthetic_site
    chosen = sorted(catalog.practices_by_region, key=lambda r: -len(catalog.practices_by_region[r]))[:3]
    manager, browser = _browser()
    try:
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((site / "bandingkan.html").as_uri() + "?daerah=" + ",".join(chosen))
        page.wait_for_selector("[data-kks-bandingkan=siap]", timeout=10_000)
        names = [catalog.regions[r].name for r in chosen]
        sections = page.locator("details.kks-bandingkan-tatanan")
        # One section is open at first (the first tatanan where the chosen regions have practices).
        assert sections.evaluate_all("ds => ds.filter(d => d.open).length") == 1
        sections.evaluate_all("ds => ds.forEach(d => { d.open = true; })")
        checked = 0
        for section in sections.all():
            code = section.get_attribute("data-tatanan")
            headers = [h.strip() for h in section.locator("thead th").all_inner_texts()[1:]]
            if not headers:
                continue
            assert headers == names
            for col, region in enumerate(chosen):
                for p in catalog.practices_by_region[region]:
                    if code not in p.tatanan:
                        continue
                    for indicator in (i for i in p.indicators if i.startswith(code + ".")):
                        cell = section.locator(f'tr[data-indikator="{indicator}"] td').nth(col)
                        hrefs = [a.get_attribute("href") for a in cell.locator("a").all()]
                        assert f"praktik/{p.id}.html" in hrefs or len(hrefs) > 5, (p.id, indicator)
                        checked += 1
        assert checked > 0
        # (the search index script belongs to the offline edition, not to this page)
        assert [e for e in errors if "search_index" not in e] == []
        # choosing a single tatanan shows only that one, and the address keeps the choice
        page.select_option("select[name=tatanan]", "T9")
        assert page.locator("details.kks-bandingkan-tatanan[open]").count() == 1
        assert page.locator("details.kks-bandingkan-tatanan").count() == 1
    finally:
        browser.close()
        manager.stop()


@pytest.mark.slow
@pytest.mark.browser
def test_practice_filter_loads_the_full_list(synthetic_site: tuple[Path, Catalog]) -> None:
    site, catalog = synthetic_site
    manager, browser = _browser()
    try:
        page = browser.new_page()
        page.goto((site / "praktik" / "index.html").as_uri())
        page.wait_for_selector("[data-kks-filter=siap]", timeout=10_000)
        page.select_option("select[name=tatanan]", "T9")
        expected = [p for p in catalog.sorted_practices if "T9" in p.tatanan]
        assert page.locator(".kks-daftar-praktik tbody tr").count() == min(len(expected), LIST_MAX)
        page.select_option("select[name=status]", "berhenti")
        page.select_option("select[name=keyakinan]", "tinggi")
        expected = [p for p in expected if p.status == "berhenti" and p.confidence == "tinggi"]
        links = page.locator(".kks-daftar-praktik tbody tr td:first-child a").all()
        assert sorted(a.get_attribute("href") for a in links) == sorted(f"{p.id}.html" for p in expected)
        region = catalog.sorted_regions[1]
        page.goto((site / "praktik" / "index.html").as_uri() + "?daerah=" + region.id)
        page.wait_for_selector("[data-kks-filter=siap]", timeout=10_000)
        count = page.locator(".kks-daftar-praktik tbody tr").count()
        assert count == min(len(catalog.practices_by_region.get(region.id, [])), LIST_MAX)
    finally:
        browser.close()
        manager.stop()
