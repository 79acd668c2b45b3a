"""The catalog: every record by id, with the indexes the analyses and pages need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .records import Assessment, AwardRound, Edition, Place, Practice, Region, Source

if TYPE_CHECKING:  # visits.py builds views over the catalog, so it imports this module
    from .visits import Visit


@dataclass
class Catalog:
    editions: dict[int, Edition] = field(default_factory=dict)
    regions: dict[str, Region] = field(default_factory=dict)
    """Every region of the register (with or without a profile) and the example regions."""
    places: dict[str, Place] = field(default_factory=dict)
    """The national register by region id (empty when the data folder has none)."""
    register_sources: tuple[Source, ...] = ()
    award_rounds: dict[int, AwardRound] = field(default_factory=dict)
    practices: dict[str, Practice] = field(default_factory=dict)
    assessments: dict[str, Assessment] = field(default_factory=dict)
    visits: dict[str, Visit] = field(default_factory=dict)
    score_cache: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict, repr=False, compare=False)
    """compare.known_scores per edition (the catalog is not changed after loading)."""

    @property
    def edition(self) -> Edition:
        """The newest edition: the one the site is organised by."""
        return self.editions[max(self.editions)]

    @cached_property
    def practices_by_region(self) -> dict[str, list[Practice]]:
        out: dict[str, list[Practice]] = defaultdict(list)
        for p in self.sorted_practices:
            out[p.region].append(p)
        return dict(out)

    @cached_property
    def practices_by_indicator(self) -> dict[str, list[Practice]]:
        """Practices of the newest edition per indicator code."""
        out: dict[str, list[Practice]] = defaultdict(list)
        year = self.edition.year
        for p in self.sorted_practices:
            if p.edition == year:
                for code in p.indicators:
                    out[code].append(p)
        return dict(out)

    @cached_property
    def practices_by_tatanan(self) -> dict[str, list[Practice]]:
        out: dict[str, list[Practice]] = defaultdict(list)
        for p in self.sorted_practices:
            for code in p.tatanan:
                out[code].append(p)
        return dict(out)

    @cached_property
    def sorted_practices(self) -> list[Practice]:
        return sorted(self.practices.values(), key=lambda p: (p.region, p.title.casefold(), p.id))

    @cached_property
    def sorted_regions(self) -> list[Region]:
        """Regions with a profile first (reference, then home regions), then the rest; by name."""
        return sorted(self.regions.values(), key=lambda r: (not r.has_profile, r.is_home, r.name.casefold()))

    @cached_property
    def profiled_regions(self) -> list[Region]:
        """Regions with a KKS profile (data/daerah/), in the order of `sorted_regions`."""
        return [r for r in self.sorted_regions if r.has_profile]
