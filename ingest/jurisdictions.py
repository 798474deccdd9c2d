"""Place incidents in every jurisdiction that contains them; link agencies to served areas.

Point-in-polygon with a geopandas spatial join (``predicate="intersects"``, so a point on a
shared boundary belongs to both sides rather than to neither). Every placement carries the
boundary vintage. Service areas follow the practical approximation of the data README:
city police → its incorporated place, sheriff / county police → the county, state police →
the state; a police department's own districts/precincts belong to it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from domain.enums import JurisdictionLevel
from domain.models import Agency, Incident, Jurisdiction
from ingest.boundaries import (
    BoundaryLayer,
    read_counties,
    read_nypd_precincts,
    read_philadelphia_districts,
    read_places,
    read_states,
)
from ingest.records import Rejection

if TYPE_CHECKING:
    import geopandas as gpd

# Districts/precincts belong to the department whose id prefix they carry.
DISTRICT_OWNERS = {"nypd": "NY0303000", "phl": "PAPEP0000"}
_SUFFIXES = re.compile(
    r"\s+(police department|police dept\.?|department of public safety|public safety "
    r"department|police|pd|city police department|township police department|borough "
    r"police department)$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Placement:
    incident_id: str
    jurisdiction_id: str
    level: JurisdictionLevel
    vintage: str


@dataclass
class Gazetteer:
    """All known polygons, one GeoDataFrame (id, level, vintage, geometry in EPSG:4326)."""

    frame: gpd.GeoDataFrame
    jurisdictions: dict[str, Jurisdiction] = field(default_factory=dict)

    @classmethod
    def from_layers(cls, layers: Iterable[BoundaryLayer]) -> Gazetteer:
        import geopandas as gpd
        import pandas as pd

        layers = list(layers)
        frame = gpd.GeoDataFrame(
            pd.concat([layer.frame for layer in layers], ignore_index=True), crs="EPSG:4326"
        )
        juris = {j.id: j for layer in layers for j in layer.jurisdictions}
        return cls(frame=frame, jurisdictions=juris)

    def level(self, level: JurisdictionLevel) -> list[Jurisdiction]:
        return [j for j in self.jurisdictions.values() if j.level is level]


def default_gazetteer(
    shared_data: Path | None, *, state_fips: Sequence[str] = ("36", "42")
) -> Gazetteer:
    """States and counties (plotly-geo), plus places and police districts when at hand."""
    layers = [read_states(), read_counties(fips=list(state_fips))]
    if shared_data is not None and shared_data.is_dir():
        for fips in state_fips:
            zipped = shared_data / f"boundaries/census_places_2015/cb_2015_{fips}_place_500k.zip"
            if zipped.exists():
                layers.append(read_places(zipped))
        nypd = shared_data / "incidents/nypd/NewYorkCityPolicePrecincts.geojson"
        if nypd.exists():
            layers.append(read_nypd_precincts(nypd))
        phl = shared_data / "incidents/philadelphia/geo/police_districts.geojson"
        if phl.exists():
            layers.append(read_philadelphia_districts(phl))
    return Gazetteer.from_layers(layers)


def assign_incidents(
    incidents: Sequence[Incident],
    gazetteer: Gazetteer,
    *,
    file: str = "",
    lines: Sequence[int | None] | None = None,
) -> tuple[list[Placement], list[Incident], list[Rejection]]:
    """Every (incident, containing jurisdiction) pair; incidents inside none are refused.

    Returns ``(placements, placed incidents, rejections)``. ``O(n log m)`` with the spatial
    index of the gazetteer's ``m`` polygons.
    """
    import geopandas as gpd

    if not incidents:
        return [], [], []
    pts = gpd.GeoDataFrame(
        {"incident_id": [i.id for i in incidents]},
        geometry=gpd.points_from_xy(
            [i.longitude for i in incidents], [i.latitude for i in incidents]
        ),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(pts, gazetteer.frame, how="inner", predicate="intersects")
    placements = [
        Placement(iid, jid, JurisdictionLevel(level), vintage)
        for iid, jid, level, vintage in zip(
            joined["incident_id"], joined["id"], joined["level"], joined["vintage"], strict=True
        )
    ]
    placed_ids = set(joined["incident_id"])
    placed, rejections = [], []
    for n, inc in enumerate(incidents):
        if inc.id in placed_ids:
            placed.append(inc)
        else:
            line = lines[n] if lines is not None else None
            rejections.append(
                Rejection(
                    file,
                    line,
                    "latitude/longitude",
                    f"({inc.latitude}, {inc.longitude}) is outside every known jurisdiction",
                    inc.id,
                )
            )
    return placements, placed, rejections


def _norm(name: str) -> str:
    text = re.sub(r"[^a-z0-9 ]", "", name.lower().replace("saint ", "st "))
    return re.sub(r"\s+", " ", text).strip()


def _city_name(agency_name: str) -> str:
    name = _SUFFIXES.sub("", agency_name.strip())
    name = re.sub(r"^(city of|town of|village of|borough of)\s+", "", name, flags=re.IGNORECASE)
    return _norm(name)


def served_areas(agencies: Iterable[Agency], gazetteer: Gazetteer) -> list[tuple[str, str]]:
    """``(ori, jurisdiction id)`` pairs: the areas each agency serves (where known)."""
    places: dict[tuple[str, str], str] = {}
    for j in gazetteer.level(JurisdictionLevel.PLACE):
        if j.state:
            places.setdefault((j.state, _norm(j.name)), j.id)
    counties: dict[tuple[str, str], str] = {}
    for j in gazetteer.level(JurisdictionLevel.COUNTY):
        if j.state:
            counties[(j.state, _norm(re.sub(r"\s+County$", "", j.name)))] = j.id
    states = {j.state: j.id for j in gazetteer.level(JurisdictionLevel.STATE) if j.state}
    out: list[tuple[str, str]] = []
    for a in agencies:
        kind = (a.agency_type or "").lower()
        if kind == "city":
            city = _city_name(a.name)
            pid = places.get((a.state, city)) or places.get((a.state, re.sub(r" city$", "", city)))
            if pid:
                out.append((a.ori, pid))
        elif kind == "county" and a.county:
            cid = counties.get((a.state, _norm(a.county.split(",")[0])))
            if cid:
                out.append((a.ori, cid))
        elif kind == "state police" and a.state in states:
            out.append((a.ori, states[a.state]))
    oris = {a for a, _ in out} | set(DISTRICT_OWNERS.values())
    for j in gazetteer.level(JurisdictionLevel.DISTRICT):
        owner = DISTRICT_OWNERS.get(j.id.split(":", 1)[1].split("-", 1)[0])
        if owner and owner in oris:
            out.append((owner, j.id))
    return out
