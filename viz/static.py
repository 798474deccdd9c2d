"""Static PNG versions of the maps, for reports (matplotlib + geopandas, no tiles, no browser).

Same inputs and the same colours as the interactive maps. Figures are built with
``matplotlib.figure.Figure`` (no pyplot global state), so this is safe in a server thread.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from viz.geo import JurisdictionsLike
from viz.model import MapIncident, MapLink
from viz.palette import (
    JURISDICTION_EDGE,
    NO_LINKS,
    UNKNOWN_FIREARM,
    XLINK_COLOUR,
    choropleth_bins,
    choropleth_colour,
)
from viz.prepare import CyclePicture, RegionPicture, prepare_cycle, prepare_region

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

LEAD_NOTE = "Leads are unconfirmed associations, for investigation only."


def _figure(size: tuple[float, float]) -> tuple[Figure, Axes]:
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    return fig, ax


def _frame(ax: Axes, bounds: tuple[tuple[float, float], tuple[float, float]] | None) -> None:
    """Fit the view to the bounds (with a margin) and correct the aspect for latitude."""
    if bounds is None:
        return
    (south, west), (north, east) = bounds
    pad_y = max((north - south) * 0.08, 0.002)
    pad_x = max((east - west) * 0.08, 0.002)
    ax.set_xlim(west - pad_x, east + pad_x)
    ax.set_ylim(south - pad_y, north + pad_y)
    ax.set_aspect(1.0 / math.cos(math.radians((south + north) / 2)))


def _png(fig: Figure, dpi: int) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, facecolor="white")
    return buf.getvalue()


def draw_cycle(pic: CyclePicture, *, title: str, size: tuple[float, float] = (8, 8)) -> Figure:
    from matplotlib.lines import Line2D

    fig, ax = _figure(size)
    if pic.jurisdictions is not None and not pic.jurisdictions.empty:
        pic.jurisdictions.plot(ax=ax, color="#e6e6e6", edgecolor=JURISDICTION_EDGE, linewidth=1)
        for _, row in pic.jurisdictions.iterrows():
            pt = row.geometry.representative_point()
            ax.annotate(str(row["name"]), (pt.x, pt.y), color="#777777", fontsize=8, ha="center")
    for drawn in pic.links:
        (y0, x0), (y1, x1) = drawn.start, drawn.end
        style = "-" if drawn.link.kind == "hit" else (0, (4, 3))
        ax.plot([x0, x1], [y0, y1], color=drawn.colour, linestyle=style, linewidth=2.2, zorder=2)
    number = {inc.id: k + 1 for k, inc in enumerate(pic.numbered)}
    for inc in pic.numbered:
        if inc.latitude is None or inc.longitude is None:
            continue
        ax.scatter(
            [inc.longitude],
            [inc.latitude],
            s=320,
            color=pic.colour_of(inc),
            edgecolors="white",
            linewidths=1.5,
            zorder=3,
        )
        ax.annotate(
            str(number[inc.id]),
            (inc.longitude, inc.latitude),
            color="white",
            fontsize=9,
            fontweight="bold",
            ha="center",
            va="center",
            zorder=4,
        )
    _frame(ax, pic.bounds)
    handles = [
        Line2D([], [], marker="o", linestyle="", color=c, markersize=9, label=f"firearm {f}")
        for f, c in pic.colours.items()
    ]
    if any(i.firearm is None for i in pic.numbered):
        handles.append(
            Line2D([], [], marker="o", linestyle="", color=UNKNOWN_FIREARM, label="firearm unknown")
        )
    handles += [
        Line2D([], [], color="black", linestyle="-", label="hit (confirmed)"),
        Line2D([], [], color="black", linestyle=(0, (4, 3)), label="lead (unconfirmed)"),
    ]
    ax.legend(handles=handles, loc="upper right", fontsize=8, framealpha=0.9)
    first, last = pic.numbered[0].occurred_at, pic.numbered[-1].occurred_at
    ax.set_title(f"{title}\n{len(pic.numbered)} incidents, {first:%Y-%m-%d} – {last:%Y-%m-%d}")
    note = "Numbers: order in time. " + LEAD_NOTE
    if pic.unlocated:
        missing = ", ".join(f"#{number[i.id]}" for i in pic.numbered if not i.located)
        note += f"\nNot drawn (no location): {missing}"
    fig.text(0.01, 0.005, note, fontsize=7, color="#444444")
    return fig


def draw_region(pic: RegionPicture, *, title: str, size: tuple[float, float] = (9, 9)) -> Figure:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig, ax = _figure(size)
    bins = choropleth_bins(int(pic.jurisdictions["links"].max()) if len(pic.jurisdictions) else 0)
    fills = [choropleth_colour(int(n), bins) for n in pic.jurisdictions["links"]]
    pic.jurisdictions.plot(ax=ax, color=fills, edgecolor=JURISDICTION_EDGE, linewidth=0.8)
    lons = [i.longitude for i in pic.incidents if i.longitude is not None]
    lats = [i.latitude for i in pic.incidents if i.latitude is not None]
    if lons:
        many = len(lons) > 1000
        ax.scatter(
            lons,
            lats,
            s=4 if many else 10,
            color="#1f4e79",
            alpha=0.35 if many else 0.8,
            linewidths=0,
            zorder=2,
        )
    for pair in pic.pairs:
        (y0, x0), (y1, x1) = pic.label_points[pair.a], pic.label_points[pair.b]
        ax.plot(
            [x0, x1],
            [y0, y1],
            color=XLINK_COLOUR,
            alpha=0.85,
            zorder=3,
            linewidth=min(1 + math.sqrt(pair.total), 7),
            linestyle="-" if pair.hits else (0, (4, 3)),
        )
    _frame(ax, pic.bounds)
    handles: list[Any] = [Patch(facecolor=NO_LINKS, edgecolor="#999999", label="0 links")]
    lower = 1
    for upper in bins:
        label = f"{upper}" if upper == lower else f"{lower}–{upper}"
        handles.append(Patch(facecolor=choropleth_colour(upper, bins), label=f"{label} links"))
        lower = upper + 1
    handles += [
        Line2D([], [], color=XLINK_COLOUR, label="between jurisdictions (hits)"),
        Line2D([], [], color=XLINK_COLOUR, linestyle=(0, (4, 3)), label="leads only"),
        Line2D([], [], marker="o", linestyle="", color="#1f4e79", label="incident"),
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.9)
    ax.set_title(f"{title}\n{len(pic.incidents)} incidents, {len(pic.pairs)} linked pairs of areas")
    fig.text(0.01, 0.005, LEAD_NOTE, fontsize=7, color="#444444")
    return fig


def cycle_map_png(
    *,
    incidents: Sequence[MapIncident | Mapping[str, Any] | Any],
    links: Sequence[MapLink | Mapping[str, Any]] = (),
    jurisdictions: JurisdictionsLike | None = None,
    id_field: str = "id",
    name_field: str | None = None,
    title: str = "Shooting cycle",
    dpi: int = 150,
) -> bytes:
    """PNG bytes of the cycle map (same inputs as :func:`viz.cycle_map.cycle_map_html`)."""
    pic = prepare_cycle(
        incidents=incidents,
        links=links,
        jurisdictions=jurisdictions,
        id_field=id_field,
        name_field=name_field,
    )
    return _png(draw_cycle(pic, title=title), dpi)


def region_map_png(
    *,
    incidents: Sequence[MapIncident | Mapping[str, Any] | Any],
    links: Sequence[MapLink | Mapping[str, Any]] = (),
    jurisdictions: JurisdictionsLike,
    id_field: str = "id",
    name_field: str | None = None,
    title: str = "Region",
    dpi: int = 150,
) -> bytes:
    """PNG bytes of the region map (same inputs as :func:`viz.region_map.region_map_html`)."""
    pic = prepare_region(
        incidents=incidents,
        links=links,
        jurisdictions=jurisdictions,
        id_field=id_field,
        name_field=name_field,
    )
    return _png(draw_region(pic, title=title), dpi)
