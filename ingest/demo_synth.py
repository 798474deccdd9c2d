"""Synthetic incidents for the demo when no real incident files are at hand.

Incidents fall inside real county polygons (plotly-geo, Census 2016) of New York City's five
boroughs and Philadelphia, clustered in space (hot spots, ~500 m spread) and time (hot spots
flare for a few weeks), at night more than by day, as shootings are.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from domain.models import Incident
from ingest.nypd import NYPD_ORI
from ingest.philadelphia import PHILADELPHIA_ORI
from ingest.validate import NEW_YORK

CITY_COUNTIES = {
    NYPD_ORI: ("36005", "36047", "36061", "36081", "36085"),
    PHILADELPHIA_ORI: ("42101",),
}
START = datetime(2016, 1, 1, tzinfo=NEW_YORK)
DAYS = 3 * 365
DEG_PER_M = 1 / 111_000


def _random_point(rng: random.Random, geom: Any) -> tuple[float, float]:
    from shapely.geometry import Point

    minx, miny, maxx, maxy = geom.bounds
    while True:
        lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if geom.contains(Point(lon, lat)):
            return lat, lon


def synthetic_incidents(*, rng: random.Random, per_city: int) -> list[Incident]:
    from shapely.geometry import Point

    from ingest.boundaries import read_counties

    layer = read_counties(fips=["36", "42"])
    geoms = dict(zip(layer.frame["id"], layer.frame.geometry, strict=True))
    out: list[Incident] = []
    for ori, fips in CITY_COUNTIES.items():
        prefix = "demo-nyc" if ori == NYPD_ORI else "demo-phl"
        areas = [geoms[f"county:{f}"] for f in fips]
        hotspots = []
        for _ in range(max(4, per_city // 40)):
            area = rng.choice(areas)
            hotspots.append((area, _random_point(rng, area), rng.uniform(0, DAYS)))
        n = 0
        while n < per_city:
            area, (clat, clon), peak = rng.choice(hotspots)
            lat = clat + rng.gauss(0, 500) * DEG_PER_M
            lon = clon + rng.gauss(0, 500) * DEG_PER_M * 1.3
            if not area.contains(Point(lon, lat)):
                continue
            day = min(DAYS - 1, max(0.0, rng.gauss(peak, 25)))
            hour = rng.choice([0, 1, 2, 3, 20, 21, 22, 23, 18, 19, 14, 4])
            at = START + timedelta(days=int(day), hours=hour, minutes=rng.randrange(60))
            killed = 1 if rng.random() < 0.2 else 0
            injured = (1 - killed) + (rng.random() < 0.15)
            out.append(
                Incident(
                    id=f"{prefix}:{n:06d}",
                    agency_ori=ori,
                    case_number=f"{prefix[5:]}-{n:06d}",
                    occurred_at=at,
                    latitude=round(lat, 6),
                    longitude=round(lon, 6),
                    killed=killed,
                    injured=injured,
                    source="demo-synthetic",
                )
            )
            n += 1
    return out
