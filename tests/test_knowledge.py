"""The national knowledge: register of regions, award rounds, claim-level citations, guidance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from macros.core.citations import cited_numbers, sentences, uncited_dated
from macros.core.load import load_catalog
from macros.importers.wilayah import build_register, region_id
from macros.render.jinja import markdown_with_citations
from macros.render.text import plain

from conftest import DATA, kks, require_shared

# --- Register --------------------------------------------------------------------------------

def test_register_from_the_shared_csv_has_every_region_with_one_coordinate() -> None:
    folder = require_shared("wilayah")
    doc, issues = build_register(folder)
    assert issues == []
    regions = doc["kabupaten_kota"]
    assert len(regions) == 514
    assert len({r["id"] for r in regions}) == 514 and len({r["kode"] for r in regions}) == 514
    assert len(doc["provinsi"]) == 38
    by_id = {r["id"]: r for r in regions}
    # The BPS code 11.01 is Simeulue; Kemendagri's 11.01 is Aceh Selatan: joined by name, not code.
    assert by_id["kab-aceh-selatan"]["kode"] == "11.01"
    assert by_id["kab-simeulue"]["kode"] == "11.09"
    # Renamed since the coordinate file: Toba (Toba Samosir), Pasangkayu (Mamuju Utara).
    assert by_id["kab-toba"]["lintang"] == pytest.approx(2.39793)
    assert by_id["kab-pasangkayu"]["bujur"] == pytest.approx(119.42139)
    assert by_id["kab-balangan"] == {"id": "kab-balangan", "kode": "63.11", "nama": "Kabupaten Balangan",
                                     "jenis": "kabupaten", "penduduk": 138950, "luas_km2": 1828.513,
                                     "lintang": -2.32314, "bujur": 115.62922}


def test_register_import_refuses_a_region_it_cannot_place(tmp_path: Path) -> None:
    folder = require_shared("wilayah")
    for name in ("kemendagri-2025-kabkota.csv", "kabkota-bps-kemendagri-2022.csv"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    coords = (folder / "kabkota-bps-lintang-bujur.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "kabkota-bps-lintang-bujur.csv").write_text(
        "\n".join(line for line in coords if "BALANGAN" not in line) + "\n", encoding="utf-8")
    doc, issues = build_register(tmp_path)
    assert doc is None
    assert [i.format() for i in issues if "Balangan" in i.message] == [
        f"{tmp_path / 'kemendagri-2025-kabkota.csv'}:{_line_of(folder, 'Kabupaten Balangan')}: nama: "
        "Kabupaten Balangan: 0 baris cocok di kabkota-bps-lintang-bujur.csv (harus tepat satu); "
        "tambahkan nama lamanya ke RENAMED"]


def _line_of(folder: Path, name: str) -> int:
    lines = (folder / "kemendagri-2025-kabkota.csv").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if name in line)


def test_region_ids_from_official_names() -> None:
    assert region_id("Kabupaten Tana Toraja", "kabupaten") == "kab-tana-toraja"
    assert region_id("Kota Administrasi Jakarta Utara ", "kota") == "kota-jakarta-utara"
    assert region_id("Kabupaten Kep. Siau Tagulandang Biaro", "kabupaten") == "kab-kep-siau-tagulandang-biaro"


def test_bundled_register_is_the_import_of_the_shared_files(tmp_path: Path) -> None:
    """data/wilayah/ is exactly what `kks import-wilayah` writes: nobody edited it by hand."""
    folder = require_shared("wilayah")
    result = kks("import-wilayah", str(folder), "--data", str(tmp_path))
    assert result.returncode == 0, result.stderr
    written = (tmp_path / "wilayah" / "kabupaten-kota.yaml").read_text(encoding="utf-8")
    assert written == (DATA / "wilayah" / "kabupaten-kota.yaml").read_text(encoding="utf-8")


# --- Citations -------------------------------------------------------------------------------

def test_citations_are_found_and_links_are_not_citations() -> None:
    assert cited_numbers("a [1] b [2, 3] c [4; 5] [teks](https://x/1) [6](https://x)") == [1, 2, 3, 4, 5]


def test_every_dated_sentence_needs_a_citation() -> None:
    text = ("Sejak 2019 program berjalan [1]. Pada 2020 diperluas. Perwali No. 6 Tahun 2016 menjadi dasarnya.[2]\n\n"
            "- Maret 2024: tim dibentuk.\n- Jam 06.00–20.00 setiap hari.\n- Lihat [laman](https://x.id/2021).")
    assert uncited_dated(text) == ["Pada 2020 diperluas.", "- Maret 2024: tim dibentuk."]
    assert "Perwali No. 6 Tahun 2016 menjadi dasarnya.[2]" in sentences(text)


def test_citations_render_as_links_and_leave_plain_text() -> None:
    html = str(markdown_with_citations("Sejak 2019 [1, 2] ada [teks](https://a.id/[3]) program.[3]"))
    soup = BeautifulSoup(html, "html.parser")
    assert [a["href"] for a in soup.select("sup.kks-kutip a")] == ["#sumber-1", "#sumber-2", "#sumber-3"]
    assert soup.select_one("a[rel]")["href"] == "https://a.id/[3]"
    assert plain("Sejak 2019 [1, 2] ada program.[3]") == "Sejak 2019 ada program."


# --- The bundled data ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def catalog():
    catalog, issues = load_catalog(DATA)
    assert issues == []
    return catalog


def test_every_register_region_is_a_region_and_profiles_add_to_it(catalog) -> None:
    assert len(catalog.places) == 514
    assert set(catalog.places) <= set(catalog.regions)
    balangan = catalog.regions["kab-balangan"]
    assert balangan.has_profile and balangan.is_home and balangan.place.island == "Kalimantan"
    assert balangan.name == "Kabupaten Balangan" and balangan.kemendagri_code == "63.11"
    bare = catalog.regions["kab-aceh-selatan"]
    assert not bare.has_profile and bare.role is None and bare.province == "Aceh"


def test_award_rounds_name_register_regions_and_stay_within_ministry_totals(catalog) -> None:
    assert {2023, 2025} <= set(catalog.award_rounds)
    assert catalog.award_rounds[2025].totals == {"wistara-paripurna": 1, "wistara": 3, "wiwerda": 41, "padapa": 101}
    assert catalog.award_rounds[2023].totals == {"wistara": 27, "wiwerda": 34, "padapa": 75}
    for award_round in catalog.award_rounds.values():
        for award in award_round.awards:
            assert award.region in catalog.places and award.sources
        for predicate, total in award_round.totals.items():
            assert award_round.recorded(predicate) <= total
    surabaya = catalog.regions["kota-surabaya"]
    assert [(h.year, h.predicate) for h in surabaya.history if h.year >= 2023] == [
        (2023, "wistara"), (2025, "wistara-paripurna")]


def test_every_figure_of_every_case_study_cites_a_source(catalog) -> None:
    for practice in catalog.practices.values():
        for figure in practice.figures:
            assert figure.cites and all(0 < n <= len(practice.sources) for n in figure.cites), practice.id


# --- The built site --------------------------------------------------------------------------

def test_every_register_region_has_a_page_and_a_download_row(built_site: Path, catalog) -> None:
    rows = json.loads((built_site / "unduh" / "daerah.json").read_text(encoding="utf-8"))
    with_code = [r for r in rows if r["kode_kemendagri"] and not r["contoh"]]
    assert len(with_code) == 514
    assert {r["kode_kemendagri"] for r in with_code} == {p.code for p in catalog.places.values()}
    for place in catalog.places.values():
        assert (built_site / "daerah" / f"{place.id}.html").exists()
    def text(region_id: str) -> str:
        return BeautifulSoup((built_site / "daerah" / f"{region_id}.html").read_text(encoding="utf-8"),
                             "html.parser").get_text(" ")

    bare = next(r for r in catalog.regions.values() if r.place and not r.has_profile and not r.history
                and r.id not in catalog.practices_by_region)
    assert "Belum ada catatan KKS" in text(bare.id)
    # A region without a profile but with case studies says so, never "no record" (it has some).
    with_practice = next(r for r in catalog.regions.values()
                         if not r.has_profile and r.id in catalog.practices_by_region)
    assert "Belum ada catatan KKS" not in text(with_practice.id)
    assert "Belum ada profil KKS" in text(with_practice.id)


def test_award_page_shows_recorded_against_ministry_totals(built_site: Path, catalog) -> None:
    text = BeautifulSoup((built_site / "penghargaan.html").read_text(encoding="utf-8"), "html.parser").get_text(" ")
    for year, award_round in catalog.award_rounds.items():
        assert f"Putaran {year}" in text
        assert f"{award_round.recorded()} dari {award_round.total}" in text


def test_case_study_claims_link_to_their_numbered_sources(built_site: Path, catalog) -> None:
    practice = next(p for p in catalog.sorted_practices if p.figures)
    soup = BeautifulSoup((built_site / "praktik" / f"{practice.id}.html").read_text(encoding="utf-8"), "html.parser")
    ids = {li["id"] for li in soup.select("ol.kks-sumber li[id]")}
    assert ids == {f"sumber-{n}" for n in range(1, len(practice.sources) + 1)}
    cites = {a["href"][1:] for a in soup.select("sup.kks-kutip a")}
    assert cites and cites <= ids


def test_indicator_pages_show_guidance_or_say_it_is_missing(built_site: Path, catalog) -> None:
    for code, indicator in catalog.edition.indicators.items():
        page = built_site / "indikator" / f"{code.lower().replace('.', '-')}.html"
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        assert "Yang diperiksa verifikator" in text
        if indicator.guidance:
            assert f"hlm. {indicator.guidance.page}" in text
        if code not in catalog.practices_by_indicator:
            assert "Belum ada praktik yang tercatat" in text


def test_the_knowledge_base_meets_the_content_targets(catalog) -> None:
    """Issue 'The knowledge', done when: breadth of real, sourced case studies (examples excluded)."""
    real = [p for p in catalog.practices.values() if not p.example]
    regions_of: dict[str, set[str]] = {}
    for p in real:
        for code in p.indicators:
            regions_of.setdefault(code, set()).add(p.region)
    per_group = {g.code: sum(g.code in p.tatanan for p in real) for g in catalog.edition.groups}
    regions = {p.region for p in real}
    islands = {catalog.regions[r].island for r in regions}
    assert len(real) >= 150
    assert len(regions_of) >= 120
    assert sum(len(r) >= 2 for r in regions_of.values()) >= 60
    assert min(per_group.values()) >= 8, per_group
    assert len(regions) >= 30 and len(islands - {None}) >= 5
    assert all(p.verified for p in real)


def test_every_indicator_has_guidance_from_the_technical_guidance(catalog) -> None:
    edition = catalog.edition
    missing = [code for code, i in edition.indicators.items() if i.guidance is None]
    assert missing == []
    assert edition.guide is not None and {i.guidance.kind for i in edition.indicators.values()} <= set(edition.kinds)


def test_citation_markers_never_show_without_their_sources(built_site: Path) -> None:
    """A case study's [n] is a link on its own page; elsewhere (indicator cards, dossiers, lists)
    its numbered sources are absent, so the marker must not show."""
    import re

    marker = re.compile(r"\[\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*\]")
    for folder in ("indikator", "kunjungan", "tatanan", "daerah"):
        for page in sorted((built_site / folder).glob("*.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for node in soup.select("sup.kks-kutip"):
                node.decompose()  # citations linked to the page's own numbered sources
            found = marker.findall((soup.select_one(".md-content") or soup).get_text(" "))
            assert found == [], f"{page.relative_to(built_site)}: {found[:5]}"
