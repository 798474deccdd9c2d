"""Philadelphia shooting victims GeoJSON (City Controller, ``shootings_YYYY.json``).

One feature per victim; ``dc_key`` is the incident. Victims of one incident may be recorded
a few metres or minutes apart: within ``MAX_SPREAD_M`` and ``MAX_SPREAD_MIN`` they are one
incident (earliest time, first victim's point). Beyond that the key conflicts with itself
and the incident is refused and reported. A record dated after the rest of its file (see
:func:`ingest.validate.file_cutoff`) is refused as "in the future relative to its file".
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from domain.models import Incident
from ingest.records import Batch, Located, Rejection, batched, build
from ingest.validate import NEW_YORK, coordinate_problem, file_cutoff, future_reason, localize

PHILADELPHIA_ORI = "PAPEP0000"  # Philadelphia Police Department (FBI CDE agency list)
SOURCE = "philadelphia-shootings"
MAX_SPREAD_M = 250.0
MAX_SPREAD_MIN = 90.0


@dataclass(slots=True)
class _Victim:
    line: int
    occurred: datetime
    lat: float
    lon: float
    fatal: bool
    address: str | None


@dataclass(slots=True)
class _Group:
    victims: list[_Victim] = field(default_factory=list)


def incident_id(dc_key: str) -> str:
    return f"phl:{dc_key}"


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine, spherical Earth)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_008.8 * math.asin(min(1.0, math.sqrt(a)))


def _address(props: dict[str, Any]) -> str | None:
    street = (props.get("street_name") or "").strip()
    block = props.get("block_number")
    if not street:
        return None
    if isinstance(block, int | float) and math.isfinite(block):
        return f"{int(block)} block {street}"
    return street


def _victim(feature: dict[str, Any], *, file: str, line: int) -> tuple[str, _Victim] | Rejection:
    props = feature.get("properties") or {}
    key = str(props.get("dc_key") or "").strip()
    if not key:
        return Rejection(file, line, "dc_key", "empty incident key")
    try:
        naive = datetime.strptime(str(props.get("date")), "%Y/%m/%d %H:%M:%S")
    except ValueError as exc:
        return Rejection(file, line, "date", f"bad date: {exc}", key)
    geom = feature.get("geometry") or {}
    coords = geom.get("coordinates") if geom.get("type") == "Point" else None
    if not coords or len(coords) < 2:
        return Rejection(file, line, "geometry", "no point geometry: cannot be placed", key)
    lon, lat = coords[0], coords[1]
    if not all(isinstance(v, int | float) for v in (lat, lon)):
        return Rejection(file, line, "geometry", f"non-numeric coordinates {coords!r}", key)
    problem = coordinate_problem(float(lat), float(lon))
    if problem:
        return Rejection(file, line, f"geometry.{problem[0]}", problem[1], key)
    fatal = props.get("fatal")
    if not isinstance(fatal, bool):
        return Rejection(file, line, "fatal", f"not a boolean: {fatal!r}", key)
    return key, _Victim(
        line, localize(naive, NEW_YORK), float(lat), float(lon), fatal, _address(props)
    )


def _conflicts(key: str, g: _Group, file: str) -> list[Rejection]:
    first = g.victims[0]
    out = []
    for v in g.victims[1:]:
        d = metres(first.lat, first.lon, v.lat, v.lon)
        dt = abs((v.occurred - first.occurred).total_seconds()) / 60
        if d > MAX_SPREAD_M:
            out.append(
                Rejection(
                    file,
                    v.line,
                    "geometry",
                    f"duplicate dc_key with conflicting location: {d:.0f} m from "
                    f"feature {first.line}",
                    key,
                )
            )
        if dt > MAX_SPREAD_MIN:
            out.append(
                Rejection(
                    file,
                    v.line,
                    "date",
                    f"duplicate dc_key with conflicting time: {dt:.0f} min from "
                    f"feature {first.line}",
                    key,
                )
            )
    return out


def read_philadelphia_shootings(
    path: Path, *, batch_size: int = 5_000, now: datetime | None = None
) -> Iterator[Batch[Incident]]:
    """Stream Incidents (and rejections) from one ``shootings_YYYY.json`` file."""
    now = now or datetime.now(UTC)
    file = path.name
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("type") != "FeatureCollection":
        raise ValueError(f"{file}: not a GeoJSON FeatureCollection")
    groups: dict[str, _Group] = {}
    bad: list[Rejection] = []
    for i, feature in enumerate(doc.get("features") or [], start=1):
        parsed = _victim(feature, file=file, line=i)
        if isinstance(parsed, Rejection):
            bad.append(parsed)
        else:
            groups.setdefault(parsed[0], _Group()).victims.append(parsed[1])
    cutoff = file_cutoff([v.occurred for g in groups.values() for v in g.victims])

    def items() -> Iterator[Located[Incident] | Rejection]:
        yield from bad
        for key, g in groups.items():
            conflicts = _conflicts(key, g, file)
            if conflicts:
                yield from conflicts
                continue
            first = g.victims[0]
            occurred = min(v.occurred for v in g.victims)
            reason = future_reason(occurred, now=now, cutoff=cutoff)
            if reason:
                yield Rejection(file, first.line, "date", reason, key)
                continue
            killed = sum(v.fatal for v in g.victims)
            data: dict[str, object] = {
                "id": incident_id(key),
                "agency_ori": PHILADELPHIA_ORI,
                "case_number": key,
                "occurred_at": occurred,
                "latitude": first.lat,
                "longitude": first.lon,
                "address": first.address,
                "killed": killed,
                "injured": len(g.victims) - killed,
                "source": SOURCE,
            }
            result = build(Incident, data, file=file, line=first.line, key=key)
            if isinstance(result, list):
                yield from result
            else:
                yield Located(result, first.line)

    yield from batched(items(), size=batch_size)


def reported_districts(path: Path) -> dict[str, str]:
    """The ``police_district`` label of each incident id (first victim), for benchmarks."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for f in doc.get("features") or []:
        p = f.get("properties") or {}
        if p.get("dc_key"):
            out.setdefault(incident_id(str(p["dc_key"])), str(p.get("police_district")))
    return out
