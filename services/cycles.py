"""Shooting cycles and incident links, scoped to the agencies the caller may see.

A cycle is a time-ordered series of incidents joined by same-firearm links (confirmed hits;
with ``WITH_LEADS`` also unconfirmed leads) and, on request, by shared people. Only
incidents of visible agencies are returned or traversed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import networkx as nx

from domain.analysis import (
    Cycle,
    CycleMode,
    IncidentLinkView,
    JurisdictionRef,
    Link,
    LinkKind,
)
from domain.enums import JurisdictionLevel
from domain.errors import ValidationFailed
from domain.permissions import Operation, require, require_agency
from graph.analytics import cycles as ca
from graph.repos.agencies import AgencyRepo
from graph.repos.links import LinkRepo, LinkRows
from services.cache import TTLCache, register
from services.context import ServiceContext
from services.records import page_size, visible

MAX_CYCLE = 2000  # incidents; a bigger component is returned truncated
MAX_ROUNDS = 4  # 50 hops per round (51 with the links of the last): 200+ hops found whole
_components = register(TTLCache(ttl_s=60.0, max_entries=32))


def kinds_for(mode: CycleMode, include_people: bool) -> frozenset[LinkKind]:
    return mode.kinds() | ({LinkKind.PERSON} if include_people else frozenset())


def _merge(into: LinkRows, got: LinkRows, seen: set[tuple[str, str, str, str]]) -> None:
    for k, v in got.nodes.items():
        into.nodes.setdefault(k, v)
    for link in got.links:
        key = (link.kind.value, link.ref, link.source, link.target)
        if key not in seen:
            seen.add(key)
            into.links.append(link)


async def _describe(
    ctx: ServiceContext,
    g: nx.MultiGraph,
    comps: list[set[str]],
    *,
    as_of: datetime,
    truncated: bool = False,
) -> list[Cycle]:
    """Describe components with two round trips in all (details, firearms of the series)."""
    repo = ctx.repo(LinkRepo)
    ids = sorted({i for c in comps for i in c})
    series = sorted(
        {
            d["link"].series_id
            for c in comps
            for _, _, d in g.subgraph(c).edges(data=True)
            if d["link"].series_id
        }
    )
    juris, guns, firearms = await repo.member_details(ids, series)
    return [
        ca.describe(
            g,
            c,
            as_of=as_of,
            jurisdictions=juris,
            series_firearms=firearms,
            recovered_at=guns,
            truncated=truncated,
        )
        for c in comps
    ]


async def incident_cycle(
    ctx: ServiceContext,
    *,
    incident_id: str,
    mode: CycleMode = CycleMode.WITH_LEADS,
    include_people: bool = False,
    as_of: datetime | None = None,
) -> Cycle | None:
    """The cycle an incident belongs to (itself alone when unlinked); None when not visible."""
    require(ctx.caller, Operation.READ)
    oris = visible(ctx)
    kinds = kinds_for(mode, include_people)
    repo = ctx.repo(LinkRepo)
    found = LinkRows(nodes={}, links=[])
    seen: set[tuple[str, str, str, str]] = set()
    first: LinkRows | None = None
    if kinds - {LinkKind.PERSON}:  # the first round also tells whether the incident is visible
        first = await repo.cycle_round([incident_id], oris=oris, kinds=kinds, limit=MAX_CYCLE)
    start = first.nodes.get(incident_id) if first else None
    if start is None:
        start = await repo.node(incident_id, oris=oris)  # unlinked (or not visible)
    if start is None:
        return None
    found.nodes[start.id] = start
    link_done: set[str] = set()
    people_done: set[str] = set()
    frontier = {start.id}
    truncated = False
    for _ in range(MAX_ROUNDS):
        if frontier and kinds - {LinkKind.PERSON}:
            if first is not None:
                got, first = first, None
            else:
                got = await repo.cycle_round(
                    sorted(frontier), oris=oris, kinds=kinds, limit=MAX_CYCLE
                )
            _merge(found, got, seen)
            link_done |= frontier | got.reached
            if len(got.reached) >= MAX_CYCLE:
                truncated = True
        if include_people:
            todo = sorted(set(found.nodes) - people_done)
            if todo:
                _merge(found, await repo.people_of(todo, oris=oris), seen)
                people_done.update(todo)
        frontier = set(found.nodes) - link_done if kinds - {LinkKind.PERSON} else set()
        pending_people = include_people and set(found.nodes) - people_done
        if len(found.nodes) >= MAX_CYCLE:
            truncated = True
            break
        if not frontier and not pending_people:
            break
    else:
        truncated = True
    g = ca.link_graph(found.nodes.values(), found.links)
    comp = nx.node_connected_component(g, start.id)
    cycle = await _describe(ctx, g, [comp], as_of=as_of or datetime.now(UTC), truncated=truncated)
    return cycle[0]


@dataclass(frozen=True, slots=True)
class CycleFilter:
    mode: CycleMode = CycleMode.WITH_LEADS
    include_people: bool = False
    agency_ori: str | None = None  # cycles involving this agency
    region: str | None = None  # only incidents of this region's agencies
    jurisdiction_id: str | None = None  # cycles with an incident in this area
    since: datetime | None = None  # only incidents in [since, until)
    until: datetime | None = None
    min_size: int = 2
    active_since: datetime | None = None  # last event on or after
    as_of: datetime | None = None  # "now" for active/dormant (default: the current time)


async def _scope(ctx: ServiceContext, f: CycleFilter) -> list[str]:
    oris = visible(ctx)
    if f.agency_ori is not None:
        require_agency(ctx.caller, f.agency_ori, what="agency's data")
    if f.region is not None:
        agencies = await ctx.repo(AgencyRepo).by_oris(oris)
        oris = sorted(o for o, a in agencies.items() if a.region == f.region)
    return oris


async def _graph(
    ctx: ServiceContext, oris: list[str], f: CycleFilter
) -> tuple[nx.MultiGraph, list[set[str]]]:
    kinds = kinds_for(f.mode, f.include_people)
    repo = ctx.repo(LinkRepo)
    key = (tuple(oris), tuple(sorted(kinds)), f.since, f.until, await repo.fingerprint())

    async def compute() -> tuple[nx.MultiGraph, list[set[str]]]:
        rows = await repo.all_links(oris=oris, kinds=kinds, since=f.since, until=f.until)
        g = ca.link_graph(rows.nodes.values(), rows.links)
        return g, ca.components(g, min_size=1)

    return await _components.get_or_compute(key, compute)


async def list_cycles(
    ctx: ServiceContext,
    *,
    filter: CycleFilter,
    after: tuple[datetime, str] | None = None,
    first: int = 20,
) -> tuple[list[Cycle], bool]:
    """Cycles matching the filter, most recent last event first; ``(page, has_more)``."""
    require(ctx.caller, Operation.READ)
    if filter.min_size < 2:
        raise ValidationFailed("minSize must be at least 2 (a cycle links incidents)")
    page_size(first)
    oris = await _scope(ctx, filter)
    g, comps = await _graph(ctx, oris, filter)
    comps = [c for c in comps if len(c) >= filter.min_size]
    if filter.agency_ori is not None:
        comps = [c for c in comps if any(g.nodes[i]["agency_ori"] == filter.agency_ori for i in c)]
    if filter.jurisdiction_id is not None and comps:
        inside = await ctx.repo(LinkRepo).in_jurisdiction(
            sorted({i for c in comps for i in c}), filter.jurisdiction_id
        )
        comps = [c for c in comps if c & inside]
    keyed = []
    for c in comps:
        last = max(g.nodes[i]["occurred_at"] for i in c)
        if filter.active_since is not None and last < filter.active_since:
            continue
        keyed.append((last, ca.cycle_id(g, c), c))
    keyed.sort(key=lambda t: (-t[0].timestamp(), t[1]))
    if after is not None:
        a_time, a_id = after
        keyed = [t for t in keyed if t[0] < a_time or (t[0] == a_time and t[1] > a_id)]
    page = keyed[: first + 1]
    cycles = await _describe(
        ctx, g, [c for _, _, c in page[:first]], as_of=filter.as_of or datetime.now(UTC)
    )
    return cycles, len(page) > first


def _at_level(refs: tuple[JurisdictionRef, ...], level: JurisdictionLevel) -> set[str]:
    return {j.id for j in refs if j.level == level.value}


async def linked_incidents(
    ctx: ServiceContext,
    *,
    incident_id: str,
    mode: CycleMode = CycleMode.WITH_LEADS,
    include_people: bool = False,
    level: JurisdictionLevel = JurisdictionLevel.PLACE,
    leaving_only: bool = False,
) -> list[IncidentLinkView]:
    """The incidents directly linked to one incident, in time order. ``cross_jurisdiction``
    compares the two incidents' areas at ``level``; ``leaving_only`` keeps the links that
    leave the incident's jurisdiction (or agency)."""
    require(ctx.caller, Operation.READ)
    oris = visible(ctx)
    repo = ctx.repo(LinkRepo)
    rows = await repo.direct(incident_id, oris=oris, kinds=kinds_for(mode, include_people))
    if incident_id not in rows.nodes:
        return []
    juris, _, _ = await repo.member_details(sorted(rows.nodes))
    me = rows.nodes[incident_id]
    mine = _at_level(juris.get(incident_id, ()), level)
    out: list[IncidentLinkView] = []
    for link in _dedupe(rows.links):
        other_id = link.target if link.source == incident_id else link.source
        other = rows.nodes[other_id]
        theirs = _at_level(juris.get(other_id, ()), level)
        cross = None if not mine or not theirs else not (mine & theirs)
        cross_agency = other.agency_ori != me.agency_ori
        if leaving_only and not (cross or cross_agency):
            continue
        out.append(
            IncidentLinkView(
                incident_id=other_id,
                occurred_at=other.occurred_at,
                agency_ori=other.agency_ori,
                kind=link.kind,
                ref=link.ref,
                series_id=link.series_id,
                at=link.at,
                warm=link.warm,
                hours_apart=(other.occurred_at - me.occurred_at).total_seconds() / 3600.0,
                cross_agency=cross_agency,
                cross_jurisdiction=cross,
                jurisdictions=juris.get(other_id, ()),
            )
        )
    return sorted(out, key=lambda v: (v.occurred_at, v.incident_id, v.kind.value, v.ref))


def _dedupe(links: list[Link]) -> list[Link]:
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for link in links:
        key = (link.kind.value, link.ref, link.source, link.target)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out
