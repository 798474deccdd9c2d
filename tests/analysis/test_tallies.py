"""Link tallies (graph/queries/tallies.py) agree with counting the links themselves.

The graph is a realistic slice from the benchmark generator (gun series across agencies and
districts, test-fire leads, hits) written through the production importers; the summary
from the tallies is compared with the link-scanning query (forced by a time window that is
that covers everything), whatever order things arrived in.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from domain.analysis import LinkKind, PairCount
from graph.loaders import GraphLoader, LoadKind
from graph.repos.links import LinkRepo
from graph.schema import apply_schema, retally

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "ingest"))
import synthetic_graph as sg

ALL = frozenset({LinkKind.HIT, LinkKind.LEAD})
EVERYTHING = (datetime(1990, 1, 1, tzinfo=UTC), None)  # a window: the links are counted
ORIS = [f"PA{i:07d}" for i in range(sg.N_AGENCIES)]
ENTITIES = (LoadKind.INCIDENT, LoadKind.FIREARM, LoadKind.EVIDENCE, LoadKind.LEAD, LoadKind.HIT)


def _key(pairs: list[PairCount]) -> list[tuple[Any, ...]]:
    return [
        (p.a, p.b, p.hits, p.leads, p.example_incidents, p.series_ids, p.firearm_ids) for p in pairs
    ]


async def _check(svc: Any, oris: list[str] = ORIS) -> int:
    repo = LinkRepo(svc.driver, database=svc.database)
    compared = 0
    for by, level in (("jurisdiction", "place"), ("jurisdiction", "district"), ("agency", "")):
        tallied = await repo.cross_pairs(
            by=by, oris=oris, kinds=ALL, level=level, since=None, until=None
        )
        scanned = await repo.cross_pairs(
            by=by, oris=oris, kinds=ALL, level=level, since=EVERYTHING[0], until=None
        )
        assert _key(tallied) == _key(scanned), (by, level)
        compared += len(tallied)
    return compared


async def _load(svc: Any, rows: dict[LoadKind, list[dict[str, Any]]], kinds: Any) -> None:
    loader = GraphLoader(svc.driver, database=svc.database)
    for kind in kinds:
        got = await loader.load_rows(kind, rows[kind])
        assert not got.missing, (kind, got.missing[:3])


async def _base(svc: Any) -> tuple[dict[LoadKind, list[dict[str, Any]]], GraphLoader]:
    loader = GraphLoader(svc.driver, database=svc.database)
    await loader.load_rows(LoadKind.AGENCY, sg._agencies(sg.N_AGENCIES))
    areas, _ = sg.jurisdictions(sg.N_AGENCIES)
    await loader.load_rows(LoadKind.JURISDICTION, areas)
    rows = sg.chunk(0, 1500, rng=random.Random(7), oris=ORIS, candidates=0)
    return rows, loader


async def test_tallies_match_the_links(svc: Any) -> None:
    rows, _ = await _base(svc)
    await _load(svc, rows, (LoadKind.INCIDENT, LoadKind.PLACEMENT, *ENTITIES[1:]))
    assert await _check(svc) > 20
    some = ORIS[:3]  # a narrower scope: cells of other agencies left out
    assert await _check(svc, some) > 0


async def test_placed_after_linking_and_moved_by_reingest(svc: Any) -> None:
    rows, loader = await _base(svc)
    await _load(svc, rows, ENTITIES)  # links first, no areas yet
    await _load(svc, rows, (LoadKind.PLACEMENT,))  # re-tallies the links of placed incidents
    assert await _check(svc) > 20
    linked = {e for r in rows[LoadKind.LEAD] for e in r["evidence_ids"]}
    at = {e["incident_id"] for e in rows[LoadKind.EVIDENCE] if e["id"] in linked}
    moved = [
        {**r, "occurred_at": "2019-06-15T12:00:00+00:00", "agency_ori": ORIS[-1]}
        for r in rows[LoadKind.INCIDENT]
        if r["id"] in at
    ][:15]
    assert len(moved) == 15
    await loader.load_rows(LoadKind.INCIDENT, moved)  # a corrected file: time and agency
    assert await _check(svc) > 20
    # test fires join scene-only leads (and their hits): the leads' guns change
    scene_only = [r for r in rows[LoadKind.LEAD] if all("b-ev" in e for e in r["evidence_ids"])]
    grown = [
        {**r, "evidence_ids": [*r["evidence_ids"], f"b-tf:0:{g}:2"]}
        for g, r in enumerate(scene_only[:12])
    ]
    got = await loader.load_rows(LoadKind.LEAD, grown)
    assert got.written == 12
    pairs = await LinkRepo(svc.driver, database=svc.database).cross_pairs(
        by="agency", oris=ORIS, kinds=ALL, level="", since=None, until=None
    )
    assert any(f"b-fa:0:{g}" in p.firearm_ids for p in pairs for g in range(12))
    assert await _check(svc) > 20
    # leads excluded (a lab's elimination arriving in a file): their links leave the tallies
    excluded = [{**r, "status": "excluded"} for r in rows[LoadKind.LEAD][::5]]
    assert (await loader.load_rows(LoadKind.LEAD, excluded)).written == len(excluded)
    async with svc.driver.session() as s:
        left = await (
            await s.run(
                "MATCH ()-[k:LEAD_LINK]->() WHERE k.lead_id IN $ids RETURN count(k) AS n",
                ids=[r["id"] for r in excluded],
            )
        ).single()
    assert left["n"] == 0
    assert await _check(svc) > 20


async def test_migration_tallies_an_old_graph(svc: Any) -> None:
    rows, _ = await _base(svc)
    await _load(svc, rows, (LoadKind.INCIDENT, LoadKind.PLACEMENT, *ENTITIES[1:]))
    async with svc.driver.session() as s:  # as an older version left it: no tallies
        await s.run("MATCH (c:LinkTally) DETACH DELETE c")
        await s.run("MATCH ()-[k:HIT_LINK|LEAD_LINK]->() REMOVE k.cells")
    await apply_schema(svc.driver, database=svc.database)
    assert await _check(svc) > 20
    async with svc.driver.session() as s:
        r = await (
            await s.run(
                "MATCH ()-[k:HIT_LINK|LEAD_LINK]->() RETURN count(k) AS n, count(k.cells) AS done"
            )
        ).single()
    assert r["n"] > 100 and r["done"] == r["n"]


async def test_retally_rebuilds_the_same_cells(svc: Any) -> None:
    rows, _ = await _base(svc)
    await _load(svc, rows, (LoadKind.INCIDENT, LoadKind.PLACEMENT, *ENTITIES[1:]))
    cells = (
        "MATCH (c:LinkTally) WHERE c.n > 0 RETURN c.id AS id, c.n AS n, c.first3 AS f ORDER BY id"
    )
    async with svc.driver.session() as s:
        before = await (await s.run(cells)).data()
        await s.run("MATCH (c:LinkTally) SET c.n = c.n + 5")  # a hand edit gone wrong
    await retally(svc.driver, database=svc.database)
    async with svc.driver.session() as s:
        after = await (await s.run(cells)).data()
    assert len(before) > 20 and after == before
    assert await _check(svc) > 20
