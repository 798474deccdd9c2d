"""A shooting-cycle map: incidents numbered in time order and coloured by firearm, links as
lines (solid: confirmed hits; dashed: unconfirmed leads), the jurisdictions the cycle crosses,
popups with the incident details and links back to the API, and a time slider.

In the page: incident markers carry class ``cgi-incident``, links ``cgi-link cgi-link-hit`` or
``cgi-link cgi-link-lead``, jurisdiction polygons ``cgi-jurisdiction``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from viz.assets import base_map, render_page
from viz.controls import DEFAULT_URLS, Bind, Legend, api_url, esc, link_html, rows_table
from viz.geo import JurisdictionsLike, display_geometry
from viz.model import MapIncident, MapLink
from viz.palette import JURISDICTION_EDGE, LEAD_DASH, UNKNOWN_FIREARM
from viz.prepare import CyclePicture, DrawnLink, prepare_cycle
from viz.timeline import TimeSlider

if TYPE_CHECKING:
    import folium

POPUP_LINKS = (("incident", "incident record"), ("incident_cycle_map", "its cycle map"))
KIND_LABEL = {
    "hit": "NIBIN hit (confirmed)",
    "lead": "NIBIN lead (unconfirmed, investigative only)",
}


def _incident_popup(number: int, inc: MapIncident, *, base: str, urls: Mapping[str, str]) -> str:
    table = rows_table(
        [
            ("Event", f"#{number}"),
            ("Incident", inc.id),
            ("Occurred", inc.occurred_at.isoformat(sep=" ", timespec="minutes")),
            ("Offense", inc.offense),
            ("Agency (ORI)", inc.agency_ori),
            ("Case number", inc.case_number),
            ("Address", inc.address),
            ("Killed / injured", f"{inc.killed} / {inc.injured}"),
            ("Firearms", ", ".join(inc.firearm_ids) or "unknown"),
            ("Jurisdiction", inc.jurisdiction_id),
        ]
    )
    links = " · ".join(
        link_html(api_url(base, kind, inc.id, urls), text)
        for kind, text in POPUP_LINKS
        if kind in urls
    )
    return f"{table}<div style='font:12px sans-serif;margin-top:4px'>{links}</div>"


def _number_icon(number: int, colour: str) -> folium.DivIcon:
    import folium

    return folium.DivIcon(
        html=(
            f"<div style='width:22px;height:22px;border-radius:50%;background:{colour};"
            "color:#fff;border:2px solid #fff;box-shadow:0 0 2px #000;text-align:center;"
            f"font:bold 12px/22px sans-serif'>{number}</div>"
        ),
        icon_size=(26, 26),
        icon_anchor=(13, 13),
        class_name="cgi-incident",
    )


def _link_line(drawn: DrawnLink, number_of: Mapping[str, int]) -> folium.PolyLine:
    import folium

    lk = drawn.link
    text = (
        f"#{number_of[lk.source_id]} – #{number_of[lk.target_id]}: {KIND_LABEL[lk.kind]}"
        f", firearm {lk.firearm_id or 'unknown'}"
    )
    line = folium.PolyLine(
        [drawn.start, drawn.end],
        color=drawn.colour,
        weight=4 if lk.kind == "hit" else 3,
        opacity=0.9,
        dash_array=None if lk.kind == "hit" else LEAD_DASH,
        class_name=f"cgi-link cgi-link-{lk.kind}",
    )
    Bind(esc(text), tooltip=True).add_to(line)
    return line


def _legend(pic: CyclePicture, title: str) -> str:
    parts = [f"<b>{esc(title)}</b><br>"]
    for fid, colour in pic.colours.items():
        parts.append(f"<span style='color:{colour}'>&#9679;</span> firearm {esc(fid)}<br>")
    if any(i.firearm is None for i in pic.numbered):
        parts.append(f"<span style='color:{UNKNOWN_FIREARM}'>&#9679;</span> firearm unknown<br>")
    parts.append("<i style='border-top-style:solid'></i>hit (confirmed)<br>")
    parts.append("<i style='border-top-style:dashed'></i>lead (unconfirmed)<br>")
    parts.append("Numbers: order in time.")
    if pic.unlocated:
        missing = [f"#{k + 1}" for k, i in enumerate(pic.numbered) if not i.located]
        parts.append(f"<br>Not drawn (no location): {esc(', '.join(missing))}")
    return "".join(parts)


def build_cycle_map(
    pic: CyclePicture,
    *,
    api_base_url: str,
    title: str = "Shooting cycle",
    tiles: str | None = None,
    time_slider: bool = True,
    urls: Mapping[str, str] = DEFAULT_URLS,
) -> folium.Map:
    """The folium map of a prepared cycle (see :func:`cycle_map_html`)."""
    import folium

    fmap = base_map(tiles=tiles, bounds=pic.bounds)
    timed: list[tuple[Any, Any]] = []
    if pic.jurisdictions is not None and not pic.jurisdictions.empty:
        areas = folium.FeatureGroup(name="Jurisdictions crossed").add_to(fmap)
        folium.GeoJson(
            display_geometry(pic.jurisdictions[["id", "name", "geometry"]])
            .assign(name=pic.jurisdictions["name"].map(esc))
            .to_json(),
            name="jurisdictions",
            style_function=lambda _f: {
                "color": JURISDICTION_EDGE,
                "weight": 2,
                "fillColor": "#999999",
                "fillOpacity": 0.12,
                "className": "cgi-jurisdiction",
            },
            tooltip=folium.GeoJsonTooltip(fields=["name"], aliases=["Jurisdiction"]),
        ).add_to(areas)
    number_of = {inc.id: k + 1 for k, inc in enumerate(pic.numbered)}
    lines = folium.FeatureGroup(name="Links (hits solid, leads dashed)").add_to(fmap)
    for drawn in pic.links:
        line = _link_line(drawn, number_of).add_to(lines)
        timed.append((line, drawn.at))
    markers = folium.FeatureGroup(name="Incidents").add_to(fmap)
    for inc in pic.numbered:
        if inc.latitude is None or inc.longitude is None:
            continue
        number = number_of[inc.id]
        marker = folium.Marker(
            [inc.latitude, inc.longitude], icon=_number_icon(number, pic.colour_of(inc))
        ).add_to(markers)
        Bind(esc(f"#{number} · {inc.occurred_at:%Y-%m-%d %H:%M}"), tooltip=True).add_to(marker)
        Bind(_incident_popup(number, inc, base=api_base_url, urls=urls)).add_to(marker)
        timed.append((marker, inc.occurred_at))
    Legend(_legend(pic, title)).add_to(fmap)
    folium.LayerControl(collapsed=True).add_to(fmap)
    if time_slider and timed:
        TimeSlider(items=timed).add_to(fmap)
    return fmap


def cycle_map_html(
    *,
    incidents: Sequence[MapIncident | Mapping[str, Any] | Any],
    links: Sequence[MapLink | Mapping[str, Any]] = (),
    jurisdictions: JurisdictionsLike | None = None,
    id_field: str = "id",
    name_field: str | None = None,
    api_base_url: str,
    title: str = "Shooting cycle",
    tiles: str | None = None,
    time_slider: bool = True,
    urls: Mapping[str, str] = DEFAULT_URLS,
) -> str:
    """A self-contained HTML page (no network needed) mapping one shooting cycle.

    ``incidents``: records of :class:`viz.model.MapIncident` (or mappings/domain incidents);
    ``links``: hits and leads between them; ``jurisdictions``: polygons (GeoDataFrame, GeoJSON
    mapping or file) of which those holding a cycle incident are drawn; ``api_base_url``: where
    popups link back to; ``tiles``: ``None`` for no tile layer (see ``CGI_MAP_TILES``).
    """
    pic = prepare_cycle(
        incidents=incidents,
        links=links,
        jurisdictions=jurisdictions,
        id_field=id_field,
        name_field=name_field,
    )
    fmap = build_cycle_map(
        pic, api_base_url=api_base_url, title=title, tiles=tiles, time_slider=time_slider, urls=urls
    )
    return render_page(fmap, title=title)
