"""Derive the map outline shipped in `peta/garis-pantai.json` from Natural Earth (npm `world-atlas`).

Run by `scripts/peta-dasar`, never during a build: the script installs the npm packages
`world-atlas` (Natural Earth 1:50m admin-0 countries as TopoJSON), `topojson-simplify` and
`topojson-client` in a temporary folder, simplifies the topology (shared borders stay shared)
and converts it to GeoJSON; this module keeps Indonesia and the neighbours that share its
islands, drops every polygon outside the map's frame, rounds coordinates to 0.01° (about
1 km, finer than one pixel of the map) and writes the result with its provenance.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

FRAME = (94.5, -11.5, 141.5, 6.5)
"""(west, south, east, north) in degrees: Indonesia from Sabang to Merauke with a margin."""
COUNTRIES = {"360": "Indonesia", "458": "Malaysia", "096": "Brunei", "626": "Timor-Leste",
             "598": "Papua New Guinea", "702": "Singapore"}
"""ISO 3166-1 numeric codes kept: Indonesia and the countries on the same islands."""
OUTLINE = Path(__file__).resolve().parent / "peta" / "garis-pantai.json"


def _inside(ring: list[list[float]]) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    west, south, east, north = FRAME
    return not (max(xs) < west or min(xs) > east or max(ys) < south or min(ys) > north)


def _rounded(ring: list[list[float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 2), round(lat, 2)]
        if not out or point != out[-1]:
            out.append(point)
    return out


def extract(geojson: dict[str, Any], source: dict[str, Any]) -> dict[str, Any]:
    """The countries of `COUNTRIES` within `FRAME`: {sumber, bingkai, negara: [{id, nama, poligon}]}."""
    countries = []
    for feature in geojson["features"]:
        code = str(feature.get("id", ""))
        geometry = feature.get("geometry")
        if code not in COUNTRIES or not geometry:
            continue
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        kept = []
        for polygon in polygons:
            if not _inside(polygon[0]):
                continue
            rings = [r for r in (_rounded(ring) for ring in polygon) if len(r) >= 4]
            if rings:
                kept.append(rings)
        if kept:
            countries.append({"id": code, "nama": COUNTRIES[code], "poligon": kept})
    countries.sort(key=lambda c: c["id"] != "360")  # Indonesia first
    return {"sumber": source, "bingkai": list(FRAME), "negara": countries}


def main(argv: list[str]) -> int:
    simplified, original, version, tolerance = Path(argv[0]), Path(argv[1]), argv[2], argv[3]
    source = {
        "paket_npm": f"world-atlas@{version}",
        "berkas": "countries-50m.json",
        "sha256_berkas": hashlib.sha256(original.read_bytes()).hexdigest(),
        "data": "Natural Earth 1:50m Admin 0 - Countries (versi 4.1.0), domain publik",
        "penyederhanaan": f"toposimplify -s {tolerance} -f (topojson-simplify), lalu koordinat dibulatkan 0,01°",
    }
    data = extract(json.loads(simplified.read_text(encoding="utf-8")), source)
    OUTLINE.parent.mkdir(parents=True, exist_ok=True)
    OUTLINE.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for c in data["negara"] for p in c["poligon"] for r in p)
    print(f"{OUTLINE}: {len(data['negara'])} negara, {points} titik, {OUTLINE.stat().st_size} bita")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
