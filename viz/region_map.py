"""A jurisdiction / region map: incidents (clustered when many), a heat layer, links between
jurisdictions drawn centroid to centroid, a choropleth of link counts, and a time slider.

In the page: incident markers carry class ``cgi-incident`` (``.marker-cluster`` icons stand
for groups when clustered), jurisdiction polygons ``cgi-jurisdiction``, cross-jurisdiction
lines ``cgi-xlink`` (``cgi-xlink-hit`` when at least one link is a confirmed hit, otherwise
``cgi-xlink-lead``, dashed). The heat layer is a canvas.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, time
from typing import TYPE_CHECKING, Any

from viz.assets import base_map, render_page
from viz.controls import DEFAULT_URLS, Bind, Legend, esc
from viz.geo import JurisdictionsLike, display_geometry
from viz.model import MapIncident, MapLink
from viz.palette import (
    JURISDICTION_EDGE,
    LEAD_DASH,
    NO_LINKS,
    XLINK_COLOUR,
    choropleth_bins,
    choropleth_colour,
)
from viz.prepare import PairLinks, RegionPicture, prepare_region
from viz.timeline import TimeSlider

if TYPE_CHECKING:
    import folium

CLUSTER_THRESHOLD = 200


def _day_steps(incidents: Sequence[MapIncident]) -> list[datetime]:
    """One slider step per calendar day (local to each incident) holding an incident: its end."""
    ends = {
        datetime.combine(i.occurred_at.date(), time.max, tzinfo=i.occurred_at.tzinfo)
        for i in incidents
    }
    return sorted(ends)


def _pair_text(pair: PairLinks, names: Mapping[str, str]) -> str:
    return (
        f"{names.get(pair.a, pair.a)} ↔ {names.get(pair.b, pair.b)}: "
        f"{pair.hits} hit(s), {pair.leads} lead(s); e.g. incidents {', '.join(pair.examples)}"
    )


def _choropleth_legend(pic: RegionPicture, bins: list[int], title: str) -> str:
    parts = [f"<b>{esc(title)}</b><br>Links touching each jurisdiction<br>"]
    swatch = "<span style='display:inline-block;width:14px;height:10px;background:{}'></span> "
    parts.append(swatch.format(NO_LINKS) + "0<br>")
    lower = 1
    for upper in bins:
        label = str(upper) if upper == lower else f"{lower}–{upper}"
        parts.append(swatch.format(choropleth_colour(upper, bins)) + f"{label}<br>")
        lower = upper + 1
    parts.append(
        f"<i style='border-top-color:{XLINK_COLOUR}'></i>between jurisdictions (hits)<br>"
        f"<i style='border-top:3px dashed {XLINK_COLOUR}'></i>leads only (unconfirmed)<br>"
    )
    parts.append(f"{len(pic.incidents)} incidents on the map")
    if pic.unlocated:
        parts.append(f"; {pic.unlocated} without a location not drawn")
    return "".join(parts)


def build_region_map(
    pic: RegionPicture,
    *,
    api_base_url: str,
    title: str = "Region",
    tiles: str | None = None,
    heat: bool = True,
    cluster: bool | None = None,
    time_slider: bool = True,
    urls: Mapping[str, str] = DEFAULT_URLS,
) -> folium.Map:
    """The folium map of a prepared region; ``cluster=None`` clusters above
    :data:`CLUSTER_THRESHOLD` incidents."""
    import folium
    from folium.plugins import HeatMap

    from viz.points import IncidentLayer

    fmap = base_map(tiles=tiles, bounds=pic.bounds)
    bins = choropleth_bins(int(pic.jurisdictions["links"].max()) if len(pic.jurisdictions) else 0)
    areas = display_geometry(pic.jurisdictions).assign(
        name=pic.jurisdictions["name"].map(esc),
        fill=[choropleth_colour(int(n), bins) for n in pic.jurisdictions["links"]],
    )
    folium.GeoJson(
        areas[["id", "name", "incidents", "links", "cross_links", "fill", "geometry"]].to_json(),
        name="Links per jurisdiction",
        style_function=lambda f: {
            "color": JURISDICTION_EDGE,
            "weight": 1.5,
            "fillColor": f["properties"]["fill"],
            "fillOpacity": 0.55,
            "className": "cgi-jurisdiction",
        },
        tooltip=folium.GeoJsonTooltip(
            fields=["name", "incidents", "links", "cross_links"],
            aliases=["Jurisdiction", "Incidents", "Links", "Cross-jurisdiction links"],
        ),
    ).add_to(fmap)
    heat_layer = None
    if heat and pic.incidents:
        heat_layer = HeatMap(
            [[i.latitude, i.longitude] for i in pic.incidents],
            name="Heat",
            radius=14,
            blur=18,
            min_opacity=0.3,
        )
        heat_layer.add_to(fmap)
    names = dict(zip(pic.jurisdictions["id"], pic.jurisdictions["name"], strict=True))
    xlinks = folium.FeatureGroup(name="Links between jurisdictions").add_to(fmap)
    for pair in pic.pairs:
        kind = "hit" if pair.hits else "lead"
        line = folium.PolyLine(
            [pic.label_points[pair.a], pic.label_points[pair.b]],
            color=XLINK_COLOUR,
            weight=min(2 + 2 * math.sqrt(pair.total), 12),
            opacity=0.85,
            dash_array=None if pair.hits else LEAD_DASH,
            class_name=f"cgi-xlink cgi-xlink-{kind}",
        ).add_to(xlinks)
        Bind(esc(_pair_text(pair, names)), tooltip=True).add_to(line)
    js_urls = {k: v.format(base=api_base_url.rstrip("/"), id="{id}") for k, v in urls.items()}
    if cluster is None:
        cluster = len(pic.incidents) > CLUSTER_THRESHOLD
    points = IncidentLayer(pic.incidents, urls=js_urls, cluster=cluster, heat=heat_layer)
    points.add_to(fmap)
    Legend(_choropleth_legend(pic, bins, title)).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    if time_slider and pic.incidents:
        TimeSlider(hooks=[points.filter_hook], times=_day_steps(pic.incidents), by_day=True).add_to(
            fmap
        )
    return fmap


def region_map_html(
    *,
    incidents: Sequence[MapIncident | Mapping[str, Any] | Any],
    links: Sequence[MapLink | Mapping[str, Any]] = (),
    jurisdictions: JurisdictionsLike,
    id_field: str = "id",
    name_field: str | None = None,
    api_base_url: str,
    title: str = "Region",
    tiles: str | None = None,
    heat: bool = True,
    cluster: bool | None = None,
    time_slider: bool = True,
    urls: Mapping[str, str] = DEFAULT_URLS,
) -> str:
    """A self-contained HTML page (no network needed) of a region's incidents and links.

    Incidents without ``jurisdiction_id`` are placed by point-in-polygon. The choropleth counts
    the links touching each jurisdiction; lines join the centroids of jurisdictions that share
    links (width grows with the count). The slider steps through days.
    """
    pic = prepare_region(
        incidents=incidents,
        links=links,
        jurisdictions=jurisdictions,
        id_field=id_field,
        name_field=name_field,
    )
    fmap = build_region_map(
        pic,
        api_base_url=api_base_url,
        title=title,
        tiles=tiles,
        heat=heat,
        cluster=cluster,
        time_slider=time_slider,
        urls=urls,
    )
    return render_page(fmap, title=title)
