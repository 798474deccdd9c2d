"""Boundary files → Jurisdiction records plus their polygons (EPSG:4326).

Sources: NYPD precincts and Philadelphia police districts (GeoJSON), Census cartographic
places (zipped shapefiles, EPSG:4269), and US counties and states from the ``plotly-geo``
package (Census 2016 500k shapefiles without a ``.prj``: EPSG:4269 is set here).
geopandas is imported inside the functions that need it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from domain.enums import JurisdictionLevel
from domain.models import Jurisdiction
from ingest.records import Batch, Rejection, build

if TYPE_CHECKING:
    import geopandas as gpd

WGS84 = "EPSG:4326"
NAD83 = "EPSG:4269"
VINTAGE_PLOTLY = "census-cb-2016-500k"
VINTAGE_PLACES = "census-cb-2015-500k"
VINTAGE_NYPD = "nyc-opendata-precincts"
VINTAGE_PHL = "opendataphilly-police-districts"


@dataclass(frozen=True)
class BoundaryLayer:
    """Polygons of one level. ``frame`` has columns id, level, vintage, geometry (EPSG:4326)."""

    name: str
    level: JurisdictionLevel
    jurisdictions: list[Jurisdiction]
    frame: gpd.GeoDataFrame
    rejections: list[Rejection]
    lines: list[int | None]  # feature number of each jurisdiction

    def batches(self) -> Iterator[Batch[Jurisdiction]]:
        yield Batch(
            records=list(self.jurisdictions),
            rejections=list(self.rejections),
            lines=list(self.lines),
        )


def plotly_geo_file(name: str) -> Path:
    return Path(str(resources.files("_plotly_geo") / "package_data" / name))


def _layer(
    gdf: gpd.GeoDataFrame,
    *,
    name: str,
    file: str,
    level: JurisdictionLevel,
    vintage: str,
    ident: Callable[[dict[str, Any]], str | None],
    label: Callable[[dict[str, Any]], str],
    state: Callable[[dict[str, Any]], str | None],
) -> BoundaryLayer:
    import geopandas as gpd
    from shapely.validation import make_valid

    if gdf.crs is None:
        gdf = gdf.set_crs(NAD83)
    gdf = gdf.to_crs(WGS84)
    records: list[Jurisdiction] = []
    geoms: list[Any] = []
    rejections: list[Rejection] = []
    seen: dict[str, int] = {}
    lines: list[int | None] = []
    for i, (props, geom) in enumerate(
        zip(gdf.drop(columns="geometry").to_dict("records"), gdf.geometry, strict=True), start=1
    ):
        code = ident(props)
        if not code:
            rejections.append(Rejection(file, i, "id", "feature has no identifier"))
            continue
        if geom is None or geom.is_empty:
            rejections.append(Rejection(file, i, "geometry", "empty geometry", code))
            continue
        if not geom.is_valid:
            geom = make_valid(geom)
        if geom.geom_type not in ("Polygon", "MultiPolygon", "GeometryCollection"):
            rejections.append(
                Rejection(file, i, "geometry", f"not a polygon: {geom.geom_type}", code)
            )
            continue
        jid = f"{level.value}:{code}"
        if jid in seen:
            rejections.append(
                Rejection(file, i, "id", f"duplicate id {jid} (feature {seen[jid]})", code)
            )
            continue
        made = build(
            Jurisdiction,
            {
                "id": jid,
                "name": label(props),
                "level": level,
                "vintage": vintage,
                "state": state(props),
            },
            file=file,
            line=i,
            key=jid,
        )
        if isinstance(made, list):
            rejections.extend(made)
            continue
        seen[jid] = i
        lines.append(i)
        records.append(made)
        geoms.append(geom)
    frame = gpd.GeoDataFrame(
        {
            "id": [r.id for r in records],
            "level": [level.value] * len(records),
            "vintage": [vintage] * len(records),
        },
        geometry=geoms,
        crs=WGS84,
    )
    return BoundaryLayer(name, level, records, frame, rejections, lines)


def _state_codes() -> dict[str, str]:
    import pyogrio

    df = pyogrio.read_dataframe(plotly_geo_file("cb_2016_us_state_500k.shp"), read_geometry=False)
    return dict(zip(df["STATEFP"], df["STUSPS"], strict=True))


def read_states(*, fips: list[str] | None = None) -> BoundaryLayer:
    import geopandas as gpd

    gdf = gpd.read_file(plotly_geo_file("cb_2016_us_state_500k.shp"))
    if fips:
        gdf = gdf[gdf["STATEFP"].isin(fips)]
    return _layer(
        gdf,
        name="states",
        file="cb_2016_us_state_500k.shp",
        level=JurisdictionLevel.STATE,
        vintage=VINTAGE_PLOTLY,
        ident=lambda p: p.get("STATEFP"),
        label=lambda p: str(p["NAME"]),
        state=lambda p: p.get("STUSPS"),
    )


def read_counties(*, fips: list[str] | None = None) -> BoundaryLayer:
    import geopandas as gpd

    gdf = gpd.read_file(plotly_geo_file("cb_2016_us_county_500k.shp"))
    if fips:
        gdf = gdf[gdf["STATEFP"].isin(fips)]
    codes = _state_codes()
    return _layer(
        gdf,
        name="counties",
        file="cb_2016_us_county_500k.shp",
        level=JurisdictionLevel.COUNTY,
        vintage=VINTAGE_PLOTLY,
        ident=lambda p: p.get("GEOID"),
        label=lambda p: f"{p['NAME']} County" if p.get("LSAD") == "06" else p["NAME"],
        state=lambda p: codes.get(str(p.get("STATEFP"))),
    )


def read_places(path: Path) -> BoundaryLayer:
    """A Census place shapefile, zipped (``cb_2015_36_place_500k.zip``) or not."""
    import geopandas as gpd

    uri = f"zip://{path.resolve()}" if path.suffix == ".zip" else str(path)
    gdf = gpd.read_file(uri)
    codes = _state_codes()
    return _layer(
        gdf,
        name=f"places-{path.stem}",
        file=path.name,
        level=JurisdictionLevel.PLACE,
        vintage=VINTAGE_PLACES,
        ident=lambda p: p.get("GEOID"),
        label=lambda p: str(p["NAME"]),
        state=lambda p: codes.get(str(p.get("STATEFP"))),
    )


def _district_code(p: dict[str, Any], key: str) -> str | None:
    raw = p.get(key)
    if raw is None or str(raw).strip() == "":
        return None
    text = str(raw).strip()
    return str(int(float(text))) if text.replace(".", "", 1).isdigit() else text


def read_nypd_precincts(path: Path) -> BoundaryLayer:
    import geopandas as gpd

    gdf = gpd.read_file(path)
    return _layer(
        gdf,
        name="nypd-precincts",
        file=path.name,
        level=JurisdictionLevel.DISTRICT,
        vintage=VINTAGE_NYPD,
        ident=lambda p: (c := _district_code(p, "precinct")) and f"nypd-{c}",
        label=lambda p: f"NYPD Precinct {_district_code(p, 'precinct')}",
        state=lambda p: "NY",
    )


def read_philadelphia_districts(path: Path) -> BoundaryLayer:
    import geopandas as gpd

    gdf = gpd.read_file(path)
    key = next(
        (c for c in ("police_district", "DIST_NUM", "dist_num") if c in gdf.columns),
        "police_district",
    )
    return _layer(
        gdf,
        name="philadelphia-districts",
        file=path.name,
        level=JurisdictionLevel.DISTRICT,
        vintage=VINTAGE_PHL,
        ident=lambda p: (c := _district_code(p, key)) and f"phl-{c}",
        label=lambda p: f"Philadelphia Police District {_district_code(p, key)}",
        state=lambda p: "PA",
    )
