"""Maps of Indonesia drawn at build time as inline SVG: no tiles, no script, no outside request.

The outline is Natural Earth 1:50m (public domain) from the npm package `world-atlas`, reduced
to Indonesia and its island neighbours by `scripts/peta-dasar` (see `basemap.py` and
`peta/LISENSI.md`). Coordinates are projected with PROJ (pyproj) to Mercator centred on 118° E:
near the equator Mercator keeps shapes and, between 11° S and 6° N, stretches distances by at
most 2 %, so the islands look as on Indonesian school maps. The register's centre points
(`Place.lat`, `Place.lon`) go through the same projection, so points sit on their islands.

Paths use whole viewBox units (the national map is 1,000 units wide, about 5 km a unit):
finer detail than that would only add bytes to every page that shows a map.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from pyproj import Transformer

from ..core.catalog import Catalog
from ..core.gaps import GapReport
from .basemap import OUTLINE

if TYPE_CHECKING:  # pages.py imports the modules that import this one
    from .pages import Links

PROJECTION = "+proj=merc +lon_0=118 +datum=WGS84 +units=m +no_defs"
WIDTH = 1000
"""viewBox width of every map; the height follows the frame's projected shape."""
NATIONAL = (94.8, -11.2, 141.2, 6.2)
"""(west, south, east, north): the national map's frame, Sabang to Merauke."""
MIN_RING = 2
"""Islets smaller than this many units both ways are left out (a speck of one or two pixels)."""
ZOOM_MARGIN = 1.5
"""Degrees added around the home region and its hosts on a gap page's map."""
ZOOM_MIN_SPAN = (9.0, 5.0)
"""Smallest (longitude, latitude) span of a zoomed map, in degrees."""
ZOOM_ASPECT = (0.45, 0.9)
"""Height/width of a zoomed map is kept within this range (wider frames get taller, and so on)."""


@cache
def _transformer() -> Transformer:
    return Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True)


def render_dir():
    """The folder of this package (templates, the shipped outline and its licence note)."""
    return OUTLINE.parent.parent


@cache
def outline() -> dict:
    """The shipped outline: {sumber, bingkai, negara: [{id, nama, poligon}]} (lon/lat degrees)."""
    return json.loads(OUTLINE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Frame:
    """A lon/lat window and how it maps onto a viewBox `WIDTH` units wide."""

    west: float
    south: float
    east: float
    north: float

    @property
    def _corners(self) -> tuple[float, float, float, float]:
        (x0, x1), (y0, y1) = _transformer().transform([self.west, self.east], [self.north, self.south])
        return x0, y0, x1, y1

    @property
    def height(self) -> int:
        x0, y0, x1, y1 = self._corners
        return round(WIDTH * (y0 - y1) / (x1 - x0))

    def project(self, lons: Sequence[float], lats: Sequence[float]) -> list[tuple[float, float]]:
        """viewBox (x, y) of each point, y downwards."""
        x0, y0, x1, _ = self._corners
        scale = WIDTH / (x1 - x0)
        xs, ys = _transformer().transform(list(lons), list(lats))
        return [((x - x0) * scale, (y0 - y) * scale) for x, y in zip(xs, ys, strict=True)]

    def point(self, lon: float, lat: float) -> tuple[int, int]:
        x, y = self.project([lon], [lat])[0]
        return round(x), round(y)

    def overlaps(self, ring: Sequence[Sequence[float]]) -> bool:
        xs, ys = [p[0] for p in ring], [p[1] for p in ring]
        return not (max(xs) < self.west or min(xs) > self.east or max(ys) < self.south or min(ys) > self.north)


def _ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring as 'M x y l dx dy ... z' in whole units, repeated points dropped."""
    whole = []
    for x, y in points:
        p = (round(x), round(y))
        if not whole or p != whole[-1]:
            whole.append(p)
    xs, ys = [p[0] for p in whole], [p[1] for p in whole]
    if len(whole) < 3 or (max(xs) - min(xs) < MIN_RING and max(ys) - min(ys) < MIN_RING):
        return ""
    parts = [f"M{whole[0][0]} {whole[0][1]}l"]
    numbers = []
    for (ax, ay), (bx, by) in pairwise(whole):
        numbers += [bx - ax, by - ay]
    text = ""
    for n in numbers:
        text += (str(n) if n < 0 or not text else f" {n}")
    return parts[0] + text + "z"


@cache
def country_paths(frame: Frame) -> tuple[str, str]:
    """(Indonesia's path, the neighbours' path) within `frame`."""
    home, others = [], []
    for country in outline()["negara"]:
        for polygon in country["poligon"]:
            if not frame.overlaps(polygon[0]):
                continue
            for ring in polygon:
                d = _ring_path(frame.project([p[0] for p in ring], [p[1] for p in ring]))
                if d:
                    (home if country["id"] == "360" else others).append(d)
    return "".join(home), "".join(others)


@dataclass(frozen=True)
class MapPoint:
    x: int
    y: int
    kind: str
    """CSS class suffix: a predicate code, 'lain' (none), 'asal' (home) or 'tuan-rumah'."""
    label: str
    href: str | None = None
    number: int | None = None
    anchor: tuple[int, int] | None = None
    """The true position when the marker was moved off another one (a leader line joins them)."""


@dataclass(frozen=True)
class MapView:
    width: int
    height: int
    land: str
    neighbours: str
    points: tuple[MapPoint, ...]
    lines: tuple[tuple[int, int, int, int], ...] = ()
    """(x1, y1, x2, y2): from the home region to each host on a gap map."""
    label: str = ""
    """The map's accessible name."""

    def groups(self) -> list[tuple[str, list[MapPoint]]]:
        """Points by kind, in drawing order (regions without a predicate underneath)."""
        order = ["lain", "padapa", "wiwerda", "wistara", "wistara-paripurna", "tuan-rumah", "asal"]
        out: dict[str, list[MapPoint]] = {}
        for p in self.points:
            out.setdefault(p.kind, []).append(p)
        return sorted(out.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 0)


MARKER_GAP = 60
"""Numbered markers closer than this (units) are moved apart (their radius is 20-28 units)."""


def _spread(points: tuple[MapPoint, ...], height: int) -> tuple[MapPoint, ...]:
    """Numbered markers moved off each other and kept inside the map: each in turn goes to the
    first free spot on rings around its true position (8 directions, then wider rings), keeping
    a leader line to it."""
    edge = MARKER_GAP // 2

    def inside(o: tuple[int, int]) -> bool:
        return edge <= o[0] <= WIDTH - edge and edge <= o[1] <= height - edge

    placed: list[MapPoint] = []
    for p in points:
        if p.number is None:
            placed.append(p)
            continue
        taken = [(q.x, q.y) for q in placed if q.number is not None or q.kind == "asal"]
        spot = (p.x, p.y)
        for ring in (0, 1, 2, 3):
            options = [(p.x, p.y)] if ring == 0 else [
                (round(p.x + ring * MARKER_GAP * math.cos(a * math.pi / 4)),
                 round(p.y + ring * MARKER_GAP * math.sin(a * math.pi / 4))) for a in range(8)]
            free = [o for o in options if inside(o) and all(math.dist(o, t) >= MARKER_GAP for t in taken)]
            if free:
                spot = free[0]
                break
        placed.append(p if spot == (p.x, p.y) else replace(p, x=spot[0], y=spot[1], anchor=(p.x, p.y)))
    return tuple(placed)


def national_frame() -> Frame:
    return Frame(*NATIONAL)


def zoom_frame(points: Iterable[tuple[float, float]]) -> Frame:
    """A frame around (lon, lat) points with a margin, at least ZOOM_MIN_SPAN, kept within ZOOM_ASPECT."""
    pts = list(points)
    lons, lats = [p[0] for p in pts], [p[1] for p in pts]
    west, east = min(lons) - ZOOM_MARGIN, max(lons) + ZOOM_MARGIN
    south, north = min(lats) - ZOOM_MARGIN, max(lats) + ZOOM_MARGIN
    grow_lon = max(0.0, ZOOM_MIN_SPAN[0] - (east - west)) / 2
    grow_lat = max(0.0, ZOOM_MIN_SPAN[1] - (north - south)) / 2
    frame = Frame(west - grow_lon, south - grow_lat, east + grow_lon, north + grow_lat)
    ratio = frame.height / WIDTH
    low, high = ZOOM_ASPECT
    if ratio < low:  # too flat: add latitude
        extra = (north + grow_lat - (south - grow_lat)) * (low / ratio - 1) / 2
        frame = Frame(frame.west, frame.south - extra, frame.east, frame.north + extra)
    elif ratio > high:  # too tall: add longitude
        extra = (frame.east - frame.west) * (ratio / high - 1) / 2
        frame = Frame(frame.west - extra, frame.south, frame.east + extra, frame.north)
    return frame


def map_view(frame: Frame, points: Sequence[tuple[float, float, str, str, str | None, int | None]],
             lines_from: tuple[float, float] | None = None, label: str = "") -> MapView:
    """A map of `frame` with points given as (lon, lat, kind, label, href, number)."""
    land, neighbours = country_paths(frame)
    placed = _spread(tuple(MapPoint(*frame.point(lon, lat), kind, text, href, number)
                           for lon, lat, kind, text, href, number in points), frame.height)
    lines: tuple[tuple[int, int, int, int], ...] = ()
    if lines_from is not None:
        hx, hy = frame.point(*lines_from)
        lines = tuple((hx, hy, *(p.anchor or (p.x, p.y))) for p in placed if p.kind == "tuan-rumah")
    return MapView(WIDTH, frame.height, land, neighbours, placed, lines, label)


# ---------------------------------------------------------------------------------------------
# The two maps of the site


def region_map(catalog: Catalog, link: Links) -> MapView | None:
    """Every register region as a point coloured by its latest national predicate; None without a register."""
    if not catalog.places:
        return None
    points = []
    for place in catalog.places.values():
        region = catalog.regions.get(place.id)
        latest = region.latest if region else None
        text = f"{place.name}: {latest.label} {latest.year}" if latest else place.name
        href = link.region(place.id) if latest or (region and region.has_profile) else None
        points.append((place.lon, place.lat, latest.predicate if latest else "lain", text, href, None))
    return map_view(national_frame(), points, label="Peta kabupaten/kota menurut predikat nasional terakhir")


def gap_map(catalog: Catalog, report: GapReport, link: Links) -> MapView | None:
    """The home region and its recommended hosts (numbered as in the host list), zoomed to them."""
    home = report.region.place
    hosts = [(n, h) for n, h in enumerate(report.hosts, start=1) if h.region.place is not None]
    if not hosts and home is None:
        return None
    points: list[tuple[float, float, str, str, str | None, int | None]] = []
    if home is not None:  # first, so that host markers are moved off it
        points.append((home.lon, home.lat, "asal", f"{report.region.name} (daerah asal)", None, None))
    for n, h in hosts:
        place = h.region.place
        assert place is not None
        km = f", {h.distance_km:,.0f} km".replace(",", ".") if h.distance_km is not None else ""
        points.append((place.lon, place.lat, "tuan-rumah", f"{n}. {h.region.name}{km}", link.region(h.region.id), n))
    frame = zoom_frame((p[0], p[1]) for p in points)
    return map_view(frame, points, (home.lon, home.lat) if home else None,
                    label=f"Peta {report.region.name} dan daerah tujuan studi tiru")
