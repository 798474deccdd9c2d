"""On the demo region, analysis recovers the planted truth exactly: confirmed same-firearm
links (precision and recall 1.0), the planted shooting cycles, and the firearms behind them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.analysis import CycleMode, LinkKind
from domain.enums import Role
from domain.models import Principal
from ingest.demo import build_scenario
from services.cycles import CycleFilter, list_cycles


@pytest.mark.integration
async def test_demo_confirmed_links_and_cycles_recovered(
    db: Any, svc: Any, shared_data: Path
) -> None:
    from graph.loaders import GraphLoader
    from ingest.demo_load import load_scenario
    from ingest.demo_workflow import apply_workflow, plan_workflow
    from ingest.jurisdictions import default_gazetteer
    from services.cache import clear_all

    s = build_scenario(seed=11, per_city=250, shared_data=shared_data)
    loader = GraphLoader(db, database="neo4j")
    await load_scenario(s, loader=loader, gazetteer=default_gazetteer(shared_data))
    plan = plan_workflow(s, seed=11)
    await apply_workflow(plan, driver=db, database="neo4j")
    clear_all()
    svc.principal = Principal(
        user_id="t",
        name="Analyst",
        role=Role.ANALYST,
        agency_ori="NY0303000",
        visible_oris=frozenset({"NY0303000", "PAPEP0000"}),
    )
    cycles: list[Any] = []
    after = None
    while True:
        page, more = await list_cycles(
            svc, filter=CycleFilter(mode=CycleMode.CONFIRMED, min_size=2), after=after, first=200
        )
        cycles += page
        if not more:
            break
        after = (page[-1].last_event, page[-1].id)

    found = {
        tuple(sorted((link.source, link.target)))
        for c in cycles
        for link in c.links
        if link.kind is LinkKind.HIT and not link.warm
    }
    truth = {tuple(p) for p in plan.truth["confirmed_pairs"]}
    tp = len(found & truth)
    assert tp / len(found) == 1.0, f"precision: {sorted(found - truth)[:5]}"
    assert tp / len(truth) == 1.0, f"recall: {sorted(truth - found)[:5]}"

    # Every planted retaliatory cycle is one confirmed cycle, in time order.
    for planted in s.truth["cycles"]:
        holding = [
            c for c in cycles if set(planted["incidents"]) <= {m.incident_id for m in c.members}
        ]
        assert len(holding) == 1, planted["id"]
        order = [m.incident_id for m in holding[0].members if m.incident_id in planted["incidents"]]
        assert order == planted["incidents"]
    # The firearm behind each confirmed link is the one that fired both incidents' casings.
    gun_of_lead = plan.truth["lead_firearm"]
    fired = {k: set(v) for k, v in s.truth["firearm_incidents"].items()}
    lead_only = set(plan.truth["lead_only_firearms"])
    checked = 0
    for c in cycles:
        for link in c.links:
            if link.kind is LinkKind.HIT and link.series_id is not None:
                gun = gun_of_lead[link.series_id]
                assert {link.source, link.target} <= fired[gun] and gun not in lead_only
                checked += 1
    assert checked == len(found)
