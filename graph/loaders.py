"""Bulk loaders: domain records → batched ``UNWIND … MERGE`` (graph/queries/ingest.py).

Idempotent: every node is merged on its natural key (uniqueness constraints in
graph/schema.py), every relationship merged between bound nodes, so re-loading the same
records creates nothing. Each call reports which input keys were written; a row whose
referenced node (agency, incident, firearm, ...) is missing is *not* written and is
returned in ``missing`` so the caller can report it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, LiteralString

from neo4j import AsyncDriver, RoutingControl

from domain.models import (
    Agency,
    CorrelationCandidate,
    Evidence,
    Firearm,
    FollowUp,
    Hit,
    Incident,
    Jurisdiction,
    Lead,
    Trace,
)
from graph.base import translate_errors
from graph.queries import ingest as q


class LoadKind(StrEnum):
    AGENCY = "agency"
    JURISDICTION = "jurisdiction"
    SERVES = "serves"
    INCIDENT = "incident"
    PLACEMENT = "placement"
    EVIDENCE = "evidence"
    FIREARM = "firearm"
    TRACE = "trace"
    FOLLOW_UP = "follow_up"
    LEAD = "lead"
    HIT = "hit"
    CANDIDATE = "candidate"


QUERIES: dict[LoadKind, LiteralString] = {
    LoadKind.AGENCY: q.AGENCIES,
    LoadKind.JURISDICTION: q.JURISDICTIONS,
    LoadKind.SERVES: q.SERVES,
    LoadKind.INCIDENT: q.INCIDENTS,
    LoadKind.PLACEMENT: q.PLACEMENTS,
    LoadKind.EVIDENCE: q.EVIDENCE,
    LoadKind.FIREARM: q.FIREARMS,
    LoadKind.TRACE: q.TRACES,
    LoadKind.FOLLOW_UP: q.FOLLOWUPS,
    LoadKind.LEAD: q.LEADS,
    LoadKind.HIT: q.HITS,
    LoadKind.CANDIDATE: q.CANDIDATES,
}
RECORD_KIND: dict[type, LoadKind] = {
    Agency: LoadKind.AGENCY,
    Jurisdiction: LoadKind.JURISDICTION,
    Incident: LoadKind.INCIDENT,
    Evidence: LoadKind.EVIDENCE,
    Firearm: LoadKind.FIREARM,
    Trace: LoadKind.TRACE,
    FollowUp: LoadKind.FOLLOW_UP,
    Lead: LoadKind.LEAD,
    Hit: LoadKind.HIT,
    CorrelationCandidate: LoadKind.CANDIDATE,
}


@dataclass
class LoadResult:
    written: int = 0
    nodes_created: int = 0
    relationships_created: int = 0
    properties_set: int = 0
    missing: list[str] = field(default_factory=list)  # keys not written: a reference is absent


def row_key(kind: LoadKind, row: dict[str, Any]) -> str:
    if kind is LoadKind.AGENCY:
        return str(row["ori"])
    if kind is LoadKind.TRACE:
        return str(row["trace_number"])
    if kind is LoadKind.SERVES:
        return f"{row['ori']}|{row['jurisdiction_id']}"
    if kind is LoadKind.PLACEMENT:
        return f"{row['incident_id']}|{row['jurisdiction_id']}"
    if kind is LoadKind.CANDIDATE:
        return f"{row['run_id']}|{row['query_id']}|{row['candidate_id']}"
    return str(row["id"])


def to_row(record: Any) -> dict[str, Any]:
    """A domain record as query parameters (JSON-safe; derived trace fields added)."""
    data: dict[str, Any] = record.model_dump(mode="json")
    if isinstance(record, Trace):
        data["time_to_crime_days"] = record.time_to_crime_days
        data["possessor_differs"] = record.possessor_differs
    elif isinstance(record, CorrelationCandidate):
        for region in ("breech_face", "firing_pin", "ejector"):
            data[region] = record.scores.get(region)
        del data["scores"]
    return data


CANDIDATE_FIELDS = ("candidate_id", "rank", "combined", "breech_face", "firing_pin", "ejector")


def group_candidates(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per (run, query) with its candidate list: one query-node lookup per list."""
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        g = grouped.get((r["run_id"], r["query_id"]))
        if g is None:
            g = grouped[(r["run_id"], r["query_id"])] = {
                k: r[k] for k in ("run_id", "query_id", "algorithm", "version", "run_at")
            }
            g["candidates"] = []
        g["candidates"].append({k: r.get(k) for k in CANDIDATE_FIELDS})
    return list(grouped.values())


class GraphLoader:
    """``GraphLoader(driver, database=...)``; one round trip per batch."""

    def __init__(self, driver: AsyncDriver, *, database: str) -> None:
        self._driver = driver
        self._database = database

    async def load_rows(self, kind: LoadKind, rows: Sequence[dict[str, Any]]) -> LoadResult:
        if not rows:
            return LoadResult()
        params = group_candidates(rows) if kind is LoadKind.CANDIDATE else list(rows)
        async with translate_errors():
            result = await self._driver.execute_query(
                QUERIES[kind],
                {"rows": params, "batch": uuid.uuid4().hex},
                database_=self._database,
                routing_=RoutingControl.WRITE,
            )
        c = result.summary.counters
        if kind is LoadKind.CANDIDATE:
            keys = await self._candidate_keys(params, result.records[0]["groups"])
        else:
            keys = set(result.records[0]["keys"]) if result.records else set()
        wanted = [row_key(kind, r) for r in rows]
        return LoadResult(
            written=sum(1 for k in wanted if k in keys),
            nodes_created=c.nodes_created,
            relationships_created=c.relationships_created,
            properties_set=c.properties_set,
            missing=[k for k in wanted if k not in keys],
        )

    async def _candidate_keys(
        self, lists: Sequence[dict[str, Any]], groups: Sequence[list[Any]]
    ) -> set[str]:
        """Keys written, from per-list counts; a list that came back short (its query or a
        candidate evidence node is absent) is resolved by one lookup of the ids involved."""
        bound = {(g[0], g[1]): g[2] for g in groups}
        keys: set[str] = set()
        short: list[dict[str, Any]] = []
        for g in lists:
            n = bound.get((g["run_id"], g["query_id"]))
            if n is not None and n == len(g["candidates"]):
                keys.update(
                    f"{g['run_id']}|{g['query_id']}|{c['candidate_id']}" for c in g["candidates"]
                )
            elif n is not None:  # the query was there, some candidates were not
                short.append(g)
        if short:
            ids = sorted({c["candidate_id"] for g in short for c in g["candidates"]})
            async with translate_errors():
                res = await self._driver.execute_query(
                    q.EXISTING_EVIDENCE,
                    {"ids": ids},
                    database_=self._database,
                    routing_=RoutingControl.READ,
                )
            present = set(res.records[0]["ids"]) if res.records else set()
            for g in short:
                keys.update(
                    f"{g['run_id']}|{g['query_id']}|{c['candidate_id']}"
                    for c in g["candidates"]
                    if c["candidate_id"] in present
                )
        return keys

    async def load(self, records: Sequence[Any]) -> LoadResult:
        """Load domain records of one type (Agency, Incident, Trace, ...)."""
        if not records:
            return LoadResult()
        kind = RECORD_KIND[type(records[0])]
        return await self.load_rows(kind, [to_row(r) for r in records])

    async def known_oris(self) -> set[str]:
        rows = await self._read(q.KNOWN_ORIS)
        return set(rows[0]["oris"]) if rows else set()

    async def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type (``"rel:TYPE"``); for tests/benchmarks."""
        out = {r["label"]: r["n"] for r in await self._read(q.LABEL_COUNTS)}
        out.update({f"rel:{r['type']}": r["n"] for r in await self._read(q.TYPE_COUNTS)})
        return out

    async def _read(self, query: LiteralString) -> list[dict[str, Any]]:
        async with translate_errors():
            result = await self._driver.execute_query(
                query, database_=self._database, routing_=RoutingControl.READ
            )
        return [dict(r) for r in result.records]


async def delete_everything(driver: AsyncDriver, *, database: str) -> None:
    """Empty the database (tests and benchmarks only): batched, implicit transactions."""
    async with translate_errors(), driver.session(database=database) as session:
        result = await session.run(q.DELETE_EVERYTHING)
        await result.consume()
