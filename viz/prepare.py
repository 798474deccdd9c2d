"""What each map shows, computed once and drawn twice (interactive HTML and static PNG).

Pure functions over the records of :mod:`viz.model` plus a jurisdictions GeoDataFrame.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from viz import geo
from viz.model import MapIncident, MapLink, as_incidents, as_links, link_time
from viz.palette import UNKNOWN_FIREARM, firearm_colours

if TYPE_CHECKING:
    import geopandas as gpd


@dataclass(frozen=True, slots=True)
class DrawnLink:
    link: MapLink
    start: tuple[float, float]  # (lat, lon)
    end: tuple[float, float]
    at: datetime
    colour: str


@dataclass(frozen=True, slots=True)
class CyclePicture:
    """Incidents in time order (``numbered[k]`` is event k + 1), links, crossed polygons."""

    numbered: tuple[MapIncident, ...]
    links: tuple[DrawnLink, ...]
    colours: Mapping[str, str]  # firearm id → colour
    jurisdictions: gpd.GeoDataFrame | None  # only those the cycle's incidents fall in
    unlocated: int  # incidents without coordinates: numbered, listed, not drawn
    bounds: tuple[tuple[float, float], tuple[float, float]] | None

    def colour_of(self, incident: MapIncident) -> str:
        return self.colours.get(incident.firearm or "", UNKNOWN_FIREARM)


@dataclass(frozen=True, slots=True)
class PairLinks:
    """Links between two jurisdictions (``a`` < ``b``), with example incident ids."""

    a: str
    b: str
    hits: int
    leads: int
    examples: tuple[str, ...]

    @property
    def total(self) -> int:
        return self.hits + self.leads


@dataclass(frozen=True, slots=True)
class RegionPicture:
    incidents: tuple[MapIncident, ...]  # located, time-ordered, with jurisdiction ids filled
    jurisdictions: gpd.GeoDataFrame  # + columns incidents, links, cross_links
    pairs: tuple[PairLinks, ...]  # cross-jurisdiction links, most first
    label_points: Mapping[str, tuple[float, float]]
    unlocated: int
    bounds: tuple[tuple[float, float], tuple[float, float]] | None


def _time_order(incidents: Iterable[MapIncident]) -> list[MapIncident]:
    return sorted(incidents, key=lambda i: (i.occurred_at, i.id))


def prepare_cycle(
    *,
    incidents: Sequence[MapIncident | Mapping[str, Any] | Any],
    links: Sequence[MapLink | Mapping[str, Any]] = (),
    jurisdictions: geo.JurisdictionsLike | None = None,
    id_field: str = "id",
    name_field: str | None = None,
) -> CyclePicture:
    """Order, colour and place a cycle's incidents and links. Links between unlocated
    incidents are kept in the data but not drawn."""
    incs = as_incidents(incidents)
    if not incs:
        raise ValueError("a cycle map needs at least one incident")
    lks = as_links(links, incident_ids=(i.id for i in incs))
    polys = None
    if jurisdictions is not None:
        polys = geo.load_jurisdictions(jurisdictions, id_field=id_field, name_field=name_field)
        incs = geo.assign_jurisdictions(incs, polys)
    ordered = _time_order(incs)
    by_id = {i.id: i for i in ordered}
    colours = firearm_colours(
        [f for i in ordered for f in i.firearm_ids] + [lk.firearm_id for lk in lks]
    )
    drawn = []
    for lk in sorted(lks, key=lambda lk: (link_time(lk, by_id), lk.source_id, lk.target_id)):
        a, b = by_id[lk.source_id], by_id[lk.target_id]
        if not (a.located and b.located):
            continue
        colour = colours.get(lk.firearm_id or a.firearm or "", UNKNOWN_FIREARM)
        drawn.append(
            DrawnLink(
                link=lk,
                start=(a.latitude, a.longitude),  # type: ignore[arg-type]
                end=(b.latitude, b.longitude),  # type: ignore[arg-type]
                at=link_time(lk, by_id),
                colour=colour,
            )
        )
    if polys is not None:
        crossed = {i.jurisdiction_id for i in ordered if i.jurisdiction_id}
        polys = polys[polys["id"].isin(crossed)].reset_index(drop=True)
    located = [i for i in ordered if i.located]
    return CyclePicture(
        numbered=tuple(ordered),
        links=tuple(drawn),
        colours=colours,
        jurisdictions=polys,
        unlocated=len(ordered) - len(located),
        bounds=geo.bounds_of(located, polys),
    )


def prepare_region(
    *,
    incidents: Sequence[MapIncident | Mapping[str, Any] | Any],
    links: Sequence[MapLink | Mapping[str, Any]] = (),
    jurisdictions: geo.JurisdictionsLike,
    id_field: str = "id",
    name_field: str | None = None,
    max_examples: int = 3,
) -> RegionPicture:
    """Place incidents in jurisdictions and count links per jurisdiction and per pair.

    ``links`` counts every link touching a jurisdiction (a link inside one counts once);
    ``cross_links`` only those whose other end lies in another jurisdiction.
    """
    polys = geo.load_jurisdictions(jurisdictions, id_field=id_field, name_field=name_field)
    incs = geo.assign_jurisdictions(as_incidents(incidents), polys)
    lks = as_links(links, incident_ids=(i.id for i in incs))
    where = {i.id: i.jurisdiction_id for i in incs}
    touching: Counter[str] = Counter()
    crossing: Counter[str] = Counter()
    pair_counts: dict[tuple[str, str], list[int]] = {}
    pair_examples: dict[tuple[str, str], list[str]] = {}
    for lk in lks:
        ja, jb = where[lk.source_id], where[lk.target_id]
        for j in {ja, jb} - {None}:
            touching[j] += 1  # type: ignore[index]
        if ja is None or jb is None or ja == jb:
            continue
        crossing[ja] += 1
        crossing[jb] += 1
        key = (min(ja, jb), max(ja, jb))
        counts = pair_counts.setdefault(key, [0, 0])
        counts[0 if lk.kind == "hit" else 1] += 1
        examples = pair_examples.setdefault(key, [])
        for iid in (lk.source_id, lk.target_id):
            if iid not in examples and len(examples) < max_examples:
                examples.append(iid)
    per_area = Counter(j for j in where.values() if j is not None)
    polys = polys.assign(
        incidents=[per_area[j] for j in polys["id"]],
        links=[touching[j] for j in polys["id"]],
        cross_links=[crossing[j] for j in polys["id"]],
    )
    pairs = sorted(
        (
            PairLinks(a, b, hits=c[0], leads=c[1], examples=tuple(pair_examples[(a, b)]))
            for (a, b), c in pair_counts.items()
        ),
        key=lambda p: (-p.total, p.a, p.b),
    )
    located = _time_order(i for i in incs if i.located)
    return RegionPicture(
        incidents=tuple(located),
        jurisdictions=polys,
        pairs=tuple(pairs),
        label_points=geo.label_points(polys),
        unlocated=len(incs) - len(located),
        bounds=geo.bounds_of(located, polys),
    )
