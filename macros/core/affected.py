"""Which generated pages show a record: after an edit, only these are rendered again (`kks serve`).

A page is named by its kind and key, as `render.pages.PageSpec` names it: ("praktik", id),
("daerah", id), ("indikator", code), ("tatanan", code), ("kesenjangan", region id),
("kunjungan", visit id), ("laporan", visit id). Pages written by hand (docs/ with macros), the
downloads and the search index are not in the map: the caller renders those after every edit.

The map is a superset, never a guess: each entry below names what the templates and views read
(macros/render/templates, core/compare.py, core/gaps.py, core/visits.py), and it is taken on the
catalog before *and* after the edit, so a practice that moves to another region or indicator
leaves both pages right. tests/test_affected.py renders every page before and after edits of
each kind and checks that no page outside the map changed.

- practice: its page; its region's page; the pages of its indicators and tatanan (side-by-side
  lists, matrices); every gap page (plans prefer indicators other regions document, and name
  them); the dossiers of visits to its region (host practices) and of visits whose home region
  has an assessment (their targets come from the gap plan).
- region profile: its page; every gap page; the dossiers and reports of visits from or to it,
  the pages of the home regions of visits to it (follow-up table), and the dossiers whose
  targets come from a gap plan (a region's role decides who is a reference). When its name,
  province, kind or example flag changes (only possible for a region outside the register),
  also its practices' pages (name, province, tags) and their indicator and tatanan pages
  (names in lists and matrix columns).
- assessment: the pages of the indicators (and their tatanan) whose latest known score of its
  region changed (matrix cells, side-by-side scores); its region's page; every gap page; the
  dossiers of visits from or to its region and of visits with a gap plan.
- visit: its dossier and report; the page and gap page of its home region (follow-ups, visits).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .catalog import Catalog
from .compare import known_scores
from .records import Practice

PageKey = tuple[str, str]
"""(page kind, key), as in render.pages.PageSpec."""


def _indicator_pages(catalog: Catalog, codes: Iterable[str]) -> set[PageKey]:
    """Indicator pages and the tatanan pages that hold them (prefix of the code, and the
    tatanan the edition files the indicator under)."""
    out: set[PageKey] = set()
    indicators = catalog.edition.indicators
    for code in codes:
        out.add(("indikator", code))
        out.add(("tatanan", code.split(".")[0]))
        if code in indicators:
            out.add(("tatanan", indicators[code].tatanan))
    return out


def _gap_pages(catalog: Catalog) -> set[PageKey]:
    """Every gap page: home regions with an assessment (a superset of render's gap_regions)."""
    return {("kesenjangan", a.region) for a in catalog.assessments.values()}


def _planned_visits(catalog: Catalog) -> set[PageKey]:
    """Dossiers whose targets come from a gap plan: the home region has an assessment."""
    assessed = {a.region for a in catalog.assessments.values()}
    return {("kunjungan", v.id) for v in catalog.visits.values() if v.home in assessed}


def _visits_touching(catalog: Catalog, region: str) -> set[PageKey]:
    out: set[PageKey] = set()
    for v in catalog.visits.values():
        if region in (v.home, v.host):
            out |= {("kunjungan", v.id), ("laporan", v.id), ("daerah", v.home), ("kesenjangan", v.home)}
    return out


def _practice(catalog: Catalog, practice_id: str) -> set[PageKey]:
    p = catalog.practices.get(practice_id)
    if p is None:
        return set()
    out = _practice_pages(catalog, p) | {("daerah", p.region)}
    out |= _gap_pages(catalog) | _planned_visits(catalog)
    out |= {("kunjungan", v.id) for v in catalog.visits.values() if v.host == p.region}
    return out


def _region(catalog: Catalog, region_id: str) -> set[PageKey]:
    """The pages of a region profile edit that keeps the region's face (see `_face`)."""
    out: set[PageKey] = {("daerah", region_id)}
    out |= _gap_pages(catalog) | _planned_visits(catalog) | _visits_touching(catalog, region_id)
    return out


def _face(catalog: Catalog, region_id: str) -> tuple[object, ...] | None:
    """What pages other than the region's own, its visits' and the gap pages show of a region:
    its name and province (practice pages, tags, indicator lists, matrix columns), and its kind
    and example flag to be safe. A register region takes these from the register, so an edit of
    its profile never changes them."""
    r = catalog.regions.get(region_id)
    return None if r is None else (r.name, r.province, r.kind, r.example)


def _practice_pages(catalog: Catalog, p: Practice) -> set[PageKey]:
    """A practice's own page and the indicator and tatanan pages that list it."""
    return {("praktik", p.id)} | _indicator_pages(catalog, p.indicators) | {("tatanan", code) for code in p.tatanan}


def _region_practices(catalog: Catalog, region_id: str) -> set[PageKey]:
    out: set[PageKey] = set()
    for p in catalog.practices_by_region.get(region_id, ()):
        out |= _practice_pages(catalog, p)
    return out


def _assessment(catalog: Catalog, assessment_id: str) -> set[PageKey]:
    a = catalog.assessments.get(assessment_id)
    if a is None:
        return set()
    out: set[PageKey] = {("daerah", a.region), ("kesenjangan", a.region)}
    out |= _gap_pages(catalog) | _planned_visits(catalog) | _visits_touching(catalog, a.region)
    return out


def _visit(catalog: Catalog, visit_id: str) -> set[PageKey]:
    v = catalog.visits.get(visit_id)
    if v is None:
        return set()
    return {("kunjungan", v.id), ("laporan", v.id), ("daerah", v.home), ("kesenjangan", v.home)}


_PAGES: dict[str, Callable[[Catalog, str], set[PageKey]]] = {
    "praktik": _practice, "daerah": _region, "penilaian": _assessment, "kunjungan": _visit,
}


def _score_changes(old: Catalog, new: Catalog, regions: set[str]) -> set[PageKey]:
    """Indicator and tatanan pages whose known score of one of `regions` differs between the two
    catalogs (compare.known_scores on the newest edition: the one the pages show)."""
    if old.edition.year != new.edition.year:
        return _indicator_pages(new, new.edition.indicators)
    year = new.edition.year
    before, after = known_scores(old, year), known_scores(new, year)
    codes: set[str] = set()
    for region in regions:
        a, b = before.get(region, {}), after.get(region, {})
        codes |= {code for code in a.keys() | b.keys() if a.get(code) != b.get(code)}
    return _indicator_pages(new, codes) | _indicator_pages(old, codes)


def affected_pages(old: Catalog, new: Catalog, changed: Iterable[tuple[str, str]]) -> set[PageKey]:
    """The generated pages that may differ between `old` and `new`, given the records that
    changed ((schema id, record id): "praktik", "daerah", "penilaian" or "kunjungan"). Pages
    that exist in only one of the catalogs are included; whether the set of pages itself
    changed is for the caller to check. Raises KeyError for another schema id."""
    out: set[PageKey] = set()
    assessed: set[str] = set()
    for kind, record_id in changed:
        make = _PAGES[kind]
        out |= make(old, record_id) | make(new, record_id)
        if kind == "daerah" and _face(old, record_id) != _face(new, record_id):
            out |= _region_practices(old, record_id) | _region_practices(new, record_id)
        if kind == "penilaian":
            assessed |= {c.assessments[record_id].region for c in (old, new) if record_id in c.assessments}
    if assessed:
        out |= _score_changes(old, new, assessed)
    return out
