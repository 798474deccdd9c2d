"""Cross-jurisdiction links: which areas and agencies are joined by hits and leads."""

from __future__ import annotations

from datetime import datetime

from domain.analysis import CrossJurisdictionSummary, CycleMode
from domain.enums import JurisdictionLevel
from domain.permissions import Operation, require
from graph.analytics import crossjur
from graph.repos.agencies import AgencyRepo
from graph.repos.links import LinkRepo
from services.context import ServiceContext
from services.records import visible


async def summary(
    ctx: ServiceContext,
    *,
    level: JurisdictionLevel = JurisdictionLevel.PLACE,
    mode: CycleMode = CycleMode.WITH_LEADS,
    region: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> CrossJurisdictionSummary:
    """Pairs of areas (at ``level``) and of agencies linked across the caller's region."""
    require(ctx.caller, Operation.READ)
    oris = visible(ctx)
    agencies = await ctx.repo(AgencyRepo).by_oris(oris)
    if region is not None:
        oris = sorted(o for o, a in agencies.items() if a.region == region)
    repo = ctx.repo(LinkRepo)
    rows = await repo.cross_links(
        oris=oris, kinds=mode.kinds(), level=level.value, since=since, until=until
    )
    guns = await repo.series_firearms(sorted({r.series for r in rows if r.series}))
    names = {o: a.name for o, a in agencies.items()}
    return CrossJurisdictionSummary(
        level=level.value,
        jurisdiction_pairs=tuple(crossjur.pairs(rows, by="jurisdiction", series_firearms=guns)),
        agency_pairs=tuple(crossjur.pairs(rows, by="agency", names=names, series_firearms=guns)),
        links_considered=len(rows),
    )
