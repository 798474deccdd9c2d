"""Maps as a service: scoped graph reads → viz pages (HTML) or report pictures (PNG).

A cycle map is a read (every role); a region map is analysis (analysts, investigators,
agency admins). Both show only incidents of agencies the caller may see, and each map made
is audited (``map.cycle``, ``map.region``): maps are intelligence products that leave the
system.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from domain.errors import NotFound, ValidationFailed
from domain.permissions import Operation, require, require_agency
from graph.repos.maps import LinkRow, MapRepo, MapRow
from services.audit import audited
from services.context import ServiceContext
from viz.model import MapIncident, MapLink

MapFormat = Literal["html", "png"]
MAX_CYCLE = 500
MAX_REGION = 20_000


@dataclass(frozen=True, slots=True)
class MapOptions:
    public_url: str  # the API's base URL, for links in popups
    shared_data: Path  # where the boundary files are
    tiles: str | None = None


def cycle_map_path(incident_id: str) -> str:
    """Where the API serves the cycle map of an incident (GraphQL types carry it)."""
    return f"/maps/incidents/{quote(incident_id, safe='')}/cycle"


def popup_urls() -> dict[str, str]:
    return {"incident_cycle_map": "{base}/maps/incidents/{id}/cycle"}


def _visible(ctx: ServiceContext) -> list[str]:
    p = ctx.caller
    return sorted(p.visible_oris | {p.agency_ori})


def to_map_data(
    rows: Sequence[MapRow], links: Sequence[LinkRow]
) -> tuple[list[MapIncident], list[MapLink]]:
    """Graph rows → viz records. A link's colour key is its lead (the series stands for one
    firearm, recovered or not); an incident takes its links' series, then recovered guns."""
    series: dict[str, list[str]] = {}
    out_links = []
    for lk in links:
        key = f"series {lk.lead_id}" if lk.lead_id else None
        out_links.append(MapLink(lk.source_id, lk.target_id, lk.kind, key, lk.id))  # type: ignore[arg-type]
        for iid in (lk.source_id, lk.target_id):
            if key and key not in series.setdefault(iid, []):
                series[iid].append(key)
    incidents = [
        MapIncident(
            id=r.incident.id,
            occurred_at=r.incident.occurred_at,
            latitude=r.incident.latitude,
            longitude=r.incident.longitude,
            agency_ori=r.incident.agency_ori,
            case_number=r.incident.case_number,
            offense=r.incident.offense,
            address=r.incident.address,
            killed=r.incident.killed,
            injured=r.incident.injured,
            firearm_ids=tuple(sorted(series.get(r.incident.id, []))) + r.firearm_ids,
            jurisdiction_id=r.jurisdiction_ids[0] if r.jurisdiction_ids else None,
        )
        for r in rows
    ]
    return incidents, out_links


async def _render_cycle(
    incidents: list[MapIncident], links: list[MapLink], opts: MapOptions, fmt: MapFormat, title: str
) -> bytes:
    from services.map_boundaries import polygons_for

    def work() -> bytes:
        polys = polygons_for(incidents, shared_data=opts.shared_data)
        jurisdictions = polys if len(polys) else None
        if fmt == "png":
            from viz.static import cycle_map_png

            return cycle_map_png(
                incidents=incidents, links=links, jurisdictions=jurisdictions, title=title
            )
        from viz.cycle_map import cycle_map_html

        return cycle_map_html(
            incidents=incidents,
            links=links,
            jurisdictions=jurisdictions,
            title=title,
            api_base_url=opts.public_url,
            tiles=opts.tiles,
            urls=popup_urls(),
        ).encode("utf-8")

    return await asyncio.to_thread(work)  # CPU-bound: keep the event loop free


async def cycle_map(
    ctx: ServiceContext, incident_id: str, *, fmt: MapFormat, opts: MapOptions
) -> bytes:
    """The shooting cycle around one incident, as far as the caller may see it."""
    async with audited(ctx, "map.cycle", target=f"incident:{incident_id}") as note:
        require(ctx.caller, Operation.READ)
        repo = ctx.repo(MapRepo)
        rows = await repo.cycle_incidents(incident_id, oris=_visible(ctx), max_incidents=MAX_CYCLE)
        if not rows:
            raise NotFound(f"unknown incident {incident_id}")
        links = await repo.links_among([r.incident.id for r in rows])
        incidents, map_links = to_map_data(rows, links)
        note.detail = f"{fmt}: {len(incidents)} incidents, {len(map_links)} links"
        title = f"Shooting cycle of incident {incident_id}"
        return await _render_cycle(incidents, map_links, opts, fmt, title)


async def region_map(
    ctx: ServiceContext,
    *,
    agency_ori: str | None,
    jurisdiction_ids: Sequence[str] | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    fmt: MapFormat,
    opts: MapOptions,
) -> bytes:
    """Incidents of the caller's agencies (or one of them), their links between jurisdictions."""
    async with audited(ctx, "map.region", target=f"agency:{agency_ori or 'visible'}") as note:
        require(ctx.caller, Operation.ANALYZE)
        if not 1 <= limit <= MAX_REGION:
            raise ValidationFailed(f"limit must be between 1 and {MAX_REGION}")
        oris = _visible(ctx)
        if agency_ori is not None:
            require_agency(ctx.caller, agency_ori, what="agency's data")
            oris = [agency_ori]
        repo = ctx.repo(MapRepo)
        rows = await repo.region_incidents(
            oris=oris, since=since, until=until, jurisdiction_ids=jurisdiction_ids, limit=limit
        )
        links = await repo.links_among([r.incident.id for r in rows]) if rows else []
        incidents, map_links = to_map_data(rows, links)
        note.detail = f"{fmt}: {len(incidents)} incidents, {len(map_links)} links"
        return await _render_region(incidents, map_links, opts, fmt)


async def _render_region(
    incidents: list[MapIncident], links: list[MapLink], opts: MapOptions, fmt: MapFormat
) -> bytes:
    from services.map_boundaries import polygons_for

    def work() -> bytes:
        polys = polygons_for(incidents, shared_data=opts.shared_data)
        if not len(polys):
            raise NotFound("no mapped jurisdiction holds these incidents")
        title = f"Region: {len(incidents)} incidents"
        if fmt == "png":
            from viz.static import region_map_png

            return region_map_png(
                incidents=incidents, links=links, jurisdictions=polys, title=title
            )
        from viz.region_map import region_map_html

        return region_map_html(
            incidents=incidents,
            links=links,
            jurisdictions=polys,
            title=title,
            api_base_url=opts.public_url,
            tiles=opts.tiles,
            urls=popup_urls(),
        ).encode("utf-8")

    return await asyncio.to_thread(work)
