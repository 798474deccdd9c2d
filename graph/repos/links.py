"""Incident links (hits, leads, shared people) for cycles and cross-jurisdiction analysis."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import pairwise
from typing import Any

from domain.analysis import JurisdictionRef, Link, LinkedIncidentNode, LinkKind
from graph.analytics.crossjur import CrossRow
from graph.base import Repo
from graph.labels import Rel
from graph.queries import links as q

_KIND_OF_TYPE = {Rel.HIT_LINK.value: LinkKind.HIT, Rel.LEAD_LINK.value: LinkKind.LEAD}
_TYPE_OF_KIND = {v: k for k, v in _KIND_OF_TYPE.items()}


def link_types(kinds: Iterable[LinkKind]) -> list[str]:
    """Relationship types (as query values) for the link kinds that have one."""
    return sorted(_TYPE_OF_KIND[k] for k in kinds if k in _TYPE_OF_KIND)


def _node(data: dict[str, Any]) -> LinkedIncidentNode:
    return LinkedIncidentNode(
        id=data["id"], occurred_at=data["occurred_at"], agency_ori=data["agency_ori"]
    )


@dataclass(frozen=True, slots=True)
class LinkRows:
    nodes: dict[str, LinkedIncidentNode]
    links: list[Link]
    reached: set[str] = field(default_factory=set)  # incidents whose every link is included


def _links(rows: Iterable[dict[str, Any]], into: LinkRows) -> None:
    for r in rows:
        a, b = _node(r["a"]), _node(r["b"])
        into.nodes.setdefault(a.id, a)
        into.nodes.setdefault(b.id, b)
        into.links.append(
            Link(
                source=a.id,
                target=b.id,
                kind=_KIND_OF_TYPE[r["type"]],
                ref=r["ref"] or "",
                series_id=r["series"],
                at=r["at"],
                warm=bool(r["warm"]),
            )
        )


def person_links(person: str, incidents: Sequence[LinkedIncidentNode]) -> list[Link]:
    """A person in several incidents joins them in time order (a chain, not a clique)."""
    ordered = sorted(incidents, key=lambda n: (n.occurred_at, n.id))
    return [
        Link(source=x.id, target=y.id, kind=LinkKind.PERSON, ref=person)
        for x, y in pairwise(ordered)
    ]


def _people(rows: Iterable[dict[str, Any]], into: LinkRows) -> None:
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        s, o = _node(r["s"]), _node(r["o"])
        into.nodes.setdefault(s.id, s)
        into.nodes.setdefault(o.id, o)
        first, second = sorted((s, o), key=lambda n: (n.occurred_at, n.id))
        key = (r["person"], first.id, second.id)
        if key not in seen:
            seen.add(key)
            into.links.append(
                Link(source=first.id, target=second.id, kind=LinkKind.PERSON, ref=r["person"])
            )


class LinkRepo(Repo):
    async def node(self, incident_id: str, *, oris: Sequence[str]) -> LinkedIncidentNode | None:
        rows = await self._read(q.INCIDENT_NODE, id=incident_id, oris=list(oris))
        return _node(rows[0]["s"]) if rows else None

    async def direct(
        self, incident_id: str, *, oris: Sequence[str], kinds: frozenset[LinkKind]
    ) -> LinkRows:
        out = LinkRows(nodes={}, links=[])
        types = link_types(kinds)
        if types:
            _links(await self._read(q.DIRECT, id=incident_id, oris=list(oris), types=types), out)
        if LinkKind.PERSON in kinds:
            _people(await self._read(q.DIRECT_PEOPLE, id=incident_id, oris=list(oris)), out)
        return out

    async def cycle_round(
        self, starts: Sequence[str], *, oris: Sequence[str], kinds: frozenset[LinkKind], limit: int
    ) -> LinkRows:
        """Links reachable from ``starts`` within 6 hops, plus those touching the reached set."""
        out = LinkRows(nodes={}, links=[])
        types = link_types(kinds)
        if types:
            rows = await self._read(
                q.CYCLE_ROUND, starts=list(starts), oris=list(oris), types=types, limit=limit
            )
            _links(rows, out)
            out.reached.update(r["reached"] for r in rows)
        return out

    async def people_of(self, ids: Sequence[str], *, oris: Sequence[str]) -> LinkRows:
        out = LinkRows(nodes={}, links=[])
        _people(await self._read(q.PEOPLE_OF, ids=list(ids), oris=list(oris)), out)
        return out

    async def all_links(
        self,
        *,
        oris: Sequence[str],
        kinds: frozenset[LinkKind],
        since: datetime | None,
        until: datetime | None,
    ) -> LinkRows:
        out = LinkRows(nodes={}, links=[])
        window = {
            "since": since.isoformat() if since else None,
            "until": until.isoformat() if until else None,
        }
        types = link_types(kinds)
        if types:
            _links(await self._read(q.ALL_LINKS, oris=list(oris), types=types, **window), out)
        if LinkKind.PERSON in kinds:
            for r in await self._read(q.ALL_PEOPLE, oris=list(oris), **window):
                nodes = [_node(n) for n in r["incidents"]]
                for n in nodes:
                    out.nodes.setdefault(n.id, n)
                out.links.extend(person_links(r["person"], nodes))
        return out

    async def member_details(
        self, ids: Sequence[str]
    ) -> tuple[dict[str, tuple[JurisdictionRef, ...]], dict[str, tuple[str, ...]]]:
        """Per incident: its jurisdictions, and the guns recovered there."""
        rows = await self._read(q.MEMBER_DETAILS, ids=list(ids))
        juris = {
            r["id"]: tuple(
                sorted(
                    (
                        JurisdictionRef(id=j["id"], name=j["name"], level=j["level"])
                        for j in r["jurisdictions"]
                    ),
                    key=lambda j: j.id,
                )
            )
            for r in rows
        }
        guns = {r["id"]: tuple(sorted(r["recovered"])) for r in rows}
        return juris, guns

    async def series_firearms(self, series: Sequence[str]) -> dict[str, tuple[str, ...]]:
        if not series:
            return {}
        rows = await self._read(q.SERIES_FIREARMS, series=list(series))
        return {r["series"]: tuple(sorted(r["firearm_ids"])) for r in rows}

    async def in_jurisdiction(self, ids: Sequence[str], jurisdiction_id: str) -> set[str]:
        rows = await self._read(q.IN_JURISDICTION, ids=list(ids), jurisdiction_id=jurisdiction_id)
        return set(rows[0]["ids"]) if rows else set()

    async def cross_links(
        self,
        *,
        oris: Sequence[str],
        kinds: frozenset[LinkKind],
        level: str,
        since: datetime | None,
        until: datetime | None,
    ) -> list[CrossRow]:
        """Links between different agencies or different areas at ``level``."""
        types = link_types(kinds)
        if not types:
            return []
        rows = await self._read(
            q.CROSS_LINKS,
            oris=list(oris),
            types=types,
            level=level,
            since=since.isoformat() if since else None,
            until=until.isoformat() if until else None,
        )
        return [
            CrossRow(
                a=r["a"],
                b=r["b"],
                a_ori=r["a_ori"],
                b_ori=r["b_ori"],
                a_juris=tuple((j["id"], j["name"]) for j in r["ja"]),
                b_juris=tuple((j["id"], j["name"]) for j in r["jb"]),
                kind=_KIND_OF_TYPE[r["type"]].value,
                series=r["series"],
                warm=bool(r["warm"]),
                at=r["a_at"],
            )
            for r in rows
        ]

    async def fingerprint(self) -> tuple[int, ...]:
        r = (await self._read(q.LINK_COUNTS))[0]
        return (int(r["hits"]), int(r["leads"]), int(r["people"]), int(r["incidents"]))
