"""Side-by-side views of regions per tatanan and per indicator, as plain data.

Every list here is bounded, whatever the size of the knowledge base, so that no page grows
without limit: matrices show the regions with the most practice and count the rest, and
side-by-side comparisons show a few practices (one per region first) and link the others.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .catalog import Catalog
from .records import CONFIDENCE_ORDER, Indicator, Practice, Region, Tatanan

MATRIX_MAX_REGIONS = 10
"""Columns in a tatanan matrix: the regions with the most practices in that tatanan."""
CELL_MAX = 3
"""Practices named in one matrix cell's tooltip; the rest are counted."""
ROW_LIST_MAX = 5
"""Practices listed under the matrix per indicator (from the matrix's regions); the rest are
counted and found on the indicator page."""
TATANAN_REGIONS_MAX = 60
"""Regions named in a tatanan page's list of regions with practice; the rest are counted."""
SIDE_BY_SIDE_MAX = 6
"""Practices compared in full on an indicator page."""
LIST_MAX = 400
"""Further practices listed (as links) on one page before only a count is shown."""
REGION_GROUP_MAX = 50
"""Practices of one region listed per tatanan on its page (ten tatanan: the page stays under
300 KB); the rest are counted and linked to the practice list filtered by region and tatanan."""



@dataclass(frozen=True)
class Cell:
    practices: tuple[Practice, ...]
    more: int
    score: int | None

    @property
    def count(self) -> int:
        """Practices of the column's region for the row's indicator (named or not)."""
        return len(self.practices) + self.more


@dataclass(frozen=True)
class MatrixRow:
    indicator: Indicator
    practice_count: int
    cells: tuple[Cell, ...]
    listed: tuple[Practice, ...] = ()
    """Practices of the matrix's regions for this indicator, listed under the matrix (bounded)."""
    unlisted: int = 0


@dataclass(frozen=True)
class TatananView:
    rows: tuple[MatrixRow, ...]
    columns: tuple[Region, ...]
    regions: tuple[tuple[Region, int], ...]
    hidden_regions: int
    practice_count: int


@dataclass(frozen=True)
class IndicatorView:
    side_by_side: tuple[Practice, ...]
    others: tuple[Practice, ...]
    more: int
    regions: tuple[Region, ...]
    scores: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class RegionView:
    by_tatanan: tuple[tuple[Tatanan, tuple[Practice, ...]], ...]
    other_editions: tuple[Practice, ...]
    more: dict[str, int] = field(default_factory=dict)
    """Practices not listed, by tatanan code (see REGION_GROUP_MAX)."""


def practice_rank(p: Practice) -> tuple[int, int, str]:
    """Order in which practices are shown: best-sourced first, examples after real ones."""
    return (CONFIDENCE_ORDER[p.confidence], p.example, p.title.casefold())


def known_scores(catalog: Catalog, edition: int) -> dict[str, dict[str, int]]:
    """Per region, the effective score of each indicator in its latest assessment of `edition`.

    Computed once per catalog and edition: every tatanan and indicator page asks for it. The
    result is shared, so callers must not change it.
    """
    if edition not in catalog.score_cache:
        catalog.score_cache[edition] = _known_scores(catalog, edition)
    return catalog.score_cache[edition]


def _known_scores(catalog: Catalog, edition: int) -> dict[str, dict[str, int]]:
    latest: dict[str, tuple[int, dict[str, int]]] = {}
    for a in catalog.assessments.values():
        if a.edition != edition or (a.region in latest and latest[a.region][0] >= a.round):
            continue
        scores = {s.indicator: s.effective for s in a.scores if s.effective is not None}
        latest[a.region] = (a.round, scores)
    return {region: scores for region, (_, scores) in latest.items()}


def tatanan_view(catalog: Catalog, group: Tatanan) -> TatananView:
    practices = [p for p in catalog.practices_by_tatanan.get(group.code, ())
                 if p.edition == catalog.edition.year]
    counts = Counter(p.region for p in practices)
    ranked = sorted(counts.items(), key=lambda rc: (-rc[1], catalog.regions[rc[0]].name))
    regions = tuple((catalog.regions[r], n) for r, n in ranked)
    columns = tuple(r for r, _ in regions[:MATRIX_MAX_REGIONS])
    scores = known_scores(catalog, catalog.edition.year)
    rows = []
    for indicator in group.indicators:
        of_indicator = catalog.practices_by_indicator.get(indicator.code, [])
        cells = []
        in_matrix: list[Practice] = []
        for region in columns:
            here = sorted((p for p in of_indicator if p.region == region.id), key=practice_rank)
            in_matrix += here
            cells.append(Cell(tuple(here[:CELL_MAX]), max(0, len(here) - CELL_MAX),
                              scores.get(region.id, {}).get(indicator.code)))
        rows.append(MatrixRow(indicator, len(of_indicator), tuple(cells), tuple(in_matrix[:ROW_LIST_MAX]),
                              max(0, len(in_matrix) - ROW_LIST_MAX)))
    return TatananView(tuple(rows), columns, regions[:TATANAN_REGIONS_MAX], max(0, len(regions) - len(columns)),
                       len(practices))


def indicator_view(catalog: Catalog, indicator: Indicator) -> IndicatorView:
    practices = sorted(catalog.practices_by_indicator.get(indicator.code, []), key=practice_rank)
    chosen: list[Practice] = []
    seen_regions: set[str] = set()
    for p in practices:  # one per region first, so the comparison spans regions
        if p.region not in seen_regions and len(chosen) < SIDE_BY_SIDE_MAX:
            chosen.append(p)
            seen_regions.add(p.region)
    chosen_ids = {p.id for p in chosen}
    for p in practices:
        if len(chosen) >= SIDE_BY_SIDE_MAX:
            break
        if p.id not in chosen_ids:
            chosen.append(p)
            chosen_ids.add(p.id)
    others = [p for p in practices if p.id not in chosen_ids]
    regions = tuple(catalog.regions[r] for r in dict.fromkeys(p.region for p in practices))
    scores = {region: s[indicator.code] for region, s in known_scores(catalog, catalog.edition.year).items()
              if indicator.code in s}
    return IndicatorView(tuple(chosen), tuple(others[:LIST_MAX]), max(0, len(others) - LIST_MAX),
                         regions[:LIST_MAX], scores)


def region_view(catalog: Catalog, region: Region) -> RegionView:
    practices = catalog.practices_by_region.get(region.id, [])
    edition = catalog.edition
    groups = []
    more: dict[str, int] = {}
    for group in edition.groups:
        mine = tuple(p for p in practices if p.edition == edition.year and group.code in p.tatanan)
        if mine:
            groups.append((group, mine[:REGION_GROUP_MAX]))
            if len(mine) > REGION_GROUP_MAX:
                more[group.code] = len(mine) - REGION_GROUP_MAX
    others = tuple(p for p in practices if p.edition != edition.year)
    return RegionView(tuple(groups), others[:LIST_MAX], more)
