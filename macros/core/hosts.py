"""Whom to visit: host regions from the whole country, ranked, each with a one-line reason.

Candidates are every region other than the home region that either holds a national predicate
(`Region.latest`, from the award round files) or documents a practice (a case study) for one
of the plan's indicators. Example regions (`contoh: true`) are candidates only for an example
home region.

Each candidate gets points (`HostScore`), summed; higher first, then nearer, then by name:

- practice: 3 per plan indicator it documents a practice for: a documented practice is what a
  team can learn, ask for and copy;
- predicate: Wistara Paripurna 4, Wistara 3, Wiwerda 2, Padapa 1 (a predicate means at least
  71/81/91 on *every* tatanan, so on the home region's weak ones too); half of that for a
  predicate won before the nine-tatanan instrument (rounds before 2023);
- distance: 3 up to 300 km, 2 up to 800 km, 1 up to 1,500 km, 0 beyond (great-circle km between
  the register's centre points, `geo`), plus 1 in the same island group (travel by road);
- similarity: 1 for the same kind (kabupaten or kota), 1 for a population within a factor 2.

So two documented gap indicators (6) outweigh a Wistara predicate next door (3 + 4), and a
Wiwerda region in the same province (2 + 4) outweighs one documented indicator far away (3 + 0).
The weights are a judgement, stated here and on the gap page so a team can re-rank by itself.
Options limit the candidates by distance (km) or island group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .catalog import Catalog
from .geo import distance_km
from .records import HistoryEntry, Practice, Region

HOST_MAX = 10
"""Host regions ranked in a report."""
HOST_MAX_PRACTICES = 10
"""Case studies named per host region."""
NINE_TATANAN_SINCE = 2023
"""First round assessed on nine tatanan (forms dated 2022; see the reference notes, kks-domain 1.3 C)."""
PREDICATE_POINTS = {"padapa": 1, "wiwerda": 2, "wistara": 3, "wistara-paripurna": 4}
PRACTICE_POINTS = 3
DISTANCE_BANDS = ((300, 3), (800, 2), (1500, 1))
"""(up to km, points)."""
SAME_ISLAND_POINTS = 1
SIMILAR_POPULATION = 2.0
"""Populations within this factor of each other count as similar."""


class HostFilterError(ValueError):
    """A filter that cannot apply (unknown island group); the message is Indonesian."""


@dataclass(frozen=True)
class HostFilter:
    max_km: float | None = None
    island: str | None = None


@dataclass(frozen=True)
class Host:
    region: Region
    gaps: int
    """Plan indicators the host documents a practice for."""
    practices: tuple[Practice, ...]
    indicators: tuple[str, ...]
    """Those plan indicators, in plan order."""
    predicate: HistoryEntry | None
    distance_km: float | None
    same_province: bool
    same_island: bool
    same_kind: bool
    similar_population: bool
    points: float
    reason: str


def _distance_points(km: float | None) -> int:
    if km is None:
        return 0
    return next((points for limit, points in DISTANCE_BANDS if km <= limit), 0)


def _predicate_points(entry: HistoryEntry | None) -> float:
    if entry is None:
        return 0
    points = PREDICATE_POINTS.get(entry.predicate, 0)
    return points if entry.year >= NINE_TATANAN_SINCE else points / 2


def _km(value: float) -> str:
    return f"{value:,.0f}".replace(",", ".")


def _reason(h: Host, home: Region) -> str:
    parts = []
    if h.indicators:
        shown = ", ".join(h.indicators[:4]) + (" …" if len(h.indicators) > 4 else "")
        parts.append(f"praktik terdokumentasi untuk {len(h.indicators)} indikator rencana ({shown})")
    if h.predicate is not None:
        old = " (sebelum sembilan tatanan)" if h.predicate.year < NINE_TATANAN_SINCE else ""
        parts.append(f"{h.predicate.label} {h.predicate.year}{old}")
    if h.distance_km is not None:
        where = "satu provinsi" if h.same_province else ("satu pulau" if h.same_island else h.region.island or "")
        parts.append(f"{_km(h.distance_km)} km" + (f", {where}" if where else ""))
    alike = []
    if h.same_kind:
        alike.append(f"sama-sama {home.kind}")
    if h.similar_population:
        alike.append("penduduk sebanding")
    if alike:
        parts.append(" dan ".join(alike))
    return "; ".join(parts)


def islands(catalog: Catalog) -> list[str]:
    """The island groups of the register, sorted."""
    return sorted({p.island for p in catalog.places.values()})


def rank_hosts(catalog: Catalog, home: Region, plan_codes: Sequence[str], practices: dict[str, list[Practice]],
               limit: HostFilter | None = None, count: int = HOST_MAX) -> tuple[Host, ...]:
    """The best `count` hosts for the plan's indicators (`plan_codes`, in plan order).

    A home region without a register point (an example region) gets no distances: the distance
    points are 0 for every host and a distance limit leaves no host.

    `practices` maps an indicator code to the case studies of other regions (gaps.practices_for).
    Raises HostFilterError for an island group the register does not know."""
    limit = limit or HostFilter()
    if limit.island is not None:
        known = {i.casefold(): i for i in islands(catalog)}
        if limit.island.casefold() not in known:
            raise HostFilterError(f"pulau '{limit.island}' tidak dikenal; pilih salah satu: "
                                  f"{', '.join(islands(catalog))}")
        island = known[limit.island.casefold()]
    covered: dict[str, dict[str, list[Practice]]] = {}
    for code in dict.fromkeys(plan_codes):
        for p in practices.get(code, []):
            covered.setdefault(p.region, {}).setdefault(code, []).append(p)
    candidates = set(covered) | {r.id for r in catalog.regions.values() if r.latest is not None}
    hosts = []
    for region_id in candidates:
        region = catalog.regions.get(region_id)
        if region is None or region.id == home.id or (region.example and not home.example):
            continue
        km = distance_km(home.place, region.place) if home.place and region.place else None
        if limit.max_km is not None and (km is None or km > limit.max_km):
            continue
        if limit.island is not None and region.island != island:
            continue
        by_code = covered.get(region_id, {})
        named = list(dict.fromkeys(p for ps in by_code.values() for p in ps))
        same_province = home.province == region.province
        same_island = home.island is not None and home.island == region.island
        same_kind = home.kind == region.kind
        similar = (home.place is not None and region.place is not None and home.place.population > 0
                   and region.place.population > 0
                   and max(home.place.population, region.place.population)
                   <= SIMILAR_POPULATION * min(home.place.population, region.place.population))
        points = (PRACTICE_POINTS * len(by_code) + _predicate_points(region.latest) + _distance_points(km)
                  + (SAME_ISLAND_POINTS if same_island else 0) + int(same_kind) + int(similar))
        host = Host(region, len(by_code), tuple(named[:HOST_MAX_PRACTICES]), tuple(by_code), region.latest, km,
                    same_province, same_island, same_kind, similar, points, "")
        hosts.append(host)
    hosts.sort(key=lambda h: (-h.points, -h.gaps, h.distance_km if h.distance_km is not None else 1e9,
                              h.region.name.casefold(), h.region.id))
    return tuple(replace(h, reason=_reason(h, home)) for h in hosts[:count])
