"""Shooting cycles: connected components of incidents joined by links, in time order.

Pure functions over a ``networkx.MultiGraph`` whose nodes are incident ids (attributes
``occurred_at``: aware datetime, ``agency_ori``: str) and whose edges carry one
:class:`domain.analysis.Link` each (attribute ``link``). Costs: building is O(n + m),
components O(n + m), describing a cycle O(k log k + e) for k incidents and e links.

>>> from datetime import UTC, datetime
>>> from domain.analysis import Link, LinkedIncidentNode, LinkKind
>>> t = lambda d: datetime(2024, 1, d, tzinfo=UTC)
>>> nodes = [LinkedIncidentNode(i, t(d), "NY0303000") for i, d in (("a", 1), ("b", 3), ("c", 9))]
>>> g = link_graph(nodes, [Link("a", "b", LinkKind.HIT, "h1"), Link("b", "c", LinkKind.LEAD, "l2")])
>>> [sorted(c) for c in components(g, min_size=2)]
[['a', 'b', 'c']]
>>> support(g, {"a", "b", "c"}).value
'lead_supported'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set
from datetime import datetime, timedelta

import networkx as nx

from domain.analysis import (
    Cycle,
    CycleFirearm,
    CycleMember,
    CycleSupport,
    JurisdictionRef,
    Link,
    LinkedIncidentNode,
    LinkKind,
)

ACTIVE_DAYS = 90  # a cycle with an event in the last 90 days is active, else dormant


def link_graph(nodes: Iterable[LinkedIncidentNode], links: Iterable[Link]) -> nx.MultiGraph:
    """Incidents as nodes, one edge per link (parallel links kept). Links to unknown
    incidents are a programming error (``ValueError``)."""
    g = nx.MultiGraph()
    for n in nodes:
        g.add_node(n.id, occurred_at=n.occurred_at, agency_ori=n.agency_ori)
    for link in links:
        if link.source not in g or link.target not in g:
            raise ValueError(f"link {link.ref} joins an incident that is not in the graph")
        g.add_edge(link.source, link.target, key=(link.kind.value, link.ref), link=link)
    return g


def _order(g: nx.MultiGraph, ids: Iterable[str]) -> list[str]:
    return sorted(ids, key=lambda i: (g.nodes[i]["occurred_at"], i))


def components(g: nx.MultiGraph, *, min_size: int = 2) -> list[set[str]]:
    """Connected components with at least ``min_size`` incidents, ordered by their earliest
    incident (time, then id)."""
    if min_size < 1:
        raise ValueError("min_size must be at least 1")
    found = [set(c) for c in nx.connected_components(g) if len(c) >= min_size]
    return sorted(found, key=lambda c: _key(g, _order(g, c)[0]))


def _key(g: nx.MultiGraph, node: str) -> tuple[datetime, str]:
    return g.nodes[node]["occurred_at"], node


def cycle_id(g: nx.MultiGraph, component: Set[str]) -> str:
    """``cycle:<earliest incident>``: stable while a cycle grows forward in time."""
    return f"cycle:{_order(g, component)[0]}"


def _connected_with(g: nx.MultiGraph, component: Set[str], kinds: Set[LinkKind]) -> bool:
    sub = nx.Graph()
    sub.add_nodes_from(component)
    sub.add_edges_from(
        (u, v) for u, v, d in g.subgraph(component).edges(data=True) if d["link"].kind in kinds
    )
    return nx.is_connected(sub)


def support(g: nx.MultiGraph, component: Set[str]) -> CycleSupport:
    """Confirmed when hit links alone connect the component; lead-supported when hits and
    leads do; otherwise a shared person is needed."""
    if _connected_with(g, component, {LinkKind.HIT}):
        return CycleSupport.CONFIRMED
    if _connected_with(g, component, {LinkKind.HIT, LinkKind.LEAD}):
        return CycleSupport.LEAD_SUPPORTED
    return CycleSupport.PERSON_SUPPORTED


def _firearms(
    links: Iterable[Link],
    series_firearms: Mapping[str, tuple[str, ...]],
    recovered_at: Mapping[str, tuple[str, ...]],
) -> tuple[CycleFirearm, ...]:
    incidents: dict[str, set[str]] = defaultdict(set)
    confirmed: dict[str, bool] = defaultdict(bool)
    for link in links:
        if link.series_id is None:
            continue
        incidents[link.series_id] |= {link.source, link.target}
        confirmed[link.series_id] |= link.confirmed
    out: list[CycleFirearm] = []
    in_series: set[str] = set()
    for sid in sorted(incidents):
        guns = series_firearms.get(sid, ())
        in_series.update(guns)
        for gun in guns or (None,):
            out.append(
                CycleFirearm(
                    series_id=sid,
                    firearm_id=gun,
                    recovered=gun is not None,
                    confirmed=confirmed[sid],
                    incident_ids=tuple(sorted(incidents[sid])),
                )
            )
    loose: dict[str, set[str]] = defaultdict(set)
    for incident, guns in recovered_at.items():
        for gun in guns:
            if gun not in in_series:
                loose[gun].add(incident)
    out += [
        CycleFirearm(None, gun, True, False, tuple(sorted(ids)))
        for gun, ids in sorted(loose.items())
    ]
    return tuple(out)


def describe(
    g: nx.MultiGraph,
    component: Set[str],
    *,
    as_of: datetime,
    jurisdictions: Mapping[str, tuple[JurisdictionRef, ...]] | None = None,
    series_firearms: Mapping[str, tuple[str, ...]] | None = None,
    recovered_at: Mapping[str, tuple[str, ...]] | None = None,
    active_days: int = ACTIVE_DAYS,
    truncated: bool = False,
) -> Cycle:
    """The cycle of ``component``: members in time order with the hours since the previous
    event, its links, firearms, jurisdictions, agencies, span, activity and support."""
    if not component:
        raise ValueError("a cycle needs at least one incident")
    juris = jurisdictions or {}
    order = _order(g, component)
    members: list[CycleMember] = []
    previous: datetime | None = None
    for node in order:
        at: datetime = g.nodes[node]["occurred_at"]
        gap = None if previous is None else (at - previous).total_seconds() / 3600.0
        members.append(CycleMember(node, at, g.nodes[node]["agency_ori"], gap, juris.get(node, ())))
        previous = at
    links = sorted(
        (d["link"] for _, _, d in g.subgraph(component).edges(data=True)),
        key=lambda link: (link.kind.value, link.ref, link.source, link.target),
    )
    all_juris = {j.id: j for node in order for j in juris.get(node, ())}
    first, last = members[0].occurred_at, members[-1].occurred_at
    return Cycle(
        id=f"cycle:{order[0]}",
        members=tuple(members),
        links=tuple(links),
        firearms=_firearms(
            links,
            series_firearms or {},
            {i: (recovered_at or {}).get(i, ()) for i in order},
        ),
        jurisdictions=tuple(all_juris[k] for k in sorted(all_juris)),
        agency_oris=tuple(sorted({m.agency_ori for m in members})),
        first_event=first,
        last_event=last,
        active=last >= as_of - timedelta(days=active_days),
        support=support(g, component),
        truncated=truncated,
    )
