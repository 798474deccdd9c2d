"""The incident–firearm–person subgraph as a networkx graph (for analytics and exports)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import networkx as nx

from domain.analysis import LinkedIncidentNode, LinkKind
from graph.base import Repo
from graph.queries import network as q
from graph.repos.links import LinkRepo

MAX_ROWS = 200_000


def _incident(g: nx.Graph, n: LinkedIncidentNode | dict[str, Any]) -> str:
    if isinstance(n, dict):
        n = LinkedIncidentNode(n["id"], n["occurred_at"], n["agency_ori"])
    key = f"incident:{n.id}"
    if key not in g:
        g.add_node(
            key,
            kind="incident",
            label=n.id,
            occurred_at=n.occurred_at.isoformat(),
            agency_ori=n.agency_ori,
        )
    return key


class NetworkRepo(Repo):
    async def subgraph(
        self,
        *,
        oris: Sequence[str],
        since: datetime | None = None,
        until: datetime | None = None,
        ids: Sequence[str] | None = None,
        leads: bool = True,
    ) -> nx.Graph:
        """Incidents (linked by hits and, with ``leads``, unconfirmed leads), the firearms tied
        to them, and the people involved in them or possessing those firearms."""
        kinds = frozenset({LinkKind.HIT, LinkKind.LEAD} if leads else {LinkKind.HIT})
        wanted = set(ids) if ids is not None else None
        params = {
            "oris": list(oris),
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
            "ids": list(ids) if ids is not None else None,
            "limit": MAX_ROWS,
        }
        g = nx.Graph()
        links = await LinkRepo(self._driver, database=self._database).all_links(
            oris=oris, kinds=kinds, since=since, until=until
        )
        for link in links.links:
            if wanted is not None and not (link.source in wanted and link.target in wanted):
                continue
            a = _incident(g, links.nodes[link.source])
            b = _incident(g, links.nodes[link.target])
            prior = g.get_edge_data(a, b)
            # hits outrank leads on the same pair (one edge per pair in a simple graph)
            if prior is None or (prior["kind"] == "lead" and link.kind is LinkKind.HIT):
                g.add_edge(a, b, kind=link.kind.value, ref=link.ref)
        for r in await self._read(q.FIREARM_TIES, **params):
            i = _incident(g, r["incident"])
            f = f"firearm:{r['firearm']}"
            g.add_node(f, kind="firearm", label=r["firearm"])
            g.add_edge(i, f, kind=r["via"], ref=r["firearm"])
        for r in await self._read(q.PERSON_TIES, **params):
            i = _incident(g, r["incident"])
            p = f"person:{r['person']}"
            g.add_node(p, kind="person", label=r["person"])
            g.add_edge(i, p, kind="involved", ref=r["role"] or "")
        guns = [g.nodes[n]["label"] for n in g if g.nodes[n]["kind"] == "firearm"]
        if guns:
            for r in await self._read(q.POSSESSIONS, firearms=guns, oris=list(oris)):
                p = f"person:{r['person']}"
                g.add_node(p, kind="person", label=r["person"])
                g.add_edge(p, f"firearm:{r['firearm']}", kind="possessed", ref="")
        return g

    async def lead_report(
        self, *, oris: Sequence[str], since: datetime, until: datetime, limit: int
    ) -> list[dict[str, Any]]:
        return await self._read(
            q.LEAD_REPORT,
            oris=list(oris),
            since=since.isoformat(),
            until=until.isoformat(),
            limit=limit,
        )
