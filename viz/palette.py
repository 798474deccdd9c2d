"""Colours shared by the interactive and the static maps, so both read the same."""

from __future__ import annotations

from collections.abc import Iterable

# Colour-blind-safe qualitative palette (Okabe–Ito, without black), then Tableau 10 extras.
FIREARM_COLOURS: tuple[str, ...] = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#8c564b",
    "#7f7f7f",
    "#bcbd22",
)
UNKNOWN_FIREARM = "#444444"
HIT_DASH: str | None = None
LEAD_DASH = "8 6"
JURISDICTION_EDGE = "#555555"
XLINK_COLOUR = "#b2182b"

# YlOrRd, 6 classes: the choropleth of link counts.
CHOROPLETH: tuple[str, ...] = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
NO_LINKS = "#f7f7f7"


def firearm_colours(firearm_ids: Iterable[str | None]) -> dict[str, str]:
    """Stable colour per firearm in order of first appearance; colours repeat past ten."""
    out: dict[str, str] = {}
    for fid in firearm_ids:
        if fid is not None and fid not in out:
            out[fid] = FIREARM_COLOURS[len(out) % len(FIREARM_COLOURS)]
    return out


def choropleth_bins(max_count: int, classes: int = len(CHOROPLETH)) -> list[int]:
    """Upper bounds of up to ``classes`` integer bins covering 1..max_count (0 has its own colour).

    >>> choropleth_bins(3)
    [1, 2, 3]
    >>> choropleth_bins(12)
    [2, 4, 6, 8, 10, 12]
    """
    if max_count <= 0:
        return []
    if max_count <= classes:
        return list(range(1, max_count + 1))
    step = -(-max_count // classes)
    return [min(step * (i + 1), max_count) for i in range(classes) if step * i < max_count]


def choropleth_colour(count: int, bins: list[int]) -> str:
    if count <= 0 or not bins:
        return NO_LINKS
    for i, upper in enumerate(bins):
        if count <= upper:
            return CHOROPLETH[round(i * (len(CHOROPLETH) - 1) / max(len(bins) - 1, 1))]
    return CHOROPLETH[-1]
