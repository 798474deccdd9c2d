"""Incident links (hits, leads, shared people) for cycles and cross-jurisdiction analysis."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

from domain.analysis import JurisdictionRef, Link, LinkedIncidentNode, LinkKind, PairCount
from graph.base import Repo
from graph.labels import Rel
from graph.queries import links as q
from graph.queries import tallies as tq

_KIND_OF_TYPE = {Rel.HIT_LINK.value: LinkKind.HIT, Rel.LEAD_LINK.value: LinkKind.LEAD}
_TYPE_OF_KIND = {v: k for k, v in _KIND_OF_TYPE.items()}
_EPOCH = datetime.fromtimestamp(0, UTC)


def link_types(kinds: Iterable[LinkKind]) -> list[str]:
    """Relationship types (as query values) for the link kinds that have one."""
    return sorted(_TYPE_OF_KIND[k] for k in kinds if k in _TYPE_OF_KIND)


def _at(ms: int | None) -> datetime | None:
    """Epoch milliseconds (cheap to ship in bulk) → aware UTC datetime."""
    return None if ms is None else datetime.fromtimestamp(ms / 1000, UTC)


def _node(data: dict[str, Any]) -> LinkedIncidentNode:
    return LinkedIncidentNode(
        id=data["id"],
        occurred_at=datetime.fromtimestamp(data["ms"] / 1000, UTC),
        agency_ori=data["agency_ori"],
    )


@dataclass(frozen=True, slots=True)
class LinkRows:
    nodes: dict[str, LinkedIncidentNode]
    links: list[Link]
    reached: set[str] = field(default_factory=set)  # incidents whose every link is included


def _links(rows: Iterable[dict[str, Any]], into: LinkRows) -> None:
    nodes = into.nodes
    for r in rows:
        a_id, b_id = r["a_id"], r["b_id"]
        if a_id not in nodes:
            nodes[a_id] = LinkedIncidentNode(a_id, _at(r["a_ms"]) or _EPOCH, r["a_ori"])
        if b_id not in nodes:
            nodes[b_id] = LinkedIncidentNode(b_id, _at(r["b_ms"]) or _EPOCH, r["b_ori"])
        into.links.append(
            Link(
                source=a_id,
                target=b_id,
                kind=_KIND_OF_TYPE[r["type"]],
                ref=r["ref"] or "",
                series_id=r["series"],
                at=_at(r["at_ms"]),
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
        """Links reachable from ``starts`` within 50 hops, plus those touching the reached set."""
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
            packed = await self._read_plain(q.ALL_LINKS, oris=list(oris), types=types, **window)
            rows = packed[0]["links"] if packed else []
            _links((dict(zip(q.PACKED_FIELDS, r, strict=True)) for r in rows), out)
        if LinkKind.PERSON in kinds:
            for r in await self._read(q.ALL_PEOPLE, oris=list(oris), **window):
                nodes = [_node(n) for n in r["incidents"]]
                for n in nodes:
                    out.nodes.setdefault(n.id, n)
                out.links.extend(person_links(r["person"], nodes))
        return out

    async def member_details(
        self, ids: Sequence[str], series: Sequence[str] = ()
    ) -> tuple[
        dict[str, tuple[JurisdictionRef, ...]],
        dict[str, tuple[str, ...]],
        dict[str, tuple[str, ...]],
    ]:
        """One round trip: per incident its jurisdictions and the guns recovered there; per
        lead series the recovered firearms it involves."""
        r = (await self._read(q.MEMBER_DETAILS, ids=list(ids), series=list(series)))[0]
        juris = {
            m["id"]: tuple(
                sorted(
                    (
                        JurisdictionRef(id=j["id"], name=j["name"], level=j["level"])
                        for j in m["jurisdictions"]
                    ),
                    key=lambda j: j.id,
                )
            )
            for m in r["members"]
        }
        guns = {m["id"]: tuple(sorted(m["recovered"])) for m in r["members"]}
        firearms = {x["series"]: tuple(sorted(x["firearm_ids"])) for x in r["series"]}
        return juris, guns, firearms

    async def in_jurisdiction(self, ids: Sequence[str], jurisdiction_id: str) -> set[str]:
        rows = await self._read(q.IN_JURISDICTION, ids=list(ids), jurisdiction_id=jurisdiction_id)
        return set(rows[0]["ids"]) if rows else set()

    async def cross_pairs(
        self,
        *,
        by: str,
        oris: Sequence[str],
        kinds: frozenset[LinkKind],
        level: str,
        since: datetime | None,
        until: datetime | None,
    ) -> list[PairCount]:
        """Pairs of areas at ``level`` (``by="jurisdiction"``) or of agencies joined by links,
        most links first; names of areas filled in, agency names left to the caller."""
        types = link_types(kinds)
        if not types:
            return []
        if since is None and until is None:
            rows = await self._tallied(by=by, oris=oris, types=types, level=level)
        else:  # a time window: the links themselves (tallies have no time)
            query = q.CROSS_JURISDICTION_PAIRS if by == "jurisdiction" else q.CROSS_AGENCY_PAIRS
            rows = await self._read(
                query,
                oris=list(oris),
                types=types,
                prefix=f"{level}|",
                hit_type=Rel.HIT_LINK.value,
                since=since.isoformat() if since else None,
                until=until.isoformat() if until else None,
            )
        guns: dict[str, list[str]] = {}
        series = sorted({x for r in rows if "firearms" not in r for x in r["series"] if x})
        if series:  # the link-scanning path: the guns of the series, looked up
            for x in await self._read(q.SERIES_FIREARMS, series=series):
                guns[x["series"]] = x["firearm_ids"]
        names: dict[str, str] = {}
        if by == "jurisdiction" and rows:
            keys = sorted({r["a"] for r in rows} | {r["b"] for r in rows})
            names = {x["id"]: x["name"] for x in await self._read(q.JURISDICTION_NAMES, ids=keys)}
        pairs = [
            PairCount(
                a=r["a"],
                b=r["b"],
                a_name=names.get(r["a"]),
                b_name=names.get(r["b"]),
                hits=int(r["hits"]),
                leads=int(r["leads"]),
                example_incidents=tuple((e[0], e[1]) for e in r["examples"]),
                firearm_ids=tuple(
                    sorted(r["firearms"])
                    if "firearms" in r
                    else sorted({f for x in r["series"] for f in guns.get(x, ())})
                ),
                series_ids=tuple(sorted(x for x in r["series"] if x)),
            )
            for r in rows
        ]
        return sorted(pairs, key=lambda p: (-p.total, p.a, p.b))

    async def _tallied(
        self,
        *,
        by: str,
        oris: Sequence[str],
        types: list[str],
        level: str,
    ) -> list[dict[str, Any]]:
        """The pairs from the link tallies (graph/queries/tallies.py), in the rows' shape of
        the link-scanning queries: the first three examples, the distinct series."""
        rows = await self._read_plain(
            tq.PAIRS,
            by="area" if by == "jurisdiction" else "agency",
            level=level if by == "jurisdiction" else "",
            oris=list(oris),
            types=types,
            hit_type=Rel.HIT_LINK.value,
        )
        out = []
        sep = tq.SEP
        for a, b, hits, leads, ex, se, fa in rows[0]["pairs"] if rows else []:
            firsts = ex[0] if len(ex) == 1 else sorted({e for lst in ex for e in lst})[:3]
            series = sorted({x for lst in se for x in lst})
            out.append(
                {
                    "a": a,
                    "b": b,
                    "hits": hits,
                    "leads": leads,
                    "examples": [e.split(sep, 1) for e in firsts],
                    "series": series,
                    "firearms": sorted({x for lst in fa for x in lst}),
                }
            )
        return out

    async def fingerprint(self) -> tuple[int, ...]:
        r = (await self._read(q.LINK_COUNTS))[0]
        return (int(r["hits"]), int(r["leads"]), int(r["people"]), int(r["incidents"]))
