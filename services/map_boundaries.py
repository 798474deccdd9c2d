"""Polygons for the jurisdictions a map shows, by graph jurisdiction id.

The graph holds jurisdictions without geometry; their polygons come from the boundary files
the ingest reads (ids as the ingest writes them: ``district:phl-<n>``, ``district:nypd-<n>``).
Loaded once per process, on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from viz.model import MapIncident

if TYPE_CHECKING:
    import geopandas as gpd


@dataclass(frozen=True, slots=True)
class BoundarySource:
    prefix: str  # graph id = prefix + the file's id property
    relpath: str  # under the shared data folder
    field: str
    label: str  # name shown = label + the file's id property


SOURCES: tuple[BoundarySource, ...] = (
    BoundarySource(
        "district:phl-",
        "incidents/philadelphia/geo/police_districts.geojson",
        "police_district",
        "Philadelphia PD district ",
    ),
    BoundarySource(
        "district:nypd-",
        "incidents/nypd/NewYorkCityPolicePrecincts.geojson",
        "precinct",
        "NYPD precinct ",
    ),
)


@lru_cache(maxsize=4)
def _catalog(shared_data: Path) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    from viz.geo import load_jurisdictions

    frames = []
    for src in SOURCES:
        path = shared_data / src.relpath
        if not path.is_file():
            continue
        layer = load_jurisdictions(path, id_field=src.field)
        frames.append(layer.assign(id=src.prefix + layer["id"], name=src.label + layer["name"]))
    if not frames:
        return gpd.GeoDataFrame({"id": [], "name": []}, geometry=[], crs="EPSG:4326")
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")


def polygons_for(incidents: Sequence[MapIncident], *, shared_data: Path) -> gpd.GeoDataFrame:
    """The known polygons the incidents' ``jurisdiction_id`` name, plus those holding located
    incidents that name none (the graph may lack the placement); unknown ids are left out."""
    from viz.geo import assign_jurisdictions

    catalog = _catalog(Path(shared_data).resolve())
    wanted = {i.jurisdiction_id for i in incidents if i.jurisdiction_id}
    unplaced = [i for i in incidents if i.jurisdiction_id is None and i.located]
    if unplaced and len(catalog):
        placed = assign_jurisdictions(unplaced, catalog)
        wanted |= {i.jurisdiction_id for i in placed if i.jurisdiction_id is not None}
    return catalog[catalog["id"].isin(wanted)].reset_index(drop=True)
