"""Leads, hits and candidates imported in the canonical format get the workflow's shape."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from domain.enums import LeadStatus
from domain.models import CorrelationCandidate, Hit, Lead
from graph.repos.correlation import CorrelationRepo
from graph.repos.workflow import WorkflowRepo
from tests import factories as f
from tests.integration.workflow_helpers import scene


@pytest.mark.integration
async def test_imported_leads_and_hits_link_cases(loader: Any, svc: Any) -> None:
    sc = await scene(svc, [f.NYPD, f.PPD, f.NYPD])
    at = datetime(2024, 4, 1, tzinfo=UTC)
    cand = CorrelationCandidate(
        query_id=sc.evidence[1],
        candidate_id=sc.evidence[0],
        rank=1,
        scores={"breech_face": 14.0},
        combined=3.2,
        algorithm="ibis",
        version="3.4",
        run_id="ibis-run-1",
        run_at=at,
    )
    lead = Lead(
        id="lead-imp-1",
        status=LeadStatus.LEAD,
        evidence_ids=tuple(sc.evidence),
        created_by="ibis-tech-7",
        created_at=at,
        agency_ori=f.NYPD,
    )
    hit = Hit(
        id="hit-imp-1",
        lead_id="lead-imp-1",
        examiner="E. Xaminer",
        confirmed_at=at,
        report_number="LAB-1",
        credited_ori=f.PPD,
    )
    for _ in range(2):  # idempotent
        await loader.load([cand])
        await loader.load([lead])
        await loader.load([hit])
    async with svc.driver.session() as s:
        counts = {
            r["t"]: r["n"]
            async for r in await s.run(
                "MATCH ()-[k]->() WHERE type(k) IN ['LEAD_LINK', 'HIT_LINK', 'CORRELATES_WITH', "
                "'INVOLVES', 'GROUPS'] RETURN type(k) AS t, count(k) AS n"
            )
        }
    assert counts == {
        "CORRELATES_WITH": 1,
        "GROUPS": 3,
        "INVOLVES": 6,
        "LEAD_LINK": 3,
        "HIT_LINK": 3,
    }
    got = (await svc.repo(WorkflowRepo).leads_by_ids(["lead-imp-1"]))["lead-imp-1"]
    assert (
        got.status is LeadStatus.CONFIRMED and got.cross_jurisdiction and got.hit_id == "hit-imp-1"
    )
    cands = await svc.repo(CorrelationRepo).candidates(sc.evidence[1])
    assert [(c.candidate_id, c.version, c.run_id) for c in cands] == [
        (sc.evidence[0], "3.4", "ibis-run-1")
    ]


@pytest.mark.integration
async def test_candidates_missing_evidence_reported_then_filled(loader: Any, svc: Any) -> None:
    from graph.repos.evidence import EvidenceRepo

    sc = await scene(svc, [f.NYPD, f.NYPD])
    at = datetime(2024, 4, 1, tzinfo=UTC)
    late = f.evidence(sc.incidents[0], id="late-ev")
    cands = [
        CorrelationCandidate(
            query_id=sc.evidence[1],
            candidate_id=cid,
            rank=k + 1,
            scores={"breech_face": 9.0},
            combined=2.0,
            algorithm="ibis",
            version="3.4",
            run_id="run-late",
            run_at=at,
        )
        for k, cid in enumerate([sc.evidence[0], "late-ev"])
    ]
    first = await loader.load(cands)
    assert first.written == 1 and first.missing == ["run-late|" + sc.evidence[1] + "|late-ev"]
    await svc.repo(EvidenceRepo).upsert([late])
    again = await loader.load(cands)  # the run exists: the MERGE path adds only the gap
    assert again.written == 2 and not again.missing
    got = await svc.repo(CorrelationRepo).candidates(sc.evidence[1])
    assert sorted(c.candidate_id for c in got) == sorted([sc.evidence[0], "late-ev"])
    assert (await loader.load(cands)).relationships_created == 0
    orphan = cands[0].model_copy(update={"query_id": "no-such-ev", "run_id": "run-orphan"})
    got = await loader.load([orphan])  # the query evidence is absent: reported, not written
    assert got.written == 0 and got.missing == [f"run-orphan|no-such-ev|{sc.evidence[0]}"]
    assert got.relationships_created == 0 and got.nodes_created == 0
