"""Small constructed shooting cycles and a loader of real Philadelphia incidents."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

from viz.model import MapIncident, MapLink

EASTERN = timezone(timedelta(hours=-5))
T0 = datetime(2023, 6, 1, 22, 15, tzinfo=EASTERN)


ROOT = Path(__file__).resolve().parents[2]


def shared_data() -> Path:
    """``CGI_SHARED_DATA`` (relative to the project root) or ``../shared/data``."""
    path = Path(os.environ.get("CGI_SHARED_DATA", ROOT.parent / "shared" / "data"))
    return path if path.is_absolute() else (ROOT / path).resolve()


def philly_districts() -> Path:
    return shared_data() / "incidents" / "philadelphia" / "geo" / "police_districts.geojson"


def small_cycle() -> tuple[list[MapIncident], list[MapLink]]:
    """Five shootings, two firearms, across three Philadelphia districts; the last one has no
    location. Links: F1 #1–#2 hit, #2–#3 lead; F2 #4–#5 hit (not drawn: #5 unlocated),
    #3–#4 lead between firearms."""
    spots = [(39.9525, -75.1650), (39.9610, -75.1540), (39.9700, -75.1450), (39.9800, -75.1700)]
    incs = [
        MapIncident(
            id=f"PHL-{k}",
            occurred_at=T0 + timedelta(days=4 * k, hours=k),
            latitude=lat,
            longitude=lon,
            agency_ori="PAPEP0000",
            case_number=f"2023-{k:05d}",
            address=f"{100 * (k + 1)} block <Market> St `x` ${{y}}",
            injured=1,
            firearm_ids=("F1",) if k < 3 else ("F2",),
        )
        for k, (lat, lon) in enumerate(spots)
    ]
    incs.append(MapIncident(id="PHL-4", occurred_at=T0 + timedelta(days=30), firearm_ids=("F2",)))
    links = [
        MapLink("PHL-0", "PHL-1", "hit", "F1"),
        MapLink("PHL-1", "PHL-2", "lead", "F1"),
        MapLink("PHL-3", "PHL-4", "hit", "F2"),
        MapLink("PHL-2", "PHL-3", "lead", None),
    ]
    return incs, links


def philly_incidents(year: int = 2023, limit: int | None = None) -> list[MapIncident]:
    """Real shooting incidents (one per ``dc_key``) from the Philadelphia data set."""
    path = shared_data() / "incidents" / "philadelphia" / f"shootings_{year}.json"
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    out: dict[str, MapIncident] = {}
    for feat in features:
        props, geom = feat["properties"], feat.get("geometry")
        key = f"phl:{props['dc_key']}"
        if key in out or not geom or not props.get("date"):
            continue
        lon, lat = geom["coordinates"][:2]
        when = datetime.strptime(props["date"], "%Y/%m/%d %H:%M:%S").replace(tzinfo=EASTERN)
        out[key] = MapIncident(
            id=key,
            occurred_at=when,
            latitude=lat,
            longitude=lon,
            agency_ori="PAPEP0000",
            address=f"{int(props.get('block_number') or 0)} block {props.get('street_name')}",
            killed=1 if props.get("fatal") else 0,
            injured=0 if props.get("fatal") else 1,
        )
        if limit is not None and len(out) >= limit:
            break
    return list(out.values())


def squares_geojson() -> dict[str, object]:
    """Three adjacent 0.01° squares west to east near Philadelphia: A, B, C."""

    def square(x0: float) -> list[list[list[float]]]:
        y0 = 39.95
        return [[[x0, y0], [x0 + 0.01, y0], [x0 + 0.01, y0 + 0.01], [x0, y0 + 0.01], [x0, y0]]]

    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": code, "label": f"Area {code}"},
                "geometry": {"type": "Polygon", "coordinates": square(-75.20 + 0.01 * k)},
            }
            for k, code in enumerate("ABC")
        ],
    }


def squares_incidents() -> tuple[list[MapIncident], list[MapLink]]:
    """Two incidents in A, one in B, one in C, one outside every square.
    Links: A–A hit, A–B hit, A–B lead, B–C lead, C–outside hit."""
    spots = {
        "a1": (39.955, -75.195),
        "a2": (39.956, -75.194),
        "b1": (39.955, -75.185),
        "c1": (39.955, -75.175),
        "out": (39.90, -75.30),
    }
    incs = [
        MapIncident(id=k, occurred_at=T0 + timedelta(days=n), latitude=lat, longitude=lon)
        for n, (k, (lat, lon)) in enumerate(spots.items())
    ]
    links = [
        MapLink("a1", "a2", "hit"),
        MapLink("a1", "b1", "hit"),
        MapLink("a2", "b1", "lead"),
        MapLink("b1", "c1", "lead"),
        MapLink("c1", "out", "hit"),
    ]
    return incs, links
