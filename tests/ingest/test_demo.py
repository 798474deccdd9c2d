from __future__ import annotations

from pathlib import Path

import pytest

from ingest.demo import build_scenario
from ingest.nypd import NYPD_ORI


def _checks(s) -> None:  # type: ignore[no-untyped-def]
    t = s.truth
    ttc = t["ttc_days"]
    assert 0.18 <= sum(d < 365 for d in ttc) / len(ttc) <= 0.35
    assert 0.40 <= sum(d <= 3 * 365 for d in ttc) / len(ttc) <= 0.62
    by_fa = t["firearm_incidents"]
    for cycle in t["cycles"]:
        assert len(cycle["incidents"]) >= 3
        for a, b, gun in zip(
            cycle["incidents"], cycle["incidents"][1:], cycle["firearms"], strict=False
        ):
            assert {a, b} <= set(by_fa[gun])
    assert t["cross_city_firearms"]
    assert all(len(p["firearms"]) >= 5 for p in t["trafficking"])
    scene = {e.id: e for e in s.evidence if e.incident_id}
    assert set(t["evidence_firearm"]) == set(scene)
    assert {f.id for f in s.firearms} == set(t["recovered_firearms"])
    assert all(tr.firearm_id in t["recovered_firearms"] for tr in s.traces)


def test_demo_is_deterministic_on_real_data(shared_data: Path) -> None:
    a = build_scenario(seed=3, per_city=300, shared_data=shared_data)
    b = build_scenario(seed=3, per_city=300, shared_data=shared_data)
    assert a.truth == b.truth and a.incidents == b.incidents
    assert a.source.startswith("real")
    assert {i.id.split(":")[0] for i in a.incidents} == {"nypd", "phl"}
    _checks(build_scenario(seed=7, per_city=1_200, shared_data=shared_data))


def test_demo_without_shared_data_uses_county_polygons(tmp_path: Path) -> None:
    from shapely.geometry import Point

    from ingest.boundaries import read_counties
    from ingest.demo_synth import CITY_COUNTIES

    s = build_scenario(seed=5, per_city=600, shared_data=tmp_path / "absent")
    assert s.source.startswith("synthetic")
    layer = read_counties(fips=["36", "42"])
    geoms = dict(zip(layer.frame["id"], layer.frame.geometry, strict=True))
    for inc in s.incidents[::25]:
        areas = [geoms[f"county:{f}"] for f in CITY_COUNTIES[inc.agency_ori]]
        assert any(g.contains(Point(inc.longitude, inc.latitude)) for g in areas)
    assert sum(i.agency_ori == NYPD_ORI for i in s.incidents) == 600
    _checks(s)


@pytest.mark.integration
async def test_demo_loads_idempotently(loader, shared_data: Path) -> None:  # type: ignore[no-untyped-def]
    from ingest.demo_load import load_scenario
    from ingest.jurisdictions import default_gazetteer

    s = build_scenario(seed=11, per_city=250, shared_data=shared_data)
    gaz = default_gazetteer(shared_data)
    first = await load_scenario(s, loader=loader, gazetteer=gaz)
    assert first["incidents"] == len(s.incidents) and first["rejected_incidents"] == 0
    assert first["evidence"] == len(s.evidence) and first["traces"] == len(s.traces)
    counts = await loader.counts()
    await load_scenario(s, loader=loader, gazetteer=gaz)
    assert await loader.counts() == counts
    assert counts["Incident"] == len(s.incidents)
    assert counts["rel:TEST_FIRED_FROM"] == 2 * len(s.firearms)
    assert counts["Dealer"] >= 2 and counts["rel:SOLD_BY"] == len(s.traces)


@pytest.mark.integration
async def test_demo_workflow_has_the_production_shape(loader, shared_data: Path, db) -> None:  # type: ignore[no-untyped-def]
    """Leads, hits and runs of the demo match its ground truth exactly, re-runs add nothing."""
    from ingest.demo_load import load_scenario
    from ingest.demo_workflow import apply_workflow, plan_workflow
    from ingest.jurisdictions import default_gazetteer

    s = build_scenario(seed=11, per_city=250, shared_data=shared_data)
    await load_scenario(s, loader=loader, gazetteer=default_gazetteer(shared_data))
    plan = plan_workflow(s, seed=11)
    assert plan.truth == plan_workflow(s, seed=11).truth  # deterministic
    first = await apply_workflow(plan, driver=db, database="neo4j")
    assert first["hits"] > 0 and first["leads"] == len(plan.leads)
    again = await apply_workflow(plan, driver=db, database="neo4j")
    assert again["leads"] == 0 and again["hits"] == 0
    async with db.session() as session:
        rows = [
            r
            async for r in await session.run(
                "MATCH (a:Incident)-[:HIT_LINK]->(b:Incident) RETURN a.id AS a, b.id AS b"
            )
        ]
        statuses = {
            r["s"]: r["n"]
            async for r in await session.run("MATCH (l:Lead) RETURN l.status AS s, count(*) AS n")
        }
    got = {tuple(sorted((r["a"], r["b"]))) for r in rows}
    assert got == {tuple(p) for p in plan.truth["confirmed_pairs"]}
    assert statuses.get("excluded", 0) == len(plan.truth["false_leads"])
    assert statuses.get("lead", 0) == len(plan.truth["lead_only_firearms"])
    # Every scene item of the demo was correlated; every hit pair sits inside one firearm.
    firearms = {k: set(v) for k, v in s.truth["firearm_incidents"].items()}
    assert all(any({a, b} <= v for v in firearms.values()) for a, b in got)
