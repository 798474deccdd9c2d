"""Cross-jurisdiction links: which areas and agencies are joined by hits and leads."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime

from domain.analysis import CrossJurisdictionSummary, CycleMode, LinkKind, PairCount
from domain.enums import JurisdictionLevel
from domain.models import Agency
from domain.permissions import Operation, require
from graph.repos.agencies import AgencyRepo
from graph.repos.links import LinkRepo
from services.cache import TTLCache, register
from services.context import ServiceContext
from services.records import visible

_summaries = register(TTLCache(ttl_s=60.0, max_entries=32))


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
    kinds = mode.kinds()
    key = (tuple(oris), level, mode, since, until, await repo.fingerprint())
    return await _summaries.get_or_compute(
        key, lambda: _compute(repo, agencies, oris, kinds, level, since, until)
    )


async def _compute(
    repo: LinkRepo,
    agencies: dict[str, Agency],
    oris: list[str],
    kinds: frozenset[LinkKind],
    level: JurisdictionLevel,
    since: datetime | None,
    until: datetime | None,
) -> CrossJurisdictionSummary:

    async def pairs_by(by: str) -> list[PairCount]:
        return await repo.cross_pairs(
            by=by, oris=oris, kinds=kinds, level=level.value, since=since, until=until
        )

    areas, agency_pairs = await asyncio.gather(pairs_by("jurisdiction"), pairs_by("agency"))
    pairs = [
        replace(
            p,
            a_name=agencies[p.a].name if p.a in agencies else None,
            b_name=agencies[p.b].name if p.b in agencies else None,
        )
        for p in agency_pairs
    ]
    return CrossJurisdictionSummary(
        level=level.value,
        jurisdiction_pairs=tuple(areas),
        agency_pairs=tuple(pairs),
        links_considered=sum(p.total for p in areas),
    )
