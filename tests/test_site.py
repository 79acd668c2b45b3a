"""The site built from the bundled data: pages, counts, links, size and isolation."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.core.load import load_catalog

from conftest import DATA

PAGE_BUDGET_BYTES = 300_000
"""No page's HTML may exceed this, however large the knowledge base grows (issue 7)."""


@cache
def _catalog():
    catalog, issues = load_catalog(DATA)
    assert issues == []
    return catalog


def _soup(site: Path, rel: str) -> BeautifulSoup:
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def test_home_counts_match_the_data(built_site: Path) -> None:
    catalog = _catalog()
    figures = [int(d.strong.text) for d in _soup(built_site, "index.html").select(".kks-angka div")]
    edition = catalog.edition
    assert figures == [len(catalog.places), len(catalog.practices_by_region), len(catalog.practices),
                       len(edition.tatanan), sum(len(t.indicators) for t in edition.tatanan),
                       len(edition.institutional.indicators)]


def test_every_tatanan_and_indicator_has_a_page_reached_by_a_link(built_site: Path) -> None:
    edition = _catalog().edition
    assert len(edition.tatanan) == 9
    indicator_pages = 0
    for group in edition.groups:
        page = f"tatanan/{group.code.lower()}.html"
        links = {a["href"] for a in _soup(built_site, page).select(".kks-tatanan a[href]")}
        for indicator in group.indicators:
            target = f"../indikator/{indicator.code.lower().replace('.', '-')}.html"
            assert target in links, f"{page} does not link {indicator.code}"
            assert (built_site / target[3:]).exists()
            indicator_pages += 1
    assert indicator_pages == len(edition.indicators)


def test_navigation_shows_tatanan_not_indicators(built_site: Path) -> None:
    nav = _soup(built_site, "tatanan/t9.html").select_one("nav.md-nav--primary")
    hrefs = [a["href"] for a in nav.select("a[href]")]
    assert any(h.endswith("t9.html") for h in hrefs)
    assert not any("indikator/" in h or ("praktik/" in h and not h.endswith("index.html")) for h in hrefs)


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def test_every_page_is_indonesian_small_and_local(built_site: Path) -> None:
    for page in _pages(built_site):
        html = page.read_text(encoding="utf-8")
        assert len(html.encode()) < PAGE_BUDGET_BYTES, page
        soup = BeautifulSoup(html, "html.parser")
        assert soup.html["lang"] == "id", page
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for el in soup.find_all(tag):
                value = el.get(attr) or ""
                assert not re.match(r"^(https?:)?//", value), f"{page}: outside resource {value}"


def test_internal_links_resolve(built_site: Path) -> None:
    broken = []
    for page in _pages(built_site):
        rel_dir = posixpath.dirname(page.relative_to(built_site).as_posix())
        for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(".md-content a[href]"):
            href = a["href"].split("#")[0]
            if not href or re.match(r"^[a-z]+:", href):
                continue
            # Root-relative links (only the 404 page has them: it is served at any depth).
            target = href.lstrip("/") if href.startswith("/") else posixpath.normpath(posixpath.join(rel_dir, href))
            if not (built_site / target).exists():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
    assert broken == []


def test_every_case_study_page_shows_a_source_url(built_site: Path) -> None:
    catalog = _catalog()
    assert catalog.practices
    for practice in catalog.practices.values():
        soup = _soup(built_site, f"praktik/{practice.id}.html")
        urls = [a["href"] for a in soup.select(".kks-sumber a[href]")]
        assert urls and all(u.startswith(("http://", "https://")) for u in urls), practice.id
        if practice.example:
            assert soup.select_one(".kks-contoh"), f"{practice.id} is an example but not labelled"


def test_t9_indicator_pages_compare_at_least_two_regions(built_site: Path) -> None:
    catalog = _catalog()
    compared = 0
    for indicator in catalog.edition.group("T9").indicators:
        if not catalog.practices_by_indicator.get(indicator.code):
            continue
        soup = _soup(built_site, f"indikator/{indicator.code.lower().replace('.', '-')}.html")
        regions = {card.select_one(".kks-meta a").text for card in soup.select(".kks-side-by-side .kks-kartu")}
        regions_with_practice = {p.region for p in catalog.practices_by_indicator[indicator.code]}
        assert len(regions) >= min(2, len(regions_with_practice)), indicator.code
        compared += len(regions) >= 2
    assert compared >= 1


@pytest.mark.parametrize("page", ["tatanan/t9.html", "indikator/t9-1.html"])
def test_generated_pages_have_their_sections(built_site: Path, page: str) -> None:
    soup = _soup(built_site, page)
    assert soup.select_one("h1")
    assert soup.select("h2")


def test_the_404_page_speaks_indonesian_and_leads_home(built_site: Path) -> None:
    soup = _soup(built_site, "404.html")
    text = soup.select_one(".md-content").get_text(" ")
    assert "Halaman tidak ditemukan" in text and "Not found" not in text
    assert "/index.html" in {a["href"] for a in soup.select(".md-content a[href]")}


def test_pages_for_readers_give_no_command_lines(built_site: Path) -> None:
    """Intranet readers cannot run `kks`: data pages and the lists over them never tell them to
    (the contributor guide and the README are where commands belong)."""
    folders = ("kesenjangan", "kunjungan", "daerah", "indikator", "tatanan", "praktik")
    pages = [p for folder in folders for p in (built_site / folder).rglob("*.html")]
    pages += [built_site / "penghargaan.html", built_site / "penilaian-kks.html", built_site / "bandingkan.html"]
    for page in pages:
        content = _soup(built_site, str(page.relative_to(built_site))).select_one(".md-content")
        commands = [c.get_text() for c in content.select("code") if c.get_text().startswith("kks ")]
        assert commands == [], f"{page.relative_to(built_site)}: {commands}"
