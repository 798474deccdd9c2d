"""Jurisdiction geometry: normalise polygons, place incidents in them, find centroids.

geopandas and shapely are imported inside the functions (they are slow to import).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

from viz.model import MapIncident

if TYPE_CHECKING:
    import geopandas as gpd

JurisdictionsLike: TypeAlias = "gpd.GeoDataFrame | Mapping[str, Any] | str | os.PathLike[str]"


def load_jurisdictions(
    source: JurisdictionsLike, *, id_field: str = "id", name_field: str | None = None
) -> gpd.GeoDataFrame:
    """Polygons as a GeoDataFrame with columns ``id`` (str), ``name`` (str), ``geometry``,
    in EPSG:4326. ``source`` is a GeoDataFrame, a GeoJSON mapping, or a path geopandas reads.

    A source without a CRS is taken as EPSG:4326 (GeoJSON's own). Refuses a missing
    ``id_field``, duplicate ids and non-polygon geometry.
    """
    import geopandas as gpd

    if isinstance(source, gpd.GeoDataFrame):
        frame = source.copy()
    elif isinstance(source, Mapping):
        features = source.get("features")
        if not isinstance(features, list):
            raise ValueError("a GeoJSON jurisdictions mapping needs a 'features' list")
        frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    else:
        frame = gpd.read_file(os.fspath(source))
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    elif frame.crs.to_epsg() != 4326:
        frame = frame.to_crs("EPSG:4326")
    if id_field not in frame.columns:
        raise ValueError(
            f"jurisdictions have no {id_field!r} column; columns: {list(frame.columns)}"
        )
    kinds = set(frame.geometry.geom_type.dropna())
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise ValueError(f"jurisdictions must be polygons, got {sorted(kinds)}")
    ids = frame[id_field].astype(str)
    if ids.duplicated().any():
        raise ValueError(f"duplicate jurisdiction ids: {sorted(set(ids[ids.duplicated()]))}")
    names = frame[name_field].astype(str) if name_field else ids
    return gpd.GeoDataFrame(
        {"id": ids.to_numpy(), "name": names.to_numpy()},
        geometry=frame.geometry.to_numpy(),
        crs="EPSG:4326",
    )


def assign_jurisdictions(
    incidents: Sequence[MapIncident], jurisdictions: gpd.GeoDataFrame
) -> list[MapIncident]:
    """Fill ``jurisdiction_id`` by point-in-polygon for located incidents that lack one.

    An incident on a shared border goes to the first polygon that holds it; one outside every
    polygon keeps ``None``. O((n + m) log m) with the spatial index.
    """
    import geopandas as gpd
    from shapely import points

    todo = [i for i, inc in enumerate(incidents) if inc.jurisdiction_id is None and inc.located]
    if not todo or jurisdictions.empty:
        return list(incidents)
    pts = gpd.GeoDataFrame(
        {"row": todo},
        geometry=points([(incidents[i].longitude, incidents[i].latitude) for i in todo]),
        crs="EPSG:4326",
    )
    joined = gpd.sjoin(pts, jurisdictions[["id", "geometry"]], how="left", predicate="within")
    joined = joined[~joined.index.duplicated(keep="first")]
    found: dict[int, str] = {
        int(row): str(jid)
        for row, jid in zip(joined["row"], joined["id"], strict=True)
        if isinstance(jid, str)
    }
    out = list(incidents)
    for row, jid in found.items():
        out[row] = dataclasses.replace(out[row], jurisdiction_id=jid)
    return out


def label_points(jurisdictions: gpd.GeoDataFrame) -> dict[str, tuple[float, float]]:
    """(lat, lon) per jurisdiction id: the area centroid (equal-area), or a point surely inside
    the polygon when the centroid falls outside it (a crescent, a ring)."""
    if jurisdictions.empty:
        return {}
    projected = jurisdictions.to_crs("EPSG:6933")
    centroid = projected.geometry.centroid
    inside = projected.geometry.representative_point()
    chosen = centroid.where(centroid.within(projected.geometry), inside)
    back = chosen.to_crs("EPSG:4326")
    return {
        str(jid): (float(pt.y), float(pt.x))
        for jid, pt in zip(jurisdictions["id"], back, strict=True)
    }


def bounds_of(
    incidents: Sequence[MapIncident], jurisdictions: gpd.GeoDataFrame | None = None
) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) covering the located incidents and the polygons."""
    lats = [i.latitude for i in incidents if i.latitude is not None]
    lons = [i.longitude for i in incidents if i.longitude is not None]
    if jurisdictions is not None and not jurisdictions.empty:
        west, south, east, north = (float(v) for v in jurisdictions.total_bounds)
        lats += [south, north]
        lons += [west, east]
    if not lats:
        return None
    return (min(lats), min(lons)), (max(lats), max(lons))


def display_geometry(
    jurisdictions: gpd.GeoDataFrame, *, tolerance_deg: float = 2e-5, decimals: int = 5
) -> gpd.GeoDataFrame:
    """A lighter copy for drawing: simplified (about 2 m by default, topology kept) and
    rounded to ``decimals`` (5: about 1 m), which roughly halves the GeoJSON of a page."""
    import numpy as np
    import shapely

    geoms = jurisdictions.geometry.simplify(tolerance_deg, preserve_topology=True)
    rounded = shapely.transform(geoms.to_numpy(), lambda xy: np.round(xy, decimals))
    return jurisdictions.set_geometry(rounded, crs=jurisdictions.crs)
