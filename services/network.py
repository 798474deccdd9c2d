"""Network analytics (communities, bridging firearms and people) over the caller's scope.

Computed off the event loop (a worker thread), seeded and bounded, and cached per scope and
data fingerprint so that repeated questions cost nothing.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from domain.analysis import NetworkAnalysis
from domain.errors import ValidationFailed
from domain.permissions import Operation, require, require_agency
from graph.analytics import network as na
from graph.repos.links import LinkRepo
from graph.repos.network import NetworkRepo
from services.cache import TTLCache, register
from services.context import ServiceContext
from services.records import visible

_results = register(TTLCache(ttl_s=300.0, max_entries=16))


async def analyse(
    ctx: ServiceContext,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    agency_ori: str | None = None,
    leads: bool = True,
    seed: int = 7,
    top: int = 25,
) -> NetworkAnalysis:
    require(ctx.caller, Operation.ANALYZE)
    if not 1 <= top <= 200:
        raise ValidationFailed("top must be between 1 and 200")
    oris = visible(ctx)
    if agency_ori is not None:
        require_agency(ctx.caller, agency_ori, what="agency's data")
        oris = [agency_ori]
    fingerprint = await ctx.repo(LinkRepo).fingerprint()
    key = (tuple(oris), since, until, leads, seed, top, fingerprint)

    async def compute() -> NetworkAnalysis:
        g = await ctx.repo(NetworkRepo).subgraph(oris=oris, since=since, until=until, leads=leads)
        try:
            return await asyncio.to_thread(na.analyse, g, seed=seed, top=top)
        except ValueError as exc:
            raise ValidationFailed(str(exc)) from exc

    return await _results.get_or_compute(key, compute)
