"""Distances between regions of the national register (great-circle, from their centre points).

The register gives one centre point per kabupaten/kota (`Place.lat`, `Place.lon`, degrees,
WGS84). A travel distance here is the great-circle distance between two such points on a
sphere of the Earth's mean radius (haversine formula): a straight line over land and sea,
not a road or flight route. It is a fair way to compare how far hosts are (a team's budget is
mostly travel), not a travel time. On the ellipsoid the true shortest path differs from it by
at most about 0.5 %.
"""

from __future__ import annotations

import math

from .records import Place

EARTH_RADIUS_KM = 6371.0088
"""Mean Earth radius (IUGG), km: the sphere whose great circles the distances are measured on."""


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in degrees (haversine formula)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance in km between the centre points of two register regions."""
    return great_circle_km(a.lat, a.lon, b.lat, b.lon)
